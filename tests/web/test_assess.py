"""考核 and 分解 in the web workspace, on the demo database (five 安徽 cities ranked on the
anhui plan, two runs): a planner reads the ranking, uploads and edits schemes, runs them,
downloads the Excel file; allocates a target with the sum check; reads the roll-up."""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import quote

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from planwatch.services.assessment_demo import SCHEME
from planwatch.services.assessment_schemes import latest_run, ranking
from planwatch.store import Store
from planwatch.store.assessment_tables import AssessmentRun, AssessmentScheme
from planwatch.store.tables import AuditEntry, Indicator, TargetAllocation
from planwatch.store.tables import Plan as PlanRow

from .conftest import login

NAME = "安徽省制造业考核2020"
PAGE = f"/assessments/{quote(NAME)}"


def _indicator(store: Store, metric: str, year: int) -> int:
    with store.transaction() as s:
        query = (select(Indicator.id).join(PlanRow, PlanRow.current_version_id == Indicator.plan_version_id)
                 .where(PlanRow.key == "anhui", Indicator.metric == metric, Indicator.target_year == year))
        return int(s.scalars(query).one())


def _count(store: Store, table: type) -> int:
    with store.transaction() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_the_demo_ranking_shows_points_totals_ranks_and_the_change_of_rank(client: TestClient) -> None:
    login(client, "planner")
    data = client.get(PAGE + ".json").json()
    rows = data["rows"]
    assert [r["region"] for r in rows] == ["合肥市", "马鞍山市", "芜湖市", "滁州市", "安庆市"]
    hefei = rows[0]
    # 安徽工业精品: 172 against 160 allocated, 7.5% over → 48 + 7.5; 2 points 加分
    assert hefei["items"]["安徽工业精品"] == 55.5 and hefei["adjustment"] == 2 and hefei["total"] == 95.9
    assert hefei["groups"] == {"目标完成": 55.5, "创新发展": 38.4}
    assert (hefei["previous_rank"], hefei["rank_change"]) == (4, 3)
    html = client.get(PAGE).text
    assert len(re.findall(r'<tr data-region="', html)) == len(rows)
    assert "↑3" in html and "获评国家制造业高质量发展试点" in html
    assert data["chart"]["series"][0]["data"] == [round(r["total"], 2) for r in rows]
    assert 'id="run-form"' in html


def test_ranking_is_computed_without_storing_and_compares_with_the_last_earlier_run(
        demo_store: Store) -> None:
    before = _count(demo_store, AssessmentRun)
    with demo_store.transaction() as s:
        rows = ranking(s, scheme=NAME, as_of=date(2021, 3, 31))
        last = latest_run(s, scheme=NAME)
    assert _count(demo_store, AssessmentRun) == before
    assert last is not None and last.as_of == date(2020, 12, 31)
    assert {r["region"]: r["previous_rank"] for r in rows} == {r["region"]: r["rank"] for r in last.rows}
    assert all(r["rank_change"] == 0 for r in rows)  # the figures of 2020 decide both


def test_a_planner_uploads_a_scheme_file_fixes_it_and_runs_it(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    bad = SCHEME.replace("name: 安徽省制造业考核2020", "name: 试行方案").replace("points: 60", "points: 55")
    r = client.post("/assessments", files={"file": ("试行方案.yaml", bad.encode("utf-8"), "application/x-yaml")})
    assert r.status_code == 422
    assert "groups[1] (目标完成): the points of its items add up to 60, not the group&#39;s 55" in r.text
    with demo_store.transaction() as s:
        assert s.scalar(select(AssessmentScheme.id).where(AssessmentScheme.name == "试行方案")) is None
    good = bad.replace("points: 55", "points: 60")
    r = client.post("/assessments", files={"file": ("试行方案.yaml", good.encode("utf-8"), "text/plain")},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/assessments/" + quote("试行方案")
    assert "尚未计算" in client.get("/assessments").text
    r = client.post("/assessments/试行方案/runs", data={"as_of": "2020-12-31"}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/assessments/试行方案.json").json()
    assert page["rows"][0]["region"] == "合肥市" and page["rows"][0]["rank_change"] is None  # no earlier run
    edited = good.replace("adjustment_cap: 3", "adjustment_cap: 1.5").replace("points: 2,", "points: 1,")
    r = client.post("/assessments", data={"name": "试行方案", "yaml": edited}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/assessments/试行方案.json").json()["version"] == 2
    with demo_store.transaction() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity.in_(
            ["assessment_schemes", "assessment_runs"]), AuditEntry.actor == "planner").order_by(AuditEntry.id)).all()
    assert actions == ["create", "run", "update"]


def test_scheme_problems_name_their_place(client: TestClient) -> None:
    login(client, "planner")
    cases = {
        "plan: anhui\nname: x\nitems: [{indicator: 不存在的指标, weight: 10, rule: rank}]": "不存在的指标",
        "plan: anhui\nname: x\nitems: [{indicator: 安徽名牌, weight: 10, rule: magic}]": "items[1] (安徽名牌).rule",
        "plan: nowhere\nname: x\nitems: [{indicator: 安徽名牌, weight: 10, rule: rank}]": "no published plan",
        "plan: anhui\nname: x\nitems: [{indicator: 安徽名牌\n": "not YAML: line",
        "plan: anhui\nname: x y\nitems: [{indicator: 安徽名牌, weight: 10, rule: rank}]": "name: 1–64 characters",
    }
    for text, message in cases.items():
        r = client.post("/assessments", data={"yaml": text}, headers={"accept": "application/json"})
        assert r.status_code == 422, text
        assert any(message in p for p in r.json()["problems"]), (text, r.json())


def test_a_run_date_must_be_a_date_and_adjusted_regions_must_be_ranked(client: TestClient) -> None:
    login(client, "planner")
    r = client.post(PAGE + "/runs", data={"as_of": "2020-13-01"})
    assert r.status_code == 422 and "2025-12-31" in r.text
    text = SCHEME.replace("name: 安徽省制造业考核2020", "name: 错地区").replace("region: 滁州市", "region: 黄山市")
    r = client.post("/assessments", json={"yaml": text}, headers={"accept": "application/json"})
    assert r.status_code == 201
    r = client.post("/assessments/错地区/runs", json={"as_of": "2020-12-31"}, headers={"accept": "application/json"})
    assert r.status_code == 422 and "not among the regions assessed" in r.json()["problems"][0]


def test_the_excel_download_has_chinese_headers_and_numbers(client: TestClient) -> None:
    login(client, "viewer")
    r = client.get(PAGE + ".xlsx")
    assert r.status_code == 200 and "filename*=UTF-8''" in r.headers["content-disposition"]
    book = load_workbook(io.BytesIO(r.content))
    sheet = book["考核排名"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["名次", "地区", "安徽工业精品", "数字化研发设计工具普及率", "关键工序制造设备数控化率"]
    assert header[5:] == ["目标完成（大项）", "创新发展（大项）", "加减分", "总分", "上次名次", "名次变化", "加减分说明"]
    first = [c.value for c in sheet[2]]
    assert first[:2] == [1, "合肥市"] and first[8] == 95.9 and first[10] == "上升3位"
    assert sheet.max_row == 6
    assert "考核截至日期" in [c.value for c in book["说明"]["A"]]


def test_viewers_read_but_do_not_run_and_reporters_do_not_see(client: TestClient) -> None:
    login(client, "viewer")
    html = client.get(PAGE).text
    assert 'id="run-form"' not in html and "<textarea" not in html
    assert client.post(PAGE + "/runs", data={"as_of": "2020-12-31"}).status_code == 403
    client.post("/logout")
    login(client, "planner-sx")  # 绍兴市: the 安徽 scheme is out of scope
    assert client.get(PAGE).status_code == 404 and client.get("/assessments.json").json()["schemes"] == []
    client.post("/logout")
    login(client, "reporter")
    assert client.get("/assessments").status_code == 403
    assert client.get("/assessments/no-such-scheme").status_code == 403  # names do not leak


def test_allocation_form_checks_the_sum_live_and_saves_all_or_nothing(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    ident = _indicator(demo_store, "安徽名牌", 2020)  # 1500 个, not allocated in the demo
    url = f"/plans/anhui/indicators/{ident}/allocations"
    form = client.get(url)
    assert form.status_code == 200 and 'name="part.合肥市"' in form.text and "hx-get" in form.text
    check = client.get(url + "/check", params={"mode": "values", "part.合肥市": "700", "part.芜湖市": "700"})
    assert 'id="sum-verdict">少 100' in check.text
    j = client.get(url + "/check", params={"mode": "values", "part.合肥市": "800", "part.芜湖市": "700"},
                   headers={"accept": "application/json"}).json()
    assert (j["total"], j["difference"], j["adds_up"]) == (1500, 0, True)
    before = _count(demo_store, AuditEntry)
    r = client.post(url, data={"mode": "values", "part.合肥市": "800", "part.芜湖市": "七百"})
    assert r.status_code == 422 and "不是数字" in r.text and 'value="七百"' in r.text
    r = client.post(url, data={"mode": "values", "part.合肥市": "800", "part.南京市": "700"})
    assert r.status_code == 422 and "南京市" in r.text
    assert _count(demo_store, TargetAllocation) == 5 and _count(demo_store, AuditEntry) == before
    r = client.post(url, data={"mode": "values", "part.合肥市": "800", "part.芜湖市": "700"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(f"/indicators/{ident}#allocations")
    page = client.get(f"/plans/anhui/indicators/{ident}.json").json()
    assert {a["region"]: a["value"] for a in page["allocations"]} == {"合肥市": 800, "芜湖市": 700}
    r = client.post(url, json={"mode": "weights", "parts": {"合肥市": 3, "芜湖市": 1, "蚌埠市": 1}},
                    headers={"accept": "application/json"})
    assert r.status_code == 200 and r.json()["parts"] == {"合肥市": 900, "芜湖市": 300, "蚌埠市": 300}
    r = client.post(url, data={"mode": "values", "part.合肥市": "1500"}, follow_redirects=False)  # the rest removed
    assert r.status_code == 303
    with demo_store.transaction() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "target_allocations",
                                                            AuditEntry.id > before).order_by(AuditEntry.id)).all()
    assert actions == ["create", "create", "update", "update", "create", "delete", "delete", "update"]


def test_a_rate_is_not_split_by_weights(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    ident = _indicator(demo_store, "关键工序制造设备数控化率", 2020)
    r = client.post(f"/plans/anhui/indicators/{ident}/allocations", data={"mode": "weights", "part.合肥市": "1"})
    assert r.status_code == 422 and "按权重分解需要可加总的目标值" in r.text
    check = client.get(f"/plans/anhui/indicators/{ident}/allocations/check", params={"part.合肥市": "60"})
    assert "合计校验不适用" in check.text


def test_the_roll_up_sets_sub_region_actuals_against_the_region(client: TestClient, demo_store: Store) -> None:
    login(client, "viewer")
    ident = _indicator(demo_store, "安徽工业精品", 2020)
    data = client.get(f"/plans/anhui/indicators/{ident}/rollup.json").json()
    year = next(r for r in data["rows"] if r["period"] == "2020")
    assert (year["value"], year["how"], year["parts"]) == (172 + 104 + 85 + 76 + 71, "sum", 5)
    assert year["own"] is None  # the province has no 2020 count of its own in the demo
    html = client.get(f"/plans/anhui/indicators/{ident}/rollup").text
    assert html.count("<tr data-period=") == len(data["rows"]) and "编辑目标分解" not in html
    indicator = client.get(f"/plans/anhui/indicators/{ident}").text
    assert 'id="rollup-link"' in indicator and 'id="edit-allocations"' not in indicator


def test_the_indicator_page_links_planners_to_the_allocation_form(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    ident = _indicator(demo_store, "安徽工业精品", 2020)
    assert f'href="/plans/anhui/indicators/{ident}/allocations" id="edit-allocations"' in client.get(
        f"/plans/anhui/indicators/{ident}").text


def test_tasks_on_time_counts_each_task_by_its_deadline_in_force(demo_store: Store) -> None:
    """按时限完成 on real tasks: on time, late, overdue and not yet due (docs/methods.md)."""
    from planwatch.services.assessment_tasks import counted_tasks
    from planwatch.services.deadlines import set_deadline
    from planwatch.services.regions import resolve_region
    from planwatch.services.tasks import add_task_update
    from planwatch.store.work_tables import Task

    with demo_store.transaction() as s:
        version = s.scalar(select(PlanRow.current_version_id).where(PlanRow.key == "anhui"))
        ids = list(s.scalars(select(Task.id).where(Task.plan_version_id == version).order_by(Task.id).limit(4)))
        for task_id, due in zip(ids, ("2020-06-30", "2020-06-30", "2020-06-30", "2021-06-30"), strict=True):
            set_deadline(s, task_id=task_id, deadline=date.fromisoformat(due))
        add_task_update(s, task_id=ids[0], on_date=date(2020, 6, 1), state="已完成")
        add_task_update(s, task_id=ids[1], on_date=date(2020, 8, 1), state="已完成")
        add_task_update(s, task_id=ids[2], on_date=date(2020, 5, 1), state="推进中", percent=50)
        anhui = resolve_region(s, name="安徽省").id
        counted = {t.task_id: t for t in counted_tasks(s, regions={anhui: "安徽省"}, as_of=date(2020, 12, 31))["安徽省"]}
    assert ids[3] not in counted  # due in 2021, not done: not counted yet
    assert [(counted[i].done_on, counted[i].on_time) for i in ids[:3]] == [
        (date(2020, 6, 1), True), (date(2020, 8, 1), False), (None, False)]
