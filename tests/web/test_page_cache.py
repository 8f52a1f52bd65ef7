"""The dashboard is computed once per scope and day and served from the database until
anything changes — and never after a change."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.services.observations import record_file
from planwatch.services.page_cache import stamp
from planwatch.store import Store, audit
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
    client.post("/logout")
    login(client, "viewer")
    client.post("/logout")
    login(client, "planner")
    client.get("/dashboard.json?as_of=2021-03-31")
    with demo_store.transaction() as s:
        rows = {r.key: r.stamp for r in s.scalars(select(PageCache))}
        assert len(rows) == 1 and next(iter(rows.values())) == before  # the logins changed no stamp
        audit.record(s, entity="observations", entity_id=None, action="create", after={})
        assert stamp(s) != before  # any other audited change does
