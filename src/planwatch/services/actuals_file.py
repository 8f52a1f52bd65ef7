"""Reading an actuals file (CSV or XLSX) into rows of strings, with their row numbers.

Columns: ``plan,indicator,region,period,value,unit,source``. Row numbers are the ones a
spreadsheet shows (the header is row 1), so an error message points at the right line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import DocumentError

COLUMNS: tuple[str, ...] = ("plan", "indicator", "region", "period", "value", "unit", "source")
REQUIRED: tuple[str, ...] = ("plan", "indicator", "period", "value")


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


def read_table(path: Path) -> list[list[str]]:
    """Rows of cells of a CSV or XLSX file (header included); a missing file is a DocumentError."""
    if not path.is_file():
        raise DocumentError(path, "no such file")
    return _xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows(path)


def read_actuals(path: Path) -> list[ActualRow]:
    """Every data row of the file; a missing file or required column is a DocumentError."""
    table = read_table(path)
    if not table:
        raise DocumentError(path, "empty: expected a header row " + ",".join(COLUMNS))
    header = [h.strip().lower() for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DocumentError(path, f"missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        record = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        rows.append(ActualRow(line=line, **{c: record.get(c, "") for c in COLUMNS}))
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
    sheet = book.worksheets[0]
    return [["" if v is None else _cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
