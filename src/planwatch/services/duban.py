"""督查督办: the task cycle 交办 → 进展报告 → 延期申请 / 批复 → 办结报告 → 审核 / 退回 → 销号.

Who may do what (the web and any script go through these functions):

* a reporter (a department's user) reports only on tasks naming its department, as lead or
  support, and always as that department; it asks for an extension (延期申请) before the
  deadline in force and files the 办结 report;
* a planner of the plan's region (or an admin) sets deadlines one by one or for a whole plan,
  accepts or returns (退回, with a reason) reports, approves or refuses extensions, closes a
  task (销号) once its 办结 report is accepted, and may report on behalf of a department;
* everyone else who may read the plan reads the board and the task pages.

Every step is audited as the acting user. Every change of a task bumps its `version`: a form
carries the version it was read at, and a change made from a stale page is refused with
`StaleEdit`, naming who changed the task and when (the web answers 409), so two planners
editing one task never silently overwrite each other. The check is one conditional UPDATE, so
it holds on SQLite and PostgreSQL alike when both submit at the same moment.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from planwatch.errors import Forbidden, NotFoundError, PlanwatchError, ValidationError
from planwatch.services import access
from planwatch.services.auth import Principal
from planwatch.services.deadlines import deadlines_in_force, set_deadline
from planwatch.services.duban_board import BoardRow, Scope, board_rows, scope_of
from planwatch.services.duban_files import Upload, attach, check_upload
from planwatch.services.tasks import add_task_update
from planwatch.store import audit
from planwatch.store.base import utcnow
from planwatch.store.duban_tables import TaskExtension
from planwatch.store.tables import Department, Plan
from planwatch.store.work_tables import Task, TaskUpdate

MAX_TEXT = 4000
__all__ = ["StaleEdit", "close_task", "decide_extension", "department_table", "report", "request_extension",
           "review_report", "set_plan_deadlines", "set_task_deadline"]


class StaleEdit(PlanwatchError):
    """The task changed since the page was read (optimistic concurrency)."""


# --- reading one task with the user's rights ------------------------------------------------

def plan_of_task(session: Session, task_id: int) -> tuple[Task, Plan]:
    """A task of a current published version and its plan, else NotFoundError."""
    row = session.execute(select(Task, Plan).join(Plan, Plan.current_version_id == Task.plan_version_id)
                          .where(Task.id == task_id, Task.retired_at.is_(None))).one_or_none()
    if row is None:
        raise NotFoundError(f"task {task_id}: no such task")
    return row[0], row[1]


def require_task(session: Session, who: Principal, task_id: int, *, need: str = "read") -> tuple[Task, Plan]:
    """The task if the user may `need` it: read, report, extend or manage.

    Out of scope (another region's plan, another department's task) is NotFoundError; in
    scope with the wrong role is Forbidden."""
    task, plan = plan_of_task(session, task_id)
    access.require_plan(session, who, plan)
    if who.role == "reporter" and (who.department_id is None
                                   or task.id not in access.department_task_ids(session, who.department_id)):
        raise NotFoundError(f"task {task_id}: no such task")
    allowed = {"read": ("admin", "planner", "reporter", "viewer"), "report": ("admin", "planner", "reporter"),
               "extend": ("admin", "reporter"), "manage": ("admin", "planner")}[need]
    if who.role not in allowed:
        raise Forbidden(f"task {task_id}: a {who.role} may not {need} it")
    return task, plan


# --- optimistic concurrency ------------------------------------------------------------------

def claim(session: Session, task_id: int, *, expected_version: int | None) -> Task:
    """Bump the task's version (and note who changed it), or refuse a stale edit."""
    actor = str(session.info.get("actor") or "unknown")
    statement = (update(Task).where(Task.id == task_id)
                 .values(version=Task.version + 1, changed_by=actor, changed_at=utcnow())
                 .execution_options(synchronize_session=False))
    if expected_version is not None:
        statement = statement.where(Task.version == expected_version)
    if session.execute(statement).rowcount == 0:  # type: ignore[attr-defined]
        task = session.scalars(select(Task).where(Task.id == task_id).execution_options(populate_existing=True)).one()
        when = task.changed_at.strftime("%Y-%m-%d %H:%M") if task.changed_at else ""
        raise StaleEdit(f"任务已被 {task.changed_by or '他人'} 于 {when} 修改（当前第{task.version}版，您打开的是第"
                        f"{expected_version}版），请刷新页面后再提交 (the task was changed meanwhile)")
    return session.scalars(select(Task).where(Task.id == task_id).execution_options(populate_existing=True)).one()


def _problems(source: str, problems: list[str]) -> None:
    if problems:
        raise ValidationError(source, problems)


def _row_of(session: Session, task: Task, plan: Plan, as_of: date) -> BoardRow:
    return board_rows(session, Scope([plan.id], {task.id}), as_of=as_of)[0]


# --- reports ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """A report as a form gives it."""

    state: str
    on_date: date
    percent: float | None = None
    text: str | None = None
    kind: str = "progress"  # or completion (办结报告)
    department: str | None = None  # forced for a reporter; a planner may name one of the task's units
    attachment: Upload | None = None


def report(session: Session, *, who: Principal, task_id: int, given: Report, today: date,
           expected_version: int | None = None) -> TaskUpdate:
    """A progress or 办结 report on the task (checked whole first, then written and audited)."""
    task, plan = require_task(session, who, task_id, need="report")
    row = _row_of(session, task, plan, today)
    problems = []
    if given.kind not in ("progress", "completion"):
        problems.append(f"kind {given.kind!r}: expected progress or completion")
    if row.phase == "已销号":
        problems.append("任务已销号，不能再报告")
    if given.on_date > today:
        problems.append(f"报告日期 {given.on_date.isoformat()} 晚于今天")
    if given.kind == "progress" and given.state == "已完成":
        problems.append("完成的任务请提交办结报告（kind=completion），由督查人员审核后办结")
    if given.kind == "completion" and row.phase == "办结待审":
        problems.append("已有待审核的办结报告，请等待审核结果")
    if given.kind == "completion" and not (given.text or "").strip():
        problems.append("办结报告需写明完成情况")
    if len(given.text or "") > MAX_TEXT:
        problems.append(f"报告内容超过 {MAX_TEXT} 字")
    if given.attachment is not None:
        try:
            check_upload(given.attachment)
        except ValidationError as e:
            problems += e.problems
    _problems(f"任务{task_id}报告", problems)
    department = given.department
    if who.role == "reporter":
        dept = session.get(Department, who.department_id)
        department = dept.name if dept else None
    claim(session, task_id, expected_version=expected_version)
    completion = given.kind == "completion"
    update_row = add_task_update(session, task_id=task_id, on_date=given.on_date,
                                 state="已完成" if completion else given.state, department=department or None,
                                 text=(given.text or "").strip() or None, percent=100.0 if completion else given.percent,
                                 actor=who.login)
    update_row.kind, update_row.author = given.kind, who.login
    if given.attachment is not None:
        attach(session, task_id=task_id, update_id=update_row.id, upload=given.attachment)
    return update_row


def review_report(session: Session, *, who: Principal, task_id: int, update_id: int, accept: bool,
                  reason: str | None = None, expected_version: int | None = None) -> TaskUpdate:
    """审核: accept a pending report, or return it (退回) with a reason; a returned report no
    longer counts for the task's state."""
    require_task(session, who, task_id, need="manage")
    row = session.scalars(select(TaskUpdate).where(TaskUpdate.id == update_id, TaskUpdate.task_id == task_id)
                          ).one_or_none()
    if row is None:
        raise NotFoundError(f"report {update_id}: no such report of task {task_id}")
    problems = []
    if row.review != "pending":
        problems.append(f"该报告已{'通过' if row.review == 'accepted' else '退回'}，不能再次审核")
    if not accept and not (reason or "").strip():
        problems.append("退回需写明理由")
    _problems(f"任务{task_id}报告{update_id}审核", problems)
    claim(session, task_id, expected_version=expected_version)
    before = audit.row_dict(row)
    row.review = "accepted" if accept else "returned"
    row.reviewed_by, row.reviewed_at = who.login, utcnow()
    row.return_reason = None if accept else (reason or "").strip()
    session.flush()
    audit.record(session, entity="task_updates", entity_id=row.id, action="accept" if accept else "return",
                 before=before, after=audit.row_dict(row))
    return row


# --- deadlines and extensions -------------------------------------------------------------------

def _in_force(session: Session, task: Task, today: date) -> date | None:
    return deadlines_in_force(session, [task], as_of=today)[task.id].deadline


def set_task_deadline(session: Session, *, who: Principal, task_id: int, deadline: date, today: date,
                      note: str | None = None, expected_version: int | None = None) -> Task:
    """A planner sets or moves one task's deadline, in force from today."""
    require_task(session, who, task_id, need="manage")
    claim(session, task_id, expected_version=expected_version)
    return set_deadline(session, task_id=task_id, deadline=deadline, effective_from=today, note=note or "督查人员设定")


def set_plan_deadlines(session: Session, *, who: Principal, key: str, today: date, deadline: date | None = None,
                       overwrite: bool = False) -> int:
    """Deadlines for a whole plan at once: every task without a deadline set by a person gets
    `deadline` (all tasks with `overwrite`), or, without `deadline`, its deadline read from
    the text is confirmed as set. Returns how many tasks were given one."""
    plan = session.scalars(select(Plan).where(Plan.key == key)).one_or_none()
    if plan is None:
        raise NotFoundError(f"plan {key!r}: no such plan")
    access.require_plan(session, who, plan, need="write")
    if plan.current_version_id is None:
        raise ValidationError(f"plan {key!r}", ["规划尚未发布，没有任务"])
    tasks = list(session.scalars(select(Task).where(Task.plan_version_id == plan.current_version_id,
                                                    Task.retired_at.is_(None)).order_by(Task.position, Task.id)))
    due = deadlines_in_force(session, tasks, as_of=today)
    changed = 0
    for task in tasks:
        person_set = due[task.id].deadline is not None and not due[task.id].derived
        day = deadline if deadline is not None else due[task.id].deadline
        if day is None or (person_set and not overwrite) or (deadline is None and person_set):
            continue
        claim(session, task.id, expected_version=None)
        set_deadline(session, task_id=task.id, deadline=day, effective_from=None if deadline is None else today,
                     note="按规划批量设定" if deadline is not None else "确认规划文本中的期限")
        changed += 1
    return changed


def request_extension(session: Session, *, who: Principal, task_id: int, new_deadline: date, reason: str,
                      today: date, expected_version: int | None = None) -> TaskExtension:
    """延期申请: before the deadline in force, with a reason and a later date."""
    task, plan = require_task(session, who, task_id, need="extend")
    row = _row_of(session, task, plan, today)
    current = _in_force(session, task, today)
    problems = []
    if row.done:
        problems.append(f"任务{row.phase}，无需延期")
    if current is None:
        problems.append("任务尚无期限，无需延期")
    elif today > current:
        problems.append(f"期限 {current.isoformat()} 已过：延期申请须在期限前提出")
    elif new_deadline <= current:
        problems.append(f"新期限 {new_deadline.isoformat()} 须晚于现期限 {current.isoformat()}")
    if not reason.strip():
        problems.append("请写明延期理由")
    if row.pending_extensions:
        problems.append("已有待批复的延期申请")
    _problems(f"任务{task_id}延期申请", problems)
    claim(session, task_id, expected_version=expected_version)
    ext = TaskExtension(task_id=task_id, requested_by=who.login, department_id=who.department_id,
                        reason=reason.strip()[:MAX_TEXT], on_date=today, old_deadline=current,
                        new_deadline=new_deadline, state="pending")
    session.add(ext)
    session.flush()
    audit.record(session, entity="task_extensions", entity_id=ext.id, action="create", after=audit.row_dict(ext))
    return ext


def decide_extension(session: Session, *, who: Principal, task_id: int, extension_id: int, approve: bool,
                     today: date, note: str | None = None, expected_version: int | None = None) -> TaskExtension:
    """批复: approve (the deadline moves to the new date from today on) or refuse."""
    require_task(session, who, task_id, need="manage")
    ext = session.scalars(select(TaskExtension).where(TaskExtension.id == extension_id,
                                                      TaskExtension.task_id == task_id)).one_or_none()
    if ext is None:
        raise NotFoundError(f"extension {extension_id}: no such request of task {task_id}")
    _problems(f"延期申请{extension_id}", [] if ext.state == "pending" else ["该申请已批复"])
    claim(session, task_id, expected_version=expected_version)
    before = audit.row_dict(ext)
    ext.state = "approved" if approve else "refused"
    ext.decided_by, ext.decided_at, ext.note = who.login, utcnow(), (note or "").strip() or None
    session.flush()
    audit.record(session, entity="task_extensions", entity_id=ext.id, action=ext.state, before=before,
                 after=audit.row_dict(ext))
    if approve:
        set_deadline(session, task_id=task_id, deadline=ext.new_deadline, effective_from=today,
                     note=f"延期申请{ext.id}批准")
    return ext


def close_task(session: Session, *, who: Principal, task_id: int, today: date,
               expected_version: int | None = None) -> Task:
    """销号: only once the task's 办结 report has been accepted."""
    task, plan = require_task(session, who, task_id, need="manage")
    row = _row_of(session, task, plan, today)
    _problems(f"任务{task_id}销号", [] if row.phase == "已办结" and task.closed_at is None else [
        "已销号" if task.closed_at else "只有办结报告审核通过后才能销号"])
    task = claim(session, task_id, expected_version=expected_version)
    before = audit.row_dict(task, exclude=("quote",))
    task.closed_at, task.closed_by = utcnow(), who.login
    session.flush()
    audit.record(session, entity="tasks", entity_id=task.id, action="close", before=before,
                 after=audit.row_dict(task, exclude=("quote",)))
    return task


# --- the department table of the circular ---------------------------------------------------------

def department_table(session: Session, *, as_of: date, region_ids: Collection[int] | None = None,
                     who: Principal | None = None) -> list[dict[str, Any]]:
    """Per department named on the tasks in scope (the plans of `region_ids`, and/or those
    `who` may see; everything when both are None), as of a day:

    ``department``, ``lead`` and ``support`` (tasks naming it in each role), ``tasks`` (both),
    ``done`` (已办结 or 已销号), ``on_time`` (done by the deadline in force), ``yellow``,
    ``red``, ``last_report`` (its latest report on or before `as_of`, or None), ``rate``
    (done ÷ tasks, 0–1) and ``rank`` (1 = highest rate; ties share a rank). Sorted by rank,
    then name. Departments are as resolved, else as the plan wrote them. Stable: the monthly
    circular calls it.
    """
    scope = scope_of(session, who, region_ids=region_ids)
    rows = board_rows(session, scope, as_of=as_of)
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        for role, units in (("lead", row.lead), ("support", row.support)):
            for name in dict.fromkeys(u.department or u.raw_name for u in units):
                entry = table.setdefault(name, {"department": name, "lead": 0, "support": 0, "tasks": set(),
                                                "done": set(), "on_time": set(), "yellow": set(), "red": set()})
                entry[role] += 1
                entry["tasks"].add(row.task_id)
                if row.done:
                    entry["done"].add(row.task_id)
                    if row.deadline is None or (row.update_date is not None and row.update_date <= row.deadline):
                        entry["on_time"].add(row.task_id)
                if row.colour in ("yellow", "red"):
                    entry[row.colour].add(row.task_id)
    last = _last_reports(session, scope, as_of)
    out = [{**e, **{k: len(e[k]) for k in ("tasks", "done", "on_time", "yellow", "red")},
            "last_report": last.get(e["department"]), "rate": len(e["done"]) / len(e["tasks"])}
           for e in table.values()]
    out.sort(key=lambda e: (-e["rate"], -e["on_time"], e["red"], e["department"]))
    for i, e in enumerate(out):
        e["rank"] = out[i - 1]["rank"] if i and e["rate"] == out[i - 1]["rate"] else i + 1
    return out


def _last_reports(session: Session, scope: Any, as_of: date) -> dict[str, date]:
    query = (select(Department.name, func.max(TaskUpdate.on_date))
             .join(Department, Department.id == TaskUpdate.department_id)
             .where(TaskUpdate.task_id.in_(scope.tasks()), TaskUpdate.on_date <= as_of)
             .group_by(Department.name))
    return {name: day for name, day in session.execute(query)}
