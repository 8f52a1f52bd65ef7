"""Tables as .xlsx downloads with Chinese headers, the one way every page exports a table
(progress, tasks, projects, assessment results), so they all open the same in Excel: a bold
frozen header, widths that fit Chinese text, numbers stored as numbers, dates as dates, and
an A4 landscape print set-up with the header repeated on every page.

Pure in the sense that matters: rows in, bytes out; no database, no request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet title (Excel allows 31 characters), headers and rows.

    `formats` maps a header to an Excel number format (e.g. "0.0%" or "#,##0.00") for the
    cells under it; values stay numbers, only their display changes.
    """

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    formats: dict[str, str] | None = None


def _width(value: Any) -> int:
    """Display width in Excel's character units: a CJK character is about two."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell_value(value: Any) -> Any:
    """What openpyxl stores: numbers, dates and text as themselves; anything else as text."""
    if value is None or isinstance(value, (int, float, str, date, datetime)):
        return value
    return str(value)


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """The workbook of `sheets`, in order, as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31] or "Sheet")
        ws.append([str(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths = [_width(h) for h in sheet.headers]
        for row in sheet.rows:
            values = [_cell_value(v) for v in row]
            ws.append(values)
            for i, v in enumerate(values[: len(widths)]):
                widths[i] = max(widths[i], _width(v))
        for i, header in enumerate(sheet.headers, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = min(MAX_WIDTH, max(8, widths[i - 1] + 2))
            fmt = (sheet.formats or {}).get(str(header))
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    if isinstance(cell.value, (int, float)):
                        cell.number_format = fmt
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not book.worksheets:
        book.create_sheet("空表")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def download_name(stem: str, day: date) -> str:
    """A file name such as `督查督办任务表_2026-12-01.xlsx` (the UI's words, the day it was cut)."""
    return f"{stem}_{day.isoformat()}.xlsx"
