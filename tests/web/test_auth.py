"""Logging in and out, sessions in the database, tokens, the throttle and the guards."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planwatch.store import Store
from planwatch.store.auth_tables import LoginAttempt
from planwatch.store.tables import AuditEntry

from .conftest import api_token, login


def test_pages_send_strangers_to_the_login_form_and_json_answers_401(client: TestClient) -> None:
    page = client.get("/plans/anhui", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/plans/anhui"
    twin = client.get("/plans/anhui.json")
    assert twin.status_code == 401 and twin.json()["ok"] is False


def test_login_lands_on_next_and_logout_ends_the_session_in_the_database(client: TestClient) -> None:
    r = client.post("/login", data={"login": "planner", "password": "planwatch-demo", "next": "/plans/anhui"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/plans/anhui"
    cookie = r.cookies.get("planwatch_session")
    assert cookie and "httponly" in r.headers["set-cookie"].lower() and "samesite=lax" in r.headers["set-cookie"].lower()
    assert client.get("/me.json").json()["role"] == "planner"
    assert client.post("/logout", follow_redirects=False).status_code == 303
    client.cookies.set("planwatch_session", cookie)  # a stolen copy of the cookie is now worthless
    assert client.get("/me.json").status_code == 401


def test_a_wrong_password_is_refused_and_an_open_redirect_is_not_followed(client: TestClient) -> None:
    bad = client.post("/login", data={"login": "planner", "password": "nope-nope"}, follow_redirects=False)
    assert bad.status_code == 401 and "用户名或密码错误" in bad.text
    r = client.post("/login", data={"login": "planner", "password": "planwatch-demo", "next": "//evil.example/"},
                    follow_redirects=False)
    assert r.headers["location"] == "/dashboard"


def test_ten_wrong_passwords_are_throttled_even_the_right_one_then(client: TestClient, demo_store: Store) -> None:
    codes = [client.post("/login", data={"login": "viewer", "password": f"guess-{i}"}).status_code for i in range(10)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    right = client.post("/login", data={"login": "viewer", "password": "planwatch-demo"}, follow_redirects=False)
    assert right.status_code == 429 and "too many" in right.text
    with demo_store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.login == "viewer")) == 5


def test_an_api_token_works_until_revoked(client: TestClient) -> None:
    headers = api_token(client, "planner")
    assert client.get("/api/plans", headers=headers).status_code == 200
    assert client.post("/api/logout", headers=headers).status_code == 200
    assert client.get("/api/plans", headers=headers).status_code == 401


def test_a_cross_site_post_is_refused_before_anything_happens(client: TestClient) -> None:
    forged = client.post("/login", data={"login": "planner", "password": "planwatch-demo"},
                         headers={"Origin": "http://evil.example"}, follow_redirects=False)
    assert forged.status_code == 403
    other_port = client.post("/login", data={"login": "planner", "password": "planwatch-demo"},
                             headers={"Sec-Fetch-Site": "same-site"}, follow_redirects=False)
    assert other_port.status_code == 403
    same = client.post("/login", data={"login": "planner", "password": "planwatch-demo"},
                       headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}, follow_redirects=False)
    assert same.status_code == 303


def test_every_login_is_audited_under_the_user(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    with demo_store.transaction() as s:
        actors = s.scalars(select(AuditEntry.actor).where(AuditEntry.entity == "web_sessions")).all()
    assert actors == ["planner"]


def test_out_of_scope_is_404_and_wrong_role_is_403(client: TestClient) -> None:
    login(client, "planner-sx")
    assert client.get("/plans/anhui").status_code == 404
    assert client.get("/plans/shaoxing").status_code == 200
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/users.json").json()["ok"] is False


def test_an_admin_resets_a_forgotten_password_and_the_old_sessions_end(client: TestClient, app: object) -> None:
    from fastapi.testclient import TestClient as Client

    viewer = login(Client(app), "viewer")  # type: ignore[arg-type]
    assert viewer.get("/me.json").status_code == 200
    login(client, "admin")
    r = client.post("/admin/users/viewer/password", data={"password": "brand-new-pass"}, follow_redirects=False)
    assert r.status_code == 303
    assert viewer.get("/me.json").status_code == 401  # logged out everywhere
    assert login(Client(app), "viewer", "brand-new-pass").get("/me.json").json()["login"] == "viewer"  # type: ignore[arg-type]
    short = client.post("/admin/users/viewer/password", data={"password": "short"})
    assert short.status_code == 422 and "at least 8" in short.text
