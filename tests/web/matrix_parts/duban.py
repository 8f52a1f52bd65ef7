"""Matrix rows of the `duban` page group (see `matrix_parts/__init__.py`).

The world gains: T1 (hefei) and T2 (wuhu) due in 20 days, each with a pending progress
report carrying a PDF attachment; tasks led by a unit no reporter belongs to: in hefei T3
with an accepted 办结 report (ready for 销号) and T4 with a pending extension request (for
the 批复 row), in wuhu T5 with a pending extension request.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from planwatch.services.deadlines import set_deadline
from planwatch.services.duban_files import Upload, attach
from planwatch.services.tasks import add_task_update
from planwatch.store import Store
from planwatch.store.duban_tables import TaskExtension
from planwatch.store.tables import Plan
from planwatch.store.work_tables import Task, TaskUnit

from ..matrix_kit import (
    LOGGED_IN,
    PAGE,
    TWIN,
    WUHU_PAGE,
    WUHU_TWIN,
    WUHU_WRITE,
    Body,
    Row,
    everyone,
    only,
    writers,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TASK, TWIN_TASK = "/tasks/{task_id}", "/tasks/{task_id}.json"
READERS_NOT_REPORTERS = {"admin": 200, "planner_hf": 200, "planner_ah": 200, "viewer_hf": 200}


def _later(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def _fixed(kwargs: dict[str, Any]) -> Body:
    return lambda user, facts: kwargs


BODIES: dict[str, Body] = {
    "duban_report": _fixed({"data": {"state": "推进中", "percent": "40", "text": "完成阶段调研"},
                            "files": {"attachment": ("进展.pdf", PDF, "application/pdf")}}),
    "duban_deadline": lambda user, facts: {"data": {"deadline": _later(60), "note": "调整"}},
    "duban_plan_deadlines": lambda user, facts: {"data": {"deadline": _later(90), "overwrite": "1"}},
    "duban_extension": lambda user, facts: {"data": {"new_deadline": _later(60), "reason": "土地审批未完成"}},
    "duban_decision": _fixed({"data": {"decision": "approve", "note": "同意"}}),
    "duban_review": _fixed({"data": {"action": "accept"}}),
    "duban_close": _fixed({"data": {}}),
}

ROWS: tuple[Row, ...] = (
    Row("GET", "/tasks", "/tasks", PAGE),
    Row("GET", "/tasks.json", "/tasks.json", TWIN),
    Row("GET", "/tasks.xlsx", "/tasks.xlsx", everyone(200, anon=303)),
    Row("GET", "/tasks/mine", "/tasks/mine", only({"reporter": 200, "reporter_jxj": 200})),
    Row("GET", "/tasks/mine.json", "/tasks/mine.json", only({"reporter": 200, "reporter_jxj": 200}, anon=401)),
    Row("GET", TASK, "/tasks/{hefei_task}", PAGE),
    Row("GET", TWIN_TASK, "/tasks/{hefei_task}.json", TWIN),
    Row("GET", TASK, "/tasks/{wuhu_task}", WUHU_PAGE),
    Row("GET", TWIN_TASK, "/tasks/{wuhu_task}.json", WUHU_TWIN),
    Row("GET", TASK, "/tasks/{hefei_closable}", only(READERS_NOT_REPORTERS, rest=404),
        note="a hefei task of no reporter's department"),
    Row("GET", TWIN_TASK, "/tasks/{hefei_closable}.json", only(READERS_NOT_REPORTERS, rest=404, anon=401),
        note="a hefei task of no reporter's department"),
    Row("GET", "/tasks/{task_id}/attachments/{attachment_id}", "/tasks/{hefei_task}/attachments/{hefei_att}", PAGE),
    Row("GET", "/tasks/{task_id}/attachments/{attachment_id}", "/tasks/{wuhu_task}/attachments/{wuhu_att}",
        WUHU_PAGE),
    Row("GET", "/tasks/{task_id}/attachments/{attachment_id}", "/tasks/{hefei_task}/attachments/{wuhu_att}",
        everyone(404, anon=303), note="wuhu's attachment under hefei's task"),
    Row("GET", "/departments", "/departments", only(READERS_NOT_REPORTERS)),
    Row("GET", "/departments.json", "/departments.json", only(READERS_NOT_REPORTERS, anon=401)),
    Row("POST", "/tasks/{task_id}/updates", "/tasks/{hefei_task}/updates",
        only({**{u: 303 for u in LOGGED_IN}, "viewer_hf": 403}), body="duban_report"),
    Row("POST", "/tasks/{task_id}/updates", "/tasks/{wuhu_task}/updates", WUHU_WRITE(303), body="duban_report"),
    Row("POST", "/tasks/{task_id}/deadline", "/tasks/{hefei_task}/deadline", writers(303), body="duban_deadline"),
    Row("POST", "/tasks/{task_id}/deadline", "/tasks/{wuhu_task}/deadline", WUHU_WRITE(303), body="duban_deadline"),
    Row("POST", "/plans/{key}/deadlines", "/plans/hefei/deadlines", writers(303), body="duban_plan_deadlines"),
    Row("POST", "/plans/{key}/deadlines", "/plans/wuhu/deadlines", WUHU_WRITE(303), body="duban_plan_deadlines"),
    Row("POST", "/tasks/{task_id}/extensions", "/tasks/{hefei_task}/extensions",
        only({"admin": 303, "reporter": 303, "reporter_jxj": 303}), body="duban_extension"),
    Row("POST", "/tasks/{task_id}/extensions", "/tasks/{wuhu_task}/extensions",
        only({"admin": 303, "planner_ah": 403}, rest=404), body="duban_extension"),
    Row("POST", "/tasks/{task_id}/extensions/{extension_id}/decision",
        "/tasks/{hefei_pending}/extensions/{hefei_ext}/decision",
        writers(303) | {"reporter": 404, "reporter_jxj": 404}, body="duban_decision"),
    Row("POST", "/tasks/{task_id}/extensions/{extension_id}/decision",
        "/tasks/{wuhu_pending}/extensions/{wuhu_ext}/decision", WUHU_WRITE(303), body="duban_decision"),
    Row("POST", "/tasks/{task_id}/extensions/{extension_id}/decision",
        "/tasks/{hefei_task}/extensions/{wuhu_ext}/decision", writers(404, rest=403),
        body="duban_decision", note="wuhu's request under hefei's task"),
    Row("POST", "/tasks/{task_id}/reports/{update_id}/review", "/tasks/{hefei_task}/reports/{hefei_report}/review",
        writers(303), body="duban_review"),
    Row("POST", "/tasks/{task_id}/reports/{update_id}/review", "/tasks/{wuhu_task}/reports/{wuhu_report}/review",
        WUHU_WRITE(303), body="duban_review"),
    Row("POST", "/tasks/{task_id}/close", "/tasks/{hefei_closable}/close",
        only({"admin": 303, "planner_hf": 303, "planner_ah": 303, "reporter": 404, "reporter_jxj": 404}),
        body="duban_close", note="its 办结 report accepted; no reporter's task"),
)


def _extra_task(s: Any, version_id: int, title: str, position: int) -> int:
    task = Task(plan_version_id=version_id, position=position, title=title, quote=title)
    s.add(task)
    s.flush()
    s.add(TaskUnit(task_id=task.id, position=0, role="lead", raw_name="市科技局"))
    return task.id


def _pending_report(s: Any, task_id: int, department: str | None) -> tuple[int, int]:
    row = add_task_update(s, task_id=task_id, on_date=date.today(), state="推进中", percent=20.0,
                          department=department, text="已启动", actor="world")
    row.kind, row.author = "progress", "world"
    att = attach(s, task_id=task_id, update_id=row.id, upload=Upload("材料.pdf", PDF))
    return row.id, att.id


def _extension(s: Any, task_id: int) -> int:
    ext = TaskExtension(task_id=task_id, requested_by="world", reason="资金未到位", on_date=date.today(),
                        old_deadline=date.today() + timedelta(days=20),
                        new_deadline=date.today() + timedelta(days=50), state="pending")
    s.add(ext)
    s.flush()
    return ext.id


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """This group's objects in the matrix world; the ids its rows' paths use."""
    due = date.today() + timedelta(days=20)
    with store.transaction(actor="world") as s:
        hefei, wuhu = (s.scalars(select(Plan.current_version_id).where(Plan.key == key)).one()
                       for key in ("hefei", "wuhu"))
        closable = _extra_task(s, hefei, "建设工业互联网平台", 10)
        pending = _extra_task(s, hefei, "培育智能制造示范企业", 11)
        wuhu_pending = _extra_task(s, wuhu, "建设机器人产业园", 10)
        for task_id in (ids["hefei_task"], ids["wuhu_task"], pending, wuhu_pending):
            set_deadline(s, task_id=task_id, deadline=due, note="world")
        hefei_report, hefei_att = _pending_report(s, ids["hefei_task"], "合肥市发展和改革委员会")
        wuhu_report, wuhu_att = _pending_report(s, ids["wuhu_task"], None)
        done = add_task_update(s, task_id=closable, on_date=date.today(), state="已完成", text="平台已上线",
                               actor="world")
        done.kind, done.review, done.reviewed_by = "completion", "accepted", "world"
        return {"hefei_closable": closable, "hefei_pending": pending, "hefei_report": hefei_report,
                "hefei_att": hefei_att, "wuhu_report": wuhu_report, "wuhu_att": wuhu_att,
                "hefei_ext": _extension(s, pending), "wuhu_pending": wuhu_pending,
                "wuhu_ext": _extension(s, wuhu_pending)}
