"""The worked examples of docs/methods.md, "The rules of real 考核办法", computed exactly."""

from __future__ import annotations

import pytest

from planwatch.errors import ValidationError
from planwatch.progress.assess import Result, TaskTally, assess, parse_scheme, period_key, score_item

GROUPS = {"groups": [
    {"name": "目标完成", "points": 60, "items": [
        {"indicator": "规模以上工业增加值", "weight": 30, "rule": "target_completion"},
        {"indicator": "工业投资", "weight": 30, "rule": "efficacy"}]},
    {"name": "重点任务", "points": 40, "items": [{"rule": "tasks_on_time", "weight": 40}]},
]}


def test_groups_must_add_up() -> None:
    bad = {"groups": [{"name": "目标完成", "points": 60, "items": [
        {"indicator": "产值", "weight": 30, "rule": "rank"}, {"indicator": "投资", "points": 25, "rule": "rank"}]}]}
    with pytest.raises(ValidationError) as err:
        parse_scheme(bad, source="s.yaml")
    assert err.value.problems == ["groups[1] (目标完成): the points of its items add up to 55, not the group's 60"]


def test_groups_worked_example() -> None:
    scheme = parse_scheme(GROUPS)
    assert [(g.name, g.points, g.items) for g in scheme.groups] == [
        ("目标完成", 60, ("规模以上工业增加值", "工业投资")), ("重点任务", 40, ("按时限完成",))]
    results = {"规模以上工业增加值": {"A": Result(105, 100), "B": Result(90, 100), "C": Result(100, 100)},
               "工业投资": {"A": Result(20), "B": Result(10), "C": Result(30)}}
    tasks = {"A": TaskTally(due=4, on_time=3), "B": TaskTally(4, 4), "C": TaskTally(0, 0)}
    scores = {s.region: s for s in assess(scheme, results, ["A", "B", "C"], tasks)}
    assert scores["A"].groups == {"目标完成": 54, "重点任务": 30} and scores["A"].total == 84
    assert scores["A"].items == {"规模以上工业增加值": 30, "工业投资": 24, "按时限完成": 30}
    assert scores["C"].items["按时限完成"] == 40  # nothing due: full points


def test_total_must_match_the_groups() -> None:
    with pytest.raises(ValidationError, match="total: the points add up to 100, not 90"):
        parse_scheme({**GROUPS, "total": 90})
    assert parse_scheme({**GROUPS, "total": 100}).total_weight == 100


def test_tasks_on_time_worked_example() -> None:
    # 6 on time, 1 late, 1 overdue and not done → 8 due; 1 not yet due is not counted
    item = parse_scheme({"items": [{"rule": "tasks_on_time", "weight": 20}]}).items[0]
    assert item.label == "按时限完成"
    assert score_item(item, {"A": Result(None), "B": Result(None)},
                      {"A": TaskTally(due=8, on_time=6), "B": TaskTally(0, 0)}) == {"A": 15, "B": 20}


def test_tasks_on_time_takes_no_indicator() -> None:
    with pytest.raises(ValidationError, match="no indicator or periods"):
        parse_scheme({"items": [{"rule": "tasks_on_time", "weight": 20, "indicator": "产值"}]})


HALVES = {"H1": {"A": 8.0, "B": 10.0, "C": 6.0}, "H2": {"A": 11.0, "B": 9.0, "C": 7.0}}


def _halves() -> dict[str, dict[str, Result]]:
    return {period_key("增速", p): {r: Result(v) for r, v in values.items()} for p, values in HALVES.items()}


def test_half_year_averaging_worked_example() -> None:
    scheme = parse_scheme({"items": [{"indicator": "增速", "weight": 10, "rule": "rank", "periods": ["H1", "H2"]}]})
    scores = {s.region: s for s in assess(scheme, _halves(), ["A", "B", "C"])}
    assert scores["A"].periods == {"增速": {"H1": 9.5, "H2": 10}}
    assert {r: s.items["增速"] for r, s in scores.items()} == {"A": 9.75, "B": 9.75, "C": 9}
    weighted = parse_scheme({"items": [{"indicator": "增速", "weight": 10, "rule": "rank", "periods": ["H1", "H2"],
                                        "period_weights": [0.4, 0.6]}]})
    got = {s.region: s.items["增速"] for s in assess(weighted, _halves(), ["A", "B", "C"])}
    assert got == pytest.approx({"A": 9.8, "B": 9.7, "C": 9})


def test_half_year_without_a_figure_scores_zero_for_that_half() -> None:
    scheme = parse_scheme({"items": [{"indicator": "增速", "weight": 10, "rule": "rank", "periods": ["H1", "H2"]}]})
    only_h1 = {period_key("增速", "H1"): {"A": Result(8.0), "B": Result(10.0)}}
    got = {s.region: s.items["增速"] for s in assess(scheme, only_h1, ["A", "B"])}
    assert got == {"A": 4.75, "B": 5}


@pytest.mark.parametrize(("extra", "message"), [
    ({"period_weights": [1]}, "one positive number per period"),
    ({"periods": ["H1", "H1"]}, "each at most once"),
    ({"periods": ["H3"]}, r"items\[1\] \(增速\)\.periods\[1\]"),
])
def test_periods_are_validated(extra: dict[str, object], message: str) -> None:
    item = {"indicator": "增速", "weight": 10, "rule": "rank", "periods": ["H1", "H2"], **extra}
    with pytest.raises(ValidationError, match=message):
        parse_scheme({"items": [item]})


ADJUSTED = {"items": [{"indicator": "产值", "weight": 100, "rule": "baseline_points", "k": 1, "cap": 100}],
            "adjustment_cap": 3, "adjustments": [
                {"region": "A", "points": 2, "reason": "国家试点"}, {"region": "A", "points": 2, "reason": "表彰"},
                {"region": "B", "points": -1, "reason": "迟报"}]}


def test_adjustments_worked_example() -> None:
    # item points: 0.8·100 at the target, +1 per unit above → A 80, B 82, C 81
    results = {"产值": {"A": Result(100, 100), "B": Result(102, 100), "C": Result(101, 100)}}
    scores = assess(parse_scheme(ADJUSTED), results, ["A", "B", "C"])
    assert [(s.region, s.adjustment, s.total, s.rank) for s in scores] == [
        ("A", 3, 83, 1), ("B", -1, 81, 2), ("C", 0, 81, 2)]
    assert scores[0].reasons == ["国家试点（+2）", "表彰（+2）"]


@pytest.mark.parametrize(("change", "message"), [
    ({"adjustment_cap": None}, "adjustment_cap: required with adjustments"),
    ({"adjustment_cap": 1.5}, r"A \+2、A \+2 beyond the adjustment_cap of 1.5"),
    ({"adjustments": [{"region": "A", "points": 0, "reason": "x"}]}, "not 0"),
    ({"adjustments": [{"region": "A", "points": 1}]}, r"adjustments\[1\] \(A\)\.reason"),
])
def test_adjustments_are_validated(change: dict[str, object], message: str) -> None:
    data = {**ADJUSTED, **change}
    if data["adjustment_cap"] is None:
        del data["adjustment_cap"]
    with pytest.raises(ValidationError, match=message):
        parse_scheme(data)


def test_adjustments_for_a_region_not_ranked_are_refused() -> None:
    with pytest.raises(ValueError, match="not assessed: B"):
        assess(parse_scheme(ADJUSTED), {}, ["A", "C"])


def test_items_or_groups_not_both() -> None:
    with pytest.raises(ValidationError, match="either `items`"):
        parse_scheme({**GROUPS, "items": [{"indicator": "x", "weight": 1, "rule": "rank"}]})
