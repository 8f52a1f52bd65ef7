"""Plain-text reader: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK; CRLF and CR become LF.

Chinese government text comes as UTF-8 from the web and as GBK from older Windows tools.
UTF-8 is tried first because it almost never decodes by accident; GB18030 (a superset of
GBK and GB2312) next; charset-normalizer only for the rest. Bytes that decode only into
control or private-use characters are reported as binary rather than read as mojibake.

>>> decode("到2020年".encode("gb18030"), path=Path("x.txt"))
('到2020年', 'gb18030')
>>> normalise_newlines("a\\r\\nb\\rc")
'a\\nb\\nc'
"""

from __future__ import annotations

import re
from pathlib import Path

from planwatch.document import Document
from planwatch.errors import DocumentError

BINARY = "binary file, not a text document"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Characters no real document is made of: C0 controls but tab/newlines/form feed, DEL,
# private-use code points (what random bytes turn into under GB18030), replacement chars.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")


def plausible(text: str) -> bool:
    """Whether decoded text reads as text: at most 1% (and more than two) junk characters."""
    return len(_JUNK.findall(text)) <= max(2, len(text) // 100)


def decode(data: bytes, *, path: Path) -> tuple[str, str]:
    """Decode bytes into text and name the encoding used; raise `DocumentError` for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                break
            return text.removeprefix("\ufeff"), enc
    if b"\x00" in data:
        raise DocumentError(path, BINARY)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return text, enc
    return _detect(data, path=path)


def _detect(data: bytes, *, path: Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not plausible(str(best)):
        raise DocumentError(path, BINARY)
    return str(best), best.encoding


def normalise_newlines(text: str) -> str:
    """CRLF (Windows) and lone CR (old Mac, some exports) become LF, so offsets are stable."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(data: bytes, *, path: Path) -> Document:
    """Read a plain-text document."""
    text, enc = decode(data, path=path)
    text = normalise_newlines(text)
    if not text.strip():
        raise DocumentError(path, "the file is empty")
    return Document(text=text, name=path.stem, source=str(path), format="txt", encoding=enc)
