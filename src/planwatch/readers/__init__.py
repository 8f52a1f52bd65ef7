"""Readers: one module per format, picked by content (magic bytes) first, suffix second.

`read_document(path)` is the entry point (`read_bytes` for bytes already read). Every failure is a `DocumentError` whose
message starts with the file's path and says what is wrong in a user's words
(no such file, empty, binary, not a Word .docx document, scanned PDF, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planwatch.document import Document
from planwatch.errors import DocumentError
from planwatch.readers import docx, html, pdf, text
from planwatch.readers.sniff import Kind, NotADocument, kind_of

READERS: dict[Kind, Callable[..., Document]] = {
    "pdf": pdf.read,
    "docx": docx.read,
    "html": html.read,
    "text": text.read,
}


def read_document(path: str | Path) -> Document:
    """Read any supported document into a `Document`, or raise `DocumentError` naming the file."""
    p = Path(path)
    if not p.exists():
        raise DocumentError(p, "no such file")
    if p.is_dir():
        raise DocumentError(p, "is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise DocumentError(p, f"cannot be read ({e.strerror or e})") from None
    return read_bytes(data, path=p)


def read_bytes(data: bytes, *, path: str | Path) -> Document:
    """Read a document's bytes as if from `path` (its name and suffix): for a worker on another
    machine, which is sent the bytes because it may not see the file."""
    p = Path(path)
    if not data.strip():
        raise DocumentError(p, "the file is empty")
    try:
        kind = kind_of(data, suffix=p.suffix)
    except NotADocument as e:
        raise DocumentError(p, str(e)) from None
    return READERS[kind](data, path=p)


__all__ = ["READERS", "Document", "read_bytes", "read_document"]
