"""One task's page: its sentence in the document, its units, and the timeline of the cycle
交办 → 进展报告 → 延期申请 / 批复 → 办结报告 → 审核 / 退回 → 销号, in the order things happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.services.duban_board import BoardRow, Scope, board_rows
from planwatch.services.duban_files import attachments_of
from planwatch.store.duban_tables import TaskExtension
from planwatch.store.tables import Department, Plan, PlanVersion
from planwatch.store.work_tables import Task, TaskDeadline, TaskUpdate

CONTEXT = 160  # characters of the document shown either side of the task's sentence


@dataclass(frozen=True)
class Event:
    at: datetime | None  # when it was entered (the order of the timeline)
    day: date | None  # the day it is about (a report's date, a new deadline)
    kind: str  # 交办 / 期限 / 进展报告 / 办结报告 / 审核通过 / 退回 / 延期申请 / 延期批准 / 延期不予批准 / 销号
    who: str | None
    text: str | None = None
    ref: dict[str, Any] | None = None  # ids and extras the page's forms need

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat() if self.at else None, "day": self.day.isoformat() if self.day else None,
                "kind": self.kind, "who": self.who, "text": self.text, **(self.ref or {})}


def source_excerpt(text: str | None, quote: str | None) -> dict[str, Any] | None:
    """The task's sentence in its document with some text either side (None: not found)."""
    if not text or not quote:
        return None
    start = text.find(quote)
    if start < 0:
        return None
    end = start + len(quote)
    return {"before": text[max(0, start - CONTEXT):start], "quote": quote, "after": text[end:end + CONTEXT],
            "start": start, "end": end}


def _reports(session: Session, task_id: int) -> list[Event]:
    files = attachments_of(session, task_id)
    rows = session.execute(select(TaskUpdate, Department.name).outerjoin(Department, Department.id ==
                                                                         TaskUpdate.department_id)
                           .where(TaskUpdate.task_id == task_id).order_by(TaskUpdate.created_at, TaskUpdate.id))
    out: list[Event] = []
    for u, dept in rows:
        percent = f"{u.percent:g}%" if u.percent is not None else None
        out.append(Event(u.created_at, u.on_date, "办结报告" if u.kind == "completion" else "进展报告",
                         dept or u.author, u.text, {"update_id": u.id, "state": u.state, "percent": u.percent,
                                                    "percent_text": percent, "review": u.review,
                                                    "author": u.author, "attachments": files.get(u.id, [])}))
        if u.review != "pending":
            out.append(Event(u.reviewed_at, None, "审核通过" if u.review == "accepted" else "退回", u.reviewed_by,
                             u.return_reason, {"update_id": u.id}))
    return out


def _extensions(session: Session, task_id: int) -> list[Event]:
    out: list[Event] = []
    rows = session.execute(select(TaskExtension, Department.name)
                           .outerjoin(Department, Department.id == TaskExtension.department_id)
                           .where(TaskExtension.task_id == task_id).order_by(TaskExtension.id))
    for e, dept in rows:
        ref = {"extension_id": e.id, "state": e.state, "old_deadline": e.old_deadline, "new_deadline": e.new_deadline}
        out.append(Event(e.created_at, e.new_deadline, "延期申请", dept or e.requested_by, e.reason, ref))
        if e.state != "pending":
            out.append(Event(e.decided_at, e.new_deadline, "延期批准" if e.state == "approved" else "延期不予批准",
                             e.decided_by, e.note, {"extension_id": e.id}))
    return out


def timeline(session: Session, task: Task, version: PlanVersion) -> list[Event]:
    """Every step of the task's cycle, oldest first."""
    events = [Event(version.published_at, None, "交办", None, f"随规划第{version.version_no}版发布交办")]
    for d in session.scalars(select(TaskDeadline).where(TaskDeadline.task_id == task.id, TaskDeadline.derived.is_(False))
                             .order_by(TaskDeadline.id)):
        events.append(Event(d.created_at, d.deadline, "期限", None, d.note, {"effective_from": d.effective_from}))
    events += _reports(session, task.id) + _extensions(session, task.id)
    if task.closed_at is not None:
        events.append(Event(task.closed_at, None, "销号", task.closed_by, None))
    floor = datetime.min.replace(tzinfo=UTC)
    return sorted(events, key=lambda e: _aware(e.at) or floor)


def _aware(at: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: read them as the UTC they were stored in."""
    if at is None:
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def task_page(session: Session, task: Task, plan: Plan, *, as_of: date) -> dict[str, Any]:
    """What the task page shows: its board row, the document excerpt, the timeline."""
    version = session.get(PlanVersion, task.plan_version_id)
    assert version is not None
    row: BoardRow = board_rows(session, Scope([plan.id], {task.id}), as_of=as_of)[0]
    events = timeline(session, task, version)
    return {"task": row.as_dict(), "row": row, "quote": task.quote, "plan_title": plan.title,
            "version_no": version.version_no, "source": source_excerpt(version.source_text, task.quote),
            "timeline": [e.as_dict() for e in events],
            "pending_reports": [e.as_dict() for e in events if e.kind in ("进展报告", "办结报告")
                                and (e.ref or {}).get("review") == "pending"],
            "pending_extensions": [e.as_dict() for e in events if e.kind == "延期申请"
                                   and (e.ref or {}).get("state") == "pending"],
            "closed": task.closed_at is not None}
