"""Alembic environment: runs on the engine handed over in ``config.attributes`` (see
`planwatch.store.migrate`), so no URL is read from a file and nothing connects at import."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

import planwatch.store.registry  # noqa: F401 - every table module, so the metadata is whole
from planwatch.store.base import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    """Online migrations only: planwatch always has a database to talk to."""
    config = context.config
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


if getattr(context, "config", None) is not None:  # not when merely imported (doctest collection)
    run_migrations()
