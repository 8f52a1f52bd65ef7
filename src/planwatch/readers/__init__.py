"""Readers: one module per format, picked by content (magic bytes) first, suffix second."""

from __future__ import annotations

from pathlib import Path

from planwatch.document import Document
from planwatch.errors import DocumentError
from planwatch.readers import text


def read_document(path: str | Path) -> Document:
    """Read any supported document into a `Document`, or raise `DocumentError` naming the file."""
    p = Path(path)
    if not p.exists():
        raise DocumentError(p, "no such file")
    if p.is_dir():
        raise DocumentError(p, "is a directory, not a document")
    data = p.read_bytes()
    if not data.strip():
        raise DocumentError(p, "the file is empty")
    return text.read(data, path=p)


__all__ = ["Document", "read_document"]
