"""The services behind the plan and indicator pages (`services.plan_detail`,
`services.indicators`) and the pages themselves, on SQLite and PostgreSQL: the gold plans
published, actuals recorded from a file, a target allocated to sub-regions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.config import Settings
from planwatch.errors import NotFoundError
from planwatch.services.allocations import allocate_target
from planwatch.services.auth import create_user, hasher
from planwatch.services.indicators import indicator_detail
from planwatch.services.observations import record_file
from planwatch.services.plan_detail import plan_detail
from planwatch.services.plans import get_plan
from planwatch.services.regions import resolve_region
from planwatch.services.status import plan_status
from planwatch.store import Store
from planwatch.store.tables import Indicator
from planwatch.store.tables import Plan as PlanRow
from planwatch.web import create_app

AS_OF = date(2021, 3, 31)


def _mingpai(store: Store) -> int:
    with store.transaction() as s:
        query = (select(Indicator.id).join(PlanRow, PlanRow.current_version_id == Indicator.plan_version_id)
                 .where(PlanRow.key == "anhui", Indicator.metric == "安徽名牌", Indicator.target_year == 2020))
        return int(s.scalars(query).one())


@pytest.fixture
def tracked(published_store: Store, tmp_path: Path) -> tuple[Store, int]:
    """安徽名牌 (2020) with figures of 安徽省 and 合肥市, and allocated to 合肥市 and 芜湖市."""
    ident = _mingpai(published_store)
    path = tmp_path / "actuals.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n"
                    f"anhui,{ident},安徽省,2014,1353,个,统计公报\n"
                    f"anhui,{ident},安徽省,2018-05,1576,个,新闻发布会\n"
                    f"anhui,{ident},合肥市,2019,650,个,合肥市统计局\n"
                    f"anhui,{ident},合肥市,2021-06,700,个,after as_of\n", encoding="utf-8")
    with published_store.transaction() as s:
        record_file(s, path=path)
        allocate_target(s, plan="anhui", indicator=str(ident), parts=["合肥市=600", "芜湖市=300"], by_weight=False)
    return published_store, ident


def test_the_indicator_detail_is_its_rows_of_the_progress_table(tracked: tuple[Store, int]) -> None:
    store, ident = tracked
    with store.transaction() as s:
        d = indicator_detail(s, plan="anhui", indicator_id=ident, as_of=AS_OF)
        table = [r for r in plan_status(s, plan="anhui", as_of=AS_OF) if r.indicator_id == ident]
    assert d.rows == table and [r.region for r in d.rows] == ["安徽省", "合肥市", "芜湖市"]
    assert [(f.region, f.period, f.value, f.source) for f in d.figures] == [
        ("合肥市", "2019", 650.0, "合肥市统计局"), ("安徽省", "2014", 1353.0, "统计公报"),
        ("安徽省", "2018-05", 1576.0, "新闻发布会")]  # by region name; the 2021-06 figure is after as_of
    assert [m.level for m in d.measures] == [1500.0, 600.0, 300.0]
    assert {a.region: (a.value, a.status.status if a.status else None) for a in d.allocations} == {
        "合肥市": (600.0, "achieved"), "芜湖市": (300.0, "no_data")}
    assert d.source.quote == "安徽名牌1500个" and not d.source.has_text and d.source.item_id is not None
    assert d.source.before == d.source.after == ""  # a plan JSON import keeps no document text


def test_a_region_asked_for_gets_a_row_even_without_figures(tracked: tuple[Store, int]) -> None:
    store, ident = tracked
    with store.transaction() as s:
        bengbu = resolve_region(s, name="蚌埠市").id
        d = indicator_detail(s, plan="anhui", indicator_id=ident, as_of=AS_OF, region_id=bengbu)
    assert d.rows[-1].region == "蚌埠市" and d.rows[-1].status == "no_data" and len(d.measures) == len(d.rows)


def test_another_plan_s_indicator_is_not_found(tracked: tuple[Store, int]) -> None:
    store, ident = tracked
    with store.transaction() as s, pytest.raises(NotFoundError, match="not an indicator of plan 'shaoxing'"):
        indicator_detail(s, plan="shaoxing", indicator_id=ident, as_of=AS_OF)


def test_the_plan_detail_rows_are_planwatch_status_rows(tracked: tuple[Store, int]) -> None:
    store, _ident = tracked
    with store.transaction() as s:
        plan = get_plan(s, key="anhui")
        d = plan_detail(s, plan=plan, drafts=False, as_of=AS_OF, method="escap")
        assert d.rows == plan_status(s, plan="anhui", as_of=AS_OF, method="escap")
        hefei = plan_detail(s, plan=plan, drafts=False, as_of=AS_OF, region="合肥市")
    assert [v.version for v in d.versions] == [1] and d.shown.current and not d.shown.has_text
    assert d.completeness.with_figures == 1 and d.completeness.tracked == len({r.indicator_id for r in d.rows})
    assert {r.region for r in hefei.rows} == {"合肥市"} and hefei.completeness.with_figures == 1


def test_the_pages_work_on_this_database(tracked: tuple[Store, int], db_url: str) -> None:
    store, ident = tracked
    cheap = hasher(1, 8192)
    with store.transaction() as s:
        create_user(s, login="planner", password="a-long-password", role="planner",
                    region_id=resolve_region(s, name="安徽省").id, pw=cheap)
    app = create_app(Settings(database_url=db_url, argon2_time_cost=1, argon2_memory_kib=8192), store=store)
    with TestClient(app, base_url="http://testserver") as client:
        r = client.post("/login", data={"login": "planner", "password": "a-long-password"}, follow_redirects=False)
        assert r.status_code == 303
        plan = client.get(f"/plans/anhui.json?as_of={AS_OF}&region=合肥市").json()
        assert {row["region"] for row in plan["status"]} == {"合肥市"}
        page = client.get(f"/plans/anhui/indicators/{ident}?as_of={AS_OF}")
        assert page.status_code == 200 and 'id="indicator-chart"' in page.text
        twin = client.get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").json()
        assert [a["region"] for a in twin["allocations"]] == ["合肥市", "芜湖市"] and twin["source"]["link"] is None
        assert client.get(f"/dashboard.json?as_of={AS_OF}").json()["totals"]
        assert client.get("/plans/anhui.json?as_of=2021-02-30").status_code == 422
