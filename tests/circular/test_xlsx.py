"""The XLSX checklist: one sheet per table (names ≤ 31 characters), numbers stored as
numbers, 红/黄/蓝 conditional fills beside the words, native charts whose data labels show
values only, A4 landscape fitted to the width with print titles and frozen panes."""

from __future__ import annotations

import openpyxl

from circular.kit import Rendered

SHEETS = ["指标进展", "任务督办", "部门督办", "项目推进", "三未清单", "地区排名", "说明"]


def test_sheets_numbers_and_print_setup(tongbao: Rendered) -> None:
    wb = openpyxl.load_workbook(tongbao.paths["xlsx"])
    assert wb.sheetnames == SHEETS and all(len(n) <= 31 for n in wb.sheetnames)
    tables = {t.key: t for t in tongbao.circular.tables()}
    for name in SHEETS[:-1]:
        ws = wb[name]
        t = tables[name]
        assert [c.value for c in ws[2]][:len(t.columns)] == list(t.columns)
        for row, expected in zip(ws.iter_rows(min_row=3, max_col=len(t.columns), values_only=True), t.rows, strict=False):
            assert list(row) == [v if v != "" else None for v in expected]
        for row in ws.iter_rows(min_row=3, max_col=len(t.columns)):
            for cell in row:
                if isinstance(cell.value, str):
                    assert not cell.value.replace(".", "", 1).lstrip("-").isdigit(), (name, cell.coordinate)
        ps = ws.page_setup
        assert int(ps.paperSize) == 9 and ps.orientation == "landscape"
        assert ps.fitToWidth == 1 and ps.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$2:$2" and ws.freeze_panes in ("C3", "A3")


def test_colour_rules_and_charts(tongbao: Rendered) -> None:
    wb = openpyxl.load_workbook(tongbao.paths["xlsx"])
    for name in ("指标进展", "任务督办"):
        formulas = {}
        for rng in wb[name].conditional_formatting:
            for rule in rng.rules:
                if rule.formula and "=" in rule.formula[0]:
                    formulas[rule.formula[0].split('"')[1]] = rule.dxf.fill.fgColor.rgb
        assert {k: v[-6:] for k, v in formulas.items()} == {"红": "FFC7CE", "黄": "FFEB9C", "蓝": "BDD7EE"}
    ind = wb["指标进展"]
    colours = {r[10] for r in ind.iter_rows(min_row=3, values_only=True)}
    assert colours <= {"红", "黄", "蓝", None}
    charted = {name: len(wb[name]._charts) for name in SHEETS}
    assert charted["指标进展"] == 1 and sum(charted.values()) >= 1
    for name in SHEETS:
        for chart in wb[name]._charts:
            labels = chart.dataLabels
            assert labels.showVal and labels.showSerName is False and labels.showCatName is False
            assert labels.showLegendKey is False and labels.showPercent is False
