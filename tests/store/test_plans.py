"""Plans: versions on re-import, publishing materialises indicators and tasks, audit rows."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planwatch.errors import NotFoundError
from planwatch.services.plans import import_plan, list_plans, load_plan_file, publish_plan
from planwatch.store import Store
from planwatch.store.tables import AuditEntry, Indicator, Plan, PlanVersion
from planwatch.store.work_tables import Task, TaskUnit

ANHUI = Path(__file__).parents[1] / "gold" / "002_7230ec801b983216.json"


def _count(store: Store, model: type) -> int:
    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_importing_twice_makes_two_versions_of_one_plan(store: Store) -> None:
    plan = load_plan_file(ANHUI)
    for _ in range(2):
        with store.transaction() as session:
            import_plan(session, plan=plan, key="anhui", source_file=ANHUI.name)
    assert _count(store, Plan) == 1
    with store.transaction() as session:
        versions = session.scalars(select(PlanVersion).order_by(PlanVersion.version_no)).all()
        assert [(v.version_no, v.status) for v in versions] == [(1, "draft"), (2, "draft")]
        [summary] = list_plans(session)
    assert (summary.key, summary.region, summary.versions, summary.current_version) == ("anhui", "安徽省", 2, None)


def test_publish_materialises_targets_rows_and_tasks(published_store: Store) -> None:
    with published_store.transaction() as session:
        plan = session.scalars(select(Plan).where(Plan.key == "anhui")).one()
        rows = session.scalars(select(Indicator).where(Indicator.plan_version_id == plan.current_version_id)).all()
        energy = [i for i in rows if i.metric.startswith("规模以上单位工业增加值能耗")]
        assert [(i.value, i.target_year, i.change, i.baseline_year, i.direction) for i in energy] == [
            (18, 2020, "decrease", 2015, -1), (34, 2025, "decrease", 2015, -1)]
        tools = [i for i in rows if i.metric == "数字化研发设计工具普及率"]
        assert [(i.value, i.target_year, i.baseline_year, i.baseline_value) for i in tools] == [
            (75, 2020, 2014, 50), (90, 2025, 2014, 50)]
        assert sum(i.kind == "target" for i in rows) == 15
        units = session.scalars(select(TaskUnit)).all()
        assert session.scalar(select(func.count()).select_from(Task)) > 0
        assert all(u.raw_name for u in units)
        resolved = {u.raw_name for u in units if u.department_id is not None}
        assert {"省经济和信息化委", "省发展改革委", "省科技厅"} <= resolved


def test_publish_reports_unresolved_units_and_keeps_them(store: Store) -> None:
    with store.transaction() as session:
        import_plan(session, plan=load_plan_file(ANHUI), key="anhui")
        done = publish_plan(session, key="anhui")
        assert done.unresolved == ["省有关部门"]  # the only unit of the plan that is no department
        kept = session.scalars(select(TaskUnit).where(TaskUnit.raw_name == "省有关部门")).all()
        assert kept and all(u.department_id is None for u in kept)
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "tester")).all()
        assert {"create", "import", "publish"} <= set(actions)


def test_publish_without_a_draft_is_reported(store: Store) -> None:
    with pytest.raises(NotFoundError), store.transaction() as session:
        publish_plan(session, key="nothing")


@pytest.mark.postgres
def test_concurrent_imports_get_distinct_versions(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    plan = load_plan_file(ANHUI)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(4):
                store.retrying(lambda s: import_plan(s, plan=plan, key="anhui"))
        except BaseException as e:  # reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with store.transaction() as session:
        numbers = session.scalars(select(PlanVersion.version_no).order_by(PlanVersion.version_no)).all()
    assert numbers == list(range(1, 9))
    assert _count(store, Plan) == 1
