"""Change counters: one row per kind of data (the audit log's entity names), moved once by
every committed transaction that changed that kind.

`audit.record` notes the entity on the session; just before the transaction commits, each
noted topic's counter goes up by one (an upsert, in sorted order so two writers never wait
on each other's rows in a cycle). A rolled-back transaction moves nothing. The page cache
reads the counters of what a page depends on (`services.page_cache`).

Logins and sessions (`UNCOUNTED`) move no counter: fifty people logging in each morning
change nothing a page shows, and their rows would be the hottest in the table.
"""

from __future__ import annotations

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from planwatch.store.tables import ChangeCounter

UNCOUNTED = frozenset({"web_sessions", "login_attempts"})
_TOUCHED = "planwatch.touched_topics"
_BUMP = text("INSERT INTO change_counters (topic, version) VALUES (:topic, 1) "
             "ON CONFLICT (topic) DO UPDATE SET version = change_counters.version + 1")  # PostgreSQL and SQLite


def touch(session: Session, topic: str) -> None:
    """Note that this transaction changes `topic` (its counter moves at commit)."""
    if topic not in UNCOUNTED:
        session.info.setdefault(_TOUCHED, set()).add(topic)


def counters(session: Session) -> dict[str, int]:
    """Every topic's counter (a table of a few dozen rows: one read)."""
    return {topic: version for topic, version in session.execute(select(ChangeCounter.topic, ChangeCounter.version))}


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    topics = session.info.pop(_TOUCHED, None)
    if topics:
        session.flush()
        for topic in sorted(topics):
            session.execute(_BUMP, {"topic": topic})


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
