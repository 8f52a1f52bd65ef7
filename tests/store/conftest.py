"""Database fixtures for the storage tests: every test gets a fresh, migrated database.

`db_url` runs each test on a tmp SQLite file and, when PLANWATCH_TEST_DATABASE_URL is set,
on PostgreSQL too, in a schema of its own (unique per test, so xdist workers never collide).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from planwatch.config import Settings
from planwatch.services.plans import import_plan, load_plan_file, publish_plan
from planwatch.store import Store, open_store

GOLD = Path(__file__).parents[1] / "gold"
ANHUI = GOLD / "002_7230ec801b983216.json"
SHAOXING = GOLD / "003_6f0a94d0c08b789a.json"
PG_URL = os.environ.get("PLANWATCH_TEST_DATABASE_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: SQLite file, or a fresh PostgreSQL schema."""
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
    """A migrated, empty store whose changes are audited as user 'tester'."""
    opened = open_store(Settings(database_url=db_url, actor="tester"))
    yield opened
    opened.dispose()


@pytest.fixture
def published_store(store: Store) -> Store:
    """The store with the gold plans 002 (key anhui) and 003 (key shaoxing) imported and published."""
    for key, path in (("anhui", ANHUI), ("shaoxing", SHAOXING)):
        plan = load_plan_file(path)
        with store.transaction() as session:
            import_plan(session, plan=plan, key=key, source_file=path.name)
        with store.transaction() as session:
            publish_plan(session, key=key)
    return store
