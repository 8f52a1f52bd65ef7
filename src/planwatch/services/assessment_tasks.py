"""按时限完成: each assessed region's tasks, and how many were done by their deadline in force.

A task is a region's when its lead department belongs to that region or a region under it,
or, led by no department of a region, when its plan is that region's (or a region's under
it). The tasks are those `services.tasks.list_tasks` lists on the day (current versions of
published plans, deadline in force on `as_of`). Counted ("due") are tasks with a deadline
that have been done by `as_of`, or whose deadline has passed; on time are those done on or
before their deadline. Done means the first 已完成 report on or before `as_of` that was not
returned (退回) by a reviewer; its date is the completion date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.progress.assess import TaskTally
from planwatch.services.access import subtree
from planwatch.services.tasks import DONE, TaskRow, list_tasks
from planwatch.store.tables import Department, Plan
from planwatch.store.work_tables import TaskUnit, TaskUpdate


@dataclass(frozen=True)
class TaskCount:
    """One task as counted for a region: its deadline in force and completion date."""

    task_id: int
    plan: str
    title: str
    deadline: date
    done_on: date | None
    on_time: bool


def completion_dates(session: Session, task_ids: list[int], *, as_of: date) -> dict[int, date]:
    """Each task's completion date: its first 已完成 report on or before `as_of` not returned."""
    out: dict[int, date] = {}
    if not task_ids:
        return out
    query = (select(TaskUpdate.task_id, TaskUpdate.on_date)
             .where(TaskUpdate.task_id.in_(task_ids), TaskUpdate.state == DONE, TaskUpdate.on_date <= as_of,
                    TaskUpdate.review != "returned")
             .order_by(TaskUpdate.on_date, TaskUpdate.id))
    for task_id, on_date in session.execute(query):
        out.setdefault(task_id, on_date)
    return out


def _owners(session: Session, rows: list[TaskRow]) -> dict[int, set[int]]:
    """Task id → the regions it belongs to (its lead departments', else its plan's)."""
    ids = [r.task_id for r in rows]
    lead: dict[int, set[int]] = {}
    query = (select(TaskUnit.task_id, Department.region_id).join(Department, Department.id == TaskUnit.department_id)
             .where(TaskUnit.task_id.in_(ids), TaskUnit.role == "lead"))
    for task_id, region_id in session.execute(query) if ids else ():
        if region_id is not None:
            lead.setdefault(task_id, set()).add(region_id)
    plan_region: dict[str, int | None] = dict(session.execute(select(Plan.key, Plan.region_id)).all())
    out: dict[int, set[int]] = {}
    for r in rows:
        own = plan_region.get(r.plan)
        out[r.task_id] = lead.get(r.task_id) or ({own} if own is not None else set())
    return out


def counted_tasks(session: Session, *, regions: Mapping[int, str], as_of: date) -> dict[str, list[TaskCount]]:
    """Region name → its due tasks (see the module doc), each with its deadline and completion."""
    rows = [r for r in list_tasks(session, as_of=as_of) if r.deadline is not None]
    done = completion_dates(session, [r.task_id for r in rows], as_of=as_of)
    owners = _owners(session, rows)
    trees = {rid: subtree(session, rid) for rid in regions}
    out: dict[str, list[TaskCount]] = {name: [] for name in regions.values()}
    for row in rows:
        assert row.deadline is not None
        finished = done.get(row.task_id)
        if finished is None and row.deadline >= as_of:
            continue  # not yet due, not done: not counted
        count = TaskCount(row.task_id, row.plan, row.title, row.deadline, finished,
                          finished is not None and finished <= row.deadline)
        for rid, name in regions.items():
            if owners[row.task_id] & trees[rid]:
                out[name].append(count)
    return out


def task_tallies(session: Session, *, regions: Mapping[int, str], as_of: date) -> dict[str, TaskTally]:
    """Region name → (due, on time), the figures of ``tasks_on_time``."""
    return {name: TaskTally(len(tasks), sum(t.on_time for t in tasks))
            for name, tasks in counted_tasks(session, regions=regions, as_of=as_of).items()}
