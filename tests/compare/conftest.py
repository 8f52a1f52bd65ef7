"""A fresh migrated store per test, on SQLite and (with PLANWATCH_TEST_DATABASE_URL) on
PostgreSQL in a schema of its own — the fixture of tests/store, for the 对标 service tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from planwatch.config import Settings
from planwatch.store import Store, open_store

PG_URL = os.environ.get("PLANWATCH_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planwatch.db'}"
        return
    if not PG_URL:
        pytest.skip("PLANWATCH_TEST_DATABASE_URL not set")
    schema = f"pw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(Settings(database_url=db_url, actor="tester"))
    yield opened
    opened.dispose()
