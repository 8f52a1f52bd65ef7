"""督查督办 escalation colours at each boundary (deadline 2019-03-31)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planwatch.progress.tasks import escalation, is_done

DEADLINE = date(2019, 3, 31)
BOUNDARIES = [  # days after the deadline → colour, overdue
    (-30, None, False),
    (-8, None, False),
    (-7, "blue", False),
    (-1, "blue", False),
    (0, "blue", False),  # due today: not yet late
    (1, "yellow", True),
    (30, "yellow", True),
    (31, "red", True),
    (400, "red", True),
]


@pytest.mark.parametrize(("days", "colour", "overdue"), BOUNDARIES)
def test_colour_boundaries(days: int, colour: str | None, overdue: bool) -> None:
    got = escalation(DEADLINE, "推进中", as_of=DEADLINE + timedelta(days=days))
    assert (got.colour, got.overdue, got.days) == (colour, overdue, days)
    assert got.days_overdue == max(days, 0)


@pytest.mark.parametrize("state", ["已完成", "办结", "已销号", "done", " Completed "])
def test_done_tasks_are_never_coloured(state: str) -> None:
    got = escalation(DEADLINE, state, as_of=date(2020, 1, 1))
    assert (got.colour, got.overdue, got.days) == (None, False, None)


def test_no_deadline_no_colour() -> None:
    assert escalation(None, "推进中", as_of=DEADLINE).colour is None


def test_thresholds_are_parameters_and_labels_are_chinese() -> None:
    got = escalation(DEADLINE, None, as_of=DEADLINE + timedelta(days=10), yellow_up_to=7)
    assert (got.colour, got.label) == ("red", "严重逾期")
    assert escalation(DEADLINE, "未开始", as_of=DEADLINE - timedelta(days=10), blue_within=14).label == "即将到期"
    assert not is_done("推进中") and is_done("已完成")
