"""Indicator tables (主要指标体系): one row per indicator, one value per year column.

Readers render every table as tab-separated lines, so one rule set serves text, Word and
web pages. A table is an indicator table when its header row has year columns
(2014年 / 2020年目标值 / 基期(2015年)) and a name column (指标 / 指标名称 / 二级指标), and it
says it holds indicators (指标 in the header or the title above). A header may run over two
rows (目标值 over 2020年 | 2025年). Category cells are often split over a line of their own
(``创新\\n能力\\t…``), broken by a <br> (创新 能力), written as a row of their own ((一)经济
增长), or left blank in the rows that follow; all are undone. Cell text is taken from the
source, so 比2015年下降18% or 6（“十三五”期间） stay exactly as printed; a plain number becomes a
number and a dash becomes null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.extract.context import Context
from planwatch.model import IndicatorRow

_YEAR_CELL = re.compile(r"(?<![\d-])((?:19|20)\d\d)\s?年?(?![\d\-—~至])")
_RANGE = re.compile(r"(?:19|20)\d\d\s*[-—~至]")  # 2016-2020年均增长: a column of rates, not a year
_NAME_HEAD = re.compile(r"指\s*标|名\s*称|项\s*目")
_CATEGORY_HEAD = re.compile(r"类\s*别|类\s*型|分\s*类|领\s*域|方\s*面|一级指标")
_UNIT_HEAD = re.compile(r"^(?:计量)?单\s*位$")
_TASK_HEAD = re.compile(r"牵头|责任|部门|配合|建设内容|投资")  # task annexes and project lists
_INDICATOR_WORD = re.compile(r"指\s*标")
_UNIT_IN_NAME = re.compile(r"\(([^()]{1,8})\)\s*$")
_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?$")
_EMPTY = frozenset({"", "-", "--", "---", "—", "——", "/", "–", "…", "——-"})
_MAX_FRAGMENT = 6  # a category split over lines leaves short fragments
_MAX_CATEGORY = 12  # a category written as a row of its own
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、])\s*")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_MAX_YEAR_HEAD = 12


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


_NO_UNIT = re.compile(r"[-—–/、\s]*|无")


def _cells(line: str, offset: int) -> list[_Cell]:
    out, pos = [], 0
    for raw in line.split("\t"):
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        out.append(_Cell(offset + pos + lead, offset + pos + lead + len(text), text))
        pos += len(raw) + 1
    return out


def _year_columns(cells: list[_Cell]) -> dict[int, str]:
    """Header cells that name a year: 2020年, 2020年目标值, 基期(2015年); not 2016-2020年均."""
    years = {}
    for i, c in enumerate(cells):
        m = _YEAR_CELL.search(c.text)
        if (
            m
            and len(c.text) <= _MAX_YEAR_HEAD
            and not _RANGE.search(c.text)
            and not _NAME_HEAD.search(c.text)
        ):
            years[i] = m.group(1)
    return years


def _header(cells: list[_Cell], title: str, years: dict[int, str]) -> _Columns | None:
    """Columns of an indicator table's header row, or None if this row is not one.

    With two name columns (一级指标 | 二级指标) the one next to the values is the name and
    the other the category."""
    names = [i for i, c in enumerate(cells) if _NAME_HEAD.search(c.text) and i not in years]
    said = any(_INDICATOR_WORD.search(c.text) for c in cells) or bool(_INDICATOR_WORD.search(title))
    if not years or not names or not said or any(_TASK_HEAD.search(c.text) for c in cells):
        return None
    category = next((i for i, c in enumerate(cells) if _CATEGORY_HEAD.search(c.text)), None)
    name = max((i for i in names if i != category), default=names[-1])
    if category is None and len(names) > 1:
        category = names[0]
    unit = next((i for i, c in enumerate(cells) if _UNIT_HEAD.match(c.text)), None)
    return _Columns(name=name, category=category, unit=unit, years=years)


def _value(ctx: Context, cell: _Cell) -> float | str | None:
    if cell.text in _EMPTY:
        return None
    plain = cell.text.replace(",", "")
    if _NUMBER.match(plain):
        return float(plain)
    return ctx.view.source_text(cell.start, cell.end).strip()


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def find_indicators(ctx: Context) -> list[IndicatorRow]:
    """Rows of every indicator table in the text, in order."""
    text = ctx.view.text
    if "\t" not in text:
        return []
    lines = _lines(text)
    rows: list[IndicatorRow] = []
    i = 0
    while i < len(lines):
        found = _header_at(lines, i) if "\t" in lines[i][1] else None
        i += 1
        if found is not None:
            cols, i = found
            i = _read_table(ctx, lines, i, cols, rows)
    return rows


def _header_at(lines: list[tuple[int, str]], i: int) -> tuple[_Columns, int] | None:
    """The header starting at line i and the index of the line after it (one row or two)."""
    title = " ".join(t for _o, t in lines[max(0, i - 3) : i])
    cells = _cells(lines[i][1], lines[i][0])
    years = _year_columns(cells)
    if not years and i + 1 < len(lines) and "\t" in lines[i + 1][1]:
        below = _cells(lines[i + 1][1], lines[i + 1][0])
        if all(not c.text for j, c in enumerate(below) if j not in _year_columns(below)):
            shift = max(0, len(cells) - len(below))
            years = {j + shift: y for j, y in _year_columns(below).items()}
            cols = _header(cells, title, years)
            return (cols, i + 2) if cols else None
    cols = _header(cells, title, years)
    return (cols, i + 1) if cols else None


def _category_line(line: str, fragment: str, next_is_row: bool) -> str | None:
    """The category a line without tabs contributes inside a table, or None if it ends the table."""
    stripped = line.strip()
    if not stripped or not next_is_row or re.search(r"[。;,:]", stripped):
        return None
    if len(stripped) <= _MAX_FRAGMENT:
        return fragment + stripped
    if len(stripped) <= _MAX_CATEGORY and _ENUMERATOR.match(stripped):
        return _ENUMERATOR.sub("", stripped)
    return None


def _read_table(
    ctx: Context, lines: list[tuple[int, str]], i: int, cols: _Columns, rows: list[IndicatorRow]
) -> int:
    """Read body rows from line i; return the index of the first line after the table."""
    width = max(cols.years) + 1
    category: str | None = None
    fragment = ""
    while i < len(lines):
        offset, line = lines[i]
        if "\t" not in line:
            next_is_row = i + 1 < len(lines) and "\t" in lines[i + 1][1]
            joined = _category_line(line, fragment, next_is_row)
            if joined is None:
                break
            fragment, i = joined, i + 1
            continue
        cells = _aligned(_cells(line, offset), width, cols)
        first = cells[cols.category].text if cols.category is not None else ""
        if fragment or first:
            category = _CJK_GAP.sub("", fragment + first)
            fragment = ""
        row = _row(ctx, cells, cols, category)
        if row is not None:
            rows.append(row)
        i += 1
    return i


def _aligned(cells: list[_Cell], width: int, cols: _Columns) -> list[_Cell]:
    """A row with fewer cells than the header: a leading blank category was dropped (align
    right), unless the row does not even reach the year columns (绿色发展 | 另行下达, a merged
    cell): then it only names the category."""
    if len(cells) >= width or len(cells) <= min(cols.years):
        return cells
    pad = _Cell(cells[0].start, cells[0].start, "")
    return [pad] * (width - len(cells)) + cells


def _row(ctx: Context, cells: list[_Cell], cols: _Columns, category: str | None) -> IndicatorRow | None:
    if cols.name >= len(cells) or not cells[cols.name].text:
        return None
    values = {year: _value(ctx, cells[idx]) for idx, year in sorted(cols.years.items()) if idx < len(cells)}
    if not values:
        return None
    name_cell = cells[cols.name]
    name, unit = name_cell.text, None
    m = _UNIT_IN_NAME.search(name)
    if m and not re.search(r"期间|年|目标", m.group(1)):
        name, unit = name[: m.start()].strip(), m.group(1).strip()
    if cols.unit is not None and cols.unit < len(cells) and cells[cols.unit].text:
        unit = ctx.view.source_text(cells[cols.unit].start, cells[cols.unit].end).strip()
        if _NO_UNIT.fullmatch(unit):
            unit = None  # — or / in the unit column: the indicator has no unit
    source_name = ctx.view.source_text(name_cell.start, name_cell.start + len(name))
    return IndicatorRow(
        **ctx.sourced(name_cell.start, name_cell.end),
        category=category or None,
        name=source_name,
        unit=unit,
        values=values,
    )
