"""The shared .xlsx export: what Excel users rely on when they open a download."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from planwatch.services.xlsx_export import Sheet, download_name, workbook_bytes
from planwatch.web.downloads import download


def test_numbers_stay_numbers_and_headers_are_frozen() -> None:
    data = workbook_bytes([Sheet("主要指标进展表", ["指标", "目标值", "完成率", "日期"],
                                 [["规模以上工业增加值", 5000, 0.875, date(2026, 6, 30)], ["高新技术企业", None, None, None]],
                                 formats={"完成率": "0.0%"})])
    ws = load_workbook(BytesIO(data))["主要指标进展表"]
    assert [c.value for c in ws[1]] == ["指标", "目标值", "完成率", "日期"]
    assert ws["B2"].value == 5000 and isinstance(ws["B2"].value, int)
    assert ws["C2"].number_format == "0.0%" and ws["C2"].value == 0.875
    assert ws["D2"].value.date() == date(2026, 6, 30)
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.column_dimensions["A"].width >= 2 * len("规模以上工业增加值")  # CJK counts double
    assert ws.page_setup.orientation == "landscape"


def test_long_titles_are_cut_to_excels_limit_and_an_empty_book_still_opens() -> None:
    data = workbook_bytes([Sheet("一" * 40, ["a"], [])])
    assert load_workbook(BytesIO(data)).sheetnames == ["一" * 31]
    assert load_workbook(BytesIO(workbook_bytes([]))).sheetnames == ["空表"]


def test_the_download_names_the_file_in_chinese() -> None:
    name = download_name("督查督办任务表", date(2026, 12, 1))
    response = download(b"x", name)
    assert name == "督查督办任务表_2026-12-01.xlsx"
    assert response.media_type.startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''%E7%9D%A3" in response.headers["content-disposition"]
