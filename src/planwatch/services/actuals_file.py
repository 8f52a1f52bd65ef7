"""Reading an actuals file (CSV or XLSX) into rows of strings, with their row numbers.

Columns: ``plan,indicator,region,period,value,unit,source`` and an optional ``year``, in any
order, named in English or in Chinese (`HEADERS`: 规划, 指标, 地区, 期间, 数值, 单位, 来源,
年份 …). A unit may stand in the value's header, ``数值(亿元)``: it is the unit of every row
whose unit cell is blank. A 备注 (note) column is kept with each figure; other columns are ignored. Row numbers are the ones a
spreadsheet shows (the header is row 1), so an error message points at the right line.

XLSX cells are read as Excel shows them (`cells.excel_text`): a percent-formatted 0.236 is
"23.6%", a date cell a date.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import DocumentError
from planwatch.services.cells import excel_text, normalise

COLUMNS: tuple[str, ...] = ("plan", "indicator", "region", "period", "value", "unit", "source", "year")
REQUIRED: tuple[str, ...] = ("plan", "indicator", "value")  # and period or year
HEADERS: dict[str, str] = {
    **{c: c for c in COLUMNS},
    **dict.fromkeys(("规划", "规划编号", "规划代码", "规划key"), "plan"),
    **dict.fromkeys(("指标", "指标名称", "指标编号"), "indicator"),
    **dict.fromkeys(("地区", "区域", "行政区", "行政区划"), "region"),
    **dict.fromkeys(("期间", "时期", "报告期", "统计期", "period"), "period"),
    **dict.fromkeys(("数值", "实际值", "完成值", "数据", "完成"), "value"),
    **dict.fromkeys(("单位", "计量单位"), "unit"),
    **dict.fromkeys(("来源", "数据来源", "出处"), "source"),
    **dict.fromkeys(("年份", "年度", "年"), "year"),
    **dict.fromkeys(("note", "备注", "说明"), "note"),
}
OPTIONAL: tuple[str, ...] = ("note",)  # read when present, never required
_UNIT_IN_HEADER = re.compile(r"(?P<name>.+?)\((?:单位[:：]?)?(?P<unit>[^()]+)\)")


@dataclass(frozen=True)
class ActualRow:
    line: int
    plan: str
    indicator: str
    region: str
    period: str
    value: str
    unit: str
    source: str
    year: str = ""
    note: str = ""


def read_table(path: Path) -> list[list[str]]:
    """Rows of cells of a CSV or XLSX file (header included); a missing file is a DocumentError."""
    if not path.is_file():
        raise DocumentError(path, "no such file")
    return _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)


def header_column(text: str) -> tuple[str | None, str]:
    """(column, unit written in the header) of a header cell; column None when unknown.

    >>> header_column(" 数值（亿元）"), header_column("Value"), header_column("备注"), header_column("说明书")
    (('value', '亿元'), ('value', ''), ('note', ''), (None, ''))
    """
    s = normalise(text).lower()
    unit = ""
    if (m := _UNIT_IN_HEADER.fullmatch(s)) and m["name"] in HEADERS:
        s, unit = m["name"], m["unit"]
    return HEADERS.get(s), unit


def read_actuals(path: Path) -> list[ActualRow]:
    """Every data row of the file; a missing file or required column is a DocumentError."""
    table = read_table(path)
    if not table:
        raise DocumentError(path, "empty: expected a header row " + ",".join(COLUMNS[:-1]))
    columns = [header_column(h) for h in table[0]]
    names = [c for c, _unit in columns]
    missing = [c for c in REQUIRED if c not in names]
    if "period" not in names and "year" not in names:
        missing.append("period (or year)")
    if missing:
        unknown = [h for h, (c, _u) in zip(table[0], columns, strict=True) if h.strip() and c is None]
        raise DocumentError(path, f"missing column(s) {', '.join(missing)}; unknown column(s) "
                                  f"{', '.join(unknown) or '-'}; expected {','.join(COLUMNS[:-1])} "
                                  "(or 规划,指标,地区,期间,数值,单位,来源; see README)")
    header_unit = next((u for c, u in columns if c == "value" and u), "")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        record: dict[str, str] = {}
        for i, (column, _unit) in enumerate(columns):
            if column is not None and i < len(cells) and not record.get(column):
                record[column] = cells[i].strip()
        record["unit"] = record.get("unit") or header_unit
        rows.append(ActualRow(line=line, **{c: record.get(c, "") for c in (*COLUMNS, *OPTIONAL)}))
    return rows


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DocumentError(path, "not UTF-8 or GB18030 text")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a broken file
        raise DocumentError(path, f"not a readable XLSX workbook ({type(e).__name__})") from e
    try:
        sheet = book.worksheets[0]
        return [[excel_text(c.value, getattr(c, "number_format", None)) for c in row] for row in sheet.iter_rows()]
    finally:
        book.close()
