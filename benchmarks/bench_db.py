"""Where a benchmark keeps its data: a SQLite file in a temporary directory, or a fresh
schema of its own on the PostgreSQL server given by URL (dropped and re-created each run)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text


def bench_url(url: str | None, *, tmp: Path, schema: str) -> str:
    """The database URL a benchmark runs on."""
    if url is None:
        return f"sqlite:///{tmp / (schema + '.db')}"
    if url.startswith("postgresql"):
        admin = create_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
        admin.dispose()
        return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    return url
