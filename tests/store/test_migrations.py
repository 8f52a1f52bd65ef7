"""Migrations: empty → head → base on every database, and head matches the ORM tables."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from planwatch.store import make_engine
from planwatch.store.backup import tables
from planwatch.store.base import Base
from planwatch.store.migrate import current_revision, downgrade_to_base, head_revision, upgrade_to_head


def test_upgrade_from_empty_to_head_and_down_to_base(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    assert {t.name for t in tables()} <= set(inspect(engine).get_table_names())
    upgrade_to_head(engine)  # a second run is a no-op
    downgrade_to_base(engine)
    assert current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_migrated_schema_matches_the_orm_tables(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()
