"""Two planners change one task at the same moment, on SQLite and on PostgreSQL: exactly one
change is kept, the other is refused with StaleEdit naming who got there first, and nothing
is lost or written half (the refused transaction leaves no deadline and no audit row)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db_fixtures import db_url  # noqa: F401  (the fixture)
from planwatch.services import duban
from planwatch.services.auth import Principal
from planwatch.services.regions import resolve_region
from planwatch.store import Store, open_store
from planwatch.store.tables import AuditEntry
from planwatch.store.work_tables import Task, TaskDeadline

from .conftest import settings_for
from .matrix import HEFEI, _import_text

TODAY = date(2026, 12, 1)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:  # noqa: F811  (the fixture, by name)
    """A migrated store on SQLite and PostgreSQL (db_fixtures.db_url), with a cheap hasher."""
    opened = open_store(settings_for(db_url))
    yield opened
    opened.dispose()


def _planners(store: Store, folder: Path) -> tuple[int, int, list[Principal]]:
    _import_text(store, folder, "hefei", HEFEI, publish=True)
    with store.transaction() as s:
        region = resolve_region(s, name="合肥市").id
        task = s.scalars(select(Task)).one()
        return task.id, task.version, [Principal(n, login, login, "planner", region, None)
                                       for n, login in ((1, "planner_a"), (2, "planner_b"))]


def test_two_planners_at_the_same_moment_one_wins_the_other_is_told(store: Store, tmp_path: Path) -> None:
    task_id, version, planners = _planners(store, tmp_path)
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def edit(who: Principal, day: date) -> None:
        barrier.wait()
        try:
            with store.transaction(actor=who.login) as s:
                duban.set_task_deadline(s, who=who, task_id=task_id, deadline=day, today=TODAY,
                                        expected_version=version)
            outcome[who.login] = "saved"
        except duban.StaleEdit as e:
            outcome[who.login] = str(e)

    threads = [threading.Thread(target=edit, args=(who, date(2027 + n, 6, 30))) for n, who in enumerate(planners)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [login for login, result in outcome.items() if result == "saved"]
    assert len(saved) == 1, outcome
    loser = next(login for login in outcome if login not in saved)
    assert saved[0] in outcome[loser] and "刷新" in outcome[loser]  # told who changed it
    with store.transaction() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.version == version + 1 and task.changed_by == saved[0]
        rows = list(s.scalars(select(TaskDeadline).where(TaskDeadline.task_id == task_id,
                                                         TaskDeadline.derived.is_(False))))
        assert len(rows) == 1  # the refused change left nothing behind
        actors = set(s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "set_deadline")))
        assert actors == {saved[0]}


def test_a_stale_version_is_refused_even_one_after_the_other(store: Store, tmp_path: Path) -> None:
    task_id, version, (a, b) = _planners(store, tmp_path)
    with store.transaction(actor=a.login) as s:
        duban.set_task_deadline(s, who=a, task_id=task_id, deadline=date(2027, 1, 1), today=TODAY,
                                expected_version=version)
    with pytest.raises(duban.StaleEdit, match="planner_a"), store.transaction(actor=b.login) as s:
        duban.set_task_deadline(s, who=b, task_id=task_id, deadline=date(2028, 1, 1), today=TODAY,
                                expected_version=version)
    with store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(TaskDeadline).where(TaskDeadline.derived.is_(False))) == 1
