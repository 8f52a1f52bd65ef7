"""PDF reader (pdfplumber): the text layer page by page, tables as tab-separated rows in place.

Hard line breaks stay: the extractor's TextView joins lines a sentence wraps across, and
keeping them means offsets map back to what the user sees. What goes is page furniture —
a bare page number (`- 3 -`, `第3页`) or a running header/footer line repeated on most
pages — because it would otherwise land in the middle of a sentence.

A PDF without a text layer (a scan) is an error that says to run OCR, not an empty plan.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from planwatch.document import Document
from planwatch.errors import DocumentError
from planwatch.readers.layout import join_wrapped, row_line, tidy

NO_TEXT = "PDF has no text layer (scanned?); run OCR first"
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[\s\-—–－~·]*$"
)
_CID = re.compile(r"\(cid:\d+\)")
_MIN_PAGES_FOR_RUNNING = 3


def read(data: bytes, *, path: Path) -> Document:
    """Read a PDF's text layer."""
    pages = strip_furniture(_page_lines(data, path=path))
    text = tidy("\n".join("\n".join(lines) for lines in pages))
    if not text.strip():
        raise DocumentError(path, NO_TEXT)
    if len(_CID.findall(text)) * 8 > len(text):
        raise DocumentError(path, "PDF text layer has no character map (unmapped fonts); run OCR first")
    return Document(text=text, name=path.stem, source=str(path), format="pdf")


def _page_lines(data: bytes, *, path: Path) -> list[list[str]]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page_lines(page) for page in pdf.pages]
    except Exception as e:  # pdfminer raises many unrelated types for damaged or locked files
        detail = f"{type(e).__name__}: {e}".strip(": ")
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise DocumentError(path, "PDF is password-protected; remove the password first") from None
        raise DocumentError(path, f"not a readable PDF ({detail})") from None


def page_lines(page: Any) -> list[str]:
    """A page's lines top to bottom, each table found on it as rows where it stands."""
    tables = page.find_tables()
    if not tables:
        return str(page.extract_text() or "").split("\n")
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    items: list[tuple[float, str]] = [
        (float(line["top"]), str(line["text"])) for line in outside.extract_text_lines(return_chars=False)
    ]
    for table in tables:
        rows = [row_line(join_wrapped((cell or "").split("\n")) for cell in row) for row in table.extract()]
        items.append((float(table.bbox[1]), "\n".join(r for r in rows if r.strip("\t"))))
    return [text for _, text in sorted(items, key=lambda item: item[0])]


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])


def strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop bare page numbers and running headers/footers from the top and bottom of pages.

    >>> strip_furniture([["某某市人民政府文件", "正文一", "- 1 -"], ["某某市人民政府文件", "正文二", "- 2 -"],
    ...                  ["某某市人民政府文件", "正文三", "- 3 -"]])
    [['正文一'], ['正文二'], ['正文三']]
    """
    running = _running_lines(pages)
    out = []
    for lines in pages:
        lines = [line for line in lines if line.strip()]
        lines = _trim(lines, running)[::-1]
        out.append(_trim(lines, running)[::-1])
    return out


def _trim(lines: list[str], running: set[str]) -> list[str]:
    """Drop running lines and at most one page number from the start of a page's lines.

    Only one page number: a short last line of digits (the tail of a wrapped phone number,
    say) above the real page number is text.
    """
    start, numbered = 0, False
    while start < len(lines):
        if _key(lines[start]) in running:
            start += 1
        elif not numbered and _PAGE_NUMBER.match(lines[start]):
            start, numbered = start + 1, True
        else:
            break
    return lines[start:]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits ignored) standing first or last on most pages of a longer document."""
    if len(pages) < _MIN_PAGES_FOR_RUNNING:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        lines = [line for line in lines if line.strip()]
        edges.update({_key(line) for line in lines[:1] + lines[-1:] if not _PAGE_NUMBER.match(line)})
    return {key for key, n in edges.items() if n * 10 >= len(pages) * 6}


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())
