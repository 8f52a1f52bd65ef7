"""Decomposition and roll-up."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.progress.decompose import check_parts, roll_up, split


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
