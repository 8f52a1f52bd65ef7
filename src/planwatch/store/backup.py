"""Backup and restore: every table as JSON, portable between SQLite and PostgreSQL.

`restore_database` checks the whole file first (format, schema revision, table and column
names, value types) and only then replaces the data, in the caller's single transaction:
a bad file leaves the database as it was. Cached pages and change counters (`DERIVED`) and
sign-in sessions and attempts (`EPHEMERAL`) are not part of a backup.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

import planwatch.store.registry  # noqa: F401 - every table module, so the metadata is whole
from planwatch.errors import ValidationError
from planwatch.store import audit
from planwatch.store.base import Base
from planwatch.store.migrate import head_revision
from planwatch.store.session import reset_id_sequences

FORMAT = "planwatch-backup"
# References that form cycles (plans ↔ plan_versions, regions → regions): written after the rows.
_DEFERRED = (("plans", "current_version_id"), ("regions", "parent_id"))


# Derived tables, not backed up: cached pages are computed from the rest, and the change
# counters keep counting across a restore (which moves the `database` counter, so no page
# cached before it — from either database — is served after it).
DERIVED = ("page_cache", "change_counters")
# Sign-in state, neither backed up nor kept by a restore: a backup file carries no session
# or API token hash anyone could replay, and after a restore no session can point at a user
# id that now belongs to someone else. Everyone signs in again; accounts (with their Argon2
# password hashes) are restored.
EPHEMERAL = ("web_sessions", "login_attempts")


def tables() -> list[Table]:
    """Every table backed up, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in (*DERIVED, *EPHEMERAL)]


def dump_database(session: Session) -> dict[str, Any]:
    """The whole database as one JSON-ready dict."""
    out: dict[str, Any] = {"format": FORMAT, "revision": head_revision(), "tables": {}}
    for table in tables():
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        out["tables"][table.name] = [{k: audit.jsonable(v) for k, v in row.items()} for row in rows]
    return out


def _coerce(table: Table, row: dict[str, Any], where: str, problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in row.items():
        if name not in table.c:
            problems.append(f"{where}: unknown column {name!r}")
            continue
        column_type = table.c[name].type
        try:
            if value is not None and isinstance(column_type, DateTime):
                value = datetime.fromisoformat(value)
            elif value is not None and isinstance(column_type, Date):
                value = date.fromisoformat(value)
        except (TypeError, ValueError):
            problems.append(f"{where}: column {name}: {value!r} is not an ISO date")
        values[name] = value
    return values


def check_backup(data: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row coerced to column types, or a ValidationError listing every problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("backup", [f"not a planwatch backup (no \"format\": \"{FORMAT}\")"])
    problems: list[str] = []
    if data.get("revision") != head_revision():
        problems.append(f"schema revision {data.get('revision')!r} differs from this planwatch's {head_revision()!r}")
    known = {t.name: t for t in tables()}
    given: dict[str, Any] = data["tables"] if isinstance(data.get("tables"), dict) else {}
    problems += [f"unknown table {name!r}" for name in given if name not in known]
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table in known.items():
        rows = given.get(name, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(f"table {name}: expected a list of row objects")
            continue
        out[name] = [_coerce(table, row, f"{name} row {i + 1}", problems) for i, row in enumerate(rows)]
    if problems:
        raise ValidationError("backup", problems)
    return out


def restore_database(session: Session, data: Any) -> dict[str, int]:
    """Replace every row with the backup's (validated first); returns rows per table."""
    rows = check_backup(data)
    meta = Base.metadata.tables
    for name, column in _DEFERRED:
        session.execute(update(meta[name]).values({column: None}))
    for name in ("page_cache", *EPHEMERAL):  # before the users: a session names its user
        session.execute(delete(meta[name]))
    for table in reversed(tables()):
        session.execute(delete(table))
    for table in tables():
        deferred = {c for t, c in _DEFERRED if t == table.name}
        batch = [{k: (None if k in deferred else v) for k, v in r.items()} for r in rows[table.name]]
        if batch:
            session.execute(insert(table), batch)
    for name, column in _DEFERRED:
        links = [{"row_id": r["id"], "ref": r[column]} for r in rows[name] if r.get(column) is not None]
        if links:
            t = meta[name]
            statement = update(t).where(t.c.id == bindparam("row_id")).values({column: bindparam("ref")})
            session.connection().execute(statement, links)
    reset_id_sequences(session, tables())
    audit.record(session, entity="database", entity_id=None, action="restore",
                 after={name: len(r) for name, r in rows.items()})
    return {name: len(r) for name, r in rows.items()}
