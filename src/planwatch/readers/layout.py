"""How every reader lays text out, so finders see one shape whatever the format.

A table row is one line, its cells joined by a tab; a cell never contains a newline or a
tab itself. Runs of blank lines collapse to one, and trailing blanks go.

>>> row_line(["创新\\n能力", " 规模以上工业企业研发机构覆盖率（%） ", "14.5"])
'创新 能力\\t规模以上工业企业研发机构覆盖率（%）\\t14.5'
>>> tidy("a  \\n\\n\\n\\nb\\n")
'a\\n\\nb'
>>> join_wrapped(["产值达到", "1000亿元 and", "more"])
'产值达到1000亿元 and more'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CELL_SPACE = re.compile(r"[\s\u00a0]*[\t\n\r\v\f][\s\u00a0]*")
_BLANK_RUN = re.compile(r"\n{3,}")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")


def cell_text(raw: str | None) -> str:
    """One cell's text on one line: internal line breaks and tabs become single spaces."""
    return _CELL_SPACE.sub(" ", raw or "").strip(" ")


def row_line(cells: Iterable[str | None]) -> str:
    """A table row as one tab-separated line."""
    return "\t".join(cell_text(c) for c in cells)


def join_wrapped(parts: Iterable[str]) -> str:
    """Join lines a cell or paragraph was wrapped into: no space between Chinese characters."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (_WIDE.match(out[-1]) or _WIDE.match(part[0])):
            out += " "
        out += part
    return out


def tidy(text: str) -> str:
    """Trailing blanks off every line, runs of blank lines down to one, no blank edges."""
    lines = [line.rstrip(" \u00a0") for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
