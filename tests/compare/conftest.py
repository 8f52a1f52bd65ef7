"""A fresh migrated store per test, on SQLite and (with PLANWATCH_TEST_DATABASE_URL) on
PostgreSQL in a schema of its own — the shared fixtures of tests/db_fixtures.py, for the 对标
service tests."""

from __future__ import annotations

from db_fixtures import db_url, store  # noqa: F401  (fixtures of this folder)
