"""审计日志 on the demo database: who changed what and when, filtered and paged, and scoped —
a planner of 安徽省 sees the rows about 安徽 objects (plans, figures, allocations, schemes),
never 绍兴's, nor accounts and logins; admins see every row."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.services.access import subtree
from planwatch.services.regions import resolve_region
from planwatch.store import Store
from planwatch.store.tables import Region

from .conftest import login


def _names_under(store: Store, name: str) -> set[str]:
    with store.transaction() as s:
        ids = subtree(s, resolve_region(s, name=name).id)
        return set(s.scalars(select(Region.name).where(Region.id.in_(ids))))


def _all(client: TestClient, **params: str) -> list[dict[str, object]]:
    rows, page = [], 1
    while True:
        data = client.get("/admin/audit.json", params={**params, "page": str(page)}).json()
        rows += data["rows"]
        if page >= data["pages"]:
            return rows
        page += 1


def test_an_admin_sees_every_row_with_before_and_after(client: TestClient) -> None:
    login(client, "admin")
    rows = _all(client)
    entities = {r["entity"] for r in rows}
    assert {"plans", "plan_versions", "observations", "users", "web_sessions", "assessment_schemes",
            "target_allocations"} <= entities
    publish = next(r for r in rows if r["entity"] == "plans" and r["action"] == "publish")
    assert publish["before"] is not None and publish["after"] is not None
    assert any(c["field"] == "current_version_id" for c in publish["changes"])


def test_a_planner_sees_only_the_rows_of_their_region(client: TestClient, demo_store: Store) -> None:
    anhui, shaoxing = _names_under(demo_store, "安徽省"), _names_under(demo_store, "绍兴市")
    login(client, "planner")
    rows = _all(client)
    assert rows and {r["region"] for r in rows} <= anhui
    assert not {r["entity"] for r in rows} & {"users", "web_sessions", "login_attempts"}
    assert {"observations", "target_allocations", "assessment_runs"} <= {r["entity"] for r in rows}
    client.post("/logout")
    login(client, "planner-sx")
    mine = _all(client)
    assert mine and {r["region"] for r in mine} <= shaoxing
    assert not {r["id"] for r in mine} & {r["id"] for r in rows}


def test_filters_by_entity_actor_and_day_and_pages(client: TestClient) -> None:
    login(client, "admin")
    plans = client.get("/admin/audit.json", params={"entity": "plans"}).json()
    assert plans["total"] > 0 and {r["entity"] for r in plans["rows"]} == {"plans"}
    assert set(plans["entities"]) >= {"plans", "users"} and "admin" in plans["actors"]
    logins = client.get("/admin/audit.json", params={"actor": "admin", "entity": "web_sessions"}).json()
    assert logins["total"] >= 1 and {r["actor"] for r in logins["rows"]} == {"admin"}
    today = datetime.now(UTC).date()
    assert client.get("/admin/audit.json", params={"from": str(today + timedelta(days=1))}).json()["total"] == 0
    assert client.get("/admin/audit.json", params={"to": str(today - timedelta(days=1))}).json()["total"] == 0
    whole = client.get("/admin/audit.json", params={"from": str(today), "to": str(today)}).json()
    assert whole["total"] == client.get("/admin/audit.json").json()["total"] and whole["pages"] > 1
    first, second = (client.get("/admin/audit.json", params={"page": str(n)}).json() for n in (1, 2))
    assert len(first["rows"]) == 50 and first["rows"][-1]["id"] > second["rows"][0]["id"]
    html = client.get("/admin/audit", params={"entity": "plans"}).text
    assert len(re.findall(r'<tr data-audit="', html)) == len(plans["rows"])
    assert f"<small>{plans['total']}条</small>" in html


def test_bad_filters_and_other_roles_are_refused(client: TestClient) -> None:
    login(client, "admin")
    assert client.get("/admin/audit.json", params={"from": "2020-02-30"}).status_code == 422
    assert client.get("/admin/audit.json", params={"from": "2021-01-02", "to": "2021-01-01"}).status_code == 422
    assert client.get("/admin/audit.json", params={"page": "0"}).status_code == 422
    for user in ("viewer", "reporter"):
        client.post("/logout")
        login(client, user)
        assert client.get("/admin/audit").status_code == 403
        assert client.get("/admin/audit.json").status_code == 403
