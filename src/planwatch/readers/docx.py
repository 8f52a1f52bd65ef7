"""Word `.docx` reader: paragraphs and tables in body order, tables as tab-separated rows.

python-docx opens and checks the package; the text is taken by walking the body XML
itself, because `Document.paragraphs` and `Document.tables` lose the order between the
two, and an indicator table must stay under its heading for the finders to place it.

Merged cells are written the way indicator tables look as text: a vertically merged
cell (a category such as 创新能力 spanning its rows) only in its first row, blank below;
a horizontally merged cell once. Line breaks inside a cell become spaces.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planwatch.document import Document
from planwatch.errors import DocumentError
from planwatch.readers.layout import cell_text, row_line, tidy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose content is not visible text: properties, deleted or moved-away revisions,
# and the duplicate copy of text boxes Word keeps for old readers.
_SKIP = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", _MC_FALLBACK}
_NOT_DOCX = "not a Word .docx document ({})"


def read(data: bytes, *, path: Path) -> Document:
    """Read a `.docx` file's body text."""
    body = _open(data, path=path).element.body
    text = tidy("\n".join(_blocks(body)))
    if not text.strip():
        raise DocumentError(path, "the Word document has no text")
    return Document(text=text, name=path.stem, source=str(path), format="docx")


def _open(data: bytes, *, path: Path) -> Any:
    import docx
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as e:
        raise DocumentError(path, _NOT_DOCX.format(f"damaged package: {e}")) from None
    except Exception as e:  # python-docx raises its own PackageNotFoundError and friends
        raise DocumentError(path, _NOT_DOCX.format(f"{type(e).__name__}: {e}")) from None


def _blocks(container: Any) -> Iterator[str]:
    """Lines of a body (or content control) in order: a paragraph each, a table row each."""
    for child in container:
        if child.tag == W + "p":
            yield paragraph_text(child)
        elif child.tag == W + "tbl":
            yield from table_rows(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent")
            yield from _blocks(content if content is not None else child)


def paragraph_text(p: Any) -> str:
    """A paragraph's visible text; a tab is kept only where tabs lay out columns (two or more)."""
    text = "".join(_inline(p))
    if text.count("\t") < 2:
        text = text.replace("\t", " ")
    return text


def _inline(el: Any) -> Iterator[str]:
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            yield child.text or ""
        elif tag == W + "tab":
            yield "\t"
        elif tag in (W + "br", W + "cr"):
            yield "\n"
        elif tag == W + "noBreakHyphen":
            yield "-"
        else:
            yield from _inline(child)


def table_rows(tbl: Any) -> Iterator[str]:
    """One tab-separated line per row; rows with no text at all are left out."""
    for tr in tbl.iterchildren(W + "tr"):
        cells = [""] * _grid_before(tr)
        for tc in tr.iterchildren(W + "tc"):
            merge = _merge(tc)
            if merge == "h-continue":
                continue
            cells.append("" if merge == "v-continue" else _cell(tc))
        if any(cells):
            yield row_line(cells)


def _cell(tc: Any) -> str:
    return cell_text(" ".join(paragraph_text(p) for p in tc.iter(W + "p")))


def _merge(tc: Any) -> str | None:
    """'v-continue' for a cell under a vertical merge, 'h-continue' for a legacy hMerge tail."""
    pr = tc.find(W + "tcPr")
    if pr is None:
        return None
    v = pr.find(W + "vMerge")
    if v is not None and v.get(W + "val", "continue") == "continue":
        return "v-continue"
    h = pr.find(W + "hMerge")
    if h is not None and h.get(W + "val", "continue") == "continue":
        return "h-continue"
    return None


def _grid_before(tr: Any) -> int:
    """Empty leading grid columns some rows declare (w:gridBefore), kept so columns line up."""
    pr = tr.find(W + "trPr")
    before = pr.find(W + "gridBefore") if pr is not None else None
    try:
        return int(before.get(W + "val")) if before is not None else 0
    except (TypeError, ValueError):
        return 0
