"""对标 and 同质化 pages in a real browser (Debian chromium via Playwright, the fixtures of
tests/browser): a planner reads Anqing's comparison with 中国制造2025安徽篇, the province's
同质化 page draws its heatmap, the granularity switch works from the keyboard; screenshots go
to build/screenshots/ for a person to look at (1366×768)."""

from __future__ import annotations

from typing import Any

import pytest

from planwatch.services.demo import DEMO_PASSWORD

from .conftest import Live, log_in, shot

pytestmark = pytest.mark.browser


def test_a_planner_reads_the_comparison_and_the_overlap_page(page: Any, live: Live) -> None:
    log_in(page, live, "planner", DEMO_PASSWORD)
    page.click("nav >> text=对标")
    page.wait_for_url(f"{live.url}/compare")
    page.click("a[href='/plans/anqing/compare']")
    top = page.locator("#top-line")
    assert top.inner_text().startswith("对标《中国制造2025安徽篇》：上级指标")
    first = page.locator("#compare-rows tbody tr").first
    assert first.get_attribute("data-verdict") in ("weaker", "missing")
    assert "化工新材料" in page.locator("#ind-h + table").inner_text()
    shot(page, "compare-anqing")

    page.goto(f"{live.url}/regions/安徽省/overlap")
    page.wait_for_selector("[data-charts-ready=true]")
    assert page.locator("#overlap-chart").get_attribute("data-ready") == "true"
    assert page.locator("#overlap-chart svg").count() == 1
    assert "分工" in page.locator("#differentiation").inner_text()
    rows_level2 = page.locator("#k-of-n tbody tr").count()
    shot(page, "overlap-anhui-level2")
    page.focus("select[name=level]")
    page.keyboard.press("ArrowDown")  # 原文表述 → 二级 → 一级 from the keyboard
    page.select_option("select[name=level]", "1")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**level=1")
    assert page.locator("#k-of-n tbody tr").count() < rows_level2
    shot(page, "overlap-anhui-level1")
