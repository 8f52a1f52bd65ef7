"""Settings: read once from the environment (prefix ``PLANWATCH_``) and passed down.

Nothing here connects to anything; building a Settings is pure. The CLI builds one per
invocation, tests build their own with a tmp SQLite URL, and PostgreSQL is just another URL.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DEFAULT_DB_FILE = "planwatch.db"

# name → help text: settings are data, and docs/storage.md lists every one (a test checks).
SETTINGS_HELP: dict[str, str] = {
    "PLANWATCH_DATABASE_URL": "SQLAlchemy URL of the tracking database; default an SQLite file ./planwatch.db",
    "PLANWATCH_USER": "who is recorded in the audit log as making each change; default the OS user",
    "PLANWATCH_DATA_LAG_MONTHS": "months after a year's end its statistics are due (a target is 未完成 only "
                                 "then; before, 待数据); default 3: year T's figures by 31 March of T+1",
    "PLANWATCH_SESSION_IDLE_MINUTES": "web: a login ends after this many minutes without a request; default 480",
    "PLANWATCH_MAX_UPLOAD_MB": "web: the largest file accepted by an upload, in MB; default 20",
    "PLANWATCH_COOKIE_SECURE": "web: 1 to mark the session cookie Secure (serve behind HTTPS); default 0",
    "PLANWATCH_ARGON2_TIME_COST": "password hashing: Argon2 passes; default 3 (lower only for tests)",
    "PLANWATCH_ARGON2_MEMORY_KIB": "password hashing: Argon2 memory in KiB; default 65536 (lower only for tests)",
    "PLANWATCH_DB_POOL_SIZE": "PostgreSQL: connections each server process keeps open (the pool; twice as many "
                              "may open at a peak); default 20",
}


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of an SQLite file (relative paths stay relative to the working directory)."""
    return f"sqlite:///{path}"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    try:
        return int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name}={raw!r}: expected a whole number") from None


def _lag(env: Mapping[str, str]) -> int:
    """The statistics lag, a whole number of months 0–24; anything else is an error naming it."""
    from planwatch.errors import ValidationError

    raw = (env.get("PLANWATCH_DATA_LAG_MONTHS") or "3").strip()
    if not raw.isdigit() or not 0 <= int(raw) <= 24:
        raise ValidationError("PLANWATCH_DATA_LAG_MONTHS", [f"{raw!r}: expected a whole number of months from 0 to 24"])
    return int(raw)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, as one immutable value."""

    database_url: str = sqlite_url(DEFAULT_DB_FILE)
    actor: str = "unknown"
    data_lag_months: int = 3  # = progress.timing.DATA_LAG_MONTHS (a test checks)
    session_idle_minutes: int = 480
    max_upload_mb: float = 20.0
    cookie_secure: bool = False
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    db_pool_size: int = 20

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build from the environment; keyword overrides (e.g. a ``--db`` option) win when not None."""
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("PLANWATCH_DATABASE_URL") or sqlite_url(DEFAULT_DB_FILE),
            actor=env.get("PLANWATCH_USER") or _os_user(),
            data_lag_months=_lag(env),
            session_idle_minutes=_int(env, "PLANWATCH_SESSION_IDLE_MINUTES", 480),
            max_upload_mb=float(env.get("PLANWATCH_MAX_UPLOAD_MB") or 20),
            cookie_secure=(env.get("PLANWATCH_COOKIE_SECURE") or "0").strip().lower() in ("1", "true", "yes"),
            argon2_time_cost=_int(env, "PLANWATCH_ARGON2_TIME_COST", 3),
            argon2_memory_kib=_int(env, "PLANWATCH_ARGON2_MEMORY_KIB", 65536),
            db_pool_size=_int(env, "PLANWATCH_DB_POOL_SIZE", 20),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings
