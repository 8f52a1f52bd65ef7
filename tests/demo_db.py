"""The demo database the web and browser tests share: the five examples published, the
real actuals, one demo user of each role with a cheap password hash (Argon2 at its
production cost takes ~0.25 s a login)."""

from __future__ import annotations

from pathlib import Path

from planwatch.cli.demo import load_demo
from planwatch.config import Settings
from planwatch.services.auth import hasher
from planwatch.services.demo import create_demo_users
from planwatch.store import open_store

CHEAP = {"argon2_time_cost": 1, "argon2_memory_kib": 8192}


def cheap_settings(url: str, **overrides: object) -> Settings:
    return Settings(database_url=url, actor="tester", **{**CHEAP, **overrides})  # type: ignore[arg-type]


def build_demo_db(path: Path) -> Path:
    store = open_store(cheap_settings(f"sqlite:///{path}"))
    load_demo(store, quiet=True)
    with store.transaction() as s:
        create_demo_users(s, pw=hasher(CHEAP["argon2_time_cost"], CHEAP["argon2_memory_kib"]))
    store.dispose()
    return path
