"""重点项目 in a real browser (Debian chromium): a planner opens the rates panel of the year a
储备 project is planned to start, moves that project to 新建 on its page with the keyboard-
usable edit form, and sees 开工率 and 转化率 go up by one on the library's rates panel; the
rates page draws its per-region chart. Screenshots in build/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from planwatch.services.demo import DEMO_PASSWORD

from .conftest import Live, log_in, shot

pytestmark = pytest.mark.browser

RESERVE = "集成电路封测产业园"  # a 储备 project of the demo's 安徽 list


def _numerator(page: Any, key: str) -> float:
    return float(page.get_attribute(f"#rate-{key}", "data-numerator"))


def test_a_project_moves_from_reserve_to_new_and_the_rates_update(page: Any, live: Live) -> None:
    log_in(page, live, "planner", DEMO_PASSWORD)
    found = page.request.get(f"{live.url}/projects.json", params={"q": RESERVE}).json()["projects"]
    project = next(p for p in found if p["name"] == RESERVE)
    year = project["planned_start"][:4]
    panel = f"{live.url}/projects?period={year}&as_of={year}-12-31"
    page.goto(panel)
    shot(page, "projects-library")
    started, converted = _numerator(page, "started"), _numerator(page, "converted")
    page.click(f"tr[data-project='{project['id']}'] a")
    page.wait_for_url(f"{live.url}/projects/{project['id']}")
    assert page.get_attribute("#track li[data-step='开工']", "data-state") in ("due", "late")
    page.select_option("#stage-select", "新建")
    page.fill("input[name=stage_date]", project["planned_start"])
    page.click("#save")
    page.wait_for_url(f"{live.url}/projects/{project['id']}?saved=1")
    assert page.inner_text("#stage") == "新建"
    assert page.get_attribute("#track li[data-step='开工']", "data-state") == "done"
    shot(page, "project-page")
    page.goto(panel)
    assert _numerator(page, "started") == started + 1
    assert _numerator(page, "converted") == converted + 1
    page.click("#rates-link")
    page.wait_for_selector('#region-chart[data-ready="true"] svg')
    chart = page.inner_text("#region-chart")
    assert "合肥市" in chart and "开工率" in chart
    shot(page, "projects-rates")
