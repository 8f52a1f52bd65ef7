"""The plan page, the indicator page and the dashboard, as users open them: the demo
database (five example plans, the bundled real actuals, one user of each role) through the
real routes. Every page is checked against its JSON twin, and the progress rows against
`planwatch status --format json` for the same plan, date and method."""

from __future__ import annotations

import doctest
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.cli import main
from planwatch.model import Plan
from planwatch.progress import explain
from planwatch.services.allocations import allocate_target
from planwatch.services.observations import record_file
from planwatch.services.plans import import_plan, publish_plan
from planwatch.store import Store
from planwatch.store.tables import Indicator, PlanVersion
from planwatch.store.tables import Plan as PlanRow

from .conftest import login

AS_OF = "2021-03-31"


@pytest.fixture
def users(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """A logged-in client per demo user, made when first asked for."""
    made: dict[str, TestClient] = {}

    class Clients(dict[str, TestClient]):
        def __missing__(self, user: str) -> TestClient:
            client = TestClient(app, base_url="http://testserver")
            made[user] = login(client, user)
            return client

    yield Clients()
    for client in made.values():
        client.close()


def indicator_id(store: Store, plan: str, metric: str, year: int) -> int:
    with store.transaction() as s:
        query = (select(Indicator.id).join(PlanRow, PlanRow.current_version_id == Indicator.plan_version_id)
                 .where(PlanRow.key == plan, Indicator.metric == metric, Indicator.target_year == year))
        return int(s.scalars(query).one())


def cli_status(url: str, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["status", "--db", url, "--format", "json", *args],
                                env={"PLANWATCH_STATUS_METHOD": None, "PLANWATCH_DATA_LAG_MONTHS": None})
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def embedded_option(html: str, element_id: str) -> dict[str, Any]:
    """The ECharts option a page hands to charts.js for one chart."""
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert found, f"no {element_id} in the page"
    option: dict[str, Any] = json.loads(found[1])
    return option


def record(store: Store, tmp_path: Path, lines: list[str]) -> None:
    """Actuals entered as a planner does: a CSV file through `record_file`."""
    path = tmp_path / "actuals.csv"
    path.write_text("plan,indicator,region,period,value,unit,source\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with store.transaction(actor="planner") as s:
        record_file(s, path=path)


# --- the plan page -------------------------------------------------------------------------

def test_the_plan_page_shows_meta_outline_versions_and_the_cli_status_rows(users: dict[str, TestClient],
                                                                          demo_url: str) -> None:
    planner = users["planner"]
    page = planner.get(f"/plans/anhui?as_of={AS_OF}")
    twin = planner.get(f"/plans/anhui.json?as_of={AS_OF}").json()
    assert page.status_code == 200 and twin["ok"] is True
    assert twin["meta"]["doc_number"] == "皖政〔2015〕106号" and twin["meta"]["issuer"] == "安徽省人民政府"
    for text in ("皖政〔2015〕106号", "安徽省人民政府", "2015年11月18日", "2025年", "《中国制造2025》", "第1版（现行）"):
        assert text in page.text, text
    assert [s["title"] for s in twin["sections"]][:2] == ["发展基础和环境", "指导思想、基本原则和目标"]
    assert "发展目标" in page.text and 'class="outline"' in page.text  # nested outline, (三)发展目标 under 二、
    assert twin["status"] == cli_status(demo_url, "--plan", "anhui", "--as-of", AS_OF)
    # 38 indicators of the province, and the demo's allocation of 安徽工业精品 to five cities (13 rows)
    assert page.text.count('<tr data-indicator="') == len(twin["status"]) == 51
    assert twin["counts"] == {"no_data": 32, "achieved": 11, "missed": 8}  # with the demo's allocated city figures
    assert twin["completeness"] == {**twin["completeness"], "tracked": 38, "with_figures": 6, "without_figures": 32}
    assert 'id="with-figures">6<' in page.text and 'id="without-figures">32<' in page.text
    assert embedded_option(page.text, "status-chart-option") == twin["chart"]
    assert twin["chart"]["series"][0]["data"][1]["value"] == 11 and twin["chart"]["animation"] is False


def test_each_row_links_to_its_indicator_page_and_says_how_its_status_was_decided(
        users: dict[str, TestClient], demo_store: Store) -> None:
    twin = users["planner"].get(f"/plans/anhui.json?as_of={AS_OF}").json()
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    at = next(i for i, r in enumerate(twin["status"]) if r["indicator_id"] == ident)
    note = twin["notes"][at]
    assert note["method_label"] == "对照目标"
    assert note["explanation"] == "最新数据（2018年5月）为1,576个，已达到目标1,500个（2020年），判为已完成。"
    page = users["planner"].get(f"/plans/anhui?as_of={AS_OF}").text
    assert f'href="/plans/anhui/indicators/{ident}?{note["query"]}"'.replace("&", "&amp;") in page
    quality = next(n for r, n in zip(twin["status"], twin["notes"], strict=True) if r["metric"] == "省政府质量奖"
                   and r["target"]["year"] == 2020)
    assert quality["explanation"].startswith("目标年2020年已过，至2021年3月31日仍无2020年数据")


def test_the_filters_stay_in_the_url_and_give_the_cli_rows_for_them(users: dict[str, TestClient],
                                                                     demo_url: str) -> None:
    planner = users["planner"]
    query = "region=%E5%90%88%E8%82%A5%E5%B8%82&as_of=2019-12-31&method=escap"  # 合肥市
    twin = planner.get(f"/plans/anhui.json?{query}").json()
    assert twin["filters"] == {**twin["filters"], "region": "合肥市", "as_of": "2019-12-31", "method": "escap",
                               "query": query}
    assert twin["status"] == cli_status(demo_url, "--plan", "anhui", "--region", "合肥市", "--as-of", "2019-12-31",
                                        "--method", "escap")
    assert {r["region"] for r in twin["status"]} == {"合肥市"} and twin["completeness"]["with_figures"] == 1  # the demo's city figure
    page = planner.get(f"/plans/anhui?{query}").text
    assert 'name="region" value="合肥市"' in page and 'value="2019-12-31"' in page
    assert '<option value="escap" selected>' in page and "截至2019年12月31日" in page
    blank = planner.get("/plans/anhui.json?region=&as_of=&method=")  # the form submitted empty: defaults
    assert blank.status_code == 200 and blank.json()["method"] == "cagr" and blank.json()["filters"]["region"] is None


@pytest.mark.parametrize(("query", "field"), [
    ("region=%E7%81%AB%E6%98%9F%E5%B8%82", "region"),  # 火星市: no such region
    ("region=%E7%BB%8D%E5%85%B4%E5%B8%82", "region"),  # 绍兴市: not inside 安徽省
    ("as_of=2021-13-01", "as_of"),
    ("as_of=yesterday", "as_of"),
    ("as_of=0001-01-01", "as_of"),
    ("method=magic", "method"),
    ("region=" + "x" * 80, "region"),
])
def test_a_bad_filter_is_a_422_page_naming_the_field_not_a_500(users: dict[str, TestClient], demo_store: Store,
                                                               query: str, field: str) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    for path in ("/plans/anhui", f"/plans/anhui/indicators/{ident}"):
        page = users["planner"].get(f"{path}?{query}")
        assert page.status_code == 422 and "内容有误" in page.text and field in page.text, (path, page.status_code)
        twin = users["planner"].get(f"{path}.json?{query}")
        assert twin.status_code == 422 and twin.json()["ok"] is False
        assert any(field in p for p in twin.json()["problems"]), twin.json()


def test_two_bad_filters_are_reported_together(users: dict[str, TestClient]) -> None:
    twin = users["planner"].get("/plans/anhui.json?as_of=2021-02-30&method=magic").json()
    assert [p.split(":")[0] for p in twin["problems"]] == ["as_of", "method"]


# --- the indicator page -------------------------------------------------------------------

def test_the_indicator_page_draws_the_figures_by_region_with_the_target(users: dict[str, TestClient],
                                                                        demo_store: Store) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    page = users["planner"].get(f"/plans/anhui/indicators/{ident}?as_of={AS_OF}")
    twin = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").json()
    assert page.status_code == 200 and twin["indicator"]["metric"] == "安徽名牌"
    chart = embedded_option(page.text, "indicator-chart-option")
    assert chart == twin["chart"] and chart["animation"] is False and 'id="indicator-chart" data-chart' in page.text
    series = {s["name"]: s for s in chart["series"]}
    assert [p["value"] for p in series["安徽省"]["data"]] == [[2014.0, 1353.0], [2017.4167, 1576.0]]
    assert series["目标（安徽省）"]["markLine"]["data"] == [{"yAxis": 1500.0}]
    assert "1,500个" in series["目标（安徽省）"]["markLine"]["label"]["formatter"]
    path = [p["value"] for p in series["序时进度路径"]["data"]]
    assert path == [[2014.0, 1353.0], [2020.0, 1500.0]] and series["序时进度路径"]["lineStyle"]["type"] == "dashed"
    forecast = [p["value"] for p in series["预测"]["data"]]
    assert forecast[0] == [2017.4167, 1576.0] and forecast[1][0] == 2020.0
    assert math.isclose(forecast[1][1], twin["status"][0]["forecast"]) and series["预测"]["lineStyle"]["type"] == "dotted"
    assert [(f["period"], f["value"], f["source"]) for f in twin["figures"]] == [
        ("2014", 1353.0, "www.yybnet.net/hefei/news/201503/292443.html"),
        ("2018-05", 1576.0, "www.gov.cn/xinwen/2018-05/14/content_5290865.htm")]
    assert "www.yybnet.net/hefei/news/201503/292443.html" in page.text
    assert "判为已完成" in twin["notes"][0]["explanation"] and twin["notes"][0]["explanation"] in page.text


def test_the_source_sentence_is_the_quote_at_its_span_linked_into_the_review_page(
        users: dict[str, TestClient], demo_store: Store) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    source = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").json()["source"]
    with demo_store.transaction() as s:
        text = s.scalars(select(PlanVersion.source_text).join(PlanRow, PlanRow.current_version_id == PlanVersion.id)
                         .where(PlanRow.key == "anhui")).one()
    assert text is not None and source["quote"] == "安徽名牌1500个" == text[source["start"]:source["end"]]
    assert source["before"].endswith("驰名商标50件，") and "专栏2" in source["section"]
    assert source["link"] == f"/plans/anhui/versions/1/review#mark-{source['item_id']}"
    review = users["planner"].get(source["link"].split("#")[0])
    if review.status_code != 404:  # the review page is another engineer's: its anchor must be there
        assert f'id="mark-{source["item_id"]}"' in review.text
    viewer = users["viewer"].get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").json()["source"]
    assert viewer["link"] is None and viewer["quote"] == source["quote"]  # a viewer has no review page


def test_a_cagr_status_is_explained_with_the_rates_behind_its_index(users: dict[str, TestClient], demo_store: Store,
                                                                   tmp_path: Path) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽工业精品", 2025)
    record(demo_store, tmp_path, [f"anhui,{ident},安徽省,2016,300,项,统计公报", f"anhui,{ident},安徽省,2020,600,项,统计公报"])
    twin = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of=2021-06-30").json()
    row, sentence = twin["status"][0], twin["notes"][0]["explanation"]
    needed = (1000 / 300) ** (1 / 9) - 1
    assert row["method"] == "cagr" and row["status"] == "on_track"
    assert sentence.startswith("按年均增速法（CAGR）：以2016年300项为基期，至2020年实际年均增长")
    assert f"需年均增长{needed * 100:.1f}%方能于2025年达到1,000项" in sentence
    assert f"进度指数{explain.num(row['ratio'])}，判为进度正常。" in sentence
    actual = float(re.search(r"实际年均增长([\d.]+)%", sentence)[1])  # type: ignore[index]
    assert math.isclose(actual / 100, row["ratio"] * needed, abs_tol=0.0006)
    path = next(s for s in twin["chart"]["series"] if s["name"] == "序时进度路径")
    assert [p["value"] for p in path["data"]] == [[2016.0, 300.0], [2025.0, 1000.0]]


def test_a_change_target_is_drawn_at_the_level_it_asks_for_never_at_its_percentage(
        users: dict[str, TestClient], demo_store: Store, tmp_path: Path) -> None:
    ident = indicator_id(demo_store, "anhui", "单位工业增加值能耗", 2020)  # 比2015年下降18%
    twin = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").json()
    assert not [s for s in twin["chart"]["series"] if s["name"].startswith("目标")]  # no baseline: no level
    assert twin["notes"][0]["explanation"] == "目标比2015年下降18%（2020年）：尚无实际数据，判为无数据。"
    assert "下降18%" in users["planner"].get(f"/plans/anhui?as_of={AS_OF}").text
    record(demo_store, tmp_path, [f"anhui,{ident},安徽省,2015,0.5,%,统计公报", f"anhui,{ident},安徽省,2019,0.45,%,统计公报"])
    twin = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of=2020-06-30").json()
    target = next(s for s in twin["chart"]["series"] if s["name"].startswith("目标"))
    assert target["markLine"]["data"] == [{"yAxis": pytest.approx(0.41)}]
    assert "需年均下降3.9%方能于2020年达到0.41%" in twin["notes"][0]["explanation"]


def test_allocations_to_sub_regions_show_after_allocate_target(users: dict[str, TestClient], demo_store: Store,
                                                               tmp_path: Path) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    with demo_store.transaction(actor="planner") as s:
        allocate_target(s, plan="anhui", indicator=str(ident), parts=["合肥市=600", "芜湖市=300"], by_weight=False)
    record(demo_store, tmp_path, [f"anhui,{ident},合肥市,2019,650,个,合肥市统计局"])
    twin = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").json()
    shares = {a["region"]: a for a in twin["allocations"]}
    assert {k: a["value"] for k, a in shares.items()} == {"合肥市": 600.0, "芜湖市": 300.0}
    assert shares["合肥市"]["status"]["latest"] == {"value": 650.0, "period": "2019"}
    assert shares["合肥市"]["status"]["status"] == "achieved" and shares["芜湖市"]["status"]["status"] == "no_data"
    assert shares["合肥市"]["status"]["target"]["source"] == "allocation"
    assert {s["name"] for s in twin["chart"]["series"]} >= {"安徽省", "合肥市"}
    page = users["planner"].get(f"/plans/anhui/indicators/{ident}?as_of={AS_OF}").text
    section = page.split('id="allocations"')[1]
    assert "合肥市" in section and "600个" in section and "芜湖市" in section and "650" in section
    focused = users["planner"].get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}&region=芜湖市").json()
    assert focused["status"][focused["focus"]]["region"] == "芜湖市"
    target = next(s for s in focused["chart"]["series"] if s["name"].startswith("目标"))
    assert target["name"] == "目标（芜湖市）" and target["markLine"]["data"] == [{"yAxis": 300.0}]


def test_an_indicator_of_another_plan_a_retired_one_or_a_bad_id_is_never_a_page(
        users: dict[str, TestClient], demo_store: Store) -> None:
    admin = users["admin"]
    other = indicator_id(demo_store, "shaoxing", "新兴产业增加值占工业经济比重", 2020)
    assert admin.get(f"/plans/shaoxing/indicators/{other}").status_code == 200
    assert admin.get(f"/plans/anhui/indicators/{other}").status_code == 404
    assert admin.get(f"/plans/anhui/indicators/{other}.json").json()["ok"] is False
    for bad in ("abc", "0", "-3", "1.5", "99999999999999999999", "2147483648"):
        r = admin.get(f"/plans/anhui/indicators/{bad}.json")
        assert r.status_code in (404, 422) and r.json()["ok"] is False, (bad, r.status_code)
    assert admin.get("/plans/nope/indicators/1").status_code == 404
    retired = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    with demo_store.transaction(actor="planner") as s:  # a corrected version without that target
        version = s.scalars(select(PlanVersion).join(PlanRow, PlanRow.current_version_id == PlanVersion.id)
                            .where(PlanRow.key == "anhui")).one()
        plan = Plan.model_validate(version.extracted)
        kept = tuple(t for t in plan.targets if t.quote != "安徽名牌1500个")
        import_plan(s, plan=plan.model_copy(update={"targets": kept}), key="anhui", source_text=version.source_text)
        publish_plan(s, key="anhui")
    assert admin.get(f"/plans/anhui/indicators/{retired}").status_code == 404
    assert admin.get(f"/plans/anhui.json?as_of={AS_OF}").json()["version"] == 2


def test_an_untracked_indicator_has_a_page_saying_so(users: dict[str, TestClient], demo_store: Store) -> None:
    with demo_store.transaction() as s:  # chaohu's indicators state no target year: none is tracked
        ident = s.scalars(select(Indicator.id).join(PlanRow, PlanRow.current_version_id == Indicator.plan_version_id)
                          .where(PlanRow.key == "chaohu").limit(1)).one()
    page = users["admin"].get(f"/plans/chaohu/indicators/{ident}?as_of={AS_OF}")
    assert page.status_code == 200 and "不计算进度" in page.text
    assert users["admin"].get(f"/plans/chaohu/indicators/{ident}.json").json()["status"] == []
    plan = users["admin"].get(f"/plans/chaohu?as_of={AS_OF}")
    assert plan.status_code == 200 and "暂无可评价的指标" in plan.text


def test_a_plan_never_published_shows_its_draft_to_planners_only(users: dict[str, TestClient],
                                                                 demo_store: Store) -> None:
    with demo_store.transaction(actor="planner") as s:
        version = s.scalars(select(PlanVersion).join(PlanRow, PlanRow.current_version_id == PlanVersion.id)
                            .where(PlanRow.key == "anhui")).one()
        import_plan(s, plan=Plan.model_validate(version.extracted), key="anhui-draft", source_text=version.source_text)
    twin = users["planner"].get("/plans/anhui-draft.json").json()
    assert twin["published"] is False and twin["status"] == [] and twin["versions"][0]["status"] == "draft"
    page = users["planner"].get("/plans/anhui-draft").text
    assert "草稿，未发布" in page and 'href="/plans/anhui-draft/versions/1/review"' in page
    assert users["viewer"].get("/plans/anhui-draft").status_code == 404


# --- who may read -------------------------------------------------------------------------

def test_out_of_scope_plans_and_indicators_are_404(users: dict[str, TestClient], demo_store: Store) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    other = users["planner-sx"]
    for path in ("/plans/anhui", "/plans/anhui.json", f"/plans/anhui/indicators/{ident}",
                 f"/plans/anhui/indicators/{ident}.json"):
        assert other.get(path).status_code == 404, path
    assert other.get("/plans/shaoxing").status_code == 200


def test_a_viewer_reads_and_a_reporter_reads_only_the_plans_of_its_tasks(users: dict[str, TestClient],
                                                                        demo_store: Store) -> None:
    ident = indicator_id(demo_store, "anhui", "安徽名牌", 2020)
    shaoxing = indicator_id(demo_store, "shaoxing", "新兴产业增加值占工业经济比重", 2020)
    viewer, reporter = users["viewer"], users["reporter"]
    assert viewer.get(f"/plans/anhui?as_of={AS_OF}").status_code == 200
    assert viewer.get(f"/plans/anhui/indicators/{ident}?as_of={AS_OF}").status_code == 200
    assert "草稿·去审核" not in viewer.get("/plans/anhui").text
    assert reporter.get(f"/plans/anhui?as_of={AS_OF}").status_code == 200
    assert reporter.get(f"/plans/anhui/indicators/{ident}.json?as_of={AS_OF}").status_code == 200
    assert reporter.get("/plans/shaoxing").status_code == 404
    assert reporter.get(f"/plans/shaoxing/indicators/{shaoxing}").status_code == 404
    assert reporter.get("/plans/anqing.json").status_code == 404


# --- the dashboard ------------------------------------------------------------------------

def test_every_number_on_the_dashboard_is_its_twin_s_and_the_chart_stacks_the_counts(
        users: dict[str, TestClient], demo_url: str) -> None:
    planner = users["planner"]
    page = planner.get(f"/dashboard?as_of={AS_OF}").text
    twin = planner.get(f"/dashboard.json?as_of={AS_OF}").json()
    assert [p["key"] for p in twin["plans"]] == ["anhui", "anhui-2025", "anqing", "chaohu"]
    table = cli_status(demo_url, "--as-of", AS_OF)
    for plan in twin["plans"]:  # the counts are those of `planwatch status`
        assert sum(plan["counts"].values()) == sum(r["plan"] == plan["key"] for r in table)
        assert all(n == sum(r["plan"] == plan["key"] and r["status"] == s for r in table)
                   for s, n in plan["counts"].items())
    chart = embedded_option(page, "plans-chart-option")
    assert chart == twin["chart"] and chart["animation"] is False
    stacked = {s["name"]: s["data"] for s in chart["series"]}
    assert all(s["stack"] == "status" for s in chart["series"])
    for i, plan in enumerate(twin["plans"]):
        assert {k: v for k, v in plan["counts"].items()} == {
            code: stacked[label][i] for code, label in explain_labels().items() if label in stacked
            and stacked[label][i]}
        row = page.split(f'<tr data-plan="{plan["key"]}">')[1].split("</tr>")[0]
        assert re.findall(r"</span>&nbsp;(\d+)", row) == [str(n) for n in plan["counts"].values()]
    totals = twin["totals"]
    assert totals == {"no_data": 53, "achieved": 11, "missed": 8}  # with the demo's allocated city figures
    assert "无数据 53，已完成 11，未完成 8" in page
    for colour, n in twin["task_colours"].items():
        assert f"{n}项" in page, colour
    for r in twin["recent"]:
        assert f'href="/plans/{r["plan"]}/indicators/{r["indicator_id"]}"' in page


def test_a_planner_of_one_city_counts_only_its_plans(users: dict[str, TestClient], demo_url: str) -> None:
    twin = users["planner-sx"].get(f"/dashboard.json?as_of={AS_OF}").json()
    rows = cli_status(demo_url, "--plan", "shaoxing", "--as-of", AS_OF)
    assert [p["key"] for p in twin["plans"]] == ["shaoxing"]
    assert sum(twin["totals"].values()) == len(rows) and twin["totals"]["achieved"] == 1


def explain_labels() -> dict[str, str]:
    from planwatch.progress.status import STATUS_LABELS

    return STATUS_LABELS


def test_a_reporter_lands_on_its_tasks_each_linked_to_its_plan(users: dict[str, TestClient]) -> None:
    reporter = users["reporter"]
    twin = reporter.get(f"/dashboard.json?as_of={AS_OF}").json()
    page = reporter.get(f"/dashboard?as_of={AS_OF}").text
    assert twin["my_tasks"] and {t["plan"] for t in twin["my_tasks"]} == {"anhui"}
    assert f'id="my-task-count">{len(twin["my_tasks"])}<' in page
    for t in twin["my_tasks"]:
        assert f'<a href="/plans/{t["plan"]}" id="task-{t["task_id"]}">' in page
    assert 'id="plans-chart"' not in page  # a reporter's 首页 is 我的任务


def test_the_explanations_doctests_pass() -> None:
    result = doctest.testmod(explain)
    assert result.attempted >= 10 and result.failed == 0
