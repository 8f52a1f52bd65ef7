"""Where a task stands in the 督查督办 cycle (`progress.tasks.phase`) and the colour that follows.

One fixed day; each case is (latest counted report's state, kind, review, 销号) → phase, and
whether the 三色 colour still applies to a task 10 days past its deadline."""

from __future__ import annotations

from datetime import date

import pytest

from planwatch.progress.tasks import escalation, phase

AS_OF = date(2026, 12, 1)
DEADLINE = date(2026, 11, 21)  # 10 days late on AS_OF: yellow unless done

CASES = [
    # state, kind, review, closed, phase label, colour
    (None, None, None, False, "办理中", "yellow"),
    ("未开始", "progress", "pending", False, "办理中", "yellow"),
    ("推进中", "progress", "accepted", False, "办理中", "yellow"),
    ("已完成", "progress", "pending", False, "已办结", None),  # the command line's 已完成, as before the cycle
    ("已完成", "completion", "pending", False, "办结待审", "yellow"),  # not done until accepted
    ("已完成", "completion", "accepted", False, "已办结", None),
    ("推进中", "progress", "accepted", True, "已销号", None),
    ("已完成", "completion", "accepted", True, "已销号", None),
]


@pytest.mark.parametrize(("state", "kind", "review", "closed", "label", "colour"), CASES)
def test_phase_and_its_colour(state: str | None, kind: str | None, review: str | None, closed: bool, label: str,
                              colour: str | None) -> None:
    where = phase(state, kind=kind, review=review, closed=closed)
    assert where.label == label
    assert escalation(DEADLINE, where.state, as_of=AS_OF).colour == colour
    assert where.done is (colour is None)


def test_an_awaiting_completion_still_goes_red_after_thirty_days() -> None:
    where = phase("已完成", kind="completion", review="pending")
    assert escalation(date(2026, 10, 1), where.state, as_of=AS_OF).colour == "red"
