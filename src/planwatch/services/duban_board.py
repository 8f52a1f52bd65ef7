"""督查督办 board: the tasks a user may see, each with its units, the deadline in force, its
latest report, its phase in the cycle and its 三色 colour, as of a day.

Built for a province-sized database: the tasks and their latest counted report come in one
joined query (a window function picks each task's latest report on or before `as_of` that
was not returned), then one query each for the units, the deadline history and the pending
reviews and extensions, whatever the number of tasks. The scope is a subquery of task ids, so
no long IN lists are sent.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from planwatch.progress.tasks import escalation, phase
from planwatch.services.access import department_task_ids, visible_plans
from planwatch.services.auth import Principal
from planwatch.services.page_cache import FIGURES, PROJECTS, REPORTS, cached, key_of
from planwatch.services.tasks import Unit
from planwatch.store import audit
from planwatch.store.duban_tables import TaskExtension
from planwatch.store.tables import Department, Plan
from planwatch.store.work_tables import Task, TaskDeadline, TaskUnit, TaskUpdate

NO_LEAD = "（未明确牵头单位）"
COLOURS = ("red", "yellow", "blue")

# The board and the department table read tasks, their units, reports, extensions and
# deadlines, plans and departments: not figures, key projects, or attachments' files.
BOARD_UNAFFECTED = PROJECTS | FIGURES | REPORTS | {"task_attachments"}


@dataclass(frozen=True)
class BoardRow:
    """One task on the board (and in 我的任务, the export and the department table)."""

    task_id: int
    plan: str
    plan_title: str | None
    title: str
    lead: list[Unit]
    support: list[Unit]
    deadline: date | None
    deadline_derived: bool
    state: str  # 未开始 / 推进中 / 已完成 of the latest counted report
    phase: str  # 办理中 / 办结待审 / 已办结 / 已销号
    percent: float | None
    update_date: date | None
    text: str | None
    colour: str | None
    overdue: bool
    days: int | None
    pending_reports: int
    pending_extensions: int
    version: int
    department_ids: list[int] = field(default_factory=list, repr=False)

    @property
    def lead_name(self) -> str:
        return next((u.department or u.raw_name for u in self.lead), NO_LEAD)

    @property
    def done(self) -> bool:
        return self.phase in ("已办结", "已销号")

    def names(self) -> set[str]:
        return {n for u in (*self.lead, *self.support) for n in (u.raw_name, u.department) if n}

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("department_ids")
        out["lead_department"] = self.lead_name
        return {k: audit.jsonable(v) for k, v in out.items()}


@dataclass(frozen=True)
class Scope:
    """Which tasks: those of these plans (ids), optionally only these task ids (a reporter's)."""

    plan_ids: list[int]
    task_ids: set[int] | None = None

    def tasks(self) -> Select[Any]:
        query = (select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id)
                 .where(Plan.id.in_(self.plan_ids), Task.retired_at.is_(None)))
        return query if self.task_ids is None else query.where(Task.id.in_(sorted(self.task_ids)))


def scope_of(session: Session, who: Principal | None, *, region_ids: Collection[int] | None = None,
             plan: str | None = None) -> Scope:
    """The published plans a user may see (everything when `who` is None), limited to plans of
    `region_ids` and to plan key `plan` when given; a reporter's tasks are those naming its department."""
    if who is None:
        plans = list(session.scalars(select(Plan).where(Plan.current_version_id.is_not(None))))
    else:
        plans = [p for p in visible_plans(session, who) if p.current_version_id is not None]
    if region_ids is not None:
        plans = [p for p in plans if p.region_id in set(region_ids)]
    if plan is not None:
        plans = [p for p in plans if p.key == plan]
    task_ids = None
    if who is not None and who.role == "reporter":
        task_ids = department_task_ids(session, who.department_id) if who.department_id is not None else set()
    return Scope([p.id for p in plans], task_ids)


def _latest_reports(scope: Scope, as_of: date) -> Any:
    """Each task's latest report on or before `as_of` that was not returned (rank 1)."""
    rank = func.row_number().over(partition_by=TaskUpdate.task_id,
                                  order_by=(TaskUpdate.on_date.desc(), TaskUpdate.id.desc()))
    return (select(TaskUpdate.task_id, TaskUpdate.state, TaskUpdate.percent, TaskUpdate.on_date, TaskUpdate.text,
                   TaskUpdate.kind, TaskUpdate.review, rank.label("rank"))
            .where(TaskUpdate.task_id.in_(scope.tasks()), TaskUpdate.on_date <= as_of, TaskUpdate.review != "returned")
            .subquery())


def _task_rows(session: Session, scope: Scope, as_of: date) -> list[Any]:
    latest = _latest_reports(scope, as_of)
    query = (select(Task.id, Task.title, Task.quote, Task.deadline, Task.deadline_derived, Task.closed_at,
                    Task.version, Plan.key, Plan.title, latest.c.state, latest.c.percent, latest.c.on_date,
                    latest.c.text, latest.c.kind, latest.c.review)
             .join(Plan, Plan.current_version_id == Task.plan_version_id)
             .outerjoin(latest, and_(latest.c.task_id == Task.id, latest.c.rank == 1))
             .where(Task.id.in_(scope.tasks())).order_by(Plan.key, Task.position, Task.id))
    return list(session.execute(query))


def _units(session: Session, scope: Scope) -> dict[int, list[tuple[str, str, str | None, int | None]]]:
    query = (select(TaskUnit.task_id, TaskUnit.role, TaskUnit.raw_name, Department.name, TaskUnit.department_id)
             .outerjoin(Department, Department.id == TaskUnit.department_id)
             .where(TaskUnit.task_id.in_(scope.tasks())).order_by(TaskUnit.task_id, TaskUnit.position, TaskUnit.id))
    out: dict[int, list[tuple[str, str, str | None, int | None]]] = {}
    for task_id, role, raw, dept, dept_id in session.execute(query):
        out.setdefault(task_id, []).append((role, raw, dept, dept_id))
    return out


def _deadlines(session: Session, scope: Scope, as_of: date) -> dict[int, tuple[date | None, bool] | None]:
    """Per task with a history: the deadline in force on `as_of` (None: none yet)."""
    query = (select(TaskDeadline.task_id, TaskDeadline.effective_from, TaskDeadline.derived, TaskDeadline.id,
                    TaskDeadline.deadline).where(TaskDeadline.task_id.in_(scope.tasks())))
    best: dict[int, tuple[tuple[date, int, int], date | None, bool] | None] = {}
    for task_id, effective, derived, row_id, deadline in session.execute(query):
        best.setdefault(task_id, None)
        if effective is not None and effective > as_of:
            continue
        order = (effective or date.min, 0 if derived else 1, row_id)
        current = best[task_id]
        if current is None or order > current[0]:
            best[task_id] = (order, deadline, bool(derived))
    return {k: (v[1], v[2]) if v else None for k, v in best.items()}


def _pending(session: Session, scope: Scope) -> tuple[dict[int, int], dict[int, int]]:
    reports = session.execute(select(TaskUpdate.task_id, func.count()).where(
        TaskUpdate.task_id.in_(scope.tasks()), TaskUpdate.review == "pending").group_by(TaskUpdate.task_id))
    extensions = session.execute(select(TaskExtension.task_id, func.count()).where(
        TaskExtension.task_id.in_(scope.tasks()), TaskExtension.state == "pending").group_by(TaskExtension.task_id))
    return {int(k): int(n) for k, n in reports}, {int(k): int(n) for k, n in extensions}


def _title(title: str | None, quote: str | None, task_id: int) -> str:
    text = title or quote or f"任务{task_id}"
    return text if len(text) <= 60 else text[:59] + "…"


def board_rows(session: Session, scope: Scope, *, as_of: date) -> list[BoardRow]:
    """Every task of the scope as of a day, in plan and document order."""
    if not scope.plan_ids or scope.task_ids == set():
        return []
    units, deadlines = _units(session, scope), _deadlines(session, scope, as_of)
    reports, extensions = _pending(session, scope)
    out: list[BoardRow] = []
    for (task_id, title, quote, deadline, derived, closed_at, version, key, plan_title, state, percent, on_date,
         text, kind, review) in _task_rows(session, scope, as_of):
        if task_id in deadlines:
            deadline, derived = deadlines[task_id] or (None, False)
        where = phase(state, kind=kind, review=review, closed=closed_at is not None)
        esc = escalation(deadline, where.state, as_of=as_of)
        mine = units.get(task_id, [])
        out.append(BoardRow(
            task_id=task_id, plan=key, plan_title=plan_title, title=_title(title, quote, task_id),
            lead=[Unit(raw, dept) for role, raw, dept, _ in mine if role == "lead"],
            support=[Unit(raw, dept) for role, raw, dept, _ in mine if role == "support"],
            deadline=deadline, deadline_derived=bool(derived) and deadline is not None, state=state or "未开始",
            phase=where.label, percent=percent, update_date=on_date, text=text, colour=esc.colour,
            overdue=esc.overdue, days=esc.days, pending_reports=reports.get(task_id, 0),
            pending_extensions=extensions.get(task_id, 0), version=version,
            department_ids=[d for *_, d in mine if d is not None]))
    return out


@dataclass(frozen=True)
class BoardFilters:
    """The board's filters as the query string gives them (empty: no filter)."""

    plan: str | None = None
    department: str | None = None
    colour: str | None = None  # red / yellow / blue / none
    overdue: bool = False

    def keep(self, row: dict[str, Any]) -> bool:
        """Whether a row (as `BoardRow.as_dict` gives it) passes the filters."""
        names = {n for u in (*row["lead"], *row["support"]) for n in (u["raw_name"], u["department"]) if n}
        if self.plan and row["plan"] != self.plan:
            return False
        if self.department and self.department not in names:
            return False
        if self.colour == "none" and row["colour"] is not None:
            return False
        if self.colour in COLOURS and row["colour"] != self.colour:
            return False
        return not (self.overdue and not row["overdue"])


def board(session: Session, who: Principal, *, as_of: date, filters: BoardFilters) -> list[BoardRow]:
    """The tasks a user may see, filtered (plan, department, colour, overdue), as of a day."""
    rows = board_rows(session, scope_of(session, who, plan=filters.plan or None), as_of=as_of)
    return [r for r in rows if filters.keep(r.as_dict())]


def board_data(session: Session, who: Principal, *, as_of: date) -> list[dict[str, Any]]:
    """Every row the user may see as of a day, as dicts, kept in the page cache until anything
    changes (every write of the cycle is audited, which moves the cache's stamp): 50 users
    reading a board of a thousand tasks then cost one computation per scope and change."""
    return list(board_page(session, who, as_of=as_of)["rows"])


def _brief(row: BoardRow) -> dict[str, Any]:
    out = row.as_dict()
    if out["text"] and len(out["text"]) > 60:  # the board shows the start of the latest report
        out["text"] = out["text"][:59] + "…"
    return out


def board_page(session: Session, who: Principal, *, as_of: date) -> dict[str, Any]:
    """`rows` (see `board_data`, the report text cut to 60 characters), `plans` (key, title)
    and `departments` (every unit named) of the user's board, cached the same way."""
    def compute() -> dict[str, Any]:
        rows = [_brief(r) for r in board_rows(session, scope_of(session, who), as_of=as_of)]
        plans = [{"key": p.key, "title": p.title} for p in visible_plans(session, who) if p.current_version_id]
        names = sorted({u["department"] or u["raw_name"] for r in rows for u in (*r["lead"], *r["support"])})
        return {"rows": rows, "plans": plans, "departments": names}

    return cached(session, key=f"duban-board|{who.role}|{who.region_id}|{who.department_id}|{as_of.isoformat()}",
                  compute=compute, unaffected=BOARD_UNAFFECTED)


def board_view(session: Session, who: Principal, *, as_of: date, filters: BoardFilters, page: int,
               size: int) -> dict[str, Any]:
    """One page of the board as shown: `total`, `page`, `pages`, `tasks` (at most `size`, in
    the order shown: by lead department), `groups` (each department's slice of `tasks`),
    `plans`, `departments` and the `colours` counted over every filtered row. Cached per
    scope, day, filters and page on top of `board_page`, so a province planner's visit reads
    one page's rows, not the scope's thousand (1.4 MB of JSON on a province of 100 plans)."""
    def compute() -> dict[str, Any]:
        data = board_page(session, who, as_of=as_of)
        rows = [r for r in data["rows"] if filters.keep(r)]
        shown, groups = grouped(rows[(page - 1) * size:page * size])
        return {"total": len(rows), "page": page, "pages": max(1, -(-len(rows) // size)), "tasks": shown,
                "groups": groups, "plans": data["plans"], "departments": data["departments"],
                "colours": {c: sum(r["colour"] == c for r in rows) for c in ("red", "yellow", "blue")}}

    key = key_of("duban-board-view", who.role, who.region_id, who.department_id, as_of, filters, page, size)
    return cached(session, key=key, compute=compute, unaffected=BOARD_UNAFFECTED)


def grouped(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows (as dicts) reordered by lead department, departments in order of their first
    task, and each department's slice of them: `first` and `count` into the reordered rows,
    its `task_ids`, and how many are red and yellow.

    Each row is listed once: the groups point into the rows instead of holding copies, which
    made the board's JSON twice as long as its data."""
    by_department: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_department.setdefault(row["lead_department"], []).append(row)
    ordered: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    for name, tasks in by_department.items():
        groups.append({"department": name, "first": len(ordered), "count": len(tasks),
                       "task_ids": [t["task_id"] for t in tasks],
                       "red": sum(t["colour"] == "red" for t in tasks),
                       "yellow": sum(t["colour"] == "yellow" for t in tasks)})
        ordered.extend(tasks)
    return ordered, groups
