"""When figures are due and where the pace is measured (`progress.timing`), and the setting
that says how late statistics come (`PLANWATCH_DATA_LAG_MONTHS`)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.config import Settings
from planwatch.errors import ValidationError
from planwatch.progress.periods import position
from planwatch.progress.status import Point, TargetSpec, evaluate
from planwatch.progress.timing import DATA_LAG_MONTHS, due_date, due_position, measured_at


def test_the_setting_defaults_to_the_maths_default_and_reads_the_environment() -> None:
    assert Settings().data_lag_months == DATA_LAG_MONTHS == Settings.from_env({}).data_lag_months
    assert Settings.from_env({"PLANWATCH_DATA_LAG_MONTHS": "6"}).data_lag_months == 6
    for bad in ("-1", "three", "25", "2.5"):
        with pytest.raises(ValidationError, match="PLANWATCH_DATA_LAG_MONTHS"):
            Settings.from_env({"PLANWATCH_DATA_LAG_MONTHS": bad})


@pytest.mark.parametrize("lag", range(0, 25))
def test_the_due_day_sits_at_the_due_position(lag: int) -> None:
    day = due_date(2023, lag)
    assert position(day) == pytest.approx(due_position(2023, lag))
    assert (day + timedelta(days=1)).day == 1  # the last day of a month


@settings(max_examples=300, deadline=None)
@given(year=st.integers(2015, 2030), lag=st.integers(0, 24), days=st.integers(1, 900))
def test_missed_only_once_the_figure_is_due(year: int, lag: int, days: int) -> None:
    """Past the target year with only older figures: awaiting before the due day, missed from it."""
    as_of = date(year, 12, 31) + timedelta(days=days)
    got = evaluate(TargetSpec(200, year, baseline=Point(year - 5.0, 100)), [Point(year - 1.0, 150)], as_of=as_of,
                   lag_months=lag)
    assert got.status == ("missed" if as_of >= due_date(year, lag) else "awaiting")


@settings(max_examples=300, deadline=None)
@given(now=st.floats(2010, 2030), latest=st.none() | st.floats(2005, 2030), lag=st.integers(0, 24),
       cumulative=st.booleans())
def test_the_measure_point_is_never_before_the_latest_figure_nor_after_as_of(
        now: float, latest: float | None, lag: int, cumulative: bool) -> None:
    at = measured_at(now, lag, latest=latest, cumulative=cumulative)
    assert latest is None or at >= latest
    assert at <= max(now, latest if latest is not None else now) + 1e-9
