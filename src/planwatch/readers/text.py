"""Plain-text reader: UTF-8 (with or without BOM), GB18030/GBK; CRLF folded to LF."""

from __future__ import annotations

from pathlib import Path

from planwatch.document import Document
from planwatch.errors import DocumentError


def decode(data: bytes, *, path: Path) -> tuple[str, str]:
    """Decode bytes, trying UTF-8 then GB18030 before asking charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(path, "not a text document (no character encoding fits its bytes)")
    return str(best), best.encoding


def read(data: bytes, *, path: Path) -> Document:
    text, enc = decode(data, path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(text=text, name=path.stem, source=str(path), format="txt", encoding=enc)
