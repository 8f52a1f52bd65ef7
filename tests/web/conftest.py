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

from demo_db import build_demo_db, cheap_settings
from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store import Store, open_store
from planwatch.web import create_app

SHOTS = Path(__file__).parents[2] / "build" / "screenshots"


settings_for = cheap_settings


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once: examples published, actuals recorded, demo users."""
    return build_demo_db(tmp_path_factory.mktemp("demo") / "demo.db")


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

# matrix_parts/ holds data modules of the matrix (relative imports into tests/web), not tests:
# the doctest collector would import each as a top-level module and fail.
collect_ignore = ["matrix_parts"]
