"""The audit page's query: who changed what and when, filtered and paged, in the user's scope.

Admins see every row. A planner sees the rows about objects of their region subtree (the
row's `region_id`, recorded with it: `store.audit`); rows without a region — accounts,
sessions, logins, restores, and rows written before migration 0009 — are for admins only.
Reporters and viewers may not read the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from planwatch.errors import Forbidden, ValidationError
from planwatch.services.access import subtree
from planwatch.services.auth import Principal
from planwatch.store.tables import AuditEntry, Region

PER_PAGE = 50
ENTITY_LABELS = {
    "plans": "规划", "plan_versions": "规划版本", "indicators": "指标", "observations": "实际数据",
    "target_allocations": "目标分解", "tasks": "任务", "task_updates": "任务报告", "task_units": "任务单位",
    "projects": "重点项目", "regions": "地区", "departments": "部门", "users": "用户", "web_sessions": "登录会话",
    "login_attempts": "登录尝试", "database": "数据库", "assessment_schemes": "考核方案", "assessment_runs": "考核计算",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    entity: str
    entity_label: str
    entity_id: str | None
    action: str
    region: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    pages: int
    entities: list[str]  # the entities the user may filter by
    actors: list[str]


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields whose value differs (every field of a creation or deletion).

    >>> [c.field for c in changes({"value": 1, "unit": "亿元"}, {"value": 2, "unit": "亿元"})]
    ['value']
    """
    b, a = before or {}, after or {}
    return [Change(k, b.get(k), a.get(k)) for k in dict.fromkeys([*b, *a]) if b.get(k) != a.get(k)]


def _scoped(session: Session, who: Principal, query: Select[Any]) -> Select[Any]:
    if who.role == "admin":
        return query
    if who.role != "planner" or who.region_id is None:
        raise Forbidden(f"a {who.role} may not read the audit log")
    return query.where(AuditEntry.region_id.in_(sorted(subtree(session, who.region_id))))


def audit_page(session: Session, *, who: Principal, entity: str | None = None, actor: str | None = None,
               date_from: date | None = None, date_to: date | None = None, page: int = 1,
               per_page: int = PER_PAGE) -> AuditPage:
    """Rows newest first, filtered by entity, actor and the day range (inclusive, UTC)."""
    if date_from and date_to and date_from > date_to:
        raise ValidationError("audit", [f"date range: {date_from} is after {date_to}"])
    base = _scoped(session, who, select(AuditEntry))
    query = base
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if date_from:
        query = query.where(AuditEntry.at >= datetime.combine(date_from, time.min, tzinfo=UTC))
    if date_to:
        query = query.where(AuditEntry.at < datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=UTC))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    found = session.scalars(query.order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page))
    names = dict(session.execute(select(Region.id, Region.name)).all())
    rows = [AuditRow(e.id, e.at, e.actor, e.entity, ENTITY_LABELS.get(e.entity, e.entity), e.entity_id, e.action,
                     names.get(e.region_id) if e.region_id is not None else None, e.before, e.after,
                     changes(e.before, e.after)) for e in found]
    scoped = base.subquery()
    entities = sorted(session.scalars(select(scoped.c.entity).distinct()))
    actors = sorted(session.scalars(select(scoped.c.actor).distinct()))
    return AuditPage(rows, total, page, pages, entities, actors)
