"""Who may do what: every route of the app, asked by every kind of user (matrix.py), on the
small world of two 安徽 cities. Reads share one database per test session; each write gets
a fresh copy, so one test's upload never shows in another's listing."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planwatch.services.auth import hasher
from planwatch.store import Store, open_store
from planwatch.store.tables import AuditEntry
from planwatch.web import create_app

from .conftest import settings_for
from .matrix import (
    BODIES,
    LISTED,
    LISTINGS,
    LOGGED_IN,
    MATRIX,
    PASSWORD,
    USERS,
    Facts,
    Row,
    app_routes,
    build_world,
)

GETS = [r for r in MATRIX if r.method == "GET"]
POSTS = [r for r in MATRIX if r.method != "GET"]


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Facts]:
    """The matrix database, built once per test session (per xdist worker)."""
    folder = tmp_path_factory.mktemp("matrix")
    path = folder / "matrix.db"
    store = open_store(settings_for(f"sqlite:///{path}"))
    facts = build_world(store, folder, hasher(1, 8192))
    store.dispose()
    return path, facts


@pytest.fixture(scope="session")
def shared_app(world: tuple[Path, Facts], tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    copy = tmp_path_factory.mktemp("matrix-read") / "matrix.db"
    shutil.copyfile(world[0], copy)
    store = open_store(settings_for(f"sqlite:///{copy}"))
    yield create_app(settings_for(f"sqlite:///{copy}"), store=store)
    store.dispose()


@pytest.fixture(scope="session")
def readers(shared_app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """One client per user, logged in once (reads do not change what later reads see)."""
    clients = {user: TestClient(shared_app, base_url="http://testserver") for user in USERS}
    for user, client in clients.items():
        if user != "anon":
            _log_in(client, user)
    yield clients
    for client in clients.values():
        client.close()


@pytest.fixture
def fresh(world: tuple[Path, Facts], tmp_path: Path) -> Iterator[tuple[FastAPI, Store]]:
    copy = tmp_path / "matrix.db"
    shutil.copyfile(world[0], copy)
    store = open_store(settings_for(f"sqlite:///{copy}"))
    yield create_app(settings_for(f"sqlite:///{copy}"), store=store), store
    store.dispose()


def _log_in(client: TestClient, user: str) -> None:
    r = client.post("/login", data={"login": user, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, f"{user} cannot log in: {r.status_code} {r.text[:200]}"


def _cases(rows: list[Row]) -> list[object]:
    return [pytest.param(row, user, id=f"{row.id}-{user}") for row in rows for user in USERS]


def _last_audit(store: Store) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))) or 0


def _audit_since(store: Store, after: int) -> list[tuple[str, str, str]]:
    with store.transaction() as s:
        rows = s.execute(select(AuditEntry.actor, AuditEntry.entity, AuditEntry.action)
                         .where(AuditEntry.id > after).order_by(AuditEntry.id))
        return [(r[0], r[1], r[2]) for r in rows]


@pytest.mark.parametrize(("row", "user"), _cases(GETS))
def test_each_page_answers_each_user_as_the_matrix_says(row: Row, user: str, readers: dict[str, TestClient],
                                                        world: tuple[Path, Facts]) -> None:
    r = readers[user].get(world[1].fill(row.path), follow_redirects=False)
    assert r.status_code == row.expect[user], r.text[:300]
    assert r.status_code < 500


@pytest.mark.parametrize(("row", "user"), _cases(POSTS))
def test_each_write_answers_each_user_as_the_matrix_says_and_audits_the_user(
        row: Row, user: str, fresh: tuple[FastAPI, Store], world: tuple[Path, Facts]) -> None:
    app, store = fresh
    with TestClient(app, base_url="http://testserver") as client:
        if user != "anon":
            _log_in(client, user)
        before = _last_audit(store)
        r = client.request(row.method, world[1].fill(row.path), follow_redirects=False, **BODIES[row.body](user, world[1]))
    assert r.status_code == row.expect[user], r.text[:300]
    written = _audit_since(store, before)
    if user != "anon" and r.status_code < 400:
        assert written, f"{row.id} by {user} changed nothing in the audit log"
        assert {actor for actor, _, _ in written} == {user}, written
    else:  # refused: nothing stored but the failed login itself, which the throttle needs
        assert [w for w in written if w[1] != "login_attempts"] == [], written


def test_every_route_is_in_the_matrix(shared_app: FastAPI) -> None:
    """A new route must say who may use it: add its row to tests/web/matrix.py."""
    covered = {(row.method, row.route) for row in MATRIX}
    missing = sorted(app_routes(shared_app) - covered)
    assert missing == [], f"routes without a row in tests/web/matrix.py: {missing}"
    stale = sorted(covered - app_routes(shared_app))
    assert stale == [], f"matrix rows for routes the app no longer has: {stale}"


def test_every_row_says_what_every_user_gets() -> None:
    assert all(set(row.expect) == set(USERS) for row in MATRIX), [r.id for r in MATRIX if set(r.expect) != set(USERS)]


# What a page shows, counted in its HTML and in its twin's JSON: they must agree.
KEY_FIGURES: dict[str, tuple[str, Callable[[dict[str, Any]], int]]] = {
    "/plans": (r"<h1>规划 <small>(\d+)个</small>", lambda j: len(j["plans"])),
    "/plans/{key}": (r'<tr data-indicator="', lambda j: len(j["status"])),
    "/plans/{key}/versions/{n}/review": (r'<article class="item ', lambda j: sum(len(k["items"]) for k in j["kinds"])),
    "/plans/{key}/indicators/{indicator_id}": (r"<h2>数据 <small>(\d+)条</small>", lambda j: len(j["figures"])),
    "/admin/users": (r'<tr><td>', lambda j: len(j["users"])),
}


def _shown(pattern: str, html: str) -> int:
    found = re.findall(pattern, html)
    return int(found[0]) if found and found[0].isdigit() else len(found)


TWINNED = [r for r in GETS if not r.path.endswith(".json") and any(
    t.method == "GET" and t.route == r.route + ".json" for t in GETS)]


@pytest.mark.parametrize("row", TWINNED, ids=[r.id for r in TWINNED])
def test_each_pages_json_twin_answers_the_same(row: Row, readers: dict[str, TestClient],
                                               world: tuple[Path, Facts]) -> None:
    """Same permissions, page and twin (a stranger: the login form for a page, 401 for JSON)."""
    path = world[1].fill(row.path)
    for user in USERS:
        page = readers[user].get(path, follow_redirects=False)
        twin = readers[user].get(path + ".json", follow_redirects=False)
        expected = 401 if user == "anon" else page.status_code
        assert twin.status_code == expected, (user, page.status_code, twin.status_code)
        assert twin.json()["ok"] is (twin.status_code == 200)
        if twin.status_code == 200 and row.route in KEY_FIGURES:
            pattern, count = KEY_FIGURES[row.route]
            assert _shown(pattern, page.text) == count(twin.json()), (user, row.route)


@pytest.mark.parametrize("path", sorted(LISTINGS))
@pytest.mark.parametrize("user", LOGGED_IN)
def test_listings_show_exactly_the_plans_in_scope(path: str, user: str, readers: dict[str, TestClient]) -> None:
    r = readers[user].get(path)
    assert r.status_code == 200
    field, key = LISTINGS[path]
    assert {item[key] for item in r.json()[field]} == LISTED[user]
    if "wuhu" not in LISTED[user]:
        assert "wuhu" not in r.text and "芜湖" not in r.text


@pytest.mark.parametrize("user", LOGGED_IN)
def test_list_pages_link_exactly_the_plans_their_twin_lists(user: str, readers: dict[str, TestClient]) -> None:
    pages = ("/plans",) if user.startswith("reporter") else ("/plans", "/dashboard")  # a reporter's: 我的任务
    for page in pages:
        html = readers[user].get(page).text
        twin = readers[user].get(page + ".json").json()
        linked = set(re.findall(r'href="/plans/([a-z0-9._-]+)"', html)) - {"new"}
        assert linked == {p["key"] for p in twin["plans"]} == LISTED[user], (page, linked)


@pytest.mark.parametrize("user", ["reporter", "reporter_jxj"])
def test_a_reporter_sees_only_its_departments_tasks(user: str, readers: dict[str, TestClient],
                                                    world: tuple[Path, Facts]) -> None:
    """Lead (发改委) or support (经信局) of T1 in hefei: T1 only, never wuhu's T2."""
    mine = readers[user].get("/dashboard.json").json()["my_tasks"]
    assert [t["task_id"] for t in mine] == [world[1].ids["hefei_task"]]
    assert world[1].ids["wuhu_task"] not in {t["task_id"] for t in readers[user].get("/dashboard.json").json()["overdue"]}
