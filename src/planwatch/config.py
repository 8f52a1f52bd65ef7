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

DEFAULT_DB_FILE = "planwatch.db"

# name → help text: settings are data, and docs/storage.md lists every one (a test checks).
SETTINGS_HELP: dict[str, str] = {
    "PLANWATCH_DATABASE_URL": "SQLAlchemy URL of the tracking database; default an SQLite file ./planwatch.db",
    "PLANWATCH_USER": "who is recorded in the audit log as making each change; default the OS user",
}


def sqlite_url(path: str | Path) -> str:
    """The SQLAlchemy URL of an SQLite file (relative paths stay relative to the working directory)."""
    return f"sqlite:///{path}"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, as one immutable value."""

    database_url: str = sqlite_url(DEFAULT_DB_FILE)
    actor: str = "unknown"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
        """Build from the environment; keyword overrides (e.g. a ``--db`` option) win when not None."""
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("PLANWATCH_DATABASE_URL") or sqlite_url(DEFAULT_DB_FILE),
            actor=env.get("PLANWATCH_USER") or _os_user(),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings
