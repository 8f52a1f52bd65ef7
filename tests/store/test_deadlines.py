"""Derived deadlines: every task of a published plan gets a default deadline from its text or
the plan's horizon, marked derived, so `tasks --overdue` works without typing each one; a
deadline a person set is never overwritten, and a derived one follows a changed text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from planwatch.cli import main
from planwatch.extract import extract_plan
from planwatch.model import Plan
from planwatch.readers import read_document
from planwatch.services.deadlines import derive_deadlines
from planwatch.services.plans import import_plan, load_plan_file, publish_plan
from planwatch.services.tasks import list_tasks, set_deadline
from planwatch.store import Store
from planwatch.store.tables import Plan as PlanRow
from planwatch.store.work_tables import Task, TaskDeadline

from .conftest import ANHUI

KEY_WORK = Path(__file__).parents[1] / "assets" / "units" / "anhui_key_work_2022.txt"


def _publish(store: Store, plan: Plan, key: str) -> int:
    """Publish and derive, as publishing does; returns the version id."""
    with store.transaction() as session:
        import_plan(session, plan=plan, key=key)
    with store.transaction() as session:
        version = publish_plan(session, key=key).version.id
        derive_deadlines(session, version_id=version, plan=plan)
    return version


def test_a_plan_s_horizon_makes_overdue_work_without_typed_deadlines(store: Store, db_url: str) -> None:
    # 安徽省2022年重点工作: no task states a date; the plan's year is its horizon.
    plan = extract_plan(read_document(KEY_WORK))
    assert plan.meta.horizon == 2022
    _publish(store, plan, "keywork")
    run = CliRunner().invoke
    listing = json.loads(run(main, ["tasks", "--plan", "keywork", "--as-of", "2023-01-15", "--format", "json",
                                    "--db", db_url]).output)
    assert len(listing) == 5
    assert all((r["deadline"], r["deadline_derived"], r["colour"]) == ("2022-12-31", True, "yellow") for r in listing)
    overdue = run(main, ["tasks", "--overdue", "--as-of", "2023-01-15", "--db", db_url]).output.splitlines()
    assert len(overdue) == 6 and "2022-12-31*" in overdue[1]
    assert run(main, ["tasks", "--overdue", "--as-of", "2022-12-01", "--db", db_url]).output.count("\n") == 1


def test_text_dates_win_over_the_horizon_and_people_win_over_both(store: Store) -> None:
    data = json.loads(ANHUI.read_text(encoding="utf-8"))  # 中国制造2025安徽篇: issued 2015, horizon 2025
    data["tasks"][0]["quote"] = "到2018年底，推进制造过程智能化"
    data["tasks"][1]["quote"] = "6月底前完成“互联网+”融合发展方案"
    plan = Plan.model_validate(data)
    version = _publish(store, plan, "anhui")
    with store.transaction() as session:
        rows = list_tasks(session, plan="anhui", as_of=date(2019, 6, 30))
        ids = [r.task_id for r in rows]
        set_deadline(session, task_id=ids[2], deadline=date(2019, 3, 31), note="督查室定")
        notes = dict(session.execute(select(TaskDeadline.task_id, TaskDeadline.note)
                                     .where(TaskDeadline.task_id.in_(ids[:2]))).all())
    assert [(r.deadline, r.deadline_derived) for r in rows[:3]] == [
        (date(2018, 12, 31), True), (date(2016, 6, 30), True), (date(2025, 12, 31), True)]
    assert "到2018年底" in (notes[ids[0]] or "") and "6月底前" in (notes[ids[1]] or "")
    assert rows[0].overdue and not rows[2].overdue

    # A new version changes the first task's text (the row is kept) and derives again.
    with store.transaction() as session:
        task = session.get(Task, ids[0])
        assert task is not None
        task.quote = "2021年6月底前，推进制造过程智能化"
        assert derive_deadlines(session, version_id=version, plan=plan) == 1
    with store.transaction() as session:
        again = list_tasks(session, plan="anhui", as_of=date(2019, 6, 30))
        derived_rows = session.scalars(select(TaskDeadline).where(TaskDeadline.task_id == ids[0])).all()
    assert (again[0].deadline, again[0].deadline_derived) == (date(2021, 6, 30), True)
    assert len(derived_rows) == 1  # the derived deadline follows the text; no second one
    assert (again[2].deadline, again[2].deadline_derived) == (date(2019, 3, 31), False)  # the person's stays


def test_deriving_twice_changes_nothing_and_is_audited(store: Store) -> None:
    plan = load_plan_file(ANHUI)
    version = _publish(store, plan, "anhui")
    with store.transaction() as session:
        assert derive_deadlines(session, version_id=version, plan=plan) == 0
        region = session.scalar(select(PlanRow.region_id))
        derived = session.scalars(select(Task).where(Task.deadline_derived.is_(True))).all()
    assert region is not None and len(derived) == len(plan.tasks)
