"""Task deadlines with their history: set by a person from a day on, or derived from the text.

Every deadline is a row of `task_deadlines` (deadline, effective from, derived, note); the
one in force on a day is the latest row effective on or before it (effective from None: since
the start, and a person's row beats a derived one from the same day). `tasks.deadline` and
`tasks.deadline_derived` hold the latest schedule, so listings without a day asked about and
old readers see it directly.

`derive_deadlines` gives each task of a published version without a person-set deadline one
read from its text (`planwatch.progress.deadlines`), marked derived; a person's deadline is
never overwritten, and a derived one follows the text when a new version changed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError
from planwatch.model import Plan
from planwatch.progress.deadlines import default_deadline
from planwatch.store import audit
from planwatch.store.work_tables import Task, TaskDeadline


@dataclass(frozen=True)
class InForce:
    """The deadline of a task on a day, and whether it was derived rather than set."""

    deadline: date | None
    derived: bool


class Scheduled(Protocol):
    """What the deadline in force needs of a task: a `Task`, or its columns (`TaskRef`)."""

    @property
    def id(self) -> int: ...
    @property
    def deadline(self) -> date | None: ...
    @property
    def deadline_derived(self) -> bool: ...


def _order(row: TaskDeadline) -> tuple[date, int, int]:
    return (row.effective_from or date.min, 0 if row.derived else 1, row.id or 0)


def _history(session: Session, task_ids: Sequence[int]) -> dict[int, list[TaskDeadline]]:
    out: dict[int, list[TaskDeadline]] = {}
    if task_ids:
        for row in session.scalars(select(TaskDeadline).where(TaskDeadline.task_id.in_(list(task_ids)))):
            out.setdefault(row.task_id, []).append(row)
    for rows in out.values():
        rows.sort(key=_order)
    return out


def deadlines_in_force(session: Session, tasks: Iterable[Scheduled], *, as_of: date) -> dict[int, InForce]:
    """Each task's deadline in force on `as_of`; a task without history keeps `tasks.deadline`."""
    tasks = list(tasks)
    history = _history(session, [t.id for t in tasks])
    out: dict[int, InForce] = {}
    for task in tasks:
        rows = [r for r in history.get(task.id, []) if r.effective_from is None or r.effective_from <= as_of]
        if task.id not in history:
            out[task.id] = InForce(task.deadline, bool(task.deadline_derived))
        else:
            out[task.id] = InForce(rows[-1].deadline, rows[-1].derived) if rows else InForce(None, False)
    return out


def _sync_current(session: Session, task: Task) -> None:
    """tasks.deadline / deadline_derived: the latest schedule of the task's history."""
    rows = _history(session, [task.id]).get(task.id, [])
    if rows:
        task.deadline, task.deadline_derived = rows[-1].deadline, rows[-1].derived


def set_deadline(
    session: Session, *, task_id: int, deadline: date | None, effective_from: date | None = None,
    note: str | None = None,
) -> Task:
    """A person sets (or moves, 延期) a task's deadline from `effective_from` on (None: since
    the start). The history keeps every earlier one, so `tasks --as-of` shows what was due then."""
    task = session.scalars(select(Task).where(Task.id == task_id).with_for_update()).one_or_none()
    if task is None:
        raise NotFoundError(f"task {task_id}: no such task (see `planwatch tasks`)")
    before = audit.row_dict(task, exclude=("quote",))
    row = TaskDeadline(task_id=task.id, deadline=deadline, effective_from=effective_from, derived=False, note=note)
    session.add(row)
    session.flush()
    _sync_current(session, task)
    session.flush()
    audit.record(session, entity="tasks", entity_id=task.id, action="set_deadline", before=before,
                 after={**audit.row_dict(task, exclude=("quote",)), "effective_from": audit.jsonable(effective_from),
                        "note": note})
    return task


def _issued(plan: Plan) -> date | None:
    try:
        return date.fromisoformat(plan.meta.issue_date) if plan.meta.issue_date else None
    except ValueError:
        return None


def derive_deadlines(session: Session, *, version_id: int, plan: Plan) -> int:
    """Give every task of the version without a person-set deadline the default its text
    implies (else the plan's horizon), as a derived deadline in force since the start.
    A derived deadline already there follows the text; a person's is left alone. Returns
    how many tasks got or changed a derived deadline."""
    tasks = list(session.scalars(select(Task).where(Task.plan_version_id == version_id, Task.retired_at.is_(None))))
    history = _history(session, [t.id for t in tasks])
    changed = 0
    for task in tasks:
        rows = history.get(task.id, [])
        if any(not r.derived for r in rows) or (not rows and task.deadline is not None and not task.deadline_derived):
            continue  # a person set it (before the history existed, too)
        found = default_deadline(" ".join(filter(None, (task.title, task.quote))), issued=_issued(plan),
                                 horizon=plan.meta.horizon)
        if found is None:
            continue
        derived = next((r for r in reversed(rows) if r.derived), None)
        if derived is not None and derived.deadline == found.day:
            continue
        if derived is None:
            derived = TaskDeadline(task_id=task.id, effective_from=None, derived=True)
            session.add(derived)
        derived.deadline, derived.note = found.day, found.note
        task.deadline, task.deadline_derived = found.day, True
        changed += 1
    session.flush()
    if changed:
        audit.record(session, entity="plan_versions", entity_id=version_id, action="derive_deadlines",
                     after={"tasks": changed})
    return changed
