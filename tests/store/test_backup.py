"""Backup and restore round-trip a database; a bad backup changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import select

from planwatch.errors import ValidationError
from planwatch.services.auth import create_user, hasher, session_user, start_session
from planwatch.services.observations import record_file
from planwatch.services.page_cache import cached
from planwatch.store import Store
from planwatch.store.auth_tables import WebSession
from planwatch.store.backup import dump_database, restore_database
from planwatch.store.change_counters import counters
from planwatch.store.tables import PageCache

EXAMPLE = Path(str(resources.files("planwatch") / "data" / "example_actuals.csv"))


def _without_audit(data: dict) -> dict:
    return {k: v for k, v in data["tables"].items() if k != "audit_log"}


def test_backup_restore_round_trip(published_store: Store) -> None:
    published_store.retrying(lambda s: record_file(s, path=EXAMPLE))
    with published_store.transaction() as session:
        saved = json.loads(json.dumps(dump_database(session), ensure_ascii=False))
    with published_store.transaction() as session:
        restore_database(session, saved)
    with published_store.transaction() as session:
        again = dump_database(session)
    assert _without_audit(again) == _without_audit(saved)
    assert again["tables"]["audit_log"][: len(saved["tables"]["audit_log"])] == saved["tables"]["audit_log"]


def test_bad_backup_is_refused_whole(published_store: Store) -> None:
    with published_store.transaction() as session:
        saved = dump_database(session)
    broken = json.loads(json.dumps(saved, ensure_ascii=False))
    broken["tables"]["observations"] = [{"id": 1, "nonsense": 2}]
    broken["tables"]["plans"][0]["created_at"] = "yesterday"
    broken["tables"]["mystery"] = []
    with pytest.raises(ValidationError) as caught, published_store.transaction() as session:
        restore_database(session, broken)
    assert len(caught.value.problems) == 3
    with published_store.transaction() as session:
        assert _without_audit(dump_database(session)) == _without_audit(saved)


def test_a_restore_drops_the_cached_pages_and_the_counters_go_on(published_store: Store) -> None:
    """Cached pages and change counters are derived, not backed up: after a restore no page
    cached before it is served, and no counter runs backwards (a stamp of before cannot recur)."""
    with published_store.transaction() as session:
        saved = json.loads(json.dumps(dump_database(session), ensure_ascii=False))
        assert "page_cache" not in saved["tables"] and "change_counters" not in saved["tables"]
        cached(session, key="a page", compute=lambda: {"n": 1})
        before = counters(session)
    with published_store.transaction() as session:
        restore_database(session, saved)
    with published_store.transaction() as session:
        assert session.scalars(select(PageCache)).all() == []
        after = counters(session)
    assert after["database"] == before.get("database", 0) + 1
    assert all(after[topic] >= version for topic, version in before.items())


def test_a_backup_carries_no_sign_in_and_a_restore_signs_everyone_out(published_store: Store) -> None:
    """No session or API-token hash leaves in a backup file, and after a restore no session can
    name a user id that may now be another person: everyone signs in again."""
    with published_store.transaction() as session:
        user = create_user(session, login="planner-x", password="a long password", role="admin",
                           pw=hasher(1, 1024))
        token = start_session(session, user=user)
        assert session_user(session, secret=token, idle=timedelta(hours=1)) is not None
        saved = json.loads(json.dumps(dump_database(session), ensure_ascii=False))
    assert "web_sessions" not in saved["tables"] and "login_attempts" not in saved["tables"]
    assert any(u["login"] == "planner-x" for u in saved["tables"]["users"])  # accounts are restored
    with published_store.transaction() as session:
        restore_database(session, saved)
    with published_store.transaction() as session:
        assert session_user(session, secret=token, idle=timedelta(hours=1)) is None
        assert session.scalars(select(WebSession)).all() == []
