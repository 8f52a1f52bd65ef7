"""The web workspace in a real browser (Debian chromium, headless), as its users work:

(a) a planner uploads an example plan, corrects a target's value and deletes a noise item
    on the review page, publishes; the plan page shows the corrected target, the indicator
    page draws its chart; logging out ends the session;
(b) a department's reporter sees only the tasks naming its department;
(c) a page on another port of the same host auto-posting to the app is refused (403);
and screenshots of the main pages in build/screenshots/ for a person to look at.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from planwatch.services.access import department_task_ids
from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store.auth_tables import User
from planwatch.web.render import cn_number

from .conftest import Live, chinese_fonts, free_port, log_in, require, shot

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).parents[2] / "src" / "planwatch" / "examples" / "002_7230ec801b983216.txt"
METRIC = "安徽名牌"  # a target of the example with real actuals in the demo database


def test_a_chinese_font_is_installed() -> None:
    """Without one, Chinese draws as boxes in screenshots while every text assertion passes."""
    require(bool(chinese_fonts()), "no Chinese font (fc-list :lang=zh is empty)")
    assert chinese_fonts()


def _json(page: Any, url: str) -> Any:
    """A JSON twin fetched with the page's own session cookie."""
    r = page.request.get(url)
    assert r.ok, (url, r.status)
    return r.json()


def _shown_target(page: Any, live: Live) -> dict[str, Any]:
    """The 安徽名牌 row of the current plan page: which year's target the page judges."""
    rows = _json(page, f"{live.url}/plans/anhui.json")["status"]
    return next(r for r in rows if r["metric"] == METRIC and r["region"] in (None, "安徽省"))


def _items(page: Any, live: Live, version: int) -> dict[str, list[dict[str, Any]]]:
    review = _json(page, f"{live.url}/plans/anhui/versions/{version}/review.json")
    return {k["kind"]: k["items"] for k in review["kinds"]}


def _review(page: Any, live: Live, version: int, year: int, value: float) -> None:
    """Correct the METRIC target of `year` to `value` and delete the noise observation ('的 6.4倍')."""
    items = _items(page, live, version)
    target = next(t for t in items["targets"] if t["metric"] == METRIC and t["year"] == year)["id"]
    noise = next(o for o in items["observations"] if o["metric"] == "的")["id"]
    page.click(f"#item-{target} button.goto")  # the sentence it came from lights up
    page.wait_for_selector("#source mark.hl")
    card = page.locator(f"#item-{target}")
    card.locator("summary", has_text="修改").click()
    page.fill(f"#f-{target}-value", str(int(value)))
    card.locator("button[value=edit]").click()
    page.wait_for_selector(f'#item-{target}[data-state="edited"]')
    assert cn_number(value, 4) in page.locator(f"#item-{target} dd.changed").first.inner_text()
    page.locator(f"#item-{noise} button[value=reject]").click()
    page.wait_for_selector(f'#item-{noise}[data-state="rejected"]')


def test_a_planner_uploads_corrects_publishes_and_sees_the_corrected_target_and_chart(page: Any,
                                                                                       live: Live) -> None:
    page.goto(f"{live.url}/login")
    shot(page, "login")
    log_in(page, live, "planner", DEMO_PASSWORD)
    shot(page, "dashboard")
    page.goto(f"{live.url}/plans")
    shot(page, "plans")
    before = _shown_target(page, live)
    year, corrected = before["target"]["year"], before["target"]["value"] + 100

    page.goto(f"{live.url}/plans/new")
    page.set_input_files("input[name=file]", str(EXAMPLE))
    page.fill("input[name=key]", "anhui")  # a corrected version of the demo's anhui plan
    page.click("form[action='/plans'] button[type=submit]")
    page.wait_for_url(f"{live.url}/plans/anhui/versions/2/review")
    _review(page, live, 2, year, corrected)
    shot(page, "review")

    page.on("dialog", lambda dialog: dialog.accept())  # "尚有 N 项未审核，仍要发布吗？"
    page.click("form.publish button[type=submit]")
    page.wait_for_url(f"{live.url}/plans/anhui?published=2")
    page.wait_for_selector('html[data-charts-ready="true"]')
    row = page.locator("#status-table tr", has=page.locator("td.metric a", has_text=METRIC)).first
    assert cn_number(corrected) in row.locator("td.num").first.inner_text()
    shot(page, "plan")
    after = _shown_target(page, live)
    assert after["target"]["value"] == corrected and after["indicator_id"] == before["indicator_id"]

    row.locator("td.metric a").click()
    page.wait_for_url(f"{live.url}/plans/anhui/indicators/{after['indicator_id']}*")
    page.wait_for_selector('html[data-charts-ready="true"]')
    page.wait_for_selector('#indicator-chart[data-ready="true"] svg')
    drawn = page.locator("#indicator-chart svg").first.text_content() or ""  # SVG renderer: labels are text
    assert "目标" in drawn and cn_number(corrected) in drawn.replace("，", ",")
    assert "安徽省" in drawn  # the actuals' series, carried over to version 2
    shot(page, "indicator")

    page.click("header form[action='/logout'] button")
    page.wait_for_url(f"{live.url}/login")
    page.goto(f"{live.url}/dashboard")
    assert page.url.startswith(f"{live.url}/login")
    assert page.request.get(f"{live.url}/plans/anhui.json").status == 401


def test_a_reporter_sees_only_its_departments_tasks(page: Any, live: Live) -> None:
    with live.store.transaction() as s:
        reporter = s.scalars(select(User).where(User.login == "reporter")).one()
        expected = department_task_ids(s, reporter.department_id or 0)
    log_in(page, live, "reporter", DEMO_PASSWORD)
    page.wait_for_selector("h2:has-text('我的任务')")
    shot(page, "dashboard-reporter")
    mine = _json(page, f"{live.url}/dashboard.json")["my_tasks"]
    assert expected and {t["task_id"] for t in mine} == expected
    table = page.locator("section.card", has=page.locator("h2", has_text="我的任务")).locator("tbody tr")
    assert table.count() == len(expected)
    shown = set(table.locator("td:nth-child(2)").all_inner_texts())
    assert shown == {t["title"] for t in mine}
    listed = {p["key"] for p in _json(page, f"{live.url}/plans.json")["plans"]}
    assert listed == {t["plan"] for t in mine}  # only the plans that hold its tasks
    assert page.goto(f"{live.url}/admin/users").status == 403


class _EvilPage(http.server.BaseHTTPRequestHandler):
    """A page on another port that posts a form to the app as soon as it loads."""

    target = ""

    def do_GET(self) -> None:
        body = f"""<!doctype html><meta charset="utf-8"><title>领奖</title>
<form id="f" method="post" action="{self.target}/admin/users">
<input name="login" value="mallory"><input name="password" value="mallory-password">
<input name="role" value="admin"></form>
<script>document.getElementById("f").submit();</script>""".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def evil(live: Live) -> Iterator[str]:
    handler = type("Evil", (_EvilPage,), {"target": live.url})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


def test_a_page_from_another_origin_cannot_post_as_the_logged_in_admin(page: Any, live: Live, evil: str) -> None:
    """Same host, other port: the browser sends the Lax cookie (same site), so only the
    Sec-Fetch-Site guard stands between the page and a new admin account."""
    log_in(page, live, "admin", DEMO_PASSWORD)
    page.goto(f"{live.url}/admin/users")
    shot(page, "admin-users")
    with page.expect_response(f"{live.url}/admin/users") as posted:
        page.goto(evil)
    assert posted.value.status == 403
    page.wait_for_selector("text=跨站请求已拒绝")
    users = {u["login"] for u in _json(page, f"{live.url}/admin/users.json")["users"]}
    assert "mallory" not in users and "admin" in users  # nothing made, and the admin is still logged in
