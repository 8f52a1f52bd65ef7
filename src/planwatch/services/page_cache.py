"""Computed page data kept in the database until anything changes.

A dashboard over 100 plans and a thousand tasks costs ~0.2 s to compute and is asked for on
every visit; the data behind it changes a few times a day. The stamp is the newest id of
the audit log, task reports, figures and plan versions — every service write adds at least
one of them in the same transaction — so a page computed before a change is never served
after it. The cache is a table, not process memory: workers behind a proxy share it, and a
stale row is simply recomputed and replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.store.tables import AuditEntry, Observation, PageCache, PlanVersion
from planwatch.store.work_tables import TaskUpdate

# Audit entries no cached page reads: a login (its session and attempt rows) changes no plan,
# figure, task or project, so 50 people logging in in the morning must not recompute every
# page. A denylist, not a list of what each page reads: a new kind of write invalidates
# every page until someone decides it need not.
NOT_PAGE_DATA = ("web_sessions", "login_attempts")


def stamp(session: Session) -> str:
    """The newest change, as one string (four index look-ups in one query; the audit one walks
    the primary key down past the newest login rows to the newest other change)."""
    audit = (select(AuditEntry.id).where(AuditEntry.entity.not_in(NOT_PAGE_DATA))
             .order_by(AuditEntry.id.desc()).limit(1).scalar_subquery())
    parts = [audit, *(select(func.max(table.id)).scalar_subquery() for table in (TaskUpdate, Observation, PlanVersion))]
    values = session.execute(select(*parts)).one()
    return "-".join(str(v or 0) for v in values)


def cached(session: Session, *, key: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The page data for `key`: stored while nothing changed, else computed, stored, returned.
    Data comes back JSON-shaped (dates as ISO strings) either way, so a page renders the
    same from the cache as fresh."""
    now = stamp(session)
    row = session.get(PageCache, key)
    if row is not None and row.stamp == now:
        return row.data
    data: dict[str, Any] = jsonable_encoder(compute())
    try:
        with session.begin_nested():  # two workers computing the same page at once: one row wins
            session.execute(delete(PageCache).where(PageCache.key == key))
            session.add(PageCache(key=key, stamp=now, data=data))
    except IntegrityError:
        pass
    return data
