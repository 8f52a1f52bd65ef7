"""Division-of-labour tables (重点任务分工表): rows of task, lead units and support units.

Word tables reach us as tab-separated rows. Annexes vary the columns — 序号 | 重点任务 |
牵头单位 | 责任单位 | 完成时限, 工作任务 | 责任单位 | 配合单位 | 时间节点, 任务 | 具体内容 |
牵头部门 | 参与部门 — so columns are mapped by the words of their header cells, never by
position. A table starts at a header row that names a task column and a unit column and
ends at the first non-empty line without a tab. Tables without a header row are skipped:
without it nothing says which column leads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.extract.responsibility import Units, first_sentence, split_units
from planwatch.extract.text import lines_with

# (role, header words) in order of precedence: a cell takes the first role whose word it holds.
# "skip" columns name people or dates, never units (牵头领导, 责任人, 完成时限): the Task model
# has no deadline field, so dates are recognised only to keep them out of unit columns.
COLUMN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("skip", ("领导", "责任人", "联系人", "时限", "时间", "节点", "进度", "期限", "备注", "序号")),
    ("lead", ("牵头", "主办", "主责")),
    ("support", ("参加", "配合", "参与", "协办", "协同", "协助", "协作")),
    ("owner", ("责任", "负责", "实施主体", "承办")),
    ("task", ("任务", "工作", "内容", "事项", "举措", "措施", "项目")),
)


@dataclass(frozen=True)
class Row:
    """One task row: the view range of its title and the units it names (view text)."""

    title: tuple[int, int]
    row: tuple[int, int]
    lead: Units
    support: Units


def columns(header: list[str]) -> dict[str, int] | None:
    """Role → column index for a header row, or None if it is not a task table's header.

    责任单位 leads when no column does; beside a 牵头 column it names the support units.

    >>> columns(["序号", "重点任务", "牵头单位", "责任单位", "完成时限"])
    {'task': 1, 'lead': 2, 'support': 3}
    >>> columns(["序号", "工作任务", "责任单位", "配合单位", "时间节点"])
    {'task': 1, 'support': 3, 'lead': 2}
    """
    cols: dict[str, int] = {}
    for i, raw in enumerate(header):
        cell = _BLANK.sub("", raw)
        role = next((r for r, words in COLUMN_RULES if any(w in cell for w in words)), None)
        if role and role != "skip":
            cols.setdefault(role, i)
    if "owner" in cols:
        cols.setdefault("lead" if "lead" not in cols else "support", cols.pop("owner"))
    return cols if "task" in cols and "lead" in cols else None


_BLANK = re.compile(r"\s")
_TAB = re.compile("\t")


def table_rows(text: str) -> tuple[list[Row], list[tuple[int, int]]]:
    """Task rows of every table in the view text, and the view ranges the tables cover.

    Only the lines with a tab are read (`lines_with`); the lines between two of them matter
    only inside a table, where the first one holding text ends it.
    """
    rows: list[Row] = []
    spans: list[tuple[int, int]] = []
    cols: dict[str, int] | None = None
    table_start = 0
    previous_end = -1
    for start, end in lines_with(text, _TAB):
        if cols and (stop := _first_text_line(text, previous_end + 1, start - 1)) is not None:
            spans.append((table_start, stop))
            cols = None
        previous_end = end
        cells = list(_cells(start, text[start:end]))
        header = _header(text, start, end, cells)
        if header:
            cols, table_start = header, start
        elif cols and (row := _row(text, cells, cols)):
            rows.append(row)
    if cols and (stop := _first_text_line(text, previous_end + 1, len(text))) is not None:
        spans.append((table_start, stop))
        cols = None
    if cols:
        spans.append((table_start, len(text)))
    return rows, spans


# A printed page's number between the rows of a table that runs on (— 8 —, -12-, 第3页).
_PAGE_NUMBER = re.compile(r"\s*(?:[-—–]*\s*\d{1,4}\s*[-—–]*|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)\s*")


def _first_text_line(text: str, start: int, end: int) -> int | None:
    """Start of the first line in text[start:end] (whole lines) that holds more than blanks
    or a page number: a table continued on the next page goes on after its page number."""
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip() and not _PAGE_NUMBER.fullmatch(line):
            return pos
        pos += len(line) + 1
    return None


def _measure(text: str, cells: list[tuple[int, int]], cols: dict[str, int]) -> tuple[int, int] | None:
    """Title of a row whose task cell is empty (merged over the rows of one task in Word):
    the row's own measure, the first text cell after the task column that no role reads."""
    taken = set(cols.values())
    for i in range(cols["task"] + 1, len(cells)):
        if i in taken or _TIME_LIMIT.match(text, *cells[i]):
            continue
        if title := first_sentence(text, *cells[i]):
            return title
    return None


# A 完成时限 cell: never a row's title.
_TIME_LIMIT = re.compile(r"\s*(?:(?:19|20)\d\d\s*年|\d{1,2}\s*月|持续|长期|每年|年底|年内|\d{4}[-.])")


# A header names a task column and a lead (or owner) column: a line holding no word of
# either kind is no header, whatever its cells, and `columns` need not read it cell by cell.
_TASK_WORDS = next(words for role, words in COLUMN_RULES if role == "task")
_LEAD_WORDS = tuple(w for role, words in COLUMN_RULES if role in ("lead", "owner") for w in words)


def _header(text: str, start: int, end: int, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    line = _BLANK.sub("", text[start:end])
    if not any(w in line for w in _TASK_WORDS) or not any(w in line for w in _LEAD_WORDS):
        return None
    return columns([text[a:b] for a, b in cells])


def _cells(start: int, line: str) -> Iterator[tuple[int, int]]:
    pos = start
    for part in line.split("\t"):
        yield pos, pos + len(part)
        pos += len(part) + 1


def _row(text: str, cells: list[tuple[int, int]], cols: dict[str, int]) -> Row | None:
    def units(role: str) -> Units:
        i = cols.get(role)
        return split_units(text[slice(*cells[i])]) if i is not None and i < len(cells) else ()

    if cols["task"] >= len(cells):
        return None
    lead, support = units("lead"), units("support")
    title = first_sentence(text, *cells[cols["task"]]) or _measure(text, cells, cols)
    if not title or not (lead or support):
        return None
    return Row(title=title, row=(cells[0][0], cells[-1][1]), lead=lead, support=support)


