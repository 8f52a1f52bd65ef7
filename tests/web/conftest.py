"""Fixtures of the web tests: the demo database built once per test session (the five
example plans, the real actuals, one user of each role), copied fresh for every test, and
an app over it with a cheap password hasher (Argon2 at its production cost takes ~0.25 s a
login). `login(client, "planner")` logs a TestClient in through the real form."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planwatch.cli.demo import load_demo
from planwatch.config import Settings
from planwatch.services.auth import hasher
from planwatch.services.demo import DEMO_PASSWORD, create_demo_users
from planwatch.store import Store, open_store
from planwatch.web import create_app

CHEAP = {"argon2_time_cost": 1, "argon2_memory_kib": 8192}
SHOTS = Path(__file__).parents[2] / "build" / "screenshots"


def settings_for(url: str, **overrides: object) -> Settings:
    return Settings(database_url=url, actor="tester", **{**CHEAP, **overrides})  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once: examples published, actuals recorded, demo users."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(settings_for(f"sqlite:///{path}"))
    load_demo(store, quiet=True)
    with store.transaction() as s:
        create_demo_users(s, pw=hasher(1, 8192))
    store.dispose()
    return path


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path) -> str:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def demo_store(demo_url: str) -> Iterator[Store]:
    store = open_store(settings_for(demo_url))
    yield store
    store.dispose()


@pytest.fixture
def app(demo_url: str, demo_store: Store) -> FastAPI:
    return create_app(settings_for(demo_url), store=demo_store)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def login(client: TestClient, user: str, password: str = DEMO_PASSWORD) -> TestClient:
    """Log in through the login form; the client keeps the session cookie."""
    r = client.post("/login", data={"login": user, "password": password, "next": "/dashboard"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def api_token(client: TestClient, user: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    r = client.post("/api/login", json={"username": user, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}
