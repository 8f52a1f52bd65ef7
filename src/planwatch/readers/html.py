"""HTML reader (selectolax/lexbor): a web page's article text, without the site around it.

Plans are often saved straight from a government site: GB18030 pages, a menu, a
breadcrumb, share buttons, a footer with the site's address. Those are dropped, block
elements become line breaks, and data tables become tab-separated rows like every other
reader's tables. Tables used for page layout (a table in a table, one cell per row, or a
cell holding a whole article) are read as blocks instead, or the article would be one line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from planwatch.document import Document
from planwatch.errors import DocumentError
from planwatch.readers import text as plain
from planwatch.readers.layout import cell_text, row_line, tidy

_DROP_TAGS = frozenset(
    {
        "script", "style", "nav", "header", "footer", "noscript", "iframe", "template", "svg", "canvas",
        "button", "select", "option", "textarea", "input", "form", "object", "embed", "head", "aside"
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
        "th", "table", "thead", "tbody", "tfoot", "caption", "section", "article", "main", "blockquote",
        "pre", "center", "address", "figure", "figcaption", "hr", "title", "body"
    }
)
_JUNK_WORDS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "menubar", "submenu", "footer", "foot", "breadcrumb",
        "breadcrumbs", "crumb", "crumbs", "share", "sharing", "bdshare", "bdsharebuttonbox"
    }
)
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
# Declarations that old Chinese sites set by default whatever they actually serve.
_UNTRUSTED = frozenset({"iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii"})
_LAYOUT_CELL_CHARS = 2000
_FURNITURE_CHARS = 3000


def read(data: bytes, *, path: Path) -> Document:
    """Read an HTML page's visible article text."""
    from selectolax.lexbor import LexborHTMLParser

    source, encoding = decode(data, path=path)
    root = LexborHTMLParser(source).body
    out: list[str] = []
    if root is not None:
        _render(root, out)
    text = tidy("\n".join(line.strip(" ") for line in "".join(out).split("\n")))
    if not text.strip():
        raise DocumentError(path, "the web page has no text")
    return Document(text=text, name=path.stem, source=str(path), format="html", encoding=encoding)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in `<meta charset>` or `http-equiv` content-type.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    'gb18030'
    """
    m = _META_CHARSET.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii").lower()
    return _ALIASES.get(name, name)


def decode(data: bytes, *, path: Path) -> tuple[str, str]:
    """Decode by the declared charset, then by BOM, then by detection (as for plain text)."""
    declared = declared_charset(data)
    if declared and not (declared in _UNTRUSTED and not data.isascii()):
        try:
            return data.decode(declared).removeprefix("\ufeff"), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to the bytes themselves
    return plain.decode(data, path=path)


def _render(node: Any, out: list[str]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.append(_SPACES.sub(" ", child.text_content or "").replace("\u00a0", " "))
        elif not tag or tag.startswith("-") or tag in _DROP_TAGS or is_junk(child):
            continue
        elif tag == "br":
            out.append("\n")
        elif tag == "table" and not _is_layout_table(child):
            out.extend(["\n", "\n".join(table_rows(child)), "\n"])
        elif tag in _BLOCK_TAGS:
            out.append("\n")
            _render(child, out)
            out.append("\n")
        else:
            _render(child, out)


def is_junk(node: Any) -> bool:
    """Whether an element's id/class names site furniture (nav, menu, footer, breadcrumb, share)."""
    attrs = node.attributes
    if _HIDDEN.search(attrs.get("style") or ""):
        return True
    names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    parts = _NAME_PARTS.split(_CAMEL.sub(" ", names).lower())
    # A wrapper named like furniture but holding a whole article is kept.
    return any(part in _JUNK_WORDS for part in parts) and len(node.text(deep=True)) < _FURNITURE_CHARS


def _rows(table: Any) -> list[Any]:
    rows = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child.iter() if r.tag == "tr")
    return rows


def _cells(tr: Any) -> list[Any]:
    return [c for c in tr.iter() if c.tag in ("td", "th") and not is_junk(c)]


def _is_layout_table(table: Any) -> bool:
    if len(table.css("table")) > 1:
        return True
    rows = [_cells(tr) for tr in _rows(table)]
    if max((len(cells) for cells in rows), default=0) <= 1:
        return True
    return any(len(c.text(deep=True)) > _LAYOUT_CELL_CHARS for cells in rows for c in cells)


def table_rows(table: Any) -> list[str]:
    """Rows as tab-separated lines; a rowspan cell is written in its first row, blank below."""
    pending: dict[int, int] = {}  # column -> rows it still covers
    lines = []
    for tr in _rows(table):
        cells: list[str] = []
        for cell in _cells(tr):
            _fill_spanned(cells, pending)
            parts: list[str] = []
            _render(cell, parts)
            cells.append(cell_text("".join(parts)))
            span = _int(cell.attributes.get("rowspan"))
            if span > 1:
                pending[len(cells) - 1] = span - 1
        _fill_spanned(cells, pending, to_end=True)
        if any(cells):
            lines.append(row_line(cells))
    return lines


def _fill_spanned(cells: list[str], pending: dict[int, int], *, to_end: bool = False) -> None:
    """Put a blank where a cell from a row above still spans this column."""
    while pending.get(len(cells), 0) > 0 or (to_end and any(c >= len(cells) for c in pending)):
        col = len(cells)
        if pending.get(col, 0) > 0:
            pending[col] -= 1
            if pending[col] == 0:
                del pending[col]
        cells.append("")
        if to_end and not any(c >= len(cells) for c in pending):
            break


def _int(value: str | None) -> int:
    try:
        return max(1, int((value or "1").strip()))
    except ValueError:
        return 1
