"""Assessment rules on hand-computed rankings."""

from __future__ import annotations

import pytest

from planwatch.errors import ValidationError
from planwatch.progress.assess import (
    Item,
    Result,
    Scheme,
    assess,
    competition_ranks,
    parse_scheme,
    score_item,
)

REGIONS = ["桐城市", "怀宁县", "潜山县"]


def test_target_completion_full_or_nothing() -> None:
    item = Item("产值", 20, "target_completion")
    got = score_item(item, {"A": Result(105, 100), "B": Result(99, 100), "C": Result(None, 100)})
    assert got == {"A": 20, "B": 0, "C": 0}


def test_rank_loses_five_percent_per_place_with_ties() -> None:
    item = Item("增速", 10, "rank")
    got = score_item(item, {"A": Result(12.0), "B": Result(15.0), "C": Result(12.0), "D": Result(3.0)})
    # B first: 10; A and C tie second: 9.5 each; D is fourth (1,2,2,4): 8.5
    assert got == pytest.approx({"A": 9.5, "B": 10, "C": 9.5, "D": 8.5})


def test_efficacy_coefficient_and_lower_is_better() -> None:
    higher = score_item(Item("x", 10, "efficacy"), {"A": Result(50), "B": Result(100), "C": Result(75)})
    assert higher == pytest.approx({"A": 6.0, "B": 10.0, "C": 8.0})
    lower = score_item(Item("x", 10, "efficacy", lower_is_better=True), {"A": Result(50), "B": Result(100)})
    assert lower == pytest.approx({"A": 10.0, "B": 6.0})
    same = score_item(Item("x", 10, "efficacy"), {"A": Result(5), "B": Result(5)})
    assert same == pytest.approx({"A": 10.0, "B": 10.0})


def test_baseline_points_capped() -> None:
    item = Item("占比", 10, "baseline_points", k=2, cap=12)
    got = score_item(item, {"A": Result(40, 40), "B": Result(43, 40), "C": Result(30, 40), "D": Result(36, 40)})
    # at target 8; +3 points over → 8+6=14 capped at 12; −10 → floored at 0; −4 → 0
    assert got == pytest.approx({"A": 8, "B": 12, "C": 0, "D": 0})


def test_whole_scheme_ranks_regions() -> None:
    scheme = Scheme("2019年度考核", (Item("产值", 50, "target_completion"), Item("增速", 50, "rank")))
    results = {
        "产值": {"桐城市": Result(120, 100), "怀宁县": Result(90, 100), "潜山县": Result(100, 100)},
        "增速": {"桐城市": Result(8.0), "怀宁县": Result(12.0), "潜山县": Result(10.0)},
    }
    scores = assess(scheme, results, REGIONS)
    assert [(s.region, s.total, s.rank) for s in scores] == [("潜山县", 97.5, 1), ("桐城市", 95.0, 2), ("怀宁县", 50.0, 3)]


def test_competition_ranking() -> None:
    assert competition_ranks({"A": 1, "B": 1, "C": 0}) == {"A": 1, "B": 1, "C": 3}


def test_scheme_validation_names_every_bad_field() -> None:
    with pytest.raises(ValidationError) as err:
        parse_scheme({"items": [{"indicator": "产值", "weight": -1, "rule": "magic", "colour": 1}]}, source="s.yaml")
    text = str(err.value)
    assert "s.yaml" in text and "weight" in text and "rule" in text and "colour" in text


def test_rank_step_is_configurable_and_floored_at_zero() -> None:
    item = Item("增速", 10, "rank", step=0.3)
    got = score_item(item, {r: Result(v) for r, v in zip("ABCDE", [5, 4, 3, 2, 1], strict=True)})
    assert got == pytest.approx({"A": 10, "B": 7, "C": 4, "D": 1, "E": 0})


def test_rank_lower_is_better_from_the_results_direction() -> None:
    got = score_item(Item("能耗", 10, "rank"), {"A": Result(0.5, direction=-1), "B": Result(0.4, direction=-1)})
    assert got == pytest.approx({"A": 9.5, "B": 10})


def test_regions_without_an_actual_score_zero() -> None:
    for rule in ("rank", "efficacy", "baseline_points"):
        got = score_item(Item("x", 10, rule), {"A": Result(5, 5), "B": Result(None, 5)})
        assert got["B"] == 0


def test_target_completion_takes_achieved_from_the_status_method() -> None:
    item = Item("区间", 10, "target_completion")
    got = score_item(item, {"A": Result(810, 800, achieved=True), "B": Result(900, 800, achieved=False)})
    assert got == {"A": 10, "B": 0}
    lower = score_item(Item("能耗", 10, "target_completion", lower_is_better=True), {"A": Result(0.49, 0.5)})
    assert lower == {"A": 10}


def test_baseline_points_per_percent_of_target() -> None:
    item = Item("产值", 20, "baseline_points", k=0.5, per="percent", cap=25)
    # target 200: 220 is 10% over → 16 + 5 = 21; 180 is 10% short → 16 − 5 = 11; 400 is 100% over → capped 25
    got = score_item(item, {"A": Result(220, 200), "B": Result(180, 200), "C": Result(400, 200)})
    assert got == pytest.approx({"A": 21, "B": 11, "C": 25})


def test_ranking_with_ties_in_totals() -> None:
    scheme = parse_scheme({"name": "2019年度", "items": [
        {"indicator": "产值", "weight": 60, "rule": "target_completion"},
        {"indicator": "投资", "weight": 40, "rule": "efficacy"},
    ]})
    results = {
        "产值": {"A": Result(100, 90), "B": Result(100, 90), "C": Result(80, 90), "D": Result(95, 90)},
        "投资": {"A": Result(30), "B": Result(30), "C": Result(10), "D": Result(20)},
    }
    # 投资 efficacy: 30 → 40; 20 → 40·(0.6 + 0.4·0.5) = 32; 10 → 24
    scores = assess(scheme, results, ["A", "B", "C", "D"])
    assert [(s.region, s.total, s.rank) for s in scores] == [("A", 100, 1), ("B", 100, 1), ("D", 92, 3), ("C", 24, 4)]
    assert scores[2].items == {"产值": 60, "投资": 32}


def test_same_indicator_twice_needs_a_name() -> None:
    items = [{"indicator": "产值", "weight": 5, "rule": "rank"}, {"indicator": "产值", "weight": 5, "rule": "target_completion"}]
    with pytest.raises(ValidationError, match="appears twice"):
        parse_scheme({"items": items})
    items[1]["name"] = "产值目标"
    scheme = parse_scheme({"items": items, "plan": "p", "regions": ["A"]})  # caller's keys are allowed
    assert [i.label for i in scheme.items] == ["产值", "产值目标"] and scheme.total_weight == 10


@pytest.mark.parametrize(("item", "field"), [
    ({"weight": 5, "rule": "rank"}, "indicator"),
    ({"indicator": "x", "weight": True, "rule": "rank"}, "weight"),
    ({"indicator": "x", "weight": 5, "rule": "rank", "step": 2}, "step"),
    ({"indicator": "x", "weight": 5, "rule": "baseline_points", "k": "two"}, "k"),
    ({"indicator": "x", "weight": 5, "rule": "baseline_points", "cap": 0}, "cap"),
    ({"indicator": "x", "weight": 5, "rule": "rank", "lower_is_better": "yes"}, "lower_is_better"),
    ({"indicator": "x", "weight": 5, "rule": "baseline_points", "per": "point"}, "per"),
])
def test_every_field_is_validated(item: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=rf"items\[1\] \(.*\)\.{field}"):
        parse_scheme({"items": [item]}, source="scheme.yaml")


def test_scheme_needs_items() -> None:
    for bad in ({}, {"items": []}, {"items": "产值"}):
        with pytest.raises(ValidationError, match="items"):
            parse_scheme(bad)
    with pytest.raises(ValidationError, match=r"items\[1\]: must be a mapping"):
        parse_scheme({"items": ["产值"]})
