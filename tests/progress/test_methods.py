"""The three pace indices and their grading, on properties the docs promise."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.progress.methods import cagr, cagr_ratio, elapsed_index, escap_index, grade

positive = st.floats(min_value=1e-3, max_value=1e6)


@given(a=positive, rate=st.floats(min_value=-0.5, max_value=1.0), years=st.floats(min_value=0.25, max_value=30))
def test_cagr_recovers_the_rate(a: float, rate: float, years: float) -> None:
    got = cagr(a, a * (1 + rate) ** years, years)
    assert got is not None and got == pytest.approx(rate, abs=1e-9)


@given(y0=positive, yt=positive, years=st.floats(min_value=0.5, max_value=20))
def test_exactly_on_the_needed_path_is_one(y0: float, yt: float, years: float) -> None:
    """Half-way in time on the compound path to the target gives P = 1 (when a change is needed)."""
    if abs(yt / y0 - 1) < 1e-6:
        return
    yc = y0 * (yt / y0) ** 0.5
    p, _ = cagr_ratio(y0, yc, yt, t0=0, tc=years / 2, t=years, d=1 if yt > y0 else -1)
    assert p == pytest.approx(1.0, rel=1e-6)


def test_cagr_undefined_cases_say_why() -> None:
    assert cagr_ratio(-1, 5, 10, t0=0, tc=1, t=5, d=1) == (None, "zero or negative values")
    assert cagr_ratio(1, 5, 10, t0=1, tc=1, t=5, d=1) == (None, "no time between baseline and latest figure")
    assert cagr_ratio(10, 5, 10, t0=0, tc=1, t=5, d=1) == (None, "target equals the baseline")
    assert cagr(1e-300, 1e300, 0.001) is None  # beyond floats, not an OverflowError


def test_escap_is_one_on_the_straight_line() -> None:
    index, _ = escap_index(100, 130, 200, t0=2015, tc=2016.5, t=2020, d=1)
    assert index == pytest.approx(1.0)
    assert escap_index(100, 90, 100, t0=2015, tc=2017, t=2020, d=1) == (-1.0, "target equals the baseline")
    assert escap_index(100, 90, 200, t0=2015, tc=2015, t=2020, d=1)[0] is None


def test_elapsed_index_of_a_ceiling_with_nothing_used_is_on_track() -> None:
    index, _ = elapsed_index(0, 100, 0.5, d=-1)
    assert index is not None and math.isinf(index) and grade(index) == "on_track"


@given(st.floats(allow_nan=False))
def test_grade_is_monotone(x: float) -> None:
    order = ["deterioration", "limited", "moderate", "on_track"]
    assert order.index(grade(x)) <= order.index(grade(x + 0.1 if math.isfinite(x + 0.1) else x))
