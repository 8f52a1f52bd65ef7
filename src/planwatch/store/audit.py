"""The audit log: every service change adds one row saying who did what to which entity.

Rows are written in the caller's transaction, so a change and its audit row commit together
or not at all. The actor is the one the Store put on the session.

Each row also names the region the changed object belongs to (`region_id`), which scopes the
audit page: given by the caller, else found from the object — its own `region_id` (a
figure, a project, an allocation), else its plan's region through `plan_id`,
`plan_version_id`, `task_id`, `indicator_id`, `project_id` or `scheme_id`. Accounts,
sessions, logins and restores (`ADMIN_ONLY`) have none: only admins see those rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from planwatch.store import change_counters
from planwatch.store.base import Base
from planwatch.store.tables import AuditEntry, Indicator, Plan, PlanVersion, Region

ADMIN_ONLY = frozenset({"users", "web_sessions", "login_attempts", "database"})
# How a row leads to its plan (and the plan to its region), by the column that points there.
_PARENTS = (("plan_version_id", "plan_versions"), ("task_id", "tasks"), ("indicator_id", "indicators"),
            ("project_id", "projects"), ("scheme_id", "assessment_schemes"))


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
    region_id: int | None = None,
) -> AuditEntry:
    """Add an audit row in the current transaction (`region_id`: see the module doc)."""
    if region_id is None and entity not in ADMIN_ONLY:
        region_id = region_of(session, entity, entity_id, after or before or {})
    entry = AuditEntry(
        actor=str(session.info.get("actor", "unknown")),
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        action=action,
        before=before,
        after=after,
        region_id=region_id,
    )
    session.add(entry)
    change_counters.touch(session, entity)
    return entry


def _model(table: str) -> type[Base] | None:
    for mapper in Base.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    return None


def _as_id(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def region_of(session: Session, entity: str, entity_id: object, row: dict[str, Any], depth: int = 0) -> int | None:
    """The region of the object `entity`/`entity_id` (or of the columns in `row`), if any."""
    if depth > 4:
        return None
    obj = None
    model, ident = _model(entity), _as_id(entity_id)
    if model is not None and ident is not None:
        obj = session.get(model, ident)
    if isinstance(obj, Region):
        return obj.id
    if isinstance(obj, Plan):
        return obj.region_id
    if isinstance(obj, PlanVersion | Indicator):
        version = obj if isinstance(obj, PlanVersion) else session.get(PlanVersion, obj.plan_version_id)
        plan = session.get(Plan, version.plan_id) if version is not None else None
        return plan.region_id if plan is not None else None
    values = {**row, **(row_dict(obj) if obj is not None else {})}
    if _as_id(values.get("region_id")) is not None:
        return _as_id(values["region_id"])
    if _as_id(values.get("plan_id")) is not None:
        return region_of(session, "plans", values["plan_id"], {}, depth + 1)
    for column, table in _PARENTS:
        if _as_id(values.get(column)) is not None:
            return region_of(session, table, values[column], {}, depth + 1)
    return None
