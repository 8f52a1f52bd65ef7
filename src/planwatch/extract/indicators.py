"""Indicator tables (主要指标体系): one row per indicator, one value per year column.

Readers render every table as tab-separated lines, so one rule set serves text, Word and
web pages. A table is an indicator table when its header row has year columns
(2014年 / 2020年目标) and a name column (指标 / 指标名称 / 名称). Category cells are often
split over a line of their own (``创新\\n能力\\t…``) and left blank in the rows that follow;
both are undone. Cell text is taken from the source, so 比2015年下降18% or 6（“十三五”期间）
stay exactly as printed; a plain number becomes a number and a dash becomes null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.extract.context import Context
from planwatch.model import IndicatorRow

_YEAR_CELL = re.compile(r"((?:19|20)\d\d)\s?年?")
_NAME_HEAD = re.compile(r"指\s*标|名\s*称|项\s*目")
_CATEGORY_HEAD = re.compile(r"类\s*别|类\s*型|分\s*类|领\s*域|方\s*面")
_UNIT_HEAD = re.compile(r"^单\s*位$")
_TASK_HEAD = re.compile(r"牵头|责任|部门|配合")  # a 重点任务分工 annex, not an indicator table
_INDICATOR_WORD = re.compile(r"指\s*标")
_UNIT_IN_NAME = re.compile(r"\(([^()]{1,8})\)\s*$")
_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$")
_EMPTY = frozenset({"", "-", "--", "---", "—", "——", "/", "–", "…"})
_MAX_FRAGMENT = 6  # a category split over lines leaves short fragments


@dataclass
class _Columns:
    name: int
    category: int | None
    unit: int | None
    years: dict[int, str] = field(default_factory=dict)  # column index → year label


@dataclass(frozen=True)
class _Cell:
    start: int
    end: int
    text: str  # view text, stripped


def _cells(line: str, offset: int) -> list[_Cell]:
    out, pos = [], 0
    for raw in line.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out.append(_Cell(offset + pos + lead, offset + pos + lead + len(text), text))
        pos += len(raw) + 1
    return out


def _header(cells: list[_Cell], title: str) -> _Columns | None:
    """Columns of an indicator table's header row, or None if this row is not one.

    The table must say it holds indicators: 指标 in a header cell or in the title above."""
    years = {i: m.group(1) for i, c in enumerate(cells) if (m := _YEAR_CELL.match(c.text)) and len(c.text) <= 12}
    names = [i for i, c in enumerate(cells) if _NAME_HEAD.search(c.text) and i not in years]
    said = any(_INDICATOR_WORD.search(c.text) for c in cells) or bool(_INDICATOR_WORD.search(title))
    if not years or not names or not said or any(_TASK_HEAD.search(c.text) for c in cells):
        return None
    category = next((i for i, c in enumerate(cells) if _CATEGORY_HEAD.search(c.text)), None)
    unit = next((i for i, c in enumerate(cells) if _UNIT_HEAD.match(c.text)), None)
    return _Columns(name=names[0], category=category, unit=unit, years=years)


def _value(ctx: Context, cell: _Cell) -> float | str | None:
    if cell.text in _EMPTY:
        return None
    plain = cell.text.replace(",", "")
    if _NUMBER.match(plain):
        return float(plain)
    return ctx.view.quote(cell.start, cell.end)[1].strip()


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def find_indicators(ctx: Context) -> list[IndicatorRow]:
    text = ctx.view.text
    if "\t" not in text:
        return []
    lines = _lines(text)
    rows: list[IndicatorRow] = []
    i = 0
    while i < len(lines):
        offset, line = lines[i]
        title = " ".join(t for _o, t in lines[max(0, i - 3) : i])
        cols = _header(_cells(line, offset), title) if "\t" in line else None
        i += 1
        if cols is not None:
            i = _read_table(ctx, lines, i, cols, rows)
    return rows


def _read_table(ctx: Context, lines: list[tuple[int, str]], i: int, cols: _Columns, rows: list[IndicatorRow]) -> int:
    """Read body rows from line i; return the index of the first line after the table."""
    width = max(cols.years) + 1
    category: str | None = None
    fragment = ""
    while i < len(lines):
        offset, line = lines[i]
        if "\t" not in line:
            stripped = line.strip()
            if stripped and len(stripped) <= _MAX_FRAGMENT and i + 1 < len(lines) and "\t" in lines[i + 1][1]:
                fragment += stripped
                i += 1
                continue
            break
        cells = _cells(line, offset)
        if len(cells) < width:  # a row that omits leading columns: align on the right
            cells = [_Cell(offset, offset, "")] * (width - len(cells)) + cells
        first = cells[cols.category].text if cols.category is not None else ""
        if fragment or first:
            category = fragment + first
            fragment = ""
        row = _row(ctx, cells, cols, category)
        if row is not None:
            rows.append(row)
        i += 1
    return i


def _row(ctx: Context, cells: list[_Cell], cols: _Columns, category: str | None) -> IndicatorRow | None:
    name_cell = cells[cols.name]
    if not name_cell.text:
        return None
    name, unit = name_cell.text, None
    m = _UNIT_IN_NAME.search(name)
    if m and not re.search(r"期间|年|目标", m.group(1)):
        name, unit = name[: m.start()].strip(), m.group(1).strip()
    if cols.unit is not None and cells[cols.unit].text:
        unit = ctx.view.quote(cells[cols.unit].start, cells[cols.unit].end)[1].strip()
    values = {year: _value(ctx, cells[idx]) for idx, year in sorted(cols.years.items()) if idx < len(cells)}
    source_name = ctx.view.quote(name_cell.start, name_cell.start + len(name))[1]
    return IndicatorRow(
        **ctx.sourced(name_cell.start, name_cell.end),
        category=category or None,
        name=source_name,
        unit=unit,
        values=values,
    )
