"""督查督办 over real HTTP on the demo database: a department reporter and the planners of
安徽省 run the task cycle — reports with attachments, review and 退回, 延期申请 and 批复,
办结 and 销号 — and a reporter can neither see nor touch another department's task."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import docx
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from planwatch.services.auth import create_user, hasher
from planwatch.services.regions import resolve_region
from planwatch.store import Store

from .conftest import login

PDF = b"%PDF-1.4\n% a small report\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date.today()  # the routes work on the server's day: deadlines are set relative to it


def _json(client: TestClient, path: str) -> dict[str, Any]:
    r = client.get(path)
    assert r.status_code == 200, r.text[:300]
    body: dict[str, Any] = r.json()
    return body


def _mine(client: TestClient) -> list[dict[str, Any]]:
    return list(_json(client, "/tasks/mine.json")["tasks"])


def _task(client: TestClient, task_id: int) -> dict[str, Any]:
    return _json(client, f"/tasks/{task_id}.json")


def _post(client: TestClient, path: str, data: dict[str, str], **kwargs: Any) -> Any:
    return client.post(path, data=data, follow_redirects=False, **kwargs)


def _other_client(client: TestClient, user: str) -> TestClient:
    other = TestClient(client.app, base_url="http://testserver")
    return login(other, user)


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("办结材料")
    document.save(out)
    return out.getvalue()


def test_a_reporter_sees_and_touches_only_its_departments_tasks(client: TestClient) -> None:
    planner = _other_client(client, "planner")
    everything = {t["task_id"]: t for t in _json(planner, "/tasks.json")["tasks"]}
    login(client, "reporter")
    mine = {t["task_id"] for t in _mine(client)}
    listed = {t["task_id"] for t in _json(client, "/tasks.json")["tasks"]}
    assert mine and listed == mine and mine < set(everything)
    reporter_dept = _json(client, "/me.json")
    other = next(i for i in everything if i not in mine)
    assert client.get(f"/tasks/{other}").status_code == 404
    assert client.get(f"/tasks/{other}.json").status_code == 404
    for path, data in ((f"/tasks/{other}/updates", {"state": "推进中", "percent": "10"}),
                       (f"/tasks/{other}/extensions", {"new_deadline": "2099-01-01", "reason": "x"})):
        assert _post(client, path, data).status_code == 404
    own = next(iter(mine))
    assert _post(client, f"/tasks/{own}/deadline", {"deadline": "2099-01-01"}).status_code == 403
    assert client.get("/departments").status_code == 403
    # the 办结 review and 销号 are the planners'
    assert _post(client, f"/tasks/{own}/close", {}).status_code == 403
    assert reporter_dept["ok"] is True
    # what the reporter's export holds is what its board holds
    book = load_workbook(io.BytesIO(client.get("/tasks.xlsx").content))
    ids = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert ids == mine


def test_the_whole_cycle_report_review_return_completion_close(client: TestClient) -> None:
    planner = _other_client(client, "planner")
    login(client, "reporter")
    task = next(t for t in _mine(client) if t["phase"] == "办理中" and not t["pending_reports"])
    tid = task["task_id"]

    r = _post(client, f"/tasks/{tid}/updates", {"state": "推进中", "percent": "70", "text": "主体工程完工",
                                               "version": str(task["version"])},
              files={"attachment": ("进展照片.pdf", PDF, "application/pdf")})
    assert r.status_code == 303 and r.headers["location"] == f"/tasks/{tid}#timeline"
    page = _task(client, tid)
    report = page["pending_reports"][-1]
    assert report["percent"] == 70 and report["who"] != "reporter"  # the department, as forced
    attachment = report["attachments"][0]
    got = client.get(f"/tasks/{tid}/attachments/{attachment['id']}")
    assert got.content == PDF and got.headers["content-type"] == "application/pdf"

    version = page["task"]["version"]
    assert _post(planner, f"/tasks/{tid}/reports/{report['update_id']}/review",
                 {"action": "accept", "version": str(version)}).status_code == 303

    completion = {"kind": "completion", "text": "已全部完成"}
    assert _post(client, f"/tasks/{tid}/updates", completion).status_code == 303
    page = _task(planner, tid)
    assert page["task"]["phase"] == "办结待审" and page["task"]["colour"] == task["colour"]
    pending = page["pending_reports"][-1]
    returned = _post(planner, f"/tasks/{tid}/reports/{pending['update_id']}/review", {"action": "return"})
    assert returned.status_code == 422 and "退回需写明理由" in returned.text
    assert _post(planner, f"/tasks/{tid}/reports/{pending['update_id']}/review",
                 {"action": "return", "reason": "缺少验收材料"}).status_code == 303
    assert _task(planner, tid)["task"]["phase"] == "办理中"
    assert _task(planner, tid)["task"]["state"] == "推进中"  # the returned 办结 no longer counts

    files = {"attachment": ("验收.docx", _docx_bytes(), "application/octet-stream")}
    assert _post(client, f"/tasks/{tid}/updates", {**completion, "text": "已完成并附验收材料"}, files=files).status_code == 303
    pending = _task(planner, tid)["pending_reports"][-1]
    assert pending["attachments"][0]["media_type"].endswith("wordprocessingml.document")
    assert _post(planner, f"/tasks/{tid}/reports/{pending['update_id']}/review", {"action": "accept"}).status_code == 303
    done = _task(planner, tid)["task"]
    assert done["phase"] == "已办结" and done["colour"] is None

    assert _post(planner, f"/tasks/{tid}/close", {}).status_code == 303
    page = _task(planner, tid)
    assert page["task"]["phase"] == "已销号" and page["closed"]
    kinds = [e["kind"] for e in page["timeline"]]
    assert kinds[0] == "交办" and kinds[-1] == "销号"
    assert kinds.count("退回") == 1 and kinds.count("审核通过") >= 2 and kinds.count("办结报告") == 2
    again = _post(client, f"/tasks/{tid}/updates", {"state": "推进中", "percent": "80"})
    assert again.status_code == 422 and "已销号" in again.text
    audit = _json(planner, "/admin/audit.json") if planner.get("/admin/audit.json").status_code == 200 else None
    assert audit is None or audit["ok"] is True


def test_an_extension_before_the_deadline_approved_moves_it_and_the_colour(client: TestClient) -> None:
    planner = _other_client(client, "planner")
    login(client, "reporter")
    task = next(t for t in _mine(client) if not t["pending_extensions"] and t["phase"] == "办理中")
    tid = task["task_id"]
    soon = (TODAY + timedelta(days=3)).isoformat()
    assert _post(planner, f"/tasks/{tid}/deadline", {"deadline": soon}).status_code == 303
    assert _task(client, tid)["task"]["colour"] == "blue"

    later = (TODAY + timedelta(days=90)).isoformat()
    r = client.post(f"/tasks/{tid}/extensions", json={"new_deadline": later, "reason": "设备到货延迟"},
                    headers={"Accept": "application/json"})
    assert r.status_code == 201 and r.json()["state"] == "pending"
    twice = _post(client, f"/tasks/{tid}/extensions", {"new_deadline": later, "reason": "再次申请"})
    assert twice.status_code == 422 and "待批复" in twice.text
    ext = _task(planner, tid)["pending_extensions"][0]
    assert _post(planner, f"/tasks/{tid}/extensions/{ext['extension_id']}/decision",
                 {"decision": "approve", "note": "同意"}).status_code == 303
    after = _task(client, tid)["task"]
    assert after["deadline"] == later and after["colour"] is None
    # the deadline that was in force before the decision is still the one of yesterday's board
    yesterday = _json(planner, f"/tasks/{tid}.json?as_of={(TODAY - timedelta(days=1)).isoformat()}")
    assert yesterday["task"]["deadline"] != later


def test_an_extension_after_the_deadline_or_for_an_earlier_day_is_refused(client: TestClient) -> None:
    planner = _other_client(client, "planner")
    login(client, "reporter")
    task = next(t for t in _mine(client) if not t["pending_extensions"] and t["phase"] == "办理中")
    tid = task["task_id"]
    assert _post(planner, f"/tasks/{tid}/deadline", {"deadline": (TODAY - timedelta(days=2)).isoformat()}
                 ).status_code == 303
    late = _post(client, f"/tasks/{tid}/extensions", {"new_deadline": "2099-01-01", "reason": "来不及"})
    assert late.status_code == 422 and "期限前提出" in late.text
    assert _task(client, tid)["task"]["colour"] == "yellow"
    assert _post(planner, f"/tasks/{tid}/deadline", {"deadline": (TODAY + timedelta(days=9)).isoformat()}
                 ).status_code == 303
    earlier = _post(client, f"/tasks/{tid}/extensions", {"new_deadline": TODAY.isoformat(), "reason": "x"})
    assert earlier.status_code == 422 and "须晚于现期限" in earlier.text


def test_attachments_are_checked_by_their_bytes_and_size(client: TestClient, demo_store: Store) -> None:
    login(client, "reporter")
    tid = _mine(client)[0]["task_id"]
    fake_zip = io.BytesIO()
    with zipfile.ZipFile(fake_zip, "w") as z:
        z.writestr("hello.txt", "not office")
    cases = {
        "an exe named .pdf": ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        "a zip named .docx": ("报告.docx", fake_zip.getvalue()),
        "empty": ("空.pdf", b""),
        "over 5 MB": ("大.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024)),
    }
    before = len(_task(client, tid)["timeline"])
    for name, (filename, data) in cases.items():
        r = _post(client, f"/tasks/{tid}/updates", {"state": "推进中", "percent": "30"},
                  files={"attachment": (filename, data, "application/pdf")})
        assert r.status_code == 422, name
    assert len(_task(client, tid)["timeline"]) == before  # nothing written, not even the report
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    ok = client.post(f"/tasks/{tid}/updates", data={"state": "推进中", "percent": "30"},
                     files={"attachment": ("照片.jpg", png, "image/jpeg")}, headers={"Accept": "application/json"})
    assert ok.status_code == 201
    files = _task(client, tid)["timeline"]
    stored = next(e for e in files if e.get("update_id") == ok.json()["update_id"])["attachments"][0]
    assert stored["media_type"] == "image/png" and stored["size"] == len(png)  # the bytes decide, not the name


def test_two_planners_editing_one_task_the_second_is_told(client: TestClient, demo_store: Store) -> None:
    first = _other_client(client, "planner")
    with demo_store.transaction() as s:
        create_user(s, login="planner2", password="planwatch-demo", role="planner", name="省经信厅",
                    region_id=resolve_region(s, name="安徽省").id, pw=hasher(1, 8192))
    second = _other_client(client, "planner2")
    tid = _json(first, "/tasks.json")["tasks"][0]["task_id"]
    seen = _task(first, tid)["task"]["version"]
    assert _task(second, tid)["task"]["version"] == seen
    a = _post(first, f"/tasks/{tid}/deadline", {"deadline": "2030-06-30", "version": str(seen)})
    assert a.status_code == 303
    b = _post(second, f"/tasks/{tid}/deadline", {"deadline": "2031-12-31", "version": str(seen)})
    assert b.status_code == 409 and "planner" in b.text and "刷新" in b.text
    as_json = second.post(f"/tasks/{tid}/deadline", json={"deadline": "2031-12-31", "version": seen},
                          headers={"Accept": "application/json"})
    assert as_json.status_code == 409 and as_json.json()["ok"] is False
    assert _task(first, tid)["task"]["deadline"] == "2030-06-30"  # the first change was not lost
    fresh = _task(second, tid)["task"]["version"]
    assert _post(second, f"/tasks/{tid}/deadline", {"deadline": "2031-12-31", "version": str(fresh)}
                 ).status_code == 303


def test_bad_input_is_a_422_never_a_500(client: TestClient) -> None:
    planner = login(client, "planner")
    tid = _json(planner, "/tasks.json")["tasks"][0]["task_id"]
    for data in ({"state": "推进中", "percent": "abc"}, {"state": "推进中", "on_date": "2021-13-01"},
                 {"state": "推进中", "percent": "120"}, {"state": "已完成"}, {"state": "未开始", "percent": "30"},
                 {"state": "推进中", "version": "x1"}, {"state": "推进中", "on_date": "2999-01-01"},
                 {"kind": "completion"}, {"state": "推进中", "percent": "nan"}):
        r = _post(planner, f"/tasks/{tid}/updates", data)
        assert r.status_code == 422, (data, r.status_code, r.text[:200])
    assert _post(planner, f"/tasks/{tid}/deadline", {"deadline": ""}).status_code == 422
    assert _post(planner, f"/tasks/{tid}/reports/999999/review", {"action": "accept"}).status_code == 404
    assert planner.get("/tasks?colour=purple").status_code == 422
    assert planner.get("/tasks/99999999").status_code == 404
    assert planner.get("/tasks/9999999999").status_code == 422


def test_board_filters_grouping_and_export(client: TestClient) -> None:
    planner = login(client, "planner")
    everything = _json(planner, "/tasks.json")
    tasks = everything["tasks"]
    groups = everything["groups"]
    assert sum(g["count"] for g in groups) == len(tasks) and len({g["department"] for g in groups}) == len(groups)
    for g in groups:  # each group is its department's slice of the rows, each row listed once
        shown = tasks[g["first"] : g["first"] + g["count"]]
        assert [t["task_id"] for t in shown] == g["task_ids"]
        assert {t["lead_department"] for t in shown} == {g["department"]}
        assert (g["red"], g["yellow"]) == tuple(sum(t["colour"] == c for t in shown) for c in ("red", "yellow"))
    assert '"lead"' not in json.dumps(groups)  # no task row repeated under its group
    anhui = _json(planner, "/tasks.json?plan=anhui")["tasks"]
    assert anhui and {t["plan"] for t in anhui} == {"anhui"}
    dept = anhui[0]["lead_department"]
    by_dept = _json(planner, f"/tasks.json?department={dept}")["tasks"]
    assert by_dept and all(dept in {u["department"] or u["raw_name"] for u in t["lead"] + t["support"]}
                           for t in by_dept)
    blue = _json(planner, "/tasks.json?colour=blue")["tasks"]
    assert all(t["colour"] == "blue" for t in blue)
    overdue = _json(planner, "/tasks.json?overdue=1")["tasks"]
    assert {t["task_id"] for t in overdue} == {t["task_id"] for t in tasks if t["overdue"]}
    html = planner.get("/tasks").text
    assert html.count('<tr data-task="') == len(tasks) == everything["total"] <= 100
    beyond = _json(planner, f"/tasks.json?page={everything['pages'] + 1}")
    assert beyond["tasks"] == [] and beyond["total"] == len(tasks)  # past the last page: nothing, not an error
    book = load_workbook(io.BytesIO(planner.get("/tasks.xlsx?plan=anhui").content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["规划", "任务编号", "任务", "牵头单位", "配合单位", "期限"]
    assert sheet.max_row - 1 == len(anhui)


def test_bulk_deadlines_from_the_plan(client: TestClient) -> None:
    """Tasks without a deadline set by a person get the plan's date; the ones set stay, unless overwritten."""
    planner = login(client, "planner")
    before = {t["task_id"]: t for t in _json(planner, "/tasks.json?plan=anhui")["tasks"]}
    open_ = {i for i, t in before.items() if t["deadline"] is None or t["deadline_derived"]}
    assert open_ and len(open_) < len(before)  # the demo's reporter has tasks with set deadlines
    r = _post(planner, "/plans/anhui/deadlines", {"deadline": "2027-12-31"})
    assert r.status_code == 303 and r.headers["location"] == f"/tasks?plan=anhui&set={len(open_)}"
    after = {t["task_id"]: t for t in _json(planner, "/tasks.json?plan=anhui")["tasks"]}
    assert all(after[i]["deadline"] == "2027-12-31" and not after[i]["deadline_derived"] for i in open_)
    assert all(after[i]["deadline"] == before[i]["deadline"] for i in set(before) - open_)
    everything = planner.post("/plans/anhui/deadlines", data={"deadline": "2028-06-30", "overwrite": "1"},
                              headers={"Accept": "application/json"})
    assert everything.json()["changed"] == len(before)
    assert {t["deadline"] for t in _json(planner, "/tasks.json?plan=anhui")["tasks"]} == {"2028-06-30"}


def test_the_department_table_ranks_by_completion(client: TestClient) -> None:
    planner = _other_client(client, "planner")
    login(client, "reporter")
    task = next(t for t in _mine(client) if t["phase"] == "办理中")
    tid = task["task_id"]
    lead = task["lead_department"]
    before = next(d for d in _json(planner, "/departments.json")["departments"] if d["department"] == lead)
    assert _post(client, f"/tasks/{tid}/updates", {"kind": "completion", "text": "完成"}).status_code == 303
    pending = _task(planner, tid)["pending_reports"][-1]
    assert _post(planner, f"/tasks/{tid}/reports/{pending['update_id']}/review", {"action": "accept"}
                 ).status_code == 303
    table = _json(planner, "/departments.json")["departments"]
    assert [d["rank"] for d in table] == sorted(d["rank"] for d in table)
    assert [d["rate"] for d in table] == sorted((d["rate"] for d in table), reverse=True)
    assert all(d["tasks"] >= max(d["lead"], d["support"]) and d["done"] <= d["tasks"] for d in table)
    row = next(d for d in table if d["department"] == lead)
    assert row["done"] == before["done"] + 1 and row["tasks"] == before["tasks"]
    assert row["rate"] == row["done"] / row["tasks"] and row["last_report"] == TODAY.isoformat()
    assert row["rank"] < before["rank"] or before["rank"] == 1
    html = planner.get("/departments").text
    assert html.count("<tr data-department=") == len(table)
