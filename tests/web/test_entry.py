"""数据填报 over real HTTP on the demo database: the 填报模板 round trip, the grid, review by
the level above (accept, return with a reason, two reviewers), and the progress export."""

from __future__ import annotations

import io
import re

import openpyxl
from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.services.entry_files import PROGRESS_HEADERS, TEMPLATE_HEADERS
from planwatch.store import Store
from planwatch.store.tables import Observation

from .conftest import login


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _xlsx(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: TestClient, data: bytes, name: str = "填报模板.xlsx", **headers: str) -> object:
    return client.post("/actuals/upload", files={"file": (name, data, "application/octet-stream")},
                       headers=headers, follow_redirects=False)


def test_a_planner_fills_the_template_sees_the_bad_row_named_fixes_it_and_confirms(
        client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    r = client.get("/actuals/template.xlsx?plan=anqing")
    assert r.status_code == 200 and "filename*=UTF-8''" in r.headers["content-disposition"]
    book = _book(r.content)
    sheet = book["填报模板"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == TEMPLATE_HEADERS
    assert {row[3] for row in rows[1:]} >= {"安庆市", "桐城市"}  # the plan's region and its counties
    first, second = rows[1], rows[2]
    sheet.cell(row=2, column=6, value=123)
    sheet.cell(row=2, column=8, value="安庆市统计局")
    sheet.cell(row=3, column=6, value="约十二")  # not a number
    r = _upload(client, _xlsx(book))
    assert r.status_code == 422
    assert re.search(r'<tr data-problem-row="3"><td class="row">3</td><td>数值</td>', r.text), r.text[-3000:]
    with demo_store.transaction() as s:
        assert s.scalars(select(Observation).where(Observation.indicator_id == first[1])).all() == []

    sheet.cell(row=3, column=6, value=12.5)
    r = _upload(client, _xlsx(book))
    assert r.status_code == 200, r.text[-2000:]
    confirm = re.search(r'action="(/actuals/upload/[0-9a-f]{32}/confirm)"', r.text)
    assert confirm and "全部 2 行检查无误" in r.text
    r = client.post(confirm.group(1), follow_redirects=False)
    assert r.status_code == 303 and "imported=2" in r.headers["location"]
    with demo_store.transaction() as s:
        stored = {(o.indicator_id, o.period): o for o in s.scalars(select(Observation).where(
            Observation.indicator_id.in_([first[1], second[1]])))}
    got = stored[(first[1], first[4])]
    assert (got.value, got.source, got.review_state, got.entered_by) == (123.0, "安庆市统计局", "accepted", "planner")
    assert client.post(confirm.group(1), follow_redirects=False).status_code == 422  # not twice
    again = _book(client.get("/actuals/template.xlsx?plan=anqing").content)["填报模板"]
    asked = {(row[1], row[3], row[4]) for row in again.iter_rows(min_row=2, values_only=True)}
    assert (first[1], first[3], first[4]) not in asked  # an accepted figure is not asked for again


def _grid(client: TestClient, query: str) -> dict[str, object]:
    r = client.get(f"/actuals.json?{query}")
    assert r.status_code == 200, r.text
    data: dict[str, object] = r.json()
    return data


def test_a_county_figure_waits_for_the_province_and_then_appears_on_the_indicator_page(
        client: TestClient, app: object) -> None:
    login(client, "planner-ch")
    grid = _grid(client, "plan=chaohu")
    assert grid["region"] == "巢湖市"
    row = next(r for r in grid["rows"] if r["editable"])  # type: ignore[attr-defined]
    ident, period = row["indicator_id"], grid["period"]
    r = client.post("/actuals", data={"plan": "chaohu", "region": "巢湖市", "period": period,
                                      f"value.{ident}": "42", f"source.{ident}": "巢湖市统计局", f"note.{ident}": "快报"},
                    follow_redirects=False)
    assert r.status_code == 303 and "saved=1" in r.headers["location"]
    mine = next(r for r in _grid(client, f"plan=chaohu&period={period}")["rows"]  # type: ignore[attr-defined]
                if r["indicator_id"] == ident)
    assert (mine["figure"]["state"], mine["figure"]["note"], mine["editable"]) == ("pending", "快报", False)
    page = client.get(f"/plans/chaohu/indicators/{ident}.json").json()
    assert all(f["period"] != period for f in page["figures"])  # not counted yet

    with TestClient(app, base_url="http://testserver") as province:  # type: ignore[arg-type]
        login(province, "planner")
        queue = province.get("/actuals/review.json").json()["figures"]
        figure = next(f for f in queue if f["indicator_id"] == ident)
        assert figure["entered_by"] == "planner-ch" and figure["may_review"]
        r = province.post(f"/actuals/{figure['id']}/accept", data={"version": str(figure["version"])},
                          follow_redirects=False)
        assert r.status_code == 303
    page = client.get(f"/plans/chaohu/indicators/{ident}.json").json()
    assert any(f["period"] == period and f["value"] == 42 for f in page["figures"])
    assert client.get("/actuals/review.json").json()["figures"] == []  # the county reviews nobody


def test_two_planners_accepting_the_same_figure_the_second_is_told(client: TestClient, app: object) -> None:
    login(client, "planner")
    figure = client.get("/actuals/review.json").json()["figures"][0]  # seeded by the demo's 巢湖市 planner
    with TestClient(app, base_url="http://testserver") as other:  # type: ignore[arg-type]
        login(other, "admin")
        assert other.post(f"/actuals/{figure['id']}/accept", data={"version": str(figure["version"])},
                          follow_redirects=False).status_code == 303
    r = client.post(f"/actuals/{figure['id']}/accept", data={"version": str(figure["version"])},
                    follow_redirects=False)
    assert r.status_code == 409 and "已接受 by admin" in r.text
    r = client.post(f"/actuals/{figure['id']}/return", data={"version": str(figure["version"]), "reason": "x"},
                    headers={"Accept": "application/json"})
    assert r.status_code == 409 and r.json()["ok"] is False


def test_a_returned_figure_shows_its_reason_to_the_county_which_corrects_it(client: TestClient, app: object) -> None:
    login(client, "planner")
    figure = client.get("/actuals/review.json").json()["figures"][0]
    r = client.post(f"/actuals/{figure['id']}/return", data={"version": str(figure["version"]), "reason": ""},
                    follow_redirects=False)
    assert r.status_code == 422 and "退回理由必填" in r.text
    r = client.post(f"/actuals/{figure['id']}/return", data={"version": str(figure["version"]),
                                                             "reason": "与统计月报不符"}, follow_redirects=False)
    assert r.status_code == 303
    with TestClient(app, base_url="http://testserver") as county:  # type: ignore[arg-type]
        login(county, "planner-ch")
        page = county.get(f"/actuals?plan=chaohu&period={figure['period']}")
        assert "退回理由：与统计月报不符" in page.text
        assert f'name="value.{figure["indicator_id"]}"' in page.text  # open again for the correction
        r = county.post("/actuals", data={"plan": "chaohu", "region": "巢湖市", "period": figure["period"],
                                          f"value.{figure['indicator_id']}": "215"},
                        headers={"Accept": "application/json"})
        assert r.json() == {"ok": True, "stored": 1}
    again = client.get("/actuals/review.json").json()["figures"]
    assert any(f["id"] == figure["id"] and f["value"] == 215 and f["version"] == 3 for f in again)


def test_grid_problems_are_shown_beside_the_grid_and_nothing_is_stored(client: TestClient, demo_store: Store) -> None:
    login(client, "planner")
    grid = _grid(client, "plan=anhui&region=安徽省&period=2020")
    rows = [r for r in grid["rows"] if r["editable"]][:2]  # type: ignore[attr-defined]
    data = {"plan": "anhui", "region": "安徽省", "period": "2020", f"value.{rows[0]['indicator_id']}": "10",
            f"value.{rows[1]['indicator_id']}": "十个"}
    r = client.post("/actuals", data=data, follow_redirects=False)
    assert r.status_code == 422
    assert f'data-problem-row="{rows[1]["indicator_id"]}"' in r.text and 'value="十个"' in r.text
    with demo_store.transaction() as s:
        assert s.scalars(select(Observation).where(Observation.indicator_id == rows[0]["indicator_id"],
                                                   Observation.period == "2020")).all() == []


def test_a_locked_period_refuses_figures(client: TestClient) -> None:
    login(client, "planner")
    r = client.post("/actuals/locks", data={"plan": "anqing", "region": "安庆市", "period": "2020"},
                    follow_redirects=False)
    assert r.status_code == 303
    grid = _grid(client, "plan=anqing&region=安庆市&period=2020")
    assert grid["locks"] and not any(r["editable"] for r in grid["rows"])  # type: ignore[attr-defined]
    ident = grid["rows"][0]["indicator_id"]  # type: ignore[index]
    unit = grid["rows"][0]["unit"]  # type: ignore[index]
    csv = f"规划,指标编号,地区,期间,数值,单位\nanqing,{ident},桐城市,2020,5,{unit}\n".encode()
    r = _upload(client, csv, "a.csv", Accept="application/json")
    assert r.status_code == 422 and "locked for 安庆市" in r.json()["problems"][0]  # type: ignore[attr-defined]


def test_the_progress_table_downloads_with_chinese_headers(client: TestClient) -> None:
    login(client, "viewer")
    r = client.get("/plans/anhui/progress.xlsx?as_of=2020-12-31")
    assert r.status_code == 200
    sheet = _book(r.content)["进度表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == PROGRESS_HEADERS and len(rows) > 10
    assert any(row[1] == "安徽名牌" for row in rows[1:])


def test_bad_input_is_a_problem_never_a_500(client: TestClient) -> None:
    login(client, "planner")
    assert client.get("/actuals?plan=anhui&period=明年").status_code == 422
    assert client.get("/actuals?plan=anhui&region=南京市").status_code == 422
    assert client.get("/actuals?plan=nosuch").status_code == 404
    assert _upload(client, b"hello", "a.txt").status_code == 422  # type: ignore[attr-defined]
    assert _upload(client, b"PK\x03\x04 not really", "a.xlsx").status_code == 422  # type: ignore[attr-defined]
    assert _upload(client, "规划,指标\nanhui,x\n".encode(), "a.csv").status_code == 422  # type: ignore[attr-defined]
    assert client.post("/actuals/upload/" + "0" * 32 + "/confirm").status_code == 404
    assert client.post("/actuals/999999/accept").status_code == 404
    r = client.post("/actuals", content=b"[1,2", headers={"content-type": "application/json",
                                                          "Accept": "application/json"})
    assert r.status_code == 422
    viewer = login(client, "viewer")
    assert viewer.post("/actuals", data={"plan": "anhui"}, follow_redirects=False).status_code == 403
