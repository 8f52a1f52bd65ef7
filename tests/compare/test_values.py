"""The pitfalls of comparing two targets (design/compare.md §4.6), one test each: after one
unit and one year, with the comparator and the direction — or "not comparable" and why."""

from __future__ import annotations

import pytest

from planwatch.compare.values import Goal, compare_goals, kind_of


def g(metric: str, value: float, unit: str | None = "%", **kw: object) -> Goal:
    return Goal(metric=metric, value=value, unit=unit, **kw)  # type: ignore[arg-type]


def test_yi_yuan_and_wan_yuan_are_converted_before_comparing() -> None:
    parent = g("新能源汽车产值", 500, "亿元", year=2020)
    child = g("新能源汽车产值", 5_200_000, "万元", year=2020)
    r = compare_goals(parent, child)
    assert (r.verdict, r.child_value) == ("stronger", 520)
    assert any("5.2e+06万元 = 520亿元" in n for n in r.notes)
    assert compare_goals(parent, g("新能源汽车产值", 4_900_000, "万元", year=2020)).verdict == "weaker"


def test_vehicles_convert_but_different_counted_things_do_not() -> None:
    assert compare_goals(g("新能源汽车产量", 30, "万辆", year=2020), g("新能源汽车产量", 300000, "辆", year=2020)).verdict \
        == "equal"
    r = compare_goals(g("示范基地", 10, "个", year=2020), g("示范基地", 10, "家", year=2020))
    assert r.verdict == "not_comparable" and "单位不同" in r.rule


def test_percentage_points_are_not_percent() -> None:
    points = g("制造业增加值率提高", 2, "个百分点", change="increase", year=2020, baseline_year=2015)
    percent = g("制造业增加值率增长", 2, "%", change="increase", year=2020)
    assert kind_of(points)[0] == "points" and kind_of(percent)[0] == "growth"
    r = compare_goals(points, percent)
    assert r.verdict == "not_comparable" and "个百分点" in r.rule


def test_cumulative_from_a_base_year_and_annual_decreases_are_converted() -> None:
    cumulative = g("单位工业增加值能耗", 18, change="decrease", baseline_year=2015, year=2020)
    annual = g("单位工业增加值能耗年均下降", 4, change="decrease", year=2020, annual=True)
    r = compare_goals(cumulative, annual)
    # 1 − 0.96^5 = 18.5% > 18%: a 4% yearly cut is (slightly) stronger than 18% in five years
    assert r.verdict == "stronger" and r.child_value == pytest.approx(18.46, abs=0.01)
    assert any("折合累计18.5%" in n for n in r.notes)
    r = compare_goals(cumulative, g("单位工业增加值能耗年均下降", 3.5, change="decrease", year=2020, annual=True))
    assert r.verdict == "weaker"


def test_different_base_years_are_not_comparable() -> None:
    r = compare_goals(g("单位工业增加值能耗", 18, change="decrease", baseline_year=2015, year=2020),
                      g("单位工业增加值能耗", 16, change="decrease", baseline_year=2016, year=2020))
    assert r.verdict == "not_comparable" and r.rule == "基年不同：比2015年 vs 比2016年"


def test_one_year_growth_is_not_a_period_average() -> None:
    r = compare_goals(g("制造业产值年均增速", 15, change="increase", year=2020, annual=True),
                      g("制造业产值同比增长", 16, change="increase", year=2020))
    assert r.verdict == "not_comparable" and "同比" in r.rule


def test_stock_and_flow_are_not_comparable() -> None:
    r = compare_goals(g("高新技术企业数", 8000, "家", year=2025), g("新认定高新技术企业", 30, "家", change="increase",
                                                                 year=2025))
    assert r.verdict == "not_comparable" and "存量与增量" in r.rule


def test_lower_is_better_for_consumption_levels_and_bigger_decreases_are_stronger() -> None:
    level_p = g("单位工业增加值能耗", 0.6, "吨标准煤", year=2020)
    assert compare_goals(level_p, g("单位工业增加值能耗", 0.5, "吨标准煤", year=2020)).verdict == "stronger"
    assert compare_goals(level_p, g("单位工业增加值能耗", 0.7, "吨标准煤", year=2020)).verdict == "weaker"
    cut = g("单位工业增加值用水量下降幅度", 23, change="decrease", baseline_year=2015, year=2020)
    r = compare_goals(cut, g("单位工业增加值用水量下降幅度", 25, change="decrease", baseline_year=2015, year=2020))
    assert r.verdict == "stronger" and "降幅越大越强" in r.rule
    cap = g("万元工业增加值用水量", 30, "立方米", comparator="<=", year=2020)
    assert compare_goals(cap, g("万元工业增加值用水量", 25, "立方米", comparator="<=", year=2020)).verdict == "stronger"


def test_ranges_and_lower_bounds_use_the_lower_bound_and_about_is_a_five_percent_band() -> None:
    parent = g("产业创新服务综合体", 5, "个", comparator="range", value_max=6, year=2020)
    assert compare_goals(parent, g("产业创新服务综合体", 5, "个", comparator=">=", year=2020)).verdict == "equal"
    assert compare_goals(parent, g("产业创新服务综合体", 4, "个", year=2020)).verdict == "weaker"
    about = g("制造业增加值占GDP比重", 40, comparator="~", year=2020)
    assert compare_goals(about, g("制造业增加值占GDP比重", 41.5, year=2020)).verdict == "equal"
    r = compare_goals(about, g("制造业增加值占GDP比重", 42.5, year=2020))
    assert r.verdict == "stronger" and "±5%" in r.rule


def test_different_years_are_interpolated_on_the_parents_own_path_and_labelled() -> None:
    parent = g("数字化研发设计工具普及率", 75, year=2020, baseline_year=2014, baseline_value=50)
    r = compare_goals(parent, g("数字化研发设计工具普及率", 70, year=2019))
    # 50 + (75 − 50) × 5/6 = 70.8 at 2019: 70 is weaker
    assert r.verdict == "weaker" and r.parent_value == pytest.approx(70.83, abs=0.01)
    assert any("线性插值至2019年" in n for n in r.notes)
    amount = g("战略性新兴产业产值", 1500, "亿元", year=2020, baseline_year=2015, baseline_value=1000)
    r = compare_goals(amount, g("战略性新兴产业产值", 1400, "亿元", year=2019))
    assert r.verdict == "stronger" and any("CAGR" in n for n in r.notes)
    no_base = compare_goals(g("研发机构覆盖率", 40, year=2020), g("研发机构覆盖率", 35, year=2019))
    assert no_base.verdict == "not_comparable" and "无基期值" in no_base.rule
    assert compare_goals(g("研发机构覆盖率", 40, year=2020), g("研发机构覆盖率", 35)).verdict == "not_comparable"


def test_amounts_across_levels_need_the_allocation() -> None:
    province = g("战略性新兴产业产值", 10000, "亿元", year=2020)
    city = g("战略性新兴产业产值", 1500, "亿元", year=2020)
    r = compare_goals(province, city, parent_higher=True)
    assert r.verdict == "not_comparable" and r.rule.startswith("规模不可比")
    r = compare_goals(province, city, parent_higher=True, allocation=1600)
    assert r.verdict == "weaker" and any("分解下达" in n for n in r.notes)
    # shares and rates compare across levels without an allocation
    share = compare_goals(g("制造业增加值占GDP比重", 40, year=2020), g("制造业增加值占GDP比重", 45, year=2020),
                          parent_higher=True)
    assert share.verdict == "stronger"


def test_effort_reads_the_change_from_each_plans_own_baseline() -> None:
    parent = g("研发经费占营业收入比重", 1.26, year=2020, baseline_year=2014, baseline_value=0.95)
    child = g("研发经费占营业收入比重", 1.0, year=2020, baseline_year=2014, baseline_value=0.8)
    r = compare_goals(parent, child)
    assert r.verdict == "weaker"
    assert r.effort == "weaker" and r.effort_rule is not None and "年均提高" in r.effort_rule
    poorer = compare_goals(parent, g("研发经费占营业收入比重", 1.11, year=2020, baseline_year=2014, baseline_value=0.8))
    assert (poorer.verdict, poorer.effort) == ("weaker", "equal")
