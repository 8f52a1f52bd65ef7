"""重点项目 over real HTTP on the demo database (its seeded project library): the library and
its rates panel, a stage move that the rates follow, edits refused as stale (409) or
invalid (422), monthly reports, the upload checked then confirmed, the export, projects
from a plan's milestones, and bad query input answered without a 500."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planwatch.store import Store
from planwatch.store.work_tables import Project

from .conftest import login

RESERVE = "集成电路封测产业园"  # a 储备 project of the demo's 安徽 list, planned to start


def _project(client: TestClient, name: str) -> dict[str, Any]:
    rows = client.get("/projects.json", params={"q": name}).json()["projects"]
    return next(r for r in rows if r["name"] == name)


def _rates(client: TestClient, **params: str) -> dict[str, tuple[float, float]]:
    data = client.get("/projects/rates.json", params=params).json()
    return {k: (r["numerator"], r["denominator"]) for k, r in data["rates"].items()}


def test_a_planner_finds_the_library_with_its_rates_and_three_nots(client: TestClient) -> None:
    login(client, "planner")
    page = client.get("/projects")
    assert page.status_code == 200 and "重点项目库" in page.text
    data = client.get("/projects.json").json()
    assert data["count"] == len(data["projects"]) > 15
    assert {r["stage"] for r in data["projects"]} == {"储备", "新建", "续建", "竣工", "达产"}
    assert re.search(rf'<small id="project-count">{data["count"]}个</small>', page.text)
    rates = client.get("/projects/rates.json").json()
    assert all(rates["three_nots"][k] for k in ("approved_not_started", "started_not_building",
                                                "building_not_completed")), rates["three_nots"]
    assert rates["rates"]["started"]["denominator"] > 0 and rates["by_region"]
    assert rates["chart"]["xAxis"]["data"] == [g["region"] for g in rates["by_region"]]
    html = client.get("/projects/rates").text
    assert 'id="region-chart"' in html and "立项未开工" in html and "开工未建设" in html and "建设未竣工" in html


def test_moving_a_reserve_project_on_updates_the_rates(client: TestClient) -> None:
    login(client, "planner")
    p = _project(client, RESERVE)
    assert p["stage"] == "储备" and p["actual_start"] is None
    year = p["planned_start"][:4]
    period = {"period": year, "as_of": f"{year}-12-31"}
    before = _rates(client, **period)
    r = client.post(f"/projects/{p['id']}", data={"version": str(p["version"]), "stage": "新建",
                                                  "stage_date": p["planned_start"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/projects/{p['id']}?saved=1"
    after = _rates(client, **period)
    assert after["started"] == (before["started"][0] + 1, before["started"][1])
    assert after["converted"] == (before["converted"][0] + 1, before["converted"][1])
    shown = client.get(f"/projects/{p['id']}.json").json()
    assert (shown["project"]["stage"], shown["project"]["actual_start"]) == ("新建", p["planned_start"])
    assert [t["state"] for t in shown["track"]][:2] == ["done", "done"]


def test_a_stale_edit_answers_409_and_a_bad_one_422_with_the_form_again(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    p = _project(client, RESERVE)
    first = client.post(f"/projects/{p['id']}", data={"version": str(p["version"]), "enterprise": "甲公司"},
                        follow_redirects=False)
    assert first.status_code == 303
    stale = client.post(f"/projects/{p['id']}", data={"version": str(p["version"]), "enterprise": "乙公司"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text and 'id="edit-form"' in stale.text
    as_json = client.post(f"/projects/{p['id']}", json={"version": p["version"], "enterprise": "乙公司"},
                          headers={"accept": "application/json"})
    assert as_json.status_code == 409 and as_json.json()["ok"] is False
    now = client.get(f"/projects/{p['id']}.json").json()["project"]
    bad = client.post(f"/projects/{p['id']}", data={"version": str(now["version"]), "planned_investment": "十亿",
                                                    "actual_start": "2026-02-30", "stage": "开挖"})
    assert bad.status_code == 422 and "十亿" in bad.text and 'value="十亿"' in bad.text  # the form keeps the input
    assert client.get(f"/projects/{p['id']}.json").json()["project"]["enterprise"] == "甲公司"
    ok = client.post(f"/projects/{p['id']}", json={"version": now["version"], "year": "2026", "year_planned": "70000"},
                     headers={"accept": "application/json"})
    assert ok.status_code == 200 and ok.json()["years"][0] == {"year": 2026, "planned": 70000, "completed": None}


def test_a_monthly_report_is_kept_and_a_falling_total_refused(client: TestClient) -> None:
    login(client, "planner")
    p = _project(client, "长鑫存储二期扩产项目")
    r = client.post(f"/projects/{p['id']}/progress", data={"month": "2099-11", "cumulative": "1", "note": "试填"},
                    follow_redirects=False)
    assert r.status_code == 303
    months = client.get(f"/projects/{p['id']}.json").json()["progress"]
    assert months[0] == {"month": "2099-11", "cumulative": 1, "note": "试填", "reported_by": "planner"}
    low = client.post(f"/projects/{p['id']}/progress", data={"month": "2099-12", "cumulative": "0.5"})
    assert low.status_code == 422 and "never falls" in low.text


CSV = "规划编号,项目名称,建设单位,地区,阶段,总投资(万元),计划开工,年度,年度计划投资(万元)\n"


def _upload(client: TestClient, text: str, **headers: str) -> Any:
    return client.post("/projects/upload", files={"file": ("项目.csv", text.encode("utf-8"), "text/csv")},
                       headers=headers)


def test_an_upload_is_checked_first_and_written_on_confirmation(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")

    def count() -> int:
        with demo_store.transaction() as s:
            return s.scalar(select(func.count()).select_from(Project)) or 0

    before = count()
    bad = _upload(client, CSV + "anhui,量子通信产业园,,合肥市,十亿,储备,,,\nnowhere,某项目,,,,,,,\n"
                               "anhui,绍兴项目,,绍兴市,100,,,,\n")
    assert bad.status_code == 422
    for line in ("row 2", "row 3", "row 4"):
        assert line in bad.text
    assert count() == before
    good = _upload(client, CSV + "anhui,量子通信产业园,国盾量子,合肥市,储备,90000,2026-12-31,2026,10000\n")
    assert good.status_code == 200 and "检查通过" in good.text and count() == before
    staged = re.search(r'action="/projects/upload/([0-9a-f]{32})/confirm"', good.text)
    assert staged is not None
    other = TestClient(client.app, base_url="http://testserver")
    login(other, "admin")
    assert other.post(f"/projects/upload/{staged.group(1)}/confirm", follow_redirects=False).status_code == 404
    done = client.post(f"/projects/upload/{staged.group(1)}/confirm", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/projects?imported=1-0-0"
    assert count() == before + 1
    made = _project(client, "量子通信产业园")
    assert (made["enterprise"], made["region"], made["year_planned"]) == ("国盾量子", "合肥市", 10000)
    assert "已导入：新增1个" in client.get("/projects?imported=1-0-0").text
    as_json = _upload(client, CSV + "anhui,量子通信产业园,,,达产,,,,\n", accept="application/json")
    assert as_json.status_code == 200 and as_json.json()["preview"][0]["action"] == "update"


def test_the_export_downloads_the_filtered_library_with_chinese_headers(client: TestClient) -> None:
    import openpyxl

    login(client, "viewer")
    r = client.get("/projects.xlsx", params={"stage": "新建"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    sheet = openpyxl.load_workbook(BytesIO(r.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("规划编号", "项目名称", "建设单位", "地区", "阶段")
    listed = client.get("/projects.json", params={"stage": "新建"}).json()
    assert {row[4] for row in rows[1:]} == {"新建"} and len(rows) - 1 == listed["count"]


def test_a_viewer_reads_but_may_not_change_and_a_reporter_has_no_library(client: TestClient) -> None:
    login(client, "viewer")
    p = _project(client, RESERVE)
    page = client.get(f"/projects/{p['id']}")
    assert page.status_code == 200 and 'id="edit-form"' not in page.text and 'id="track"' in page.text
    assert client.post(f"/projects/{p['id']}", data={"version": "1", "stage": "新建"}).status_code == 403
    reporter = TestClient(client.app, base_url="http://testserver")
    login(reporter, "reporter")
    assert reporter.get("/projects").status_code == 403
    assert reporter.get(f"/projects/{p['id']}.json").status_code == 403


def test_projects_from_a_plans_milestones(client: TestClient) -> None:
    login(client, "planner")
    r = client.post("/plans/chaohu/projects-from-plan", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/projects?plan=chaohu&made=0-")
    listed = client.get("/projects.json", params={"plan": "chaohu"}).json()
    assert "PVB下游项目" in {p["name"] for p in listed["projects"]}
    sx = TestClient(client.app, base_url="http://testserver")
    login(sx, "planner-sx")  # 绍兴's planner: 安徽's plan is not found
    assert sx.post("/plans/chaohu/projects-from-plan", follow_redirects=False).status_code == 404


def test_bad_query_input_is_a_422_never_a_500(client: TestClient) -> None:
    login(client, "planner")
    for path, params in [("/projects", {"period": "十月"}), ("/projects", {"from": "2026-13-01"}),
                         ("/projects", {"stage": "开挖"}), ("/projects", {"region": "火星市"}),
                         ("/projects", {"page": "0"}), ("/projects/rates", {"from": "2026-10-01", "to": "2026-01-01"}),
                         ("/projects/rates.json", {"region": "绍兴市"}), ("/projects/99999999999", {}),
                         ("/projects.xlsx", {"as_of": "yesterday"})]:
        r = client.get(path, params=params)
        assert r.status_code == 422, (path, params, r.status_code)
    assert client.get("/projects/2147483647").status_code == 404
    assert client.post("/projects/upload/not-an-id/confirm").status_code == 422
    empty = client.post("/projects/upload", files={"file": ("x.csv", b"", "text/csv")})
    assert empty.status_code == 422
    word = client.post("/projects/upload", files={"file": ("x.docx", b"PK\x03\x04", "application/octet-stream")})
    assert word.status_code == 422 and ".csv" in word.text
