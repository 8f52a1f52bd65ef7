"""督查督办 in a real browser (1366×768): the demo's department reporter opens 我的任务 from
the dashboard, reports progress on a task due in three days (蓝, 即将到期) and asks for an
extension; the planner opens the task, approves the extension, and the colour goes.
Everything by clicking and typing; the keyboard reaches every form (plain HTML forms)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from planwatch.services.auth import principal_of
from planwatch.services.deadlines import set_deadline
from planwatch.services.demo import DEMO_PASSWORD
from planwatch.services.duban_board import board_rows, scope_of
from planwatch.store.auth_tables import User

from .conftest import Live, log_in, shot


def _a_task_due_in_three_days(live: Live) -> int:
    today = date.today()  # the server's day: what the pages colour against
    with live.store.transaction(actor="planner") as s:
        reporter = principal_of(s.scalars(select(User).where(User.login == "reporter")).one())
        row = next(r for r in board_rows(s, scope_of(s, reporter), as_of=today)
                   if r.phase == "办理中" and not r.pending_extensions)
        set_deadline(s, task_id=row.task_id, deadline=today + timedelta(days=3), effective_from=today, note="浏览器测试")
        return row.task_id


def _log_out(page: Any, live: Live) -> None:
    page.click("header form[action='/logout'] button")
    page.wait_for_url(f"{live.url}/login")


def test_a_reporter_reports_and_asks_for_an_extension_the_planner_approves(page: Any, live: Live) -> None:
    task_id = _a_task_due_in_three_days(live)
    later = (date.today() + timedelta(days=60)).isoformat()

    log_in(page, live, "reporter", DEMO_PASSWORD)
    page.click("#my-tasks-link")
    page.wait_for_url(f"{live.url}/tasks/mine")
    card = page.locator(f"section[data-task='{task_id}']")
    assert "即将到期" in card.inner_text()
    shot(page, "duban-mine")
    card.locator("h2 a").click()
    page.wait_for_url(f"{live.url}/tasks/{task_id}")
    assert page.locator("#task-colour").get_attribute("data-colour") == "blue"

    page.select_option("#report-state", "推进中")
    page.fill("#report-percent", "60")
    page.fill("#report-text", "设备已进场安装")
    page.click("#report-submit")
    page.wait_for_url(f"{live.url}/tasks/{task_id}#timeline")
    last = page.locator("#timeline li").last
    assert "进展报告" in last.inner_text() and "60%" in last.inner_text() and "待审核" in last.inner_text()

    page.fill("#extension-date", later)
    page.fill("#extension-reason", "进口设备到货延迟，申请延期")
    page.click("#extension-submit")
    page.wait_for_url(f"{live.url}/tasks/{task_id}#timeline")
    assert "延期申请" in page.locator("#timeline li").last.inner_text()
    shot(page, "duban-task-reporter")
    _log_out(page, live)

    log_in(page, live, "planner", DEMO_PASSWORD)
    page.goto(f"{live.url}/tasks?colour=blue")
    assert page.locator(f"tr[data-task='{task_id}']").count() == 1
    page.click(f"tr[data-task='{task_id}'] a")
    page.wait_for_url(f"{live.url}/tasks/{task_id}")
    pending = page.locator("#pending")
    assert "进口设备到货延迟" in pending.inner_text()
    pending.locator("form[action*='/decision'] input[name=note]").fill("同意延期")
    pending.locator("button[value=approve]").click()
    page.wait_for_url(f"{live.url}/tasks/{task_id}#timeline")
    assert page.locator("#task-colour").get_attribute("data-colour") == ""
    assert "延期批准" in page.locator("#timeline").inner_text()
    assert page.locator("#task-deadline").inner_text().startswith(f"{date.fromisoformat(later).year}年")
    shot(page, "duban-task-planner")
    page.goto(f"{live.url}/tasks?colour=blue")
    assert page.locator(f"tr[data-task='{task_id}']").count() == 0  # no longer 即将到期
    page.goto(f"{live.url}/departments")
    assert page.locator("#departments tbody tr").count() > 0
    shot(page, "duban-departments")
