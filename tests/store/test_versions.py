"""A plan corrected after tracking has started: publishing the new version keeps every
actual, allocation, task report and deadline of the items that stayed the same, keeps
their ids, retires what disappeared and says so — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planwatch.cli import main
from planwatch.errors import ValidationError
from planwatch.extract import extract_plan
from planwatch.model import Plan
from planwatch.readers import read_document
from planwatch.services.allocations import allocate_target
from planwatch.services.observations import record_file
from planwatch.services.plans import import_plan, publish_plan
from planwatch.services.status import plan_status
from planwatch.services.tasks import add_task_update, list_tasks, set_deadline
from planwatch.store import Store
from planwatch.store.tables import Indicator, Observation, PlanVersion, TargetAllocation
from planwatch.store.work_tables import Task

from .conftest import ANHUI

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"
AS_OF = date(2019, 12, 31)


def _gold() -> dict[str, Any]:
    return json.loads(ANHUI.read_text(encoding="utf-8"))


def _publish(store: Store, data: dict[str, Any], *, key: str = "anhui") -> Any:
    with store.transaction() as s:
        import_plan(s, plan=Plan.model_validate(data), key=key, source_file="edited.json")
    with store.transaction() as s:
        return publish_plan(s, key=key)


def _ids(store: Store, metric: str) -> list[int]:
    with store.transaction() as s:
        return [r.indicator_id for r in plan_status(s, plan="anhui", as_of=AS_OF) if r.metric == metric]


def _track(store: Store, tmp_path: Path) -> dict[str, Any]:
    """Version 1 published and tracked: actuals, an allocation, a task report and deadline."""
    _publish(store, _gold())
    csv = tmp_path / "actuals.csv"
    csv.write_text("plan,indicator,region,period,value,unit,source\n"
                   "anhui,安徽名牌,安徽省,2014,1353,个,统计公报\n"
                   "anhui,安徽名牌,安徽省,2018,1576,个,统计公报\n"
                   "anhui,驰名商标,合肥市,2018,20,件,合肥市统计局\n", encoding="utf-8")
    with store.transaction() as s:
        record_file(s, path=csv)
        allocate_target(s, plan="anhui", indicator="驰名商标", parts=["合肥市=20", "芜湖市=10"], by_weight=False)
        task = list_tasks(s, plan="anhui", as_of=AS_OF)[0]
        set_deadline(s, task_id=task.task_id, deadline=date(2020, 6, 30))
        add_task_update(s, task_id=task.task_id, on_date=date(2019, 6, 1), state="推进中", percent=40)
    return {"task": task.task_id, "brand": _ids(store, "安徽名牌"), "marks": _ids(store, "驰名商标")}


def test_a_corrected_version_keeps_actuals_allocations_reports_and_ids(store: Store, tmp_path: Path) -> None:
    before = _track(store, tmp_path)
    data = _gold()
    # The reviewer corrects a value, renames a metric in the same sentence, drops a target,
    # adds one, and rewrites the first task's unit list.
    brand = next(t for t in data["targets"] if t["metric"] == "安徽名牌")
    brand["value"] = 1600
    marks = next(t for t in data["targets"] if t["metric"] == "驰名商标")
    marks["metric"] = "中国驰名商标"
    data["targets"] = [t for t in data["targets"] if t["metric"] != "安徽工业精品"]
    data["targets"].append({**brand, "quote": "新增国家级工业设计中心10家", "metric": "国家级工业设计中心",
                            "value": 10, "unit": "家", "comparator": "=", "change": "increase"})
    data["tasks"][0]["support"] = ["省发展改革委", "省科技厅"]
    dropped_task = data["tasks"].pop(1)

    done = _publish(store, data)

    assert done.version.version_no == 2
    assert _ids(store, "安徽名牌") == before["brand"]  # same ids: files and bookmarks still work
    renamed = _ids(store, "中国驰名商标")  # the target; the indicator table's row keeps its name
    assert renamed and set(renamed) < set(before["marks"])
    with store.transaction() as s:
        rows = {(r.metric, r.region): r for r in plan_status(s, plan="anhui", as_of=AS_OF)
                if r.target["year"] == 2020}
        tasks = {t.task_id: t for t in list_tasks(s, plan="anhui", as_of=AS_OF)}
        allocations = s.scalar(select(func.count()).select_from(TargetAllocation)
                               .where(TargetAllocation.indicator_id.in_(before["marks"])))
    assert rows[("安徽名牌", "安徽省")].latest["value"] == 1576
    assert rows[("安徽名牌", "安徽省")].target["value"] == 1600  # the correction is in force
    assert rows[("中国驰名商标", "合肥市")].latest["value"] == 20
    assert allocations == 2
    assert ("国家级工业设计中心", "安徽省") in rows and rows[("国家级工业设计中心", "安徽省")].latest["value"] is None
    kept = tasks[before["task"]]
    assert (kept.state, kept.percent, kept.deadline) == ("推进中", 40, date(2020, 6, 30))
    assert [u.raw_name for u in kept.support] == ["省发展改革委", "省科技厅"]
    assert not any(dropped_task["quote"] in (t.title or "") for t in tasks.values())
    assert [x.split(" ", 1)[1] for x in done.changes.retired["indicators"]] == ["安徽工业精品 (2020)", "安徽工业精品 (2025)"]
    assert len(done.changes.retired["tasks"]) == 1
    assert [x.split(" ", 1)[1] for x in done.changes.new["indicators"]] == ["国家级工业设计中心 (2020)"]


def test_retired_items_keep_their_data_out_of_the_current_tables(store: Store, tmp_path: Path) -> None:
    _track(store, tmp_path)
    data = _gold()
    data["targets"] = [t for t in data["targets"] if t["metric"] != "安徽名牌"]
    _publish(store, data)
    with store.transaction() as s:
        retired = s.scalars(select(Indicator).where(Indicator.metric == "安徽名牌")).all()
        figures = s.scalar(select(func.count()).select_from(Observation)
                           .where(Observation.indicator_id.in_([r.id for r in retired])))
        current = [r.metric for r in plan_status(s, plan="anhui", as_of=AS_OF)]
    assert retired and all(r.retired_at is not None for r in retired)
    assert figures == 2  # kept: a later version may bring the indicator back by hand
    assert "安徽名牌" not in current


def test_publishing_the_same_document_again_changes_nothing_tracked(store: Store) -> None:
    path = EXAMPLES / "002_7230ec801b983216.txt"
    plan = extract_plan(read_document(path))
    with store.transaction() as s:
        import_plan(s, plan=plan, key="anhui", source_file=path.name)
    with store.transaction() as s:
        first = publish_plan(s, key="anhui")
    with store.transaction() as s:
        ids = (sorted(s.scalars(select(Indicator.id).where(Indicator.plan_version_id == first.version.id))),
               sorted(s.scalars(select(Task.id).where(Task.plan_version_id == first.version.id))))
        import_plan(s, plan=extract_plan(read_document(path)), key="anhui", source_file=path.name)
    with store.transaction() as s:
        second = publish_plan(s, key="anhui")
        again = (sorted(s.scalars(select(Indicator.id).where(Indicator.plan_version_id == second.version.id))),
                 sorted(s.scalars(select(Task.id).where(Task.plan_version_id == second.version.id))))
    assert again == ids
    assert second.changes.retired == {"indicators": [], "tasks": []}
    assert second.changes.new == {"indicators": [], "tasks": []}
    with store.transaction() as s:
        stored = s.get(PlanVersion, second.version.id)
        assert stored is not None and stored.changes is not None
        assert len(stored.changes["carried"]["indicators"]) == len(ids[0])


def test_a_unit_corrected_to_one_that_converts_converts_the_figures(store: Store, tmp_path: Path) -> None:
    data = _gold()
    data["targets"].append({"quote": "工业投资达到8000亿元", "metric": "工业投资", "value": 8000, "value_max": None,
                            "unit": "亿元", "comparator": "=", "year": 2020, "change": None,
                            "baseline_year": None, "sector": None})
    _publish(store, data)
    csv = tmp_path / "a.csv"
    csv.write_text("plan,indicator,region,period,value,unit,source\nanhui,工业投资,安徽省,2018,6500,亿元,x\n",
                   encoding="utf-8")
    with store.transaction() as s:
        record_file(s, path=csv)
    data["targets"][-1].update(value=8, unit="万亿元", quote="工业投资达到0.8万亿元")
    done = _publish(store, data)
    assert done.changes.converted and "亿元 → 万亿元" in done.changes.converted[0]
    with store.transaction() as s:
        row = next(r for r in plan_status(s, plan="anhui", as_of=AS_OF) if r.metric == "工业投资")
    assert row.latest["value"] == pytest.approx(0.65)
    assert row.unit == "万亿元"


def test_a_unit_that_does_not_convert_retires_the_old_indicator(store: Store, tmp_path: Path) -> None:
    _track(store, tmp_path)
    data = _gold()
    brand = next(t for t in data["targets"] if t["metric"] == "安徽名牌")
    brand["unit"] = "%"  # not a count any more: its figures cannot be carried
    done = _publish(store, data)
    assert any("安徽名牌" in x for x in done.changes.retired["indicators"])
    assert any("安徽名牌" in x for x in done.changes.new["indicators"])


def test_publish_reports_what_it_did_after_commit(store: Store, tmp_path: Path) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    _track(store, tmp_path)
    data = _gold()
    data["targets"] = [t for t in data["targets"] if t["metric"] != "安徽工业精品"]
    edited = tmp_path / "anhui.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(edited), "--key", "anhui", "--db", url]).exit_code == 0
    out = runner.invoke(main, ["publish", "anhui", "--db", url])
    assert out.exit_code == 0, out.output
    assert "published version 2" in out.output
    assert "carried over, 0 new, 2 retired" in out.output
    assert "retired (kept with its data, no longer tracked): #" in out.output and "安徽工业精品 (2020)" in out.output


def test_a_broken_pipe_after_the_message_leaves_the_version_published(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message said "published": it must be true even if nobody could read it."""
    import click

    url = store.engine.url.render_as_string(hide_password=False)
    edited = tmp_path / "anhui.json"
    edited.write_text(ANHUI.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(edited), "--key", "anhui", "--db", url]).exit_code == 0

    def broken(*_a: object, **_k: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(click, "echo", broken)
    result = runner.invoke(main, ["publish", "anhui", "--db", url])
    assert isinstance(result.exception, BrokenPipeError)
    with store.transaction() as s:
        statuses = s.scalars(select(PlanVersion.status)).all()
    assert statuses == ["published"]


def test_an_old_draft_left_behind_cannot_replace_a_newer_published_version(store: Store) -> None:
    with store.transaction() as s:
        import_plan(s, plan=Plan.model_validate(_gold()), key="anhui")  # version 1, left behind
        import_plan(s, plan=Plan.model_validate(_gold()), key="anhui")  # version 2
    with store.transaction() as s:
        assert publish_plan(s, key="anhui").version.version_no == 2  # the newest draft
    with store.transaction() as s, pytest.raises(ValidationError, match="older than the published version 2"):
        publish_plan(s, key="anhui")  # before: version 1 replaced version 2
