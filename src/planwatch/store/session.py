"""Engines, sessions and transactions: one `Store` per database URL, built from Settings.

Every change runs inside `Store.transaction()`: one database transaction that also carries
the actor for the audit log (``session.info["actor"]``). `Store.retrying()` re-runs a unit of
work when PostgreSQL reports a serialization failure, a deadlock or a lost insert race.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, create_engine, event, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.config import Settings
from planwatch.store.migrate import upgrade_to_head

T = TypeVar("T")
RETRY_SQLSTATES = frozenset({"40001", "40P01", "23505"})  # serialization, deadlock, unique race


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine with per-dialect care: SQLite enforces foreign keys and waits on locks.

    PostgreSQL keeps `pool_size` connections open. The default pool (5, overflow 10) is
    smaller than the web server's thread pool (40), so under load requests queued for a
    connection and the overflow ones were opened and closed again on every request (a new
    backend process each time): that, not the queries, was most of the p95 on PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _should_retry(error: DBAPIError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    return code in RETRY_SQLSTATES


class Store:
    """A database planwatch can use: engine, session factory and the acting user."""

    def __init__(self, engine: Engine, *, actor: str) -> None:
        self.engine = engine
        self.actor = actor
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self, *, actor: str | None = None) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any exception.
        `actor` (the logged-in user of a web request) overrides the store's for the audit."""
        with self.sessions.begin() as session:
            session.info["actor"] = actor or self.actor
            yield session

    def retrying(self, work: Callable[[Session], T], *, attempts: int = 6) -> T:
        """Run `work` in a transaction, re-running it on retryable conflicts (PostgreSQL)."""
        for attempt in range(attempts):
            try:
                with self.transaction() as session:
                    return work(session)
            except (IntegrityError, DBAPIError) as error:
                if attempt == attempts - 1 or not _should_retry(error):
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


def reset_id_sequences(session: Session, tables: list[Table]) -> None:
    """After rows were inserted with explicit ids, PostgreSQL's sequences must continue past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c:
            continue  # keyed by other columns (series_summaries): no sequence
        top = session.scalar(select(func.max(table.c.id)))
        session.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                        {"t": table.name, "v": top or 1, "called": top is not None})


def open_store(settings: Settings, *, upgrade: bool = True) -> Store:
    """Connect to `settings.database_url`, bringing its schema up to date first."""
    engine = make_engine(settings.database_url, pool_size=settings.db_pool_size)
    if upgrade:
        upgrade_to_head(engine)
    return Store(engine, actor=settings.actor)
