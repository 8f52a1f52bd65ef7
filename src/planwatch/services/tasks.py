"""督查督办: the tasks of published plans, their progress updates and escalation colours.

A task's state is its latest update on or before the day asked about (未开始 when there is
none), so a listing "as of" a past day shows what was known then. Updates lock their task
row, so concurrent reporters queue instead of interleaving; every change is audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.progress.escalation import escalation
from planwatch.services.departments import find_department, resolve_department
from planwatch.store import audit
from planwatch.store.tables import Department, Plan, PlanVersion
from planwatch.store.work_tables import TASK_STATES, Task, TaskUnit, TaskUpdate

NOT_STARTED = TASK_STATES[0]


@dataclass(frozen=True)
class Unit:
    """A lead or support unit: the name as the plan wrote it, and the department it resolved to."""

    raw_name: str
    department: str | None


@dataclass(frozen=True)
class TaskRow:
    """One line of `planwatch tasks`."""

    plan: str
    task_id: int
    title: str
    lead: list[Unit]
    support: list[Unit]
    deadline: date | None
    update_date: date | None
    state: str
    percent: float | None
    text: str | None
    colour: str | None
    overdue: bool
    days: int | None
    department_ids: list[int] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, internal ids dropped."""
        out = asdict(self)
        out.pop("department_ids")
        return {k: audit.jsonable(v) for k, v in out.items()}


def _title(task: Task) -> str:
    text = task.title or task.quote or f"task {task.id}"
    return text if len(text) <= 60 else text[:59] + "…"


def _latest_update(session: Session, task_id: int, as_of: date) -> TaskUpdate | None:
    query = (select(TaskUpdate).where(TaskUpdate.task_id == task_id, TaskUpdate.on_date <= as_of)
             .order_by(TaskUpdate.on_date.desc(), TaskUpdate.id.desc()).limit(1))
    return session.scalars(query).one_or_none()


def _units(session: Session, task_id: int) -> list[TaskUnit]:
    return list(session.scalars(select(TaskUnit).where(TaskUnit.task_id == task_id).order_by(TaskUnit.position)))


def _task_row(session: Session, plan: Plan, task: Task, as_of: date) -> TaskRow:
    units = _units(session, task.id)
    names = {d.id: d.name for d in session.scalars(select(Department).where(
        Department.id.in_([u.department_id for u in units if u.department_id])))}
    pick = {role: [Unit(u.raw_name, names.get(u.department_id or -1)) for u in units if u.role == role]
            for role in ("lead", "support")}
    latest = _latest_update(session, task.id, as_of)
    state = latest.state if latest else NOT_STARTED
    esc = escalation(task.deadline, state, as_of=as_of)
    return TaskRow(plan=plan.key, task_id=task.id, title=_title(task), lead=pick["lead"], support=pick["support"],
                   deadline=task.deadline, update_date=latest.on_date if latest else None, state=state,
                   percent=latest.percent if latest else None, text=latest.text if latest else None,
                   colour=esc.colour, overdue=esc.overdue, days=esc.days,
                   department_ids=[u.department_id for u in units if u.department_id])


def _published_plans(session: Session, key: str | None) -> list[Plan]:
    query = select(Plan).where(Plan.current_version_id.is_not(None)).order_by(Plan.key)
    plans = list(session.scalars(query if key is None else query.where(Plan.key == key)))
    if key is not None and not plans:
        raise NotFoundError(f"plan {key!r}: no such published plan (see `planwatch plans`)")
    return plans


def _names_department(session: Session, row: TaskRow, plan: Plan, name: str) -> bool:
    if any(name in (u.raw_name, u.department) for u in (*row.lead, *row.support)):
        return True
    dept = find_department(session, name=name, region_id=plan.region_id)
    return dept is not None and dept.id in row.department_ids


def list_tasks(
    session: Session, *, as_of: date, plan: str | None = None, department: str | None = None, overdue: bool = False
) -> list[TaskRow]:
    """The tasks of the current versions of published plans, with their state as of `as_of`.

    `department` keeps tasks naming it as lead or support, as written or as resolved;
    `overdue` keeps tasks past their deadline and not done (yellow and red).
    """
    out: list[TaskRow] = []
    for p in _published_plans(session, plan):
        tasks = session.scalars(select(Task).where(Task.plan_version_id == p.current_version_id)
                                .order_by(Task.position, Task.id))
        for task in tasks:
            row = _task_row(session, p, task, as_of)
            if overdue and not row.overdue:
                continue
            if department and not _names_department(session, row, p, department):
                continue
            out.append(row)
    return out


def _task_for_update(session: Session, task_id: int) -> Task:
    task = session.scalars(select(Task).where(Task.id == task_id).with_for_update()).one_or_none()
    if task is None:
        raise NotFoundError(f"task {task_id}: no such task (see `planwatch tasks`)")
    return task


def _check_update(task_id: int, state: str, percent: float | None) -> None:
    problems = []
    if state not in TASK_STATES:
        problems.append(f"state {state!r}: expected one of {', '.join(TASK_STATES)}")
    if percent is not None and not 0 <= percent <= 100:
        problems.append(f"percent {percent:g}: expected 0 to 100")
    if problems:
        raise ValidationError(f"task {task_id} update", problems)


def _plan_region(session: Session, task: Task) -> int | None:
    return session.scalar(select(Plan.region_id).join(PlanVersion, PlanVersion.plan_id == Plan.id)
                          .where(PlanVersion.id == task.plan_version_id))


def add_task_update(
    session: Session, *, task_id: int, on_date: date, state: str, department: str | None = None,
    text: str | None = None, percent: float | None = None, actor: str | None = None,
) -> TaskUpdate:
    """Record a progress report on a task; everything is checked before anything is written.

    `department` is resolved in the plan's region like the plan's own units (a known body is
    registered on first mention); a name that resolves to nothing is an error naming it.
    `actor` overrides the store's acting user in the audit row (a clerk entering a report).
    """
    _check_update(task_id, state, percent)
    task = _task_for_update(session, task_id)
    dept = None
    if department:
        dept = resolve_department(session, name=department, region_id=_plan_region(session, task))
        if dept is None:
            raise ValidationError(f"task {task_id} update", [
                f"department {department!r}: not a known department of the plan's region"])
    update = TaskUpdate(task_id=task.id, on_date=on_date, department_id=dept.id if dept else None,
                        text=text or None, percent=percent, state=state)
    session.add(update)
    session.flush()
    entry = audit.record(session, entity="task_updates", entity_id=update.id, action="create",
                         after=audit.row_dict(update))
    if actor:
        entry.actor = actor
    return update


def set_deadline(session: Session, *, task_id: int, deadline: date | None) -> Task:
    """Give a task its deadline (plans rarely state one per task; 督查 offices set them)."""
    task = _task_for_update(session, task_id)
    before = audit.row_dict(task, exclude=("quote",))
    task.deadline = deadline
    session.flush()
    audit.record(session, entity="tasks", entity_id=task.id, action="set_deadline", before=before,
                 after=audit.row_dict(task, exclude=("quote",)))
    return task
