"""Actuals as planners' files write them: regions inside the plan's, figures that cannot be
right, cells read as Excel shows them, Chinese headers, and the periods the genre uses
(monthly cumulative 1-9月, quarters, halves). Each scenario goes through `planwatch observe`
or `services.observations` on a real database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from planwatch.cli import main
from planwatch.errors import DocumentError, ValidationError
from planwatch.services.observations import observe_file, record_file
from planwatch.services.periods import period_kind
from planwatch.services.status import plan_status
from planwatch.store import Store
from planwatch.store.tables import Indicator, Observation, Region

HEADER = "plan,indicator,region,period,value,unit,source\n"
SHARE = "新兴产业增加值占工业经济比重"  # shaoxing, %, 绍兴市


def _csv(tmp_path: Path, text: str, name: str = "actuals.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _xlsx(tmp_path: Path, rows: list[list[object]], formats: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cell, fmt in (formats or {}).items():
        sheet[cell].number_format = fmt
    path = tmp_path / "actuals.xlsx"
    book.save(path)
    return path


def _stored(store: Store) -> list[tuple[str, str, float, str | None, str | None]]:
    """(region, period, value, unit, flag) of every observation, by period."""
    with store.transaction() as s:
        rows = s.execute(select(Region.name, Observation.period, Observation.value, Observation.unit,
                                Observation.flag).join(Region, Region.id == Observation.region_id)
                         .order_by(Observation.period, Region.name, Observation.id)).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _problems(store: Store, path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught, store.transaction() as s:
        record_file(s, path=path)
    return caught.value.problems


# --- regions ------------------------------------------------------------------------------


def test_a_region_outside_the_plan_or_not_in_the_list_is_refused(published_store: Store, tmp_path: Path) -> None:
    """Bugs caught: 合肥县 was stored as 合肥市, 南京市 was accepted for an 安徽 plan."""
    path = _csv(tmp_path, HEADER + "anhui,安徽名牌,合肥县,2018,10,个,x\n"
                                   "anhui,安徽名牌,南京市,2018,10,个,x\n"
                                   "anhui,安徽名牌,淮南,2018,10,个,x\n")
    problems = _problems(published_store, path)
    assert len(problems) == 2
    assert problems[0].startswith("row 2:") and "合肥县" in problems[0]
    assert problems[1].startswith("row 3:") and "南京市" in problems[1] and "安徽省" in problems[1]
    assert _stored(published_store) == []


def test_regions_inside_the_plan_resolve_through_aliases(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + "anhui,安徽名牌,淮南,2018,10,个,x\nanhui,安徽名牌,巢湖市,2018,3,个,x\n"
                                   "anhui,安徽名牌,,2018,1600,个,x\n")
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 3
    assert [r[0] for r in _stored(published_store)] == ["安徽省", "巢湖市", "淮南市"]


# --- figures that cannot be right ---------------------------------------------------------


SUSPECT_ROWS = [
    f"shaoxing,{SHARE},绍兴市,2019,123,%,x",          # 2 a share above 100
    "shaoxing,规上工业企业,绍兴市,2019,-5,家,x",       # 3 a negative count of enterprises
    "anhui,安徽名牌,安徽省,2019,1600,,x",             # 4 no unit where the indicator has one
    "shaoxing,新兴产业产值年均增速,绍兴市,2019,-3.5,%,x",  # 5 a growth rate may be negative: fine
    "anhui,规模以上工业企业研发机构覆盖率,安徽省,2019,-1,%,x",  # 6 a rate below 0
]


def test_suspect_figures_are_refused_with_their_row(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + "\n".join(SUSPECT_ROWS) + "\n")
    problems = _problems(published_store, path)
    expected = {2: "0–100", 3: "negative", 4: "unit: blank", 6: "0–100"}
    for line, words in expected.items():
        assert any(p.startswith(f"row {line}:") and words in p and "--accept-suspect" in p for p in problems), line
    assert not any(p.startswith("row 5:") for p in problems)
    assert len(problems) == 4 and _stored(published_store) == []


def test_accept_suspect_stores_them_flagged(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + "\n".join(SUSPECT_ROWS) + "\n")
    db = published_store.engine.url.render_as_string(hide_password=False)
    run = CliRunner().invoke(main, ["observe", str(path), "--db", db])
    assert run.exit_code == 2 and "row 2:" in run.output and "0–100" in run.output
    run = CliRunner().invoke(main, ["observe", str(path), "--accept-suspect", "--db", db])
    assert run.exit_code == 0, run.output
    assert "recorded 5 observation(s), 4 flagged" in run.output
    assert "row 3: stored flagged: value -5: a count or amount in 家 cannot be negative" in run.output
    flags = {(region, value): flag for region, _period, value, _unit, flag in _stored(published_store)}
    assert "0–100" in (flags[("绍兴市", 123.0)] or "")
    assert flags[("绍兴市", -3.5)] is None
    assert "blank" in (flags[("安徽省", 1600.0)] or "")


def test_a_unit_in_the_value_header_counts(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, "plan,indicator,region,period,数值(个),unit,source\nanhui,安徽名牌,,2019,1600,,x\n")
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 1
    assert _stored(published_store) == [("安徽省", "2019", 1600.0, "个", None)]


# --- cells as Excel shows them ------------------------------------------------------------


def test_a_percent_formatted_cell_is_the_percentage_shown(published_store: Store, tmp_path: Path) -> None:
    """Bug caught: a cell showing 23.6% was stored as 0.236."""
    path = _xlsx(tmp_path, [["plan", "indicator", "region", "period", "value", "unit", "source"],
                            ["shaoxing", SHARE, "绍兴市", 2019, 0.236, "", "x"],
                            ["shaoxing", SHARE, "绍兴市", 2018, 0.2, "%", "x"]],
                 formats={"E2": "0.0%", "E3": "0%"})
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 2
    assert _stored(published_store) == [("绍兴市", "2018", 20.0, "%", None), ("绍兴市", "2019", 23.6, "%", None)]


def test_a_percentage_for_an_indicator_not_in_percent_is_a_problem(published_store: Store, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["plan", "indicator", "region", "period", "value", "unit", "source"],
                            ["shaoxing", "规上工业企业", "绍兴市", 2019, 0.5, "", "x"]], formats={"E2": "0%"})
    problems = _problems(published_store, path)
    assert problems == ["row 2: value '50%': a percentage, but indicator '规上工业企业' is in 家"]


def test_csv_percent_text_full_width_digits_and_separators(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + f"shaoxing,{SHARE},绍兴市,2019,23.6%,,x\n"
                                   "shaoxing,规上工业企业,绍兴市,2019,\"１,５２０ \",家,x\n")
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 2
    assert [r[2] for r in _stored(published_store)] == [23.6, 1520.0]


def test_excel_dates_and_written_dates_in_the_period_column(published_store: Store, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["plan", "indicator", "region", "period", "value", "unit", "source"],
                            ["anhui", "安徽名牌", "", datetime(2019, 9, 30), 1500, "个", "x"],  # a month's end
                            ["anhui", "安徽名牌", "", datetime(2019, 3, 1), 1450, "个", "x"],   # shown as 2019年3月
                            ["anhui", "安徽名牌", "", "2019年6月30日", 1480, "个", "x"],
                            ["anhui", "安徽名牌", "", "2018/12/31", 1400, "个", "x"]],
                 formats={"D2": "yyyy-mm-dd", "D3": 'yyyy"年"m"月"'})
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 4
    assert [r[1] for r in _stored(published_store)] == ["2018-12", "2019-03", "2019-06", "2019-09"]
    bad = _xlsx(tmp_path, [["plan", "indicator", "region", "period", "value", "unit", "source"],
                           ["anhui", "安徽名牌", "", date(2019, 10, 15), 1500, "个", "x"]], formats={"D2": "yyyy-mm-dd"})
    assert _problems(published_store, bad) == [
        "row 2: period '2019-10-15': a day, not a period; write 2019-10 for the month, "
        "2019年1-10月 for January to October"]


# --- Chinese headers, indicator ids, and the periods of monthly statistics ----------------


def test_chinese_headers_year_column_and_cumulative_months(published_store: Store, tmp_path: Path) -> None:
    with published_store.transaction() as s:
        brand_id = s.scalar(select(Indicator.id).where(Indicator.metric == "安徽名牌", Indicator.target_year == 2020))
    path = _csv(tmp_path, "规划,指标编号,地区,年份,统计期,完成值,单位,数据来源,备注\n"
                          f"anhui,{brand_id},合肥市,2019,1-9月,300,个,统计月报,累计\n"
                          f"anhui,{brand_id},合肥市,2019,9月,40,个,统计月报,当月\n"
                          f"anhui,{brand_id},合肥市,2019,上半年,200,个,统计月报,\n"
                          f"anhui,{brand_id},合肥市,2019,三季度,100,个,统计月报,\n"
                          f"anhui,{brand_id},合肥市,2018,,280,个,统计年报,\n")
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 5
    with published_store.transaction() as s:
        stored = s.execute(select(Observation.period, Observation.period_start, Observation.period_end,
                                  Observation.indicator_id).order_by(Observation.id)).all()
    assert [(p, start, end) for p, start, end, _i in stored] == [
        ("2019年1-9月", date(2019, 1, 1), date(2019, 9, 30)),
        ("2019-09", date(2019, 9, 1), date(2019, 9, 30)),
        ("2019H1", date(2019, 1, 1), date(2019, 6, 30)),
        ("2019-Q3", date(2019, 7, 1), date(2019, 9, 30)),
        ("2018", date(2018, 1, 1), date(2018, 12, 31)),
    ]
    assert {i for *_rest, i in stored} == {brand_id}
    assert [period_kind(p) for p, *_rest in stored] == ["ytd", "month", "half", "quarter", "year"]


def test_a_cumulative_figure_is_stored_for_the_status_maths(published_store: Store, tmp_path: Path) -> None:
    """Bug caught: 2019年1-9月 was refused, so 序时进度 could never be reached from a file.
    How the status uses a running total is `progress`'s; here: it is stored, and read."""
    path = _csv(tmp_path, HEADER + "anhui,安徽名牌,合肥市,2018,280,个,x\nanhui,安徽名牌,合肥市,2019年1—9月,300,个,x\n")
    assert published_store.retrying(lambda s: record_file(s, path=path)) == 2
    assert [(r[1], period_kind(r[1])) for r in _stored(published_store)] == [("2018", "year"), ("2019年1-9月", "ytd")]
    with published_store.transaction() as s:
        rows = [r for r in plan_status(s, plan="anhui", region="合肥市", as_of=date(2019, 12, 31))
                if r.metric == "安徽名牌" and r.latest["value"] is not None]
    assert rows


def test_period_problems_say_what_to_write(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, "plan,indicator,region,year,period,value,unit\n"
                          "anhui,安徽名牌,,2019,7-9月,1,个\n"
                          "anhui,安徽名牌,,2019,2018年1-9月,1,个\n"
                          "anhui,安徽名牌,,19,1-9月,1,个\n")
    problems = _problems(published_store, path)
    assert problems[0].startswith("row 2: period '7-9月': expected") and "2019年1-9月" in problems[0]
    assert problems[1] == "row 3: period '2018年1-9月': its year disagrees with the year column (2019)"
    assert problems[2].startswith("row 4: year '19'")


def test_a_file_without_the_required_columns_names_the_unknown_ones(published_store: Store, tmp_path: Path) -> None:
    path = _csv(tmp_path, "计划,指标,地域,期间,数值\nanhui,安徽名牌,,2019,1\n")
    with pytest.raises(DocumentError) as caught, published_store.transaction() as s:
        observe_file(s, path=path)
    assert "missing column(s) plan" in str(caught.value) and "计划, 地域" in str(caught.value)
