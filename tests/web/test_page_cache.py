"""The dashboard (and the board, the rates panel, the plan and indicator pages) is computed
once per scope and day and served from the database until what it reads changes — and
never after such a change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.services.observations import record_file
from planwatch.services.overview import DASHBOARD_UNAFFECTED
from planwatch.services.page_cache import JsonShaped, cached, stamp
from planwatch.services.plan_detail import PROGRESS_UNAFFECTED
from planwatch.store import Store, audit
from planwatch.store.change_counters import counters
from planwatch.store.tables import PageCache

from .conftest import login


def test_a_change_is_on_the_next_dashboard_and_nothing_else_recomputes_it(
        client: TestClient, demo_store: Store, tmp_path: Path) -> None:
    login(client, "planner")
    first = client.get("/dashboard.json?as_of=2021-03-31").json()
    with demo_store.transaction() as s:
        (row,) = s.scalars(select(PageCache)).all()
        kept = (row.key, row.stamp)
    assert client.get("/dashboard.json?as_of=2021-03-31").json() == first  # served, not recomputed
    with demo_store.transaction() as s:
        assert (s.scalars(select(PageCache)).one().stamp) == kept[1]

    csv = tmp_path / "a.csv"
    csv.write_text("plan,indicator,region,period,value,unit,source\nanhui,驰名商标,合肥市,2020,31,件,合肥市统计局\n",
                   encoding="utf-8")
    with demo_store.transaction() as s:
        record_file(s, path=csv)
    after = client.get("/dashboard.json?as_of=2021-03-31").json()
    assert after != first
    assert any(r["region"] == "合肥市" and r["value"] == 31 for r in after["recent"])
    page = client.get("/dashboard?as_of=2021-03-31")  # the page renders from the stored (JSON-shaped) data
    assert page.status_code == 200 and "2021年3月31日" in page.text and "合肥市统计局" in page.text


def test_scopes_do_not_share_a_cached_dashboard(client: TestClient) -> None:
    login(client, "planner")
    anhui = {p["key"] for p in client.get("/dashboard.json").json()["plans"]}
    client.post("/logout")
    login(client, "planner-sx")
    shaoxing = {p["key"] for p in client.get("/dashboard.json").json()["plans"]}
    assert "anhui" in anhui and shaoxing == {"shaoxing"}


def test_logging_in_keeps_the_cached_pages_but_a_change_replaces_them(client: TestClient, demo_store: Store) -> None:
    """Fifty people logging in each morning write session rows to the audit log; no page reads
    them, so none is recomputed. A figure recorded after that still is."""
    login(client, "planner")
    client.get("/dashboard.json?as_of=2021-03-31")
    with demo_store.transaction() as s:
        before = s.scalars(select(PageCache)).one().stamp
        counted = counters(s)
    client.post("/logout")
    login(client, "viewer")
    client.post("/logout")
    login(client, "planner")
    client.get("/dashboard.json?as_of=2021-03-31")
    with demo_store.transaction() as s:
        rows = {r.key: r.stamp for r in s.scalars(select(PageCache))}
        assert len(rows) == 1 and next(iter(rows.values())) == before  # the logins changed no stamp
        assert counters(s) == counted and "web_sessions" not in counted and "login_attempts" not in counted
        audit.record(s, entity="observations", entity_id=None, action="create", after={})
        assert stamp(s, DASHBOARD_UNAFFECTED) == before  # counters move when the change commits, not before
    with demo_store.transaction() as s:
        assert counters(s)["observations"] == counted.get("observations", 0) + 1
        assert stamp(s, DASHBOARD_UNAFFECTED) != before


def test_a_rolled_back_change_moves_no_counter(demo_store: Store) -> None:
    with demo_store.transaction() as s:
        counted = counters(s)
    try:
        with demo_store.transaction() as s:
            audit.record(s, entity="observations", entity_id=None, action="create", after={})
            raise RuntimeError("the import failed half-way")
    except RuntimeError:
        pass
    with demo_store.transaction() as s:
        assert counters(s) == counted
        audit.record(s, entity="tasks", entity_id=None, action="update", after={})
        audit.record(s, entity="tasks", entity_id=None, action="update", after={})  # one transaction: one step
    with demo_store.transaction() as s:
        assert counters(s)["tasks"] == counted.get("tasks", 0) + 1


def _kept(client: TestClient, demo_store: Store, paths: list[str], change: Callable[[Session], object]) -> set[str]:
    """Which of the cached pages behind `paths` are served from the cache after `change`."""
    for p in paths:  # computed and cached
        assert client.get(p).status_code == 200, p
    with demo_store.transaction() as s:
        stamps = {r.key: r.stamp for r in s.scalars(select(PageCache))}
    with demo_store.transaction() as s:
        change(s)
    for p in paths:
        assert client.get(p).status_code == 200, p
    with demo_store.transaction() as s:
        now = {r.key: r.stamp for r in s.scalars(select(PageCache))}
    kept = {key.split("|")[0].split(":")[0] for key, value in stamps.items() if now.get(key) == value}
    return {name.removesuffix("-view") for name in kept}  # the board's rows and its page go together


PAGES = ["/dashboard.json", "/tasks.json", "/projects/rates.json", "/plans/anhui.json?as_of=2021-03-31"]
PROGRESS = {"plan", "indicator"}


def _indicator_path(client: TestClient) -> str:
    row = client.get("/plans/anhui.json?as_of=2021-03-31").json()["status"][0]
    return f"/plans/anhui/indicators/{row['indicator_id']}.json?as_of=2021-03-31"


@pytest.mark.parametrize(("entity", "kept"), [
    ("projects", {"dashboard", "duban-board", *PROGRESS}),  # a key project: only the rates panel is computed again
    ("project_progress", {"dashboard", "duban-board", *PROGRESS}),
    ("observations", {"duban-board", "projects-rates"}),  # a figure: the 首页 and the progress pages
    ("target_allocations", {"duban-board", "projects-rates"}),  # a target decomposed: the same
    ("task_updates", {"projects-rates", *PROGRESS}),  # a task report: the board and the 首页, not the panel
    ("issued_circulars", {"dashboard", "duban-board", "projects-rates", *PROGRESS}),  # what no cached page shows
    ("plans", set()),  # a plan published: everything
    ("regions", set()),  # a region renamed: every page names regions
    ("a_table_added_next_year", set()),  # a kind of data nobody listed: everything, the safe way round
])
def test_a_change_recomputes_the_pages_that_read_it_and_no_other(
        client: TestClient, demo_store: Store, entity: str, kept: set[str]) -> None:
    login(client, "admin")
    change = lambda s: audit.record(s, entity=entity, entity_id=None, action="update", after={})  # noqa: E731
    assert _kept(client, demo_store, [*PAGES, _indicator_path(client)], change) == kept


def test_a_figure_is_on_the_next_plan_and_indicator_page_rendered_from_the_cache(
        client: TestClient, demo_store: Store, tmp_path: Path) -> None:
    login(client, "planner")
    path = _indicator_path(client)
    html = client.get("/plans/anhui?as_of=2021-03-31")
    again = client.get("/plans/anhui?as_of=2021-03-31")  # from the stored JSON: the same page
    assert html.status_code == again.status_code == 200 and again.text == html.text
    assert 'value="2021-03-31"' in html.text and "2021年3月31日" in html.text
    indicator = client.get(path).json()["indicator"]
    csv = tmp_path / "a.csv"
    csv.write_text("plan,indicator,region,period,value,unit,source\n"
                   f"anhui,{indicator['metric']},安徽省,2020,42.75,{indicator['unit'] or ''},省统计局快报\n",
                   encoding="utf-8")
    with demo_store.transaction() as s:
        record_file(s, path=csv)
    page = client.get(path.replace(".json", ""))
    assert page.status_code == 200 and "省统计局快报" in page.text and "42.75" in page.text
    assert page.text == client.get(path.replace(".json", "")).text


def test_a_reviewer_and_a_viewer_do_not_share_a_cached_plan_page(client: TestClient) -> None:
    """Planners see drafts and links into the source; a viewer of the same plan does not."""
    login(client, "planner")
    assert client.get("/plans/anhui.json").json()["may_review"] is True
    client.post("/logout")
    login(client, "viewer")
    assert client.get("/plans/anhui.json").json()["may_review"] is False


def test_a_cached_page_is_sent_as_stored_and_answers_the_same_twice(client: TestClient, demo_store: Store) -> None:
    """The JSON twin sends cached data without encoding it again: the first (computed) and the
    second (stored) answer are the same JSON, and what `cached` returns is marked as JSON-shaped."""
    login(client, "planner")
    first = client.get("/plans/anhui.json?as_of=2021-03-31")
    second = client.get("/plans/anhui.json?as_of=2021-03-31")
    assert first.status_code == second.status_code == 200 and first.content == second.content
    with demo_store.transaction() as s:
        (key,) = [r.key for r in s.scalars(select(PageCache)) if r.key.startswith("plan|")]
        data = cached(s, key=key, compute=lambda: pytest.fail("served from the cache, not computed"),
                      unaffected=PROGRESS_UNAFFECTED)
        assert isinstance(data, JsonShaped) and data["key"] == "anhui"
