"""分解 and 考核 a planner can trust: allocations only to sub-regions of the plan, a sum check
over every stored part, allocations listed and removed, roll-ups of rates that say how they
were weighted, and rankings of the sub-regions — never of the plan's own region."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import main
from planwatch.errors import PlanwatchError, ValidationError
from planwatch.model import Plan
from planwatch.services.allocations import (
    allocate_target,
    list_allocations,
    remove_allocations,
    roll_up_actuals,
)
from planwatch.services.assessment import run_assessment
from planwatch.services.observations import record_file
from planwatch.services.plans import import_plan, publish_plan
from planwatch.store import Store

from .conftest import ANHUI

GDP = {"quote": "全省地区生产总值达到4万亿元", "metric": "地区生产总值", "value": 40000, "value_max": None, "unit": "亿元",
       "comparator": "=", "year": 2020, "change": None, "baseline_year": None, "sector": None}


@pytest.fixture
def anhui(store: Store) -> Store:
    """The 安徽 plan with a GDP target added, so that a share of GDP has its denominator."""
    data = json.loads(ANHUI.read_text(encoding="utf-8"))
    data["targets"].append(GDP)
    with store.transaction() as s:
        import_plan(s, plan=Plan.model_validate(data), key="anhui", source_file=ANHUI.name)
    with store.transaction() as s:
        publish_plan(s, key="anhui")
    return store


def _observe(store: Store, tmp_path: Path, rows: list[str]) -> None:
    path = tmp_path / "a.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with store.transaction() as s:
        record_file(s, path=path)


@pytest.mark.parametrize(("name", "why"), [("南京市", "not within"), ("合肥县", "合肥县"), ("安徽省", "own region")])
def test_allocate_refuses_regions_outside_the_plan_missing_or_the_plan_itself(anhui: Store, name: str, why: str) -> None:
    with anhui.transaction() as s, pytest.raises(PlanwatchError, match=why):
        allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["合肥市=500", f"{name}=100"], by_weight=False)
    with anhui.transaction() as s:
        assert list_allocations(s, plan="anhui") == []  # nothing written, not even 合肥市


def test_allocations_are_listed_removed_and_checked_as_a_whole(anhui: Store) -> None:
    with anhui.transaction() as s:
        allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["合肥市=700", "芜湖市=500"], by_weight=False)
        later = allocate_target(s, plan="anhui", indicator="安徽名牌", parts=["蚌埠市=300"], by_weight=False)
    assert later.warnings == []  # 700 + 500 + 300 = 1500: whole, although this call typed one part
    with anhui.transaction() as s:
        left = remove_allocations(s, plan="anhui", indicator="安徽名牌", regions=["芜湖"])
    assert left.parts == {"合肥市": 700, "蚌埠市": 300}
    assert left.warnings == ["parts add up to 1000 but the target is 1500 (short by 500)"]
    with anhui.transaction() as s:
        (stored,) = list_allocations(s, plan="anhui")
        with pytest.raises(ValidationError, match="芜湖市"):
            remove_allocations(s, plan="anhui", indicator="安徽名牌", regions=["芜湖市"])
    assert stored.parts == {"合肥市": (700, None), "蚌埠市": (300, None)} and stored.warnings == left.warnings


def test_allocate_and_allocations_commands(anhui: Store) -> None:
    url = anhui.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    out = runner.invoke(main, ["allocate", "anhui", "安徽名牌", "合肥=2", "芜湖=1", "--weights", "--db", url])
    assert out.exit_code == 0 and "合肥市\t1000" in out.output, out.output
    listed = runner.invoke(main, ["allocations", "anhui", "--db", url])
    assert "安徽名牌\t1500个\t芜湖市\t500\t1" in listed.output, listed.output
    removed = runner.invoke(main, ["allocate", "anhui", "安徽名牌", "--remove", "芜湖市", "--db", url])
    assert removed.exit_code == 0 and "short by 500" in removed.output
    wrong = runner.invoke(main, ["allocate", "anhui", "安徽名牌", "南京市=1", "--db", url])
    assert wrong.exit_code == 2 and "南京市" in wrong.output


def test_a_rate_rolls_up_by_its_stated_denominator_or_says_it_had_none(anhui: Store, tmp_path: Path) -> None:
    _observe(anhui, tmp_path, [
        "anhui,制造业增加值占GDP比重,合肥市,2018,30,%,t", "anhui,制造业增加值占GDP比重,芜湖市,2018,50,%,t",
        "anhui,地区生产总值,合肥市,2018,7800,亿元,t", "anhui,地区生产总值,芜湖市,2018,3300,亿元,t"])
    with anhui.transaction() as s:
        weighted = roll_up_actuals(s, plan="anhui", indicator="制造业增加值占GDP比重", period="2018",
                                   denominator="地区生产总值")
        plain = roll_up_actuals(s, plan="anhui", indicator="制造业增加值占GDP比重", period="2018")
    assert weighted.value == pytest.approx((30 * 7800 + 50 * 3300) / 11100)
    assert weighted.how == "mean weighted by 地区生产总值 (2018)" and weighted.warnings == []
    assert plain.value == 40 and plain.how == "unweighted mean" and "denominator" in plain.warnings[0]


def test_a_roll_up_checks_the_parts_against_the_actual(anhui: Store, tmp_path: Path) -> None:
    _observe(anhui, tmp_path, ["anhui,安徽名牌,合肥市,2018,600,个,t", "anhui,安徽名牌,芜湖市,2018,300,个,t",
                               "anhui,安徽名牌,安徽省,2018,1576,个,t"])
    with anhui.transaction() as s:
        result = roll_up_actuals(s, plan="anhui", indicator="安徽名牌", period="2018")
    assert (result.value, result.how) == (900, "sum")
    assert result.warnings == ["parts add up to 900 but the actual is 1576 (short by 676)"]


def test_assess_ranks_the_sub_regions_not_the_plan_region(anhui: Store, tmp_path: Path) -> None:
    _observe(anhui, tmp_path, ["anhui,安徽名牌,合肥市,2018,600,个,t", "anhui,安徽名牌,芜湖市,2018,300,个,t",
                               "anhui,安徽名牌,安徽省,2018,1576,个,t", "anhui,驰名商标,合肥市,2018,20,件,t"])
    scheme = {"plan": "anhui", "items": [{"indicator": "安徽名牌", "weight": 60, "rule": "rank"},
                                         {"indicator": "驰名商标", "weight": 40, "rule": "rank"}]}
    with anhui.transaction() as s:
        result = run_assessment(s, data=scheme, source="s.yaml", as_of=date(2019, 6, 30))
    assert [(x.region, x.rank) for x in result.scores] == [("合肥市", 1), ("芜湖市", 2)]
    assert result.warnings == ["驰名商标: no figure up to 2019-06-30 for 芜湖市 (scored 0)"]


@pytest.mark.parametrize(("regions", "why"), [(["合肥市", "合肥县"], "合肥县"), (["合肥市", "南京市"], "not within")])
def test_assess_refuses_a_scheme_naming_an_unknown_or_outside_region(anhui: Store, regions: list[str], why: str) -> None:
    scheme = {"plan": "anhui", "regions": regions, "items": [{"indicator": "安徽名牌", "weight": 60, "rule": "rank"}]}
    with anhui.transaction() as s, pytest.raises(ValidationError, match=why):
        run_assessment(s, data=scheme, source="s.yaml", as_of=date(2019, 6, 30))


def test_target_completion_follows_the_status_verdict_for_approximate_targets(anhui: Store, tmp_path: Path) -> None:
    """40%左右 is met at 38.5 (within 5%): the ranking must say what `status` says."""
    _observe(anhui, tmp_path, ["anhui,制造业增加值占GDP比重,合肥市,2019,38.5,%,t",
                               "anhui,制造业增加值占GDP比重,芜湖市,2019,35,%,t"])
    scheme = {"plan": "anhui", "items": [{"indicator": "制造业增加值占GDP比重", "weight": 10,
                                          "rule": "target_completion"}]}
    with anhui.transaction() as s:
        result = run_assessment(s, data=scheme, source="s.yaml", as_of=date(2019, 12, 31))
    assert [(x.region, x.total) for x in result.scores] == [("合肥市", 10.0), ("芜湖市", 0.0)]
