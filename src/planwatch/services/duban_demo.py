"""Demo objects of the 督查督办 cycle, so a new user sees it at work: the demo reporter's
department has reported on its tasks, one report awaits review, one 延期申请 awaits a
decision and one 办结 report awaits acceptance; everything goes through the services."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.services import duban
from planwatch.services.auth import principal_of
from planwatch.services.duban_board import board_rows, scope_of
from planwatch.store.auth_tables import User


def seed_duban_demo(session: Session, *, today: date, reporter: str = "reporter", planner: str = "planner") -> int:
    """Seed the cycle on the first four tasks of the demo reporter; returns how many were touched."""
    users = {u.login: u for u in session.scalars(select(User).where(User.login.in_((reporter, planner))))}
    if reporter not in users or planner not in users:
        return 0
    who, boss = principal_of(users[reporter]), principal_of(users[planner])
    tasks = [r for r in board_rows(session, scope_of(session, who), as_of=today) if not r.done][:4]
    actor = session.info.get("actor")
    try:
        for n, row in enumerate(tasks):
            session.info["actor"] = boss.login
            duban.set_task_deadline(session, who=boss, task_id=row.task_id, today=today,
                                    deadline=today + timedelta(days=(5, 40, 75, 120)[n]), note="演示：督查室设定")
            session.info["actor"] = who.login
            step = duban.Report(state="推进中", on_date=today - timedelta(days=10), percent=30.0 + 10 * n,
                                text="已制定工作方案，正在推进中")
            first = duban.report(session, who=who, task_id=row.task_id, given=step, today=today)
            session.info["actor"] = boss.login
            if n != 1:
                duban.review_report(session, who=boss, task_id=row.task_id, update_id=first.id, accept=True)
            session.info["actor"] = who.login
            if n == 0:
                duban.request_extension(session, who=who, task_id=row.task_id, today=today,
                                        new_deadline=today + timedelta(days=60), reason="配套资金尚未到位，申请延期两个月")
            if n == 2:
                done = duban.Report(state="已完成", on_date=today - timedelta(days=1), kind="completion",
                                    text="任务已按要求完成，相关材料已归档")
                duban.report(session, who=who, task_id=row.task_id, given=done, today=today)
    finally:
        session.info["actor"] = actor
    return len(tasks)
