"""What a careless or hostile request gets: a status and a message a person can act on,
nothing stored, never a 500. Broken, empty and scanned files, an upload over the size
limit, a forged cross-site post, guessed passwords, keys with ``../`` or spaces, unknown
ids and garbage query values; then a small fuzz of every GET route (on PostgreSQL too,
where a NUL byte in a query is an error of the database, not just a miss)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from planwatch.services.auth import hasher
from planwatch.store import Store, open_store
from planwatch.store.auth_tables import WebSession
from planwatch.store.tables import AuditEntry, PlanVersion
from planwatch.store.tables import Plan as PlanRow
from planwatch.web import create_app

from .conftest import login, settings_for
from .matrix import MATRIX, PASSWORD, Facts, app_routes, build_world

ASSETS = Path(__file__).parents[1] / "assets"
EXAMPLE = Path(__file__).parents[2] / "src" / "planwatch" / "examples" / "002_7230ec801b983216.txt"
PG_URL = os.environ.get("PLANWATCH_TEST_DATABASE_URL")


def _stored(store: Store) -> tuple[int, int, int]:
    """Plans, versions, and audit rows other than login attempts: what must not change."""
    with store.transaction() as s:
        return (s.scalar(select(func.count()).select_from(PlanRow)) or 0,
                s.scalar(select(func.count()).select_from(PlanVersion)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.entity != "login_attempts")) or 0)


@pytest.fixture
def planner(client: TestClient) -> TestClient:
    return login(client, "planner")


@pytest.mark.parametrize(("asset", "message"), [
    ("broken.docx", "not a Word .docx document"),
    ("notdocx.docx", "not a Word .docx document"),
    ("empty.txt", "the file is empty"),
    ("blank.txt", "the file is empty"),
    ("scanned.pdf", "no text layer"),
    ("binary.bin", "not a plan document"),
])
@pytest.mark.parametrize("route", ["/plans", "/api/plans"])
def test_an_unreadable_upload_says_why_and_stores_nothing(planner: TestClient, demo_store: Store, asset: str,
                                                          message: str, route: str) -> None:
    before = _stored(demo_store)
    r = planner.post(route, files={"file": (asset, (ASSETS / asset).read_bytes())}, data={"key": "upload-x"},
                     follow_redirects=False)
    assert r.status_code == 422
    assert asset in r.text and message in r.text  # the file as the user named it, and what is wrong with it
    assert _stored(demo_store) == before


def _multipart_stream(megabytes: int) -> Iterator[bytes]:
    """A file part of `megabytes` MB, produced a megabyte at a time (never held whole)."""
    yield (b'--pwboundary\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
           b"Content-Type: text/plain\r\n\r\n")
    chunk = "规划目标".encode() * 83_334  # ~1 MB
    for _ in range(megabytes):
        yield chunk
    yield b"\r\n--pwboundary--\r\n"


MULTIPART = {"content-type": "multipart/form-data; boundary=pwboundary"}


@pytest.mark.parametrize("route", ["/plans", "/api/plans"])
def test_a_50_mb_upload_is_refused_by_its_declared_length(planner: TestClient, demo_store: Store, route: str) -> None:
    before = _stored(demo_store)
    r = planner.post(route, content=b"--pwboundary--\r\n", headers={**MULTIPART, "content-length": "50000000"})
    assert r.status_code == 413 and "20 MB" in r.json()["error"]
    assert _stored(demo_store) == before


@pytest.mark.parametrize("route", ["/plans", "/api/plans"])
def test_a_50_mb_upload_streamed_without_a_length_is_refused_too(planner: TestClient, demo_store: Store,
                                                                 route: str) -> None:
    """A script's chunked upload: the guard counts while it streams and answers 413, not the
    framework's "error parsing the body" (400) for the body it cut short."""
    before = _stored(demo_store)
    r = planner.post(route, content=_multipart_stream(50), headers=MULTIPART)
    assert r.status_code == 413 and "20 MB" in r.json()["error"]
    assert _stored(demo_store) == before


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver:8001"},
], ids=["origin", "null-origin", "cross-site", "other-port"])
def test_a_forged_cross_site_upload_by_a_logged_in_planner_is_refused(planner: TestClient, demo_store: Store,
                                                                      headers: dict[str, str]) -> None:
    before = _stored(demo_store)
    r = planner.post("/plans", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, data={"key": "forged"},
                     headers=headers, follow_redirects=False)
    assert r.status_code == 403 and "跨站请求已拒绝" in r.text
    assert _stored(demo_store) == before
    for forged in (planner.post("/logout", headers=headers), planner.post("/api/logout", headers=headers)):
        assert forged.status_code == 403
    assert planner.get("/me.json").status_code == 200  # the forged logouts did not end the session


def test_ten_wrong_passwords_lock_the_name_with_a_message_and_no_session(client: TestClient,
                                                                         demo_store: Store) -> None:
    with demo_store.transaction() as s:
        sessions = s.scalar(select(func.count()).select_from(WebSession))
    codes = [client.post("/login", data={"login": "planner", "password": f"wrong-{i}"}).status_code for i in range(10)]
    assert codes == [401] * 5 + [429] * 5
    right = client.post("/login", data={"login": "planner", "password": "planwatch-demo"}, follow_redirects=False)
    assert right.status_code == 429 and "try again in 15 minutes" in right.text
    api = client.post("/api/login", json={"username": "planner", "password": "planwatch-demo"})
    assert api.status_code == 429 and "try again" in api.json()["error"]
    with demo_store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(WebSession)) == sessions
    assert client.get("/me.json").status_code == 401
    other = client.post("/login", data={"login": "viewer", "password": "planwatch-demo"}, follow_redirects=False)
    assert other.status_code == 303  # the throttle is per name: another user is not locked out


@pytest.mark.parametrize("key", ["../etc", "../../passwd", "a b", "Anhui", "..", "规划", "a/b"])
@pytest.mark.parametrize("route", ["/plans", "/api/plans"])
def test_an_upload_under_a_bad_key_is_refused_with_the_rule(planner: TestClient, demo_store: Store, key: str,
                                                            route: str) -> None:
    before = _stored(demo_store)
    r = planner.post(route, files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())}, data={"key": key},
                     follow_redirects=False)
    assert r.status_code == 422 and "lower-case letters, digits" in r.text
    assert _stored(demo_store) == before


def test_a_file_named_with_a_path_is_stored_under_its_last_component(planner: TestClient, demo_store: Store) -> None:
    r = planner.post("/api/plans", files={"file": ("../../etc/anhui-copy.txt", EXAMPLE.read_bytes())})
    assert r.status_code == 201 and r.json()["key"] == "anhui-copy"
    with demo_store.transaction() as s:
        version = s.scalars(select(PlanVersion).join(PlanRow, PlanRow.id == PlanVersion.plan_id)
                            .where(PlanRow.key == "anhui-copy")).one()
        assert version.source_file == "anhui-copy.txt"


@pytest.mark.parametrize("path", ["/plans/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/plans/..%2Fanhui", "/plans/a%20b",
                                  "/plans/nope", "/plans/ANHUI", "/plans/%E8%A7%84%E5%88%92"])
def test_a_plan_that_does_not_exist_is_a_404_page_and_json(planner: TestClient, path: str) -> None:
    page = planner.get(path, follow_redirects=False)
    assert page.status_code == 404 and "未找到" in page.text
    twin = planner.get(path + ".json")
    assert twin.status_code == 404 and twin.json()["ok"] is False


def _needs(app: FastAPI, route: str) -> None:
    if ("GET", route) not in app_routes(app):
        pytest.skip(f"{route} is not built yet")


@pytest.mark.parametrize("ident", ["999999", "abc", "-1", "1.5", "0x10", "%E5%90%8D"])
def test_an_unknown_or_malformed_indicator_id_is_a_clear_4xx(planner: TestClient, app: FastAPI, ident: str) -> None:
    _needs(app, "/plans/{key}/indicators/{indicator_id}")
    for path in (f"/plans/anhui/indicators/{ident}", f"/plans/anhui/indicators/{ident}.json"):
        r = planner.get(path, follow_redirects=False)
        assert r.status_code in (404, 422), (path, r.status_code)
    assert planner.get(f"/plans/anhui/indicators/{ident}.json").json()["ok"] is False


@pytest.mark.parametrize("version", ["999", "abc", "0", "-1"])
def test_an_unknown_or_malformed_version_has_no_review_page(planner: TestClient, app: FastAPI, version: str) -> None:
    _needs(app, "/plans/{key}/versions/{n}/review")
    r = planner.get(f"/plans/anhui/versions/{version}/review", follow_redirects=False)
    assert r.status_code in (404, 422), r.status_code


@pytest.mark.parametrize(("path", "field"), [
    ("/dashboard?as_of=yesterday", "as_of"),
    ("/dashboard.json?as_of=2021-02-30", "as_of"),
    ("/dashboard.json?as_of=99999-01-01", "as_of"),
    ("/api/status?method=magic", "method"),
    ("/api/status?as_of=2021-13-01", "as_of"),
    ("/plans/anhui?region=%27%3B--", "region"),
    ("/plans/anhui.json?as_of=2021-13-01", "as_of"),
    ("/plans/anhui.json?method=magic", "method"),
])
def test_a_garbage_query_value_is_a_422_naming_the_field(planner: TestClient, path: str, field: str) -> None:
    r = planner.get(path)
    assert r.status_code == 422 and field in r.text


def test_unknown_query_parameters_are_ignored(planner: TestClient) -> None:
    for path in ("/plans?page=-1&sort=%00", "/dashboard?x=1&x=2", "/plans/anhui?q=%27%3B--"):
        assert planner.get(path).status_code == 200, path


# --- a small fuzz of every GET route, on SQLite and PostgreSQL ---------------------------------

ODD = ["..", "%2E%2E", "a%20b", "%E5%90%8D", "x" * 300, "-1", "0", "99999999999999999999", "1.5", "null",
       "%00", "%27%3B%20drop%20table%20plans%3B--", "%3Cscript%3E", "wuhu", "1"]
QUERIES = ["as_of=garbage", "as_of=%00", "as_of=0001-01-01", "region=%00", "region=" + "x" * 500, "region=芜湖市",
           "method=%00", "plan=..%2F", "a=%00&b=-1", "next=%2F%2Fevil.example", "a=1&a=2",
           "a=99999999999999999999&b=1", "a=x&b=-5", "published=%00"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[FastAPI, Facts]]:
    """The matrix world (two 安徽 cities) on a fresh database of each kind."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'fuzz.db'}", None
    else:
        if not PG_URL:
            pytest.skip("PLANWATCH_TEST_DATABASE_URL not set")
        schema = f"pw_fuzz_{uuid.uuid4().hex[:12]}"
        _pg(f'CREATE SCHEMA "{schema}"')
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    store = open_store(settings_for(url))
    facts = build_world(store, tmp_path, hasher(1, 8192))
    yield create_app(settings_for(url), store=store), facts
    store.dispose()
    if schema:
        _pg(f'DROP SCHEMA "{schema}" CASCADE')


def _pg(statement: str) -> None:
    engine = create_engine(PG_URL or "")
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def _variants(route: str, path: str) -> set[str]:
    """`path` (a real one of `route`) with each of its parameters in turn set to each odd value."""
    template, real = route.split("/"), path.split("/")
    out = set()
    for i, part in enumerate(template):
        if part.startswith("{"):
            tail = ".json" if part.endswith(".json") else ""
            out |= {"/".join([*real[:i], value + tail, *real[i + 1:]]) for value in ODD}
    return out


def test_no_get_route_answers_odd_paths_or_queries_with_a_500(world_app: tuple[FastAPI, Facts]) -> None:
    """Each GET route of the app (matrix rows give a real path of each): odd values in each
    path parameter, garbage in the query string; as a planner of the whole province."""
    app, facts = world_app
    real = {(row.route, facts.fill(row.path)) for row in MATRIX if row.method == "GET"}
    gets = {path for method, path in app_routes(app) if method == "GET"}
    assert gets <= {route for route, _ in real}, "a GET route without a matrix row (see test_matrix)"
    urls = {url for route, path in real for url in _variants(route, path)}
    urls |= {f"{path}?{query}" for _, path in real for query in QUERIES}
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as c:
        assert c.post("/login", data={"login": "planner_ah", "password": PASSWORD}).status_code == 200
        failures = [f"GET {url} -> {status}" for url in sorted(urls)
                    if (status := c.get(url, follow_redirects=False).status_code) >= 500]
    assert not failures, "\n".join(failures)


def test_no_write_route_answers_odd_paths_or_bodies_with_a_500(world_app: tuple[FastAPI, Facts]) -> None:
    """Each POST/PATCH route with odd path values and with bodies of the wrong shape."""
    app, facts = world_app
    real = {(row.method, row.route, facts.fill(row.path)) for row in MATRIX if row.method != "GET"}
    attempts = {(method, url, body) for method, route, path in real for url in _variants(route, path)
                for body in ("form",)}
    attempts |= {(method, path, body) for method, _, path in real for body in ("form", "json", "junk")}
    bodies: dict[str, dict[str, object]] = {"form": {"data": {"action": "edit", "value": "%00", "key": "..",
                                                              "active": "maybe", "kind": "x", "start": "-1"}},
                                            "json": {"json": {"value": "\u0000", "state": 3, "username": None}},
                                            "junk": {"content": b"\xff\xfe{", "headers": {"content-type": "application/json"}}}
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as c:
        assert c.post("/login", data={"login": "planner_ah", "password": PASSWORD}).status_code == 200
        failures = [f"{method} {url} ({body}) -> {status}" for method, url, body in sorted(attempts)
                    if (status := c.request(method, url, follow_redirects=False, **bodies[body]).status_code) >= 500]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("login_name", ["%00", "a\x00b", "x" * 64, "规划处", "' or 1=1 --"])
def test_odd_login_names_are_refused_not_crashed(world_app: tuple[FastAPI, Facts], login_name: str) -> None:
    with TestClient(world_app[0], base_url="http://testserver", raise_server_exceptions=False) as c:
        form = c.post("/login", data={"login": login_name, "password": "whatever-it-is"}, follow_redirects=False)
        api = c.post("/api/login", json={"username": login_name, "password": "whatever-it-is"})
    # A NUL byte cannot even be looked up in PostgreSQL: 422 with a message, like any bad value.
    expected = {422, 401} if "\x00" in login_name else {401}
    assert form.status_code in expected, form.text[:300]
    assert api.status_code in expected and api.json()["ok"] is False, api.text[:300]
