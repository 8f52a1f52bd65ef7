"""分解与考核 in a real browser (Debian chromium): a planner types an allocation and watches
the sum check change as they type (htmx, no page load), saves it; opens the demo ranking
with its ECharts bar chart, runs it for a new date with the keyboard, and the audit page
shows the run. Screenshots in build/screenshots/."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select

from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store.tables import Indicator, TargetAllocation
from planwatch.store.tables import Plan as PlanRow

from .conftest import Live, log_in, shot

pytestmark = pytest.mark.browser
NAME = "安徽省制造业考核2020"


def _indicator(live: Live, metric: str, year: int) -> int:
    with live.store.transaction() as s:
        query = (select(Indicator.id).join(PlanRow, PlanRow.current_version_id == Indicator.plan_version_id)
                 .where(PlanRow.key == "anhui", Indicator.metric == metric, Indicator.target_year == year))
        return int(s.scalars(query).one())


def test_a_planner_allocates_with_a_live_sum_check(page: Any, live: Live) -> None:
    log_in(page, live, "planner", DEMO_PASSWORD)
    ident = _indicator(live, "安徽名牌", 2020)  # 1500 个
    page.goto(f"{live.url}/plans/anhui/indicators/{ident}")
    page.click("#edit-allocations")
    page.wait_for_url(f"{live.url}/plans/anhui/indicators/{ident}/allocations")
    page.fill('input[name="part.合肥市"]', "700")
    page.fill('input[name="part.芜湖市"]', "700")
    page.wait_for_selector('#sum-verdict:has-text("少 100")')  # 1400 typed of 1500, shown as it is typed
    page.fill('input[name="part.芜湖市"]', "800")
    page.wait_for_selector('#sum-check[data-adds-up="yes"]')
    assert page.inner_text("#sum-verdict") == "相符"
    shot(page, "allocation-form")
    page.click("#allocation-form button[type=submit]")
    page.wait_for_url(f"{live.url}/plans/anhui/indicators/{ident}#allocations")
    assert "合肥市" in page.inner_text("#allocations")
    with live.store.transaction() as s:
        stored = s.scalars(select(TargetAllocation.value).where(TargetAllocation.indicator_id == ident)).all()
    assert sorted(stored) == [700, 800]


def test_a_planner_reads_the_ranking_chart_and_runs_it_again(page: Any, live: Live) -> None:
    log_in(page, live, "planner", DEMO_PASSWORD)
    page.goto(f"{live.url}/assessments")
    page.click(f'a[href="/assessments/{quote(NAME)}"]')
    page.wait_for_selector('html[data-charts-ready="true"]')
    page.wait_for_selector('#ranking-chart[data-ready="true"] svg')
    drawn = page.locator("#ranking-chart svg").first.text_content() or ""
    assert "合肥市" in drawn and "安庆市" in drawn
    assert page.locator("#ranking-table tbody tr").count() == 5
    assert "↑3" in page.inner_text('#ranking-table tr[data-region="合肥市"]')
    shot(page, "assessment-ranking")
    page.fill("#run-form input[name=as_of]", "2021-03-31")
    page.focus("#run-form button")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=截至2021年3月31日")
    assert page.locator("#runs tbody tr").count() == 3
    assert "持平" in page.inner_text('#ranking-table tr[data-region="合肥市"]')
    page.goto(f"{live.url}/admin/audit?entity=assessment_runs")
    assert "planner" in page.inner_text("#audit tbody tr:first-child")
    shot(page, "audit-log")
