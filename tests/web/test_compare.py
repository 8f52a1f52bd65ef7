"""对标 and 同质化 pages on the demo database: the five sample plans, real HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.store import Store
from planwatch.store.compare_tables import MetricDecision, PlanLink
from planwatch.store.tables import AuditEntry

from .conftest import login


def test_the_compare_page_puts_the_top_line_first_and_every_row_carries_both_quotes_and_its_rule(
        client: TestClient) -> None:
    login(client, "planner")
    r = client.get("/plans/anqing/compare.json", params={"parent": "anhui"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["top_line"].startswith("对标《中国制造2025安徽篇》：上级指标")
    assert data["rows"] and all(row["rule"] and row["parent"]["quote"] for row in data["rows"])
    assert all(row["child"]["quote"] for row in data["rows"] if row["verdict"] != "missing")
    assert [i["parent"] for i in data["industries"]] == ["化工新材料"]  # the province's line for 安庆
    page = client.get("/plans/anqing/compare", params={"parent": "anhui"})
    assert page.status_code == 200
    assert data["top_line"] in page.text and "纵向对标表" in page.text and "重点产业承接" in page.text


def test_weaker_and_missing_rows_come_first(client: TestClient) -> None:
    login(client, "admin")
    rows = client.get("/plans/chaohu/compare.json", params={"parent": "anhui"}).json()["rows"]
    order = {"weaker": 0, "missing": 1, "review": 2, "not_comparable": 3, "equal": 4, "stronger": 5}
    ranks = [order[r["verdict"]] for r in rows]
    assert ranks == sorted(ranks)


def test_a_planner_confirms_the_parent_and_the_link_is_stored_and_audited(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    assert client.get("/plans/anhui-2025/compare.json").json()["parent"] is None  # implements nothing stored
    r = client.post("/plans/anhui-2025/compare/link", data={"parent": "anhui"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/plans/anhui-2025/compare"
    data = client.get("/plans/anhui-2025/compare.json").json()
    assert data["parent"]["key"] == "anhui" and data["confirmed"] and data["link"]["method"] == "chosen"
    assert data["link"]["confirmed_by"] == "planner"
    with demo_store.transaction() as s:
        assert len(s.scalars(select(PlanLink)).all()) == 3  # the demo's two and this one
        audited = s.scalars(select(AuditEntry).where(AuditEntry.entity == "plan_links", AuditEntry.actor == "planner"))
        assert [a.action for a in audited] == ["link"]
    index = client.get("/compare.json").json()
    parents = {p["key"]: p["parent"] for p in index["plans"]}
    assert parents["anhui-2025"] == parents["anqing"] == parents["chaohu"] == "anhui"


def test_a_review_decision_is_stored_and_reused(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    r = client.post("/plans/anqing/compare/decisions", headers={"accept": "application/json"},
                    data={"parent_metric": "制造业增加值占GDP比重", "child_metric": "战略性新兴产业总产值",
                          "decision": "different"})
    assert r.status_code == 200 and r.json()["decision"] == "different"
    bad = client.post("/plans/anqing/compare/decisions", follow_redirects=False,
                      data={"parent_metric": "a", "child_metric": "b", "decision": "maybe"})
    assert bad.status_code == 422
    with demo_store.transaction() as s:
        assert [d.decision for d in s.scalars(select(MetricDecision))] == ["different"]


def test_a_viewer_reads_but_may_not_confirm(client: TestClient) -> None:
    login(client, "viewer")
    assert client.get("/plans/anqing/compare", params={"parent": "anhui"}).status_code == 200
    r = client.post("/plans/anqing/compare/link", data={"parent": "anhui"}, follow_redirects=False)
    assert r.status_code == 403


def test_shaoxing_is_out_of_scope_for_the_anhui_planner(client: TestClient) -> None:
    login(client, "planner")
    assert client.get("/plans/shaoxing/compare").status_code == 404
    assert client.get("/plans/anqing/compare.json", params={"parent": "shaoxing"}).status_code == 404
    assert client.get("/regions/浙江省/overlap").status_code == 404


def test_the_overlap_page_lists_k_of_n_and_says_the_province_divides_big_data(client: TestClient) -> None:
    login(client, "planner")
    data = client.get("/regions/安徽省/overlap.json", params={"level": "2"}).json()
    assert len(data["regions"]) >= 10
    big_data = next(i for i in data["industries"] if i["label"] == "互联网与云计算、大数据服务")
    assert big_data["k"] >= 8 and big_data["differentiated"]
    assert "分工" in data["note"]
    written = client.get("/regions/安徽省/overlap.json", params={"level": "written"}).json()
    assert written["mean_jaccard"] < data["mean_jaccard"]
    page = client.get("/regions/安徽省/overlap", params={"level": "1"})
    assert page.status_code == 200 and "overlap-chart" in page.text and "k/N" in page.text
    assert client.get("/regions/安徽省/overlap.json", params={"level": "3"}).status_code == 422
    assert client.get("/regions/不存在的地方/overlap.json").status_code == 404
