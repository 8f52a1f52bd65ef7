"""Database fixtures for the storage tests: every test gets a fresh, migrated database.

`db_url` runs each test on a tmp SQLite file and, when PLANWATCH_TEST_DATABASE_URL is set,
on PostgreSQL too, in a schema of its own (unique per test, so xdist workers never collide).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db_fixtures import db_url, store  # noqa: F401  (fixtures of this folder)
from planwatch.services.plans import import_plan, load_plan_file, publish_plan
from planwatch.store import Store

GOLD = Path(__file__).parents[1] / "gold"
ANHUI = GOLD / "002_7230ec801b983216.json"
SHAOXING = GOLD / "003_6f0a94d0c08b789a.json"


@pytest.fixture
def published_store(store: Store) -> Store:  # noqa: F811  (the fixture, by name)
    """The store with the gold plans 002 (key anhui) and 003 (key shaoxing) imported and published."""
    for key, path in (("anhui", ANHUI), ("shaoxing", SHAOXING)):
        plan = load_plan_file(path)
        with store.transaction() as session:
            import_plan(session, plan=plan, key=key, source_file=path.name)
        with store.transaction() as session:
            publish_plan(session, key=key)
    return store
