"""Status, allocation, roll-up and assessment on a real database, through the services and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import main
from planwatch.errors import ValidationError
from planwatch.services.allocations import allocate_target, roll_up_actuals
from planwatch.services.assessment import run_assessment
from planwatch.services.observations import record_file
from planwatch.services.regions import add_region, ensure_regions
from planwatch.services.status import plan_status
from planwatch.store import Store

EXAMPLE_ACTUALS = Path(__file__).parents[2] / "src" / "planwatch" / "data" / "example_actuals.csv"


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "actuals.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_status_of_real_actuals(published_store: Store) -> None:
    with published_store.transaction() as s:
        record_file(s, path=EXAMPLE_ACTUALS)
    with published_store.transaction() as s:
        rows = plan_status(s, plan="anhui", as_of=date(2019, 12, 31))
    brands = [r for r in rows if r.metric == "安徽名牌" and r.target["year"] == 2020]
    assert brands and brands[0].latest["value"] == 1576
    # 1353 (2014) → 1576 (2018-05) against 1500 by 2020: already met.
    assert brands[0].status == "achieved"
    assert {r.status for r in rows} <= {"achieved", "on_track", "moderate", "limited", "deterioration", "missed", "no_data"}
    untracked = [r for r in rows if r.latest["value"] is None]
    assert untracked and all(r.status == "no_data" for r in untracked)


def test_status_after_the_target_year_is_missed(published_store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, ["anhui,驰名商标,安徽省,2014,30,件,test", "anhui,驰名商标,安徽省,2020,40,件,test"])
    with published_store.transaction() as s:
        record_file(s, path=path)
    with published_store.transaction() as s:
        rows = [r for r in plan_status(s, plan="anhui", as_of=date(2021, 6, 30)) if r.metric == "驰名商标"]
    first = min(rows, key=lambda r: r.target["year"])
    assert (first.target["year"], first.status, first.status_label) == (2020, "missed", "未完成")


def test_allocate_split_and_roll_up(published_store: Store, tmp_path: Path) -> None:
    with published_store.transaction() as s:
        ensure_regions(s)
        result = allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["合肥=2", "芜湖=1", "蚌埠=1"], by_weight=True)
    assert result.parts == {"合肥市": 750.0, "芜湖市": 375.0, "蚌埠市": 375.0}
    with published_store.transaction() as s:
        warned = allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["合肥=700", "芜湖=300"], by_weight=False)
    # The sum check covers every stored part (蚌埠市's 375 from the first call), not only these two.
    assert warned.warnings == ["parts add up to 1375 but the target is 1500 (short by 125)"]
    path = _write(tmp_path, ["anhui,安徽名牌,合肥市,2018,600,个,t", "anhui,安徽名牌,芜湖市,2018,300,个,t",
                             "anhui,安徽名牌,蚌埠市,2018,250,个,t"])
    with published_store.transaction() as s:
        record_file(s, path=path)
    with published_store.transaction() as s:
        total = roll_up_actuals(s, plan="anhui", indicator="安徽名牌", period="2018")
    assert (total.value, total.how, total.parts) == (1150, "sum", 3)


def test_assessment_ranks_regions_from_the_database(published_store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, ["anhui,安徽名牌,合肥市,2018,600,个,t", "anhui,安徽名牌,芜湖市,2018,300,个,t",
                             "anhui,驰名商标,合肥市,2018,20,件,t", "anhui,驰名商标,芜湖市,2018,35,件,t"])
    with published_store.transaction() as s:
        ensure_regions(s)
        allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["合肥=500", "芜湖=400"], by_weight=False)
        record_file(s, path=path)
    scheme = {"plan": "anhui", "items": [
        {"indicator": "安徽名牌", "weight": 60, "rule": "target_completion"},
        {"indicator": "驰名商标", "weight": 40, "rule": "rank"},
    ]}
    with published_store.transaction() as s:
        scores = run_assessment(s, data=scheme, source="scheme.yaml", as_of=date(2019, 1, 1)).scores
    # 合肥 met its allocated 500 (60) and is second on 驰名商标 (38); 芜湖 missed 400 (0) and is first (40).
    assert [(x.region, x.total, x.rank) for x in scores] == [("合肥市", 98.0, 1), ("芜湖市", 40.0, 2)]
    with pytest.raises(ValidationError, match="plan"):
        run_assessment(published_store.sessions(), data={"items": []}, source="s.yaml", as_of=date(2019, 1, 1))


def test_status_and_assess_commands(published_store: Store, db_url: str, tmp_path: Path) -> None:
    with published_store.transaction() as s:
        record_file(s, path=EXAMPLE_ACTUALS)
        add_region(s, name="安庆经开区", parent="安庆市")
    runner = CliRunner()
    out = runner.invoke(main, ["status", "--plan", "anhui", "--as-of", "2019-12-31", "--format", "json", "--db", db_url])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {"plan", "indicator_id", "metric", "region", "unit", "target", "baseline", "latest", "achievement",
            "status", "status_label", "forecast", "method"} <= set(rows[0])
    table = runner.invoke(main, ["status", "--plan", "anhui", "--as-of", "2019-12-31", "--db", db_url])
    assert table.exit_code == 0 and "已完成" in table.output
    bad = runner.invoke(main, ["status", "--plan", "nope", "--db", db_url])
    assert bad.exit_code == 2 and "nope" in bad.output
    scheme = tmp_path / "s.yaml"
    scheme.write_text("plan: anhui\nitems:\n  - {indicator: 安徽名牌, weight: 100, rule: efficacy}\n", encoding="utf-8")
    scored = runner.invoke(main, ["assess", str(scheme), "--as-of", "2019-12-31", "--db", db_url])
    # The bundled actuals are province-wide: nothing to rank among the cities, and the province
    # itself is the whole being assessed, never a competitor.
    assert scored.exit_code == 2 and "no sub-region" in scored.output, scored.output
