"""督查督办: how urgent a supervised task is, from its deadline, its state and `as_of`.

Colours, in the order they are checked:

* none — the task is done (state 已完成/办结/…), or it has no deadline;
* ``red`` 严重逾期 — more than 30 days past the deadline;
* ``yellow`` 逾期 — 1 to 30 days past the deadline;
* ``blue`` 即将到期 — due today or within the next 7 days;
* none — due later than that.

The deadline day itself is not overdue: a task due on 3月31日 is late from 4月1日.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DONE_STATES = frozenset({"已完成", "完成", "已办结", "办结", "已销号", "销号", "done", "completed", "closed"})
BLUE_WITHIN_DAYS = 7
YELLOW_UP_TO_DAYS = 30
COLOUR_LABELS = {"blue": "即将到期", "yellow": "逾期", "red": "严重逾期"}


@dataclass(frozen=True)
class Escalation:
    colour: str | None  # blue / yellow / red / None
    overdue: bool
    days: int | None  # days past the deadline: positive overdue, 0 due today, negative left

    @property
    def label(self) -> str:
        """Chinese label of the colour ('' when none)."""
        return COLOUR_LABELS.get(self.colour or "", "")

    @property
    def days_overdue(self) -> int:
        return max(self.days or 0, 0)


def is_done(state: str | None) -> bool:
    """Whether a task state means finished.

    >>> is_done("已完成"), is_done(" Done "), is_done("推进中"), is_done(None)
    (True, True, False, False)
    """
    return (state or "").strip().lower() in DONE_STATES


def escalation(
    deadline: date | None,
    state: str | None,
    *,
    as_of: date,
    blue_within: int = BLUE_WITHIN_DAYS,
    yellow_up_to: int = YELLOW_UP_TO_DAYS,
) -> Escalation:
    """Escalation colour of one task as of a day.

    >>> escalation(date(2019, 3, 31), "推进中", as_of=date(2019, 3, 28))
    Escalation(colour='blue', overdue=False, days=-3)
    >>> escalation(date(2019, 3, 31), "推进中", as_of=date(2019, 4, 30)).colour
    'yellow'
    >>> escalation(date(2019, 3, 31), "未开始", as_of=date(2019, 5, 1))
    Escalation(colour='red', overdue=True, days=31)
    >>> escalation(date(2019, 3, 31), "已完成", as_of=date(2019, 5, 1)).colour is None
    True
    """
    if deadline is None or is_done(state):
        return Escalation(None, False, None)
    late = (as_of - deadline).days
    if late > yellow_up_to:
        return Escalation("red", True, late)
    if late > 0:
        return Escalation("yellow", True, late)
    return Escalation("blue" if -late <= blue_within else None, False, late)


# --- the 督查督办 cycle: where a task stands, from its latest report and its 销号 -----------------

IN_HAND, AWAITING_REVIEW, COMPLETED, CLOSED = "办理中", "办结待审", "已办结", "已销号"


@dataclass(frozen=True)
class Phase:
    """Where a task stands in the cycle, and the state its colour is computed from."""

    label: str  # 办理中 / 办结待审 / 已办结 / 已销号
    state: str  # 未开始 / 推进中 / 已完成: what `escalation` is given

    @property
    def done(self) -> bool:
        return is_done(self.state)


def phase(state: str | None, *, kind: str | None = None, review: str | None = None, closed: bool = False) -> Phase:
    """The phase of a task from its latest report that was not returned (退回), and 销号.

    A 办结 report (kind ``completion``) finishes the task only once accepted: while it awaits
    review the task is still in hand and keeps its colour. A plain progress report saying
    已完成 (entered from the command line) finishes it at once, as before the cycle existed.

    >>> phase(None)
    Phase(label='办理中', state='未开始')
    >>> phase("已完成", kind="completion", review="pending")
    Phase(label='办结待审', state='推进中')
    >>> phase("已完成", kind="completion", review="accepted").done
    True
    >>> phase("推进中", closed=True).label
    '已销号'
    """
    if closed:
        return Phase(CLOSED, "已完成")
    if kind == "completion":
        return Phase(COMPLETED, "已完成") if review == "accepted" else Phase(AWAITING_REVIEW, "推进中")
    state = state or "未开始"
    return Phase(COMPLETED if is_done(state) else IN_HAND, state)
