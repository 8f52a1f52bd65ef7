"""Computed page data kept in the database until what it reads changes.

A dashboard over 100 plans and a thousand tasks costs ~0.2 s to compute and is asked for on
every visit; the data behind it changes a few times a day. The stamp is a digest of the
change counters (`store.change_counters`: one per kind of data, moved by every committed
write of that kind) of everything the page reads, so a page computed before a change to its
data is never served after it. A page names the kinds it does *not* read (`unaffected`): a
kind nobody has thought about — a new table — invalidates every page, the safe way round.
The cache is a table, not process memory: workers behind a proxy share it, and a stale row
is simply recomputed and replaced.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch.store.change_counters import counters
from planwatch.store.tables import PageCache

# Kinds of data (audit entity names) grouped by the pages that read them.
PROJECTS = frozenset({"projects", "project_progress", "project_uploads"})
FIGURE_ENTRY = frozenset({"entry_uploads", "entry_locks"})  # staged files and locks: no figure until confirmed
FIGURES = frozenset({"observations", "target_allocations"}) | FIGURE_ENTRY
TASK_WORK = frozenset({"task_updates", "task_extensions", "task_attachments"})
REPORTS = frozenset({"assessment_runs", "assessment_schemes", "circular_profiles", "issued_circulars",
                     "metric_decisions", "plan_links", "users"})  # what no cached page shows


class JsonShaped(dict[str, Any]):
    """Page data already as JSON has it (what `cached` returns): a page's JSON twin sends it
    as it is instead of walking it again with `jsonable_encoder` (3 ms for a plan page)."""


def key_of(page: str, *parts: object) -> str:
    """A cache key: the page's name (what tests and an admin read in the table) and a digest of
    everything its data depends on (the user's scope, the day, the filters…), which may be
    long or hold what a user typed: the key column takes 200 characters."""
    return f"{page}|" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()


def stamp(session: Session, unaffected: Collection[str] = ()) -> str:
    """A digest of the counters of every kind of data but `unaffected` (one small read)."""
    skip = set(unaffected)
    parts = sorted(f"{topic}:{version}" for topic, version in counters(session).items() if topic not in skip)
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()


def cached(session: Session, *, key: str, compute: Callable[[], dict[str, Any]],
           unaffected: Collection[str] = ()) -> dict[str, Any]:
    """The page data for `key`: stored while nothing it reads changed (every kind of data
    but `unaffected`), else computed, stored, returned. Data comes back JSON-shaped (dates
    as ISO strings) either way, so a page renders the same from the cache as fresh."""
    now = stamp(session, unaffected)
    row = session.get(PageCache, key)
    if row is not None and row.stamp == now:
        return JsonShaped(row.data)
    data = JsonShaped(jsonable_encoder(compute()))
    try:
        with session.begin_nested():  # two workers computing the same page at once: one row wins
            session.execute(delete(PageCache).where(PageCache.key == key))
            session.add(PageCache(key=key, stamp=now, data=data))
    except IntegrityError:
        pass
    return data
