"""月报 in a real browser (Debian chromium) at 1366×768: a planner opens the 安徽省 circular
for 2019年1—9月, sees its title and charts drawn (the SVGs load), rewrites the 导语 with the
keyboard-usable form and previews it, then issues it and finds it under 已印发 with its three
files. Screenshots in build/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest

from planwatch.services.demo import DEMO_PASSWORD

from .conftest import Live, log_in, shot

pytestmark = pytest.mark.browser


def test_a_planner_previews_edits_and_issues_the_circular(page: Any, live: Live) -> None:
    log_in(page, live, "planner", DEMO_PASSWORD)
    page.goto(f"{live.url}/circulars?region=安徽省&period=2019-09")
    assert "规划实施推进情况的通报" in page.inner_text("#preview")
    widths = page.eval_on_selector_all("#preview figure img", "imgs => imgs.map(i => i.naturalWidth)")
    assert widths and all(w > 0 for w in widths)  # the charts are drawn pictures, not text
    shot(page, "circular-page")
    page.click("details.circular-tools summary")
    page.fill("#lead", "现将全省1—9月规划实施情况通报如下。")
    page.click("#edit-form button[type=submit]")
    page.wait_for_url("**lead=*")
    assert page.inner_text("#preview p.body >> nth=0") == "现将全省1—9月规划实施情况通报如下。"
    page.click("details.circular-tools summary")
    page.click("#issue-form button[type=submit]")
    page.wait_for_url("**issued=*", timeout=90_000)
    row = page.inner_text("section[aria-label='已印发'] tbody tr")
    assert "皖发改规划" in row and "DOCX" in row and "PDF" in row and "XLSX" in row
    shot(page, "circular-issued")
