"""督查督办 escalation colours for a task with a deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DONE = "已完成"
BLUE_WITHIN_DAYS = 7
YELLOW_UP_TO_DAYS = 30


@dataclass(frozen=True)
class Escalation:
    colour: str | None  # blue 即将到期 / yellow 逾期 / red 严重逾期 / None
    overdue: bool
    days: int | None  # days overdue (positive) or left (negative)


def escalation(deadline: date | None, state: str, *, as_of: date) -> Escalation:
    """Blue when due within 7 days, yellow when overdue up to 30 days, red beyond; none
    when the task is done or has no deadline.

    >>> escalation(date(2019, 3, 31), "推进中", as_of=date(2019, 3, 28)).colour
    'blue'
    >>> escalation(date(2019, 3, 31), "推进中", as_of=date(2019, 4, 30)).colour
    'yellow'
    >>> escalation(date(2019, 3, 31), "未开始", as_of=date(2019, 5, 1)).colour
    'red'
    >>> escalation(date(2019, 3, 31), "已完成", as_of=date(2019, 5, 1)).colour is None
    True
    """
    if deadline is None or state == DONE:
        return Escalation(None, False, None)
    late = (as_of - deadline).days
    if late > YELLOW_UP_TO_DAYS:
        return Escalation("red", True, late)
    if late > 0:
        return Escalation("yellow", True, late)
    return Escalation("blue" if -late <= BLUE_WITHIN_DAYS else None, False, late)
