"""The database fixtures every storage-minded test folder shares (imported by its conftest):
`db_url` runs each test on a tmp SQLite file and, when PLANWATCH_TEST_DATABASE_URL is set,
on PostgreSQL too, in a schema of its own (unique per test, so xdist workers never collide);
`store` is a migrated, empty store on it, audited as user 'tester'. `pg_schema_url` gives
tests that need PostgreSQL alone (races) the same fresh schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from planwatch.config import Settings
from planwatch.store import Store, open_store

PG_URL = os.environ.get("PLANWATCH_TEST_DATABASE_URL")


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL to a fresh PostgreSQL schema, dropped afterwards (skips without PG_URL)."""
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'planwatch.db'}"
        return
    with pg_schema_url() as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated, empty store whose changes are audited as user 'tester'."""
    opened = open_store(Settings(database_url=db_url, actor="tester"))
    yield opened
    opened.dispose()
