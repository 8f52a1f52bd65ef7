"""The audit log: every service change adds one row saying who did what to which entity.

Rows are written in the caller's transaction, so a change and its audit row commit together
or not at all. The actor is the one the Store put on the session.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from planwatch.store.base import Base
from planwatch.store.tables import AuditEntry


def jsonable(value: Any) -> Any:
    """Dates become ISO strings; everything else a JSON column takes as is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_dict(obj: Base, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The column values of an ORM object, JSON-ready (the before/after of an audit row)."""
    mapper = inspect(type(obj))
    return {c.key: jsonable(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in exclude}


def record(
    session: Session,
    *,
    entity: str,
    entity_id: object,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit row in the current transaction."""
    entry = AuditEntry(
        actor=str(session.info.get("actor", "unknown")),
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        action=action,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry
