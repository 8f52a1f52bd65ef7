"""Which reader a file needs: decided by its first bytes, and only then by its suffix.

Users rename files, download `.htm` pages saved as `.txt`, and receive `.docx` files that
are really something else; trusting the content first means a PDF renamed `.txt` is
still read as a PDF, and a fake `.docx` gets an error that says what it really is.

>>> kind_of(b"%PDF-1.4 ...", suffix=".txt")
'pdf'
>>> kind_of(b"\\xef\\xbb\\xbf  <!DOCTYPE html><html>", suffix=".txt")
'html'
>>> kind_of("一、总体要求".encode(), suffix=".htm")
'text'
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

Kind = Literal["pdf", "docx", "html", "text"]

# Magic numbers of formats people mistake for documents, with what to tell them.
_NOT_DOCUMENTS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "an image (PNG), not a document; run OCR first to get its text"),
    (b"\xff\xd8\xff", "an image (JPEG), not a document; run OCR first to get its text"),
    (b"GIF87a", "an image (GIF), not a document; run OCR first to get its text"),
    (b"GIF89a", "an image (GIF), not a document; run OCR first to get its text"),
    (b"II*\x00", "an image (TIFF), not a document; run OCR first to get its text"),
    (b"MM\x00*", "an image (TIFF), not a document; run OCR first to get its text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "an old-format Office file (.doc/.xls/.wps) or an encrypted .docx; save it as .docx first"),
    (b"Rar!", "a RAR archive, not a document; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a document; unpack it first"),
    (b"\x1f\x8b", "a gzip archive, not a document; unpack it first"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt first"),
)

# The start of an HTML page, after any BOM and blank space.
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|meta|head|body|title|!--)", re.IGNORECASE)
# Tag-like content anywhere near the start (for files that say .htm/.html by name).
_HTML_TAG = re.compile(rb"<(?:p|div|span|br|table|body|html|head|meta|h[1-6]|a|font|center)\b", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
HTML_SUFFIXES = (".htm", ".html", ".shtml", ".xhtml")


class NotADocument(Exception):
    """The bytes are a known kind of file that planwatch cannot read; args[0] says what it is."""


def kind_of(data: bytes, *, suffix: str) -> Kind:
    """The reader for these bytes; raises `NotADocument` for files that are no document at all."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    for magic, what in _NOT_DOCUMENTS:
        if data.startswith(magic):
            raise NotADocument(what)
    if suffix.lower() == ".docx":
        raise NotADocument("not a Word .docx document (it is not a zip archive; damaged or renamed?)")
    if _looks_like_html(data, suffix=suffix):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> Kind:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise NotADocument(f"not a Word .docx document (a damaged zip archive: {e})") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise NotADocument("an Excel workbook (.xlsx), not a plan document; save the plan as .docx")
    if any(n.startswith("ppt/") for n in names):
        raise NotADocument("a PowerPoint file (.pptx), not a plan document; save the plan as .docx")
    raise NotADocument("not a Word .docx document (a zip archive without word/document.xml)")


def _looks_like_html(data: bytes, *, suffix: str) -> bool:
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]:
        return False  # UTF-16 text; the text reader decides
    if _HTML_START.match(head.lstrip()):
        return True
    return suffix.lower() in HTML_SUFFIXES and _HTML_TAG.search(head) is not None
