"""督查督办: the tasks of published plans, their progress updates and escalation colours.

A task's state is its latest update on or before the day asked about (未开始 when there is
none), and its deadline the one in force that day (`services.deadlines`), so a listing "as
of" a past day shows what was known and due then. An update is refused when it contradicts
itself (未开始 at 20%, 已完成 at 60%, 推进中 at 100%) or comes from a department that is
neither one of the task's units nor a planning office of the plan's region (`may_report`).
Updates lock their task row, so concurrent reporters queue instead of interleaving; every
change is audited.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.progress.escalation import escalation
from planwatch.progress.tasks import phase
from planwatch.services.deadlines import InForce, deadlines_in_force, set_deadline
from planwatch.services.departments import find_department, resolve_department
from planwatch.store import audit
from planwatch.store.tables import Department, Plan, PlanVersion, Region
from planwatch.store.work_tables import TASK_STATES, Task, TaskUnit, TaskUpdate

NOT_STARTED, IN_PROGRESS, DONE = TASK_STATES
# Who plans and supervises a region's plans: its 发展改革委, its 经济和信息化 / 工业和信息化
# body and its 人民政府办公厅/办公室 (督查室 is part of it). They may report on any of its tasks.
PLANNING_OFFICES = frozenset({"发展改革", "工业信息化", "政府办公厅"})
__all__ = ["TaskRow", "Unit", "add_task_update", "list_tasks", "may_report", "set_deadline"]


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
    deadline_derived: bool
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


class TaskRef(NamedTuple):
    """A task's columns for a listing, without an ORM object: a province's dashboard lists
    a thousand tasks, and building their ORM objects was half of its cold computation."""

    id: int
    plan_version_id: int
    position: int
    title: str | None
    quote: str | None
    deadline: date | None
    deadline_derived: bool
    closed_at: datetime | None


_TASK_REF = select(Task.id, Task.plan_version_id, Task.position, Task.title, Task.quote, Task.deadline,
                   Task.deadline_derived, Task.closed_at)


def _title(task: Task | TaskRef) -> str:
    text = task.title or task.quote or f"task {task.id}"
    return text if len(text) <= 60 else text[:59] + "…"


CHUNK = 2000  # ids per IN (…) list: well under SQLite's and PostgreSQL's parameter limits


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _latest_updates(session: Session, task_ids: Sequence[int], as_of: date) -> dict[int, TaskUpdate]:
    """Each task's latest update on or before `as_of` (by date, then entry order) that was
    not returned (退回), in one query per chunk of tasks instead of one per task."""
    out: dict[int, TaskUpdate] = {}
    for chunk in _chunks(task_ids):
        query = (select(TaskUpdate).where(TaskUpdate.task_id.in_(chunk), TaskUpdate.on_date <= as_of,
                                          TaskUpdate.review != "returned")
                 .order_by(TaskUpdate.task_id, TaskUpdate.on_date, TaskUpdate.id))
        for update in session.scalars(query):
            out[update.task_id] = update  # ordered: the last one wins
    return out


class UnitRef(NamedTuple):
    """A task unit's columns, without an ORM object (a dashboard reads thousands)."""

    task_id: int
    role: str
    raw_name: str
    department_id: int | None


def _units_of(session: Session, task_ids: Sequence[int]) -> tuple[dict[int, list[UnitRef]], dict[int, str]]:
    """Units per task (in order) and the names of the departments they resolve to."""
    units: dict[int, list[UnitRef]] = {}
    columns = select(TaskUnit.task_id, TaskUnit.role, TaskUnit.raw_name, TaskUnit.department_id)
    for chunk in _chunks(task_ids):
        for row in session.execute(columns.where(TaskUnit.task_id.in_(chunk))
                                   .order_by(TaskUnit.task_id, TaskUnit.position, TaskUnit.id)):
            units.setdefault(row[0], []).append(UnitRef(*row))
    dept_ids = sorted({u.department_id for us in units.values() for u in us if u.department_id})
    names: dict[int, str] = {}
    for chunk in _chunks(dept_ids):
        names.update(session.execute(select(Department.id, Department.name).where(Department.id.in_(chunk))).all())
    return units, names


def _units(session: Session, task_id: int) -> list[UnitRef]:
    return _units_of(session, [task_id])[0].get(task_id, [])


def _task_row(plan: Plan, task: TaskRef, as_of: date, due: InForce, units: list[UnitRef], names: dict[int, str],
              latest: TaskUpdate | None) -> TaskRow:
    pick = {role: [Unit(u.raw_name, names.get(u.department_id or -1)) for u in units if u.role == role]
            for role in ("lead", "support")}
    state = latest.state if latest else NOT_STARTED
    where = phase(state, kind=latest.kind if latest else None, review=latest.review if latest else None,
                  closed=task.closed_at is not None)  # a 办结 report counts once accepted (services.duban)
    esc = escalation(due.deadline, where.state, as_of=as_of)
    return TaskRow(plan=plan.key, task_id=task.id, title=_title(task), lead=pick["lead"], support=pick["support"],
                   deadline=due.deadline, deadline_derived=due.derived and due.deadline is not None,
                   update_date=latest.on_date if latest else None, state=state,
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
    session: Session, *, as_of: date, plan: str | None = None, department: str | None = None, overdue: bool = False,
    plan_keys: Collection[str] | None = None,
) -> list[TaskRow]:
    """The tasks of the current versions of published plans, with their state and the
    deadline in force as of `as_of` (derived ones marked).

    `department` keeps tasks naming it as lead or support, as written or as resolved;
    `overdue` keeps tasks past their deadline and not done (yellow and red); `plan_keys`
    keeps the tasks of those plans (a dashboard's scope). Every plan's tasks, units and
    latest updates come in a few queries, whatever the number of tasks.
    """
    plans = {p.current_version_id: p for p in _published_plans(session, plan)
             if plan_keys is None or p.key in plan_keys}
    if not plans:
        return []
    tasks = [TaskRef(*row) for row in session.execute(
        _TASK_REF.where(Task.plan_version_id.in_(list(plans)), Task.retired_at.is_(None)))]
    order = {version_id: n for n, version_id in enumerate(plans)}
    tasks.sort(key=lambda t: (order[t.plan_version_id], t.position, t.id))
    ids = [t.id for t in tasks]
    due = deadlines_in_force(session, tasks, as_of=as_of)
    units, names = _units_of(session, ids)
    latest = _latest_updates(session, ids, as_of)
    out: list[TaskRow] = []
    for task in tasks:
        p = plans[task.plan_version_id]
        row = _task_row(p, task, as_of, due[task.id], units.get(task.id, []), names, latest.get(task.id))
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


def _check_update(task: Task, state: str, percent: float | None) -> None:
    """Every problem of the report at once: the state, the percent, and the two together."""
    problems = []
    if state not in TASK_STATES:
        problems.append(f"state {state!r}: expected one of {', '.join(TASK_STATES)}")
    if percent is not None and not 0 <= percent <= 100:
        problems.append(f"percent {percent:g}: expected 0 to 100")
    elif percent is not None and state == NOT_STARTED and percent > 0:
        problems.append(f"percent {percent:g} with state {NOT_STARTED}: a task not started is at 0 "
                        f"(record {IN_PROGRESS})")
    elif percent is not None and state == DONE and percent != 100:
        problems.append(f"percent {percent:g} with state {DONE}: a finished task is at 100 "
                        f"(record {IN_PROGRESS}, or leave the percent out)")
    elif percent == 100 and state == IN_PROGRESS:
        problems.append(f"percent 100 with state {IN_PROGRESS}: record {DONE}")
    if problems:
        raise ValidationError(f"task {task.id} 《{_title(task)}》 update", problems)


def _plan_region(session: Session, task: Task) -> int | None:
    return session.scalar(select(Plan.region_id).join(PlanVersion, PlanVersion.plan_id == Plan.id)
                          .where(PlanVersion.id == task.plan_version_id))


def may_report(session: Session, *, task_id: int, department: Department | None, written: str | None = None) -> bool:
    """Whether `department` may report on the task: one of its lead or support units (as
    written or as resolved), or a planning office (`PLANNING_OFFICES`) of the plan's region.
    No department means a planner of the plan's region entered the report: allowed."""
    if department is None:
        return True
    units = _units(session, task_id)
    names = {u.raw_name for u in units}
    if department.id in {u.department_id for u in units} or (written in names) or department.name in names:
        return True
    task = session.get(Task, task_id)
    region = _plan_region(session, task) if task is not None else None
    return department.standard in PLANNING_OFFICES and department.region_id == region and region is not None


def _reporter(session: Session, task: Task, department: str) -> Department:
    """The reporting department, resolved in the plan's region; refused when unknown, when
    it is a unit of the task nobody registered yet (so every report names a department), and
    when it may not report on the task."""
    region_id = _plan_region(session, task)
    dept = resolve_department(session, name=department, region_id=region_id)
    source = f"task {task.id} 《{_title(task)}》 update"
    if dept is None and department in {u.raw_name for u in _units(session, task.id)}:
        raise ValidationError(source, [f"department {department!r}: a unit of the task but not registered; "
                                       "add it first (`planwatch department-add`)"])
    if dept is None:
        raise ValidationError(source, [f"department {department!r}: not a known department of the plan's region"])
    if not may_report(session, task_id=task.id, department=dept, written=department):
        region = session.get(Region, region_id) if region_id is not None else None
        raise ValidationError(source, [
            f"department {department!r} ({dept.name}): not a lead or support unit of the task, nor a "
            f"planning office of {region.name if region else 'the plan region'}; it may not report on it"])
    return dept


def add_task_update(
    session: Session, *, task_id: int, on_date: date, state: str, department: str | None = None,
    text: str | None = None, percent: float | None = None, actor: str | None = None,
) -> TaskUpdate:
    """Record a progress report on a task; everything is checked before anything is written.

    `department` is resolved in the plan's region like the plan's own units and must be one
    who may report on the task (`may_report`); 已完成 without a percent is stored at 100.
    `actor` overrides the store's acting user in the audit row (a clerk entering a report).
    """
    task = _task_for_update(session, task_id)
    _check_update(task, state, percent)
    dept = _reporter(session, task, department) if department else None
    if state == DONE and percent is None:
        percent = 100.0
    update = TaskUpdate(task_id=task.id, on_date=on_date, department_id=dept.id if dept else None,
                        text=text or None, percent=percent, state=state)
    session.add(update)
    session.flush()
    entry = audit.record(session, entity="task_updates", entity_id=update.id, action="create",
                         after=audit.row_dict(update))
    if actor:
        entry.actor = actor
    return update
