"""Assessment rules on hand-computed rankings."""

from __future__ import annotations

import pytest

from planwatch.errors import ValidationError
from planwatch.progress.assess import Item, Result, Scheme, assess, competition_ranks, parse_scheme, score_item

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
