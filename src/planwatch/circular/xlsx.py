"""The circular's tables as XLSX (openpyxl): one sheet per table, numbers stored as numbers,
the word 红/黄/蓝 in its column with a matching conditional fill beside it (printing is black
and white, so the word stays), native bar and line charts, A4 landscape fitted to the width,
print titles and frozen header rows. A 说明 sheet carries the data note."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.circular.model import Chart, Circular, Table
from planwatch.circular.zipped import reproducible

FILLS = {"红": "FFC7CE", "黄": "FFEB9C", "蓝": "BDD7EE"}
THIN = Side(style="thin", color="000000")
SHEET_ORDER = ("指标进展", "任务督办", "部门督办", "项目推进", "三未清单", "地区排名")  # design/circular.md §5
CHART_SHEETS = {"指标进展": "status", "地区排名": "regions", "项目推进": "investment"}


def write_xlsx(c: Circular) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    charts = {ch.key: ch for ch in c.charts}
    order = {key: i for i, key in enumerate(SHEET_ORDER)}
    for table in sorted((t for t in c.tables() if not t.summary), key=lambda t: order.get(t.key, len(order))):
        ws = wb.create_sheet(table.key[:31])
        _sheet(ws, table, c)
        chart = charts.get(CHART_SHEETS.get(table.key, ""))
        if chart is not None and chart.categories:
            _chart(wb, ws, chart, table)
    notes = wb.create_sheet("说明")
    notes.append([c.title])
    for line in c.data_note:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    wb.properties.creator = "planwatch"
    wb.properties.created = wb.properties.modified = c.generated_at
    out = io.BytesIO()
    wb.save(out)
    return reproducible(out.getvalue(), c.generated_at)


def _sheet(ws: Worksheet, t: Table, c: Circular) -> None:
    ws.append([f"{t.title}（{c.period.label}，{c.region}）"])
    ws.append(list(t.columns))
    for row in t.rows:
        ws.append(list(row))
    last = ws.max_row
    for cell in ws[2]:
        cell.font = Font(bold=True, name="黑体")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    for i, name in enumerate(t.columns, 1):
        width = 40 if name in ("指标", "任务", "项目") else 18 if "单位" in name else 11
        ws.column_dimensions[get_column_letter(i)].width = width
    span = f"A3:{get_column_letter(len(t.columns))}{max(last, 3)}"
    if t.colour_column is not None:
        col = get_column_letter(t.colour_column + 1)
        for word, fill in FILLS.items():
            ws.conditional_formatting.add(span, FormulaRule(
                formula=[f'${col}3="{word}"'], fill=PatternFill("solid", fgColor=fill, bgColor=fill), stopIfTrue=True))
    for i, name in enumerate(t.columns):
        if "差距" in name or "较上期" in name:
            col = get_column_letter(i + 1)
            ws.conditional_formatting.add(f"{col}3:{col}{max(last, 3)}", CellIsRule(
                operator="lessThan", formula=["0"], font=Font(color="C00000")))
    ws.freeze_panes = "C3" if len(t.columns) > 2 else "A3"
    ws.print_title_rows = "2:2"
    ps = ws.page_setup
    ps.paperSize, ps.orientation, ps.fitToWidth, ps.fitToHeight = ws.PAPERSIZE_A4, "landscape", 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _labels() -> DataLabelList:
    labels = DataLabelList()
    labels.showVal = True
    labels.showSerName = labels.showCatName = labels.showLegendKey = labels.showPercent = False
    return labels


def _chart(wb: Workbook, ws: Worksheet, chart: Chart, table: Table) -> None:
    """A native chart over a small data block written beside the table (its own numbers)."""
    start_col = len(table.columns) + 2
    ws.cell(row=2, column=start_col, value="类别")
    for j, (name, _) in enumerate(chart.series, 1):
        ws.cell(row=2, column=start_col + j, value=name)
    if chart.reference is not None:
        ws.cell(row=2, column=start_col + len(chart.series) + 1, value=chart.reference[0])
    for i, category in enumerate(chart.categories, 3):
        ws.cell(row=i, column=start_col, value=category)
        for j, (_, values) in enumerate(chart.series, 1):
            ws.cell(row=i, column=start_col + j, value=values[i - 3])
        if chart.reference is not None:
            ws.cell(row=i, column=start_col + len(chart.series) + 1, value=chart.reference[1])
    n_series = len(chart.series) + (chart.reference is not None)
    end_row = 2 + len(chart.categories)
    data = Reference(ws, min_col=start_col + 1, max_col=start_col + n_series, min_row=2, max_row=end_row)
    cats = Reference(ws, min_col=start_col, min_row=3, max_row=end_row)
    made: BarChart | LineChart
    if chart.kind == "bar":
        made = BarChart()
        made.type = "col"
    else:
        made = LineChart()
    made.title = chart.title
    made.y_axis.title = chart.y_label
    made.add_data(data, titles_from_data=True)
    made.set_categories(cats)
    made.dataLabels = _labels()
    made.width, made.height = 18, 8
    ws.add_chart(made, f"{get_column_letter(start_col)}{end_row + 3}")
