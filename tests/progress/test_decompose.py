"""Decomposition and roll-up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.progress.decompose import check_parts, decompose, is_ratio, roll_up, split


@given(
    total=st.floats(min_value=0, max_value=1e7, allow_nan=False),
    weights=st.dictionaries(st.text(min_size=1, max_size=3), st.floats(min_value=0.01, max_value=1e3), min_size=1, max_size=12),
    decimals=st.integers(0, 3),
)
def test_parts_always_sum_to_the_total(total: float, weights: dict[str, float], decimals: int) -> None:
    parts = split(total, weights=weights, decimals=decimals)
    assert round(sum(parts.values()), decimals) == pytest.approx(round(total, decimals), abs=10**-decimals / 2)
    assert set(parts) == set(weights)


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ValueError):
        split(10, weights={"A": 0, "B": 0})
    with pytest.raises(ValueError):
        split(10, weights={})


def test_roll_up_sums_amounts_and_weights_ratios() -> None:
    assert roll_up({"A": 120.5, "B": 80}) == pytest.approx(200.5)
    assert roll_up({"A": 10, "B": 30}, ratio=True, weights={"A": 1, "B": 3}) == pytest.approx(25)
    with pytest.raises(ValueError, match="no weight for B"):
        roll_up({"A": 10, "B": 30}, ratio=True, weights={"A": 1})


def test_warns_when_parts_do_not_make_the_whole() -> None:
    assert check_parts(1500, {"A": 700, "B": 700}) == ["parts add up to 1400 but the target is 1500 (short by 100)"]
    assert check_parts(1500, {"A": 800, "B": 700}) == []


def test_largest_remainder_rounding_by_hand() -> None:
    # 100 by 1:1:1 → 33.33.. each; the one unit left goes to the first largest remainder
    assert split(100, weights={"A": 1, "B": 1, "C": 1}, decimals=0) == {"A": 34, "B": 33, "C": 33}
    # 10 by 2:1:1 to one decimal → 5, 2.5, 2.5 exactly
    assert split(10, weights={"A": 2, "B": 1, "C": 1}, decimals=1) == {"A": 5.0, "B": 2.5, "C": 2.5}
    # weights need not add to 1: 7 by 0.5:0.25:0.25 → 3.5, 1.75, 1.75
    assert split(7, weights={"A": 0.5, "B": 0.25, "C": 0.25}) == {"A": 3.5, "B": 1.75, "C": 1.75}


def test_explicit_values_and_weights_together() -> None:
    got = decompose(1500, explicit={"桐城市": 600}, weights={"怀宁县": 2, "潜山县": 1}, decimals=0)
    assert got.parts == {"桐城市": 600, "怀宁县": 600, "潜山县": 300} and got.warnings == ()
    over = decompose(100, explicit={"A": 120}, weights={"B": 1})
    assert over.warnings == ("explicit parts (120) exceed the target (100)",) and over.parts["B"] == -20
    with pytest.raises(ValueError, match="both a value and a weight: A"):
        decompose(100, explicit={"A": 50}, weights={"A": 1})


def test_check_tolerance_is_relative() -> None:
    assert check_parts(1000, {"A": 996}) == []  # 0.4% short: within 0.5%
    assert check_parts(1000, {"A": 1006}) == ["parts add up to 1006 but the target is 1000 (over by 6)"]
    assert check_parts(0, {"A": 0.0}) == []


@given(
    total=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    explicit=st.dictionaries(st.sampled_from("ABC"), st.floats(min_value=-1e5, max_value=1e5), max_size=3),
    weights=st.dictionaries(st.sampled_from("DEF"), st.floats(min_value=0.01, max_value=1e3), min_size=1, max_size=3),
)
def test_explicit_plus_weighted_parts_make_the_whole(
    total: float, explicit: dict[str, float], weights: dict[str, float]
) -> None:
    got = decompose(total, explicit=explicit, weights=weights, decimals=2)
    assert sum(got.parts.values()) == pytest.approx(total, abs=0.01 + 1e-9 * abs(total) + 1e-9 * sum(map(abs, explicit.values())))


def test_ratio_roll_up_needs_positive_weights() -> None:
    with pytest.raises(ValueError):
        roll_up({"A": 10}, ratio=True, weights={"A": 0})
    assert is_ratio("%") and is_ratio("个百分点") and not is_ratio("亿元") and not is_ratio(None)
