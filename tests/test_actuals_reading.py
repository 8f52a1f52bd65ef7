"""Reading actuals files as people write them: cells (numbers, percentages, dates), header
names, and the period column with its year column. Pure functions, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.progress.periods import parse_period as parse_any
from planwatch.services.actuals_file import HEADERS, header_column
from planwatch.services.cells import excel_text, parse_date, parse_number
from planwatch.services.periods import STORED_KINDS, label, parse_period, period_kind, read_period
from planwatch.store.tables import Observation

# (period cell, year cell) → stored label
PERIODS = {
    ("2019年1-9月", ""): "2019年1-9月", ("2019年1—9月", ""): "2019年1-9月", ("2019年1–9月份", ""): "2019年1-9月",
    ("1-9月", "2019"): "2019年1-9月", ("1至9月", "2019"): "2019年1-9月", ("9月累计", "2019"): "2019年1-9月",
    ("2019年前三季度", ""): "2019年1-9月", ("1-12月", "2020"): "2020年1-12月", ("1-1月", "2020"): "2020年1-1月",
    ("2019-Q3", ""): "2019-Q3", ("2019年三季度", ""): "2019-Q3", ("三季度", "2019"): "2019-Q3",
    ("Q3", "2019"): "2019-Q3", ("2019H1", ""): "2019H1", ("2019年上半年", ""): "2019H1",
    ("上半年", "2019"): "2019H1", ("下半年", "2019"): "2019H2", ("2019年9月", ""): "2019-09",
    ("2019/9", ""): "2019-09", ("9月", "2019"): "2019-09", ("9月当月", "2019"): "2019-09",
    ("2019-09-30", ""): "2019-09", ("2021/6/30", ""): "2021-06", ("2021年6月30日", ""): "2021-06",
    ("2020-02-29", ""): "2020-02", ("2019", ""): "2019", ("", "2019"): "2019", ("２０１９", ""): "2019",
    ("2019", "2019"): "2019",
}
NOT_PERIODS = [("1-9月", ""), ("7-9月", "2019"), ("2019-09-15", ""), ("2019H3", ""), ("2019年1-13月", ""),
               ("9月", "19"), ("2018年1-9月", "2019"), ("", ""), ("全年累计", "")]


@pytest.mark.parametrize(("cells", "want"), PERIODS.items())
def test_periods_as_written(cells: tuple[str, str], want: str) -> None:
    found = read_period(cells[0], year=cells[1])
    assert not isinstance(found, str), found
    assert found[0] == want


@pytest.mark.parametrize("cells", NOT_PERIODS)
def test_not_a_stored_period(cells: tuple[str, str]) -> None:
    assert isinstance(read_period(cells[0], year=cells[1]), str)


@settings(deadline=None)
@given(year=st.integers(1990, 2099), month=st.integers(1, 12), kind=st.sampled_from(STORED_KINDS))
def test_every_label_reads_back_fits_the_column_and_says_its_kind(year: int, month: int, kind: str) -> None:
    text = {"year": f"{year}", "month": f"{year}-{month}", "ytd": f"{year}年1-{month}月",
            "quarter": f"{year}-Q{(month + 2) // 3}", "half": f"{year}H{(month + 5) // 6}"}[kind]
    stored = parse_period(text)
    assert stored is not None
    assert parse_period(stored[0]) == stored and label(parse_any(stored[0])) == stored[0]
    assert period_kind(stored[0]) == kind
    assert len(stored[0]) <= Observation.__table__.c.period.type.length  # type: ignore[attr-defined]
    assert stored[1:] == (parse_any(text).start, parse_any(text).end)


def test_a_ytd_figure_runs_from_january_to_the_months_end() -> None:
    assert parse_period("2019年1-9月") == ("2019年1-9月", date(2019, 1, 1), date(2019, 9, 30))
    assert parse_period("2020年1-2月") == ("2020年1-2月", date(2020, 1, 1), date(2020, 2, 29))


NUMBERS = {"1,234.5": (1234.5, False), "１２３４": (1234.0, False), " 23.6% ": (23.6, True),
           "２３.６％": (23.6, True), "−3": (-3.0, False), "1 520": (1520.0, False), "-0.5": (-0.5, False)}


@pytest.mark.parametrize(("text", "want"), NUMBERS.items())
def test_numbers(text: str, want: tuple[float, bool]) -> None:
    assert parse_number(text) == want


@pytest.mark.parametrize("text", ["", "很多", "1.2.3", "约100", "%"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_excel_cells_as_shown() -> None:
    assert excel_text(0.236, "0.0%") == "23.6%"
    assert excel_text(0.1, "0.00%") == "10%"
    assert excel_text(1.0, "0%") == "100%"
    assert excel_text(1234.0, "#,##0") == "1234"
    assert excel_text(0.236, "General") == "0.236"
    assert excel_text(datetime(2019, 9, 30), "yyyy-mm-dd") == "2019-09-30"
    assert excel_text(datetime(2019, 9, 1), "mmm-yy") == "2019-09"
    assert excel_text(datetime(2019, 9, 1), '[$-804]yyyy"年"m"月";@') == "2019-09"
    assert excel_text(datetime(2019, 9, 1, 8, 30), "yyyy-mm-dd h:mm") == "2019-09-01 08:30:00"
    assert excel_text(None, "General") == ""


def test_dates() -> None:
    assert parse_date("2019-09-01 08:30:00") == date(2019, 9, 1)
    assert parse_date("2019.9.1") == date(2019, 9, 1)
    assert parse_date("2019-02-30") is None and parse_date("2019") is None and parse_date("九月") is None


def test_header_names() -> None:
    for names, column in [(("规划", "规划编号", "规划代码", "plan", "Plan"), "plan"),
                          (("指标", "指标名称", "指标编号"), "indicator"), (("地区", "区域", "行政区"), "region"),
                          (("期间", "时期", "报告期", "统计期"), "period"),
                          (("数值", "实际值", "完成值", "数据"), "value"), (("单位",), "unit"),
                          (("来源", "数据来源"), "source"), (("年份", "年度", "year"), "year")]:
        assert all(header_column(n) == (column, "") for n in names), column
    assert header_column("数值（亿元）") == ("value", "亿元")
    assert header_column("完成值(单位:万元)") == ("value", "万元")
    assert header_column("备注") == ("note", "")  # kept as each figure's note (数据填报)
    assert header_column("说明书") == (None, "")
    assert set(HEADERS.values()) == {"plan", "indicator", "region", "period", "value", "unit", "source", "year", "note"}
