"""Reporting periods: every accepted spelling, positions at the period end, and refusals."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.errors import ValidationError
from planwatch.progress.periods import Period, parse_period, period_of_year, position

SPELLINGS = {
    "2019": Period(date(2019, 1, 1), date(2019, 12, 31), "year"),
    "2019年": Period(date(2019, 1, 1), date(2019, 12, 31), "year"),
    "2019-09": Period(date(2019, 9, 1), date(2019, 9, 30), "month"),
    "2019-9": Period(date(2019, 9, 1), date(2019, 9, 30), "month"),
    "2019年9月": Period(date(2019, 9, 1), date(2019, 9, 30), "month"),
    "2020-02": Period(date(2020, 2, 1), date(2020, 2, 29), "month"),
    "2019-Q3": Period(date(2019, 7, 1), date(2019, 9, 30), "quarter"),
    "2019q4": Period(date(2019, 10, 1), date(2019, 12, 31), "quarter"),
    "2019年三季度": Period(date(2019, 7, 1), date(2019, 9, 30), "quarter"),
    "2019年第一季度": Period(date(2019, 1, 1), date(2019, 3, 31), "quarter"),
    "2020H1": Period(date(2020, 1, 1), date(2020, 6, 30), "half"),
    "2020-H2": Period(date(2020, 7, 1), date(2020, 12, 31), "half"),
    "2020年上半年": Period(date(2020, 1, 1), date(2020, 6, 30), "half"),
    "2019年1-9月": Period(date(2019, 1, 1), date(2019, 9, 30), "ytd"),
    " 2019-Q3 ": Period(date(2019, 7, 1), date(2019, 9, 30), "quarter"),
}
NEGATIVE = ["", "19", "2019-13", "2019-Q5", "2019H3", "二〇一九年", "2019-09-30", "Q3 2019", "2019年13月"]


@pytest.mark.parametrize(("text", "want"), SPELLINGS.items())
def test_spellings(text: str, want: Period) -> None:
    assert parse_period(text) == want


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_period(text: str) -> None:
    with pytest.raises(ValidationError, match="period"):
        parse_period(text)


def test_positions_are_period_ends_in_twelfths() -> None:
    assert parse_period("2019").position == 2019.0
    assert parse_period("2019-12").position == 2019.0  # December and the year sit together
    assert parse_period("2019-Q1").position == 2018.25
    assert parse_period("2020H1").position == 2019.5
    assert parse_period("2019年1-9月").months == 9 and parse_period("2019-Q3").months == 3
    assert period_of_year(2020).position == 2020.0


def test_position_grows_day_by_day() -> None:
    days = [date(2019, 12, 30), date(2019, 12, 31), date(2020, 1, 1), date(2020, 2, 28), date(2020, 2, 29),
            date(2020, 3, 1)]
    positions = [position(d) for d in days]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
