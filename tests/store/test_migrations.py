"""Migrations: empty → head → base on every database, and head matches the ORM tables."""

from __future__ import annotations

from datetime import date

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


def test_0002_fills_positions_and_summaries_of_existing_actuals(db_url: str) -> None:
    """A database at 0001 with actuals keeps them, gains `at` for each and one summary per
    series that matches what the service computes; downgrading drops only what 0002 added."""
    from alembic import command
    from sqlalchemy import text

    from planwatch.services import series
    from planwatch.store.migrate import alembic_config
    from planwatch.store.session import Store

    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO regions (id, name, level, aliases) VALUES (1, '合肥市', 'city', '[]')"))
        conn.execute(text("INSERT INTO plans (id, key, title, region_id, created_at) VALUES (1, 'p', 'plan', 1, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO plan_versions (id, plan_id, version_no, status, extracted, created_at) "
                          "VALUES (1, 1, 1, 'published', '{}', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO indicators (id, plan_version_id, position, kind, metric, direction, "
                          "comparator, value, target_year, baseline_year) "
                          "VALUES (1, 1, 0, 'target', '产值', 1, '>=', 200, 2020, 2015)"))
        for i, (period, start, end, value) in enumerate([("2015", "2015-01-01", "2015-12-31", 100.0),
                                                         ("2019-09", "2019-09-01", "2019-09-30", 150.0),
                                                         ("2018", "2018-01-01", "2018-12-31", 140.0)]):
            conn.execute(text("INSERT INTO observations (id, indicator_id, region_id, period, period_start, "
                              "period_end, value, created_at) VALUES (:i, 1, 1, :p, :s, :e, :v, CURRENT_TIMESTAMP)"),
                         {"i": i + 1, "p": period, "s": date.fromisoformat(start), "e": date.fromisoformat(end),
                          "v": value})
    upgrade_to_head(engine)
    with engine.connect() as conn:
        ats = dict(conn.execute(text("SELECT period, at FROM observations")).all())
        kept = conn.execute(text("SELECT n, first_period, last_period, last_value, base_value, base_seen "
                                 "FROM series_summaries")).all()
    assert ats == {"2015": 2015.0, "2018": 2018.0, "2019-09": 2018.75}
    assert [(*r[:5], bool(r[5])) for r in kept] == [(3, "2015", "2019-09", 150.0, 100.0, True)]
    store = Store(engine, actor="tester")
    with store.transaction() as s:
        assert series.in_step(s)
    command.downgrade(alembic_config(engine), "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM observations")).scalar() == 3
    assert "series_summaries" not in inspect(engine).get_table_names()
    engine.dispose()
