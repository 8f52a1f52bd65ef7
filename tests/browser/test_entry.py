"""数据填报 in a real browser (Debian chromium, headless, 1366×768):

(a) a planner downloads the 填报模板, fills it with openpyxl, uploads it, sees the one bad
    row named in the problems table, fixes it, uploads again and confirms;
(b) a county planner's figure typed into the grid waits for acceptance: the indicator
    page's chart does not draw it until the province planner accepts it on the review page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store.tables import Observation

from .conftest import Live, log_in, shot

pytestmark = pytest.mark.browser


def _json(page: Any, url: str) -> Any:
    r = page.request.get(url)
    assert r.ok, (url, r.status)
    return r.json()


def test_a_planner_fills_the_template_fixes_the_bad_row_and_confirms(page: Any, live: Live, tmp_path: Path) -> None:
    log_in(page, live, "planner", DEMO_PASSWORD)
    page.goto(f"{live.url}/actuals?plan=anqing")
    with page.expect_download() as info:
        page.click("#template-link")
    template = tmp_path / "template.xlsx"
    info.value.save_as(str(template))
    book = openpyxl.load_workbook(template)
    sheet = book["填报模板"]
    ident, region, period = sheet["B2"].value, sheet["D2"].value, sheet["E2"].value
    sheet["F2"], sheet["H2"] = 321, "安庆市统计局"
    sheet["F3"] = "三百"  # the bad row
    book.save(template)

    page.set_input_files("input[type=file][name=file]", str(template))
    with page.expect_navigation():
        page.click("form[action='/actuals/upload'] button[type=submit]")
    problems = page.locator("table.problems tbody tr")
    problems.first.wait_for()
    assert problems.count() == 1
    assert problems.first.locator("td").nth(0).inner_text() == "3"
    assert problems.first.locator("td").nth(1).inner_text() == "数值"
    shot(page, "entry-upload-problems")

    sheet["F3"] = 300
    book.save(template)
    page.set_input_files("input[type=file][name=file]", str(template))
    with page.expect_navigation():
        page.click("form[action='/actuals/upload'] button[type=submit]")
    page.locator("#confirm").wait_for()
    assert page.locator("#preview tbody tr").count() == 2
    shot(page, "entry-upload-preview")
    page.click("#confirm")
    page.wait_for_url("**/actuals?*imported=2*")
    with live.store.transaction() as s:
        stored = s.scalars(select(Observation).where(Observation.indicator_id == ident,
                                                     Observation.period == period)).all()
    assert [(o.value, o.source, o.review_state) for o in stored] == [(321.0, "安庆市统计局", "accepted")]
    assert region in page.content()


def _chart(page: Any) -> dict[str, Any]:
    page.locator("#indicator-chart svg, #indicator-chart canvas").first.wait_for()
    option: dict[str, Any] = json.loads(page.locator("#indicator-chart-option").text_content())
    return option


def _drawn(option: dict[str, Any], region: str) -> list[Any]:
    return [p for s in option.get("series", []) if s.get("name") == region for p in s.get("data", [])]


def test_a_county_figure_waits_for_acceptance_then_appears_in_the_chart(browser: Any, page: Any, live: Live) -> None:
    log_in(page, live, "planner-ch", DEMO_PASSWORD)
    grid = _json(page, f"{live.url}/actuals.json?plan=chaohu")
    row = next(r for r in grid["rows"] if r["editable"] and r["unit"])
    ident, period = row["indicator_id"], grid["period"]
    page.goto(f"{live.url}/actuals?plan=chaohu&period={period}")
    page.fill(f"input[name='value.{ident}']", "77")
    page.fill(f"input[name='source.{ident}']", "巢湖市统计局")
    page.press(f"input[name='source.{ident}']", "Enter")  # the keyboard submits the grid
    page.wait_for_url("**/actuals?*saved=1*")
    assert "待审核" in page.locator(f"tr[data-indicator='{ident}']").inner_text()
    shot(page, "entry-grid-pending")
    page.goto(f"{live.url}/plans/chaohu/indicators/{ident}")
    assert _drawn(_chart(page), "巢湖市") == []

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        province = context.new_page()
        log_in(province, live, "planner", DEMO_PASSWORD)
        province.goto(f"{live.url}/actuals/review")
        mine = province.locator("#review-queue tbody tr", has_text=row["metric"]).filter(has_text="77")
        shot(province, "entry-review-queue")
        mine.locator("button", has_text="接受").click()
        province.wait_for_url("**/actuals/review?done=*")
    finally:
        context.close()
    page.goto(f"{live.url}/plans/chaohu/indicators/{ident}")
    drawn = _drawn(_chart(page), "巢湖市")
    assert len(drawn) == 1 and "77" in json.dumps(drawn, ensure_ascii=False)
    shot(page, "entry-accepted-in-chart")
