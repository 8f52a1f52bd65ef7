"""审核 through the real routes: a planner uploads a corrected 安徽 plan (002) over the demo's
published one, reads it against its document, corrects a target, rejects one, adds one from
a span, reloads, publishes, and the tracked figures stay; a diff between versions; the
API; and who may do each of these."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from planwatch.services.auth import create_user, hasher
from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store import Store
from planwatch.store.tables import AuditEntry, PlanVersion
from planwatch.store.tables import Plan as PlanRow
from planwatch.store.work_tables import Task, TaskUnit

from .conftest import api_token, login

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"
ANHUI_DOC = EXAMPLES / "002_7230ec801b983216.txt"
GOLD_002 = Path(__file__).parents[1] / "gold" / "002_7230ec801b983216.json"
REVIEW = "/plans/anhui/versions/2/review"
AS_OF = "2021-03-31"


def upload(client: TestClient, data: bytes, *, name: str, key: str) -> str:
    r = client.post("/plans", files={"file": (name, data)}, data={"key": key}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return str(r.headers["location"])


def page(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url + ".json")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def items(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return next(k["items"] for k in data["kinds"] if k["kind"] == kind)


def target(data: dict[str, Any], metric: str, year: int) -> dict[str, Any]:
    return next(t for t in items(data, "targets") if t["metric"] == metric and t["year"] == year)


def status_rows(client: TestClient) -> list[dict[str, Any]]:
    r = client.get(f"/api/status?plan=anhui&as_of={AS_OF}")
    assert r.status_code == 200, r.text
    rows: list[dict[str, Any]] = r.json()["rows"]
    return rows


@pytest.fixture
def planner(client: TestClient) -> TestClient:
    return login(client, "planner")


@pytest.fixture
def draft(planner: TestClient) -> TestClient:
    """The planner's client, with 002 uploaded again as the draft anhui version 2."""
    assert upload(planner, ANHUI_DOC.read_bytes(), name=ANHUI_DOC.name, key="anhui") == REVIEW
    return planner


def test_the_review_page_shows_the_text_with_every_item_at_its_span(draft: TestClient) -> None:
    html = draft.get(REVIEW)
    assert html.status_code == 200
    data = page(draft, REVIEW)
    text = "".join(s["text"] for s in data["segments"])
    assert text == ANHUI_DOC.read_text(encoding="utf-8")  # the stretches are the whole document, in order
    every = [i for k in data["kinds"] for i in k["items"] if i.get("span")]
    assert len(every) == 74 and data["counts"]["unreviewed"] == 75  # the meta too
    for item in every:  # each span slices back to its quote, and its first stretch carries its anchor
        assert text[item["span"]["start"]:item["span"]["end"]] == item["quote"]
        assert f'id="mark-{item["id"]}"' in html.text
        assert f'id="item-{item["id"]}"' in html.text
    t1 = target(data, "制造业增加值占GDP比重", 2020)
    assert t1["id"] == "t1" and t1["state"] == "unreviewed"
    assert re.search(r'<mark data-at="\d+" data-items="t1" class="s-unreviewed" id="mark-t1" tabindex="-1">'
                     r"制造业增加值占GDP比重达到40%左右</mark>", html.text)
    assert "未审核 <span data-count=\"unreviewed\">75</span>" in html.text


def test_overlapping_spans_are_cut_into_stretches_innermost_item_first(draft: TestClient) -> None:
    data = page(draft, REVIEW)
    shared = [s for s in data["segments"] if len(s["items"]) > 1]
    assert shared  # co-listed regions share a span; a baseline sits inside a longer one
    for seg in shared:
        spans = {i["id"]: i["span"] for k in data["kinds"] for i in k["items"] if i.get("span")}
        lengths = [spans[i]["end"] - spans[i]["start"] for i in seg["items"]]
        assert lengths == sorted(lengths)


def test_the_document_text_is_escaped(planner: TestClient) -> None:
    doc = ("关于印发合肥市示范方案的通知\n\n<script>alert('x')</script>到2025年，"
           "全市工业总产值达到5000亿元。<b>加粗</b>\n").encode()
    url = upload(planner, doc, name="evil.txt", key="evil")
    html = planner.get(url).text
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<b>加粗" not in html and "&lt;b&gt;加粗" in html


def test_correct_reject_add_then_reload_and_publish(draft: TestClient, demo_store: Store) -> None:
    # the province's own rows (the demo also allocates 安徽工业精品 to five cities: rows of their own)
    before = {r["indicator_id"]: r for r in status_rows(draft) if r["metric"] == "安徽工业精品" and r["region"] == "安徽省"}
    data = page(draft, REVIEW)
    jingpin, dropped = target(data, "安徽工业精品", 2020), target(data, "驰名商标", 2025)
    # correct a target's value (only the fields sent change)
    r = draft.post(f"/plans/anhui/versions/2/items/{jingpin['id']}", data={"action": "edit", "value": "600"},
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"{REVIEW}#item-{jingpin['id']}"
    # reject one
    r = draft.post(f"/plans/anhui/versions/2/items/{dropped['id']}", data={"action": "reject"}, follow_redirects=False)
    assert r.status_code == 303
    # add one from a span of the text
    text = "".join(s["text"] for s in data["segments"])
    quote = "重点突破12个高端制造业领域"
    start = text.index(quote)
    end = start + len(quote)
    r = draft.post("/plans/anhui/versions/2/items", follow_redirects=False, data={
        "kind": "targets", "start": str(start), "end": str(end), "quote": quote, "targets.metric": "高端制造业领域",
        "targets.value": "12", "targets.unit": "个", "targets.comparator": "=", "targets.year": "2025"})
    assert r.status_code == 303 and r.headers["location"] == f"{REVIEW}#item-t16"
    # reload: the state survives
    again = page(draft, REVIEW)
    fixed = next(t for t in items(again, "targets") if t["id"] == jingpin["id"])
    assert fixed["value"] == 600 and fixed["state"] == "edited" and fixed["changed"] == ["value"]
    assert fixed["original"]["value"] == 500
    assert next(t for t in items(again, "targets") if t["id"] == dropped["id"])["state"] == "rejected"
    added = next(t for t in items(again, "targets") if t["id"] == "t16")
    assert added["state"] == "added" and added["quote"] == quote and added["span"] == {"start": start, "end": end}
    assert added["section"] is not None
    assert again["counts"] == {"unreviewed": 73, "accepted": 0, "edited": 1, "rejected": 1, "added": 1, "total": 76}
    with demo_store.transaction() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action.like("review_%")).order_by(AuditEntry.id)).all()
        assert [(a.action, a.actor) for a in audit] == [("review_edit", "planner"), ("review_reject", "planner"),
                                                         ("review_add", "planner")]
        assert audit[0].before["value"] == 500 and audit[0].after["value"] == 600
    # publish: the corrected value is tracked on the same indicator, with its figures
    r = draft.post("/plans/anhui/publish", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/plans/anhui?published=2"
    plan_page = draft.get(r.headers["location"]).text
    assert "已发布第2版" in plan_page and "停用 1 项指标" in plan_page
    rows = status_rows(draft)
    after = {r["indicator_id"]: r for r in rows if r["metric"] == "安徽工业精品" and r["region"] == "安徽省"}
    assert after.keys() == before.keys()
    kept = next(r for r in after.values() if r["target"]["year"] == 2020)
    assert kept["target"]["value"] == 600 and kept["latest"]["value"] == 500
    assert not [r for r in rows if r["metric"] == "驰名商标" and r["target"]["year"] == 2025]
    assert [r for r in rows if r["metric"] == "高端制造业领域" and r["target"]["value"] == 12]
    assert page(draft, REVIEW)["editable"] is False  # a published version is a record


def test_a_bad_correction_is_shown_at_the_item_and_nothing_changes(draft: TestClient) -> None:
    r = draft.post(f"{REVIEW[:-7]}/items/t1", data={"action": "edit", "value": "四十", "year": "2020"})
    assert r.status_code == 422
    assert "value: Input should be a valid number" in r.text and 'id="item-t1"' in r.text
    assert target(page(draft, REVIEW), "制造业增加值占GDP比重", 2020)["value"] == 40
    bad = draft.post("/plans/anhui/versions/2/items", data={"kind": "targets", "start": "5", "end": "999999",
                                                           "targets.value": "1"})
    assert bad.status_code == 422 and "span: 5–999999 is not a stretch of the text" in bad.text
    assert draft.post(f"{REVIEW[:-7]}/items/t999", data={"action": "reject"}).status_code == 404
    assert draft.post(f"{REVIEW[:-7]}/items/..%2Fx", data={"action": "reject"}).status_code in (404, 422)
    assert page(draft, REVIEW)["counts"]["unreviewed"] == 75


def test_htmx_gets_the_card_and_the_counts_swapped_in_place(draft: TestClient) -> None:
    hx = {"HX-Request": "true"}
    r = draft.post(f"{REVIEW[:-7]}/items/t2", data={"action": "reject"}, headers=hx)
    assert r.status_code == 200 and r.text.lstrip().startswith('<article class="item s-rejected" id="item-t2"')
    assert 'id="counts"' in r.text and 'hx-swap-oob="true"' in r.text and "<html" not in r.text
    bad = draft.post(f"{REVIEW[:-7]}/items/t3", data={"action": "edit", "value": "x"}, headers=hx)
    assert bad.status_code == 422 and 'id="item-t3"' in bad.text and "valid number" in bad.text


def test_only_the_latest_draft_is_editable(draft: TestClient, demo_store: Store) -> None:
    r = draft.post("/plans/anhui/versions/1/items/t1", data={"action": "edit", "value": "41"})
    assert r.status_code == 422 and "version 1 is published and cannot be changed" in r.text
    upload(draft, ANHUI_DOC.read_bytes(), name=ANHUI_DOC.name, key="anhui")  # version 3
    r = draft.post("/plans/anhui/versions/2/items/t1", data={"action": "edit", "value": "41"})
    assert r.status_code == 422 and "not the latest (version 3 is)" in r.text
    assert "不能修改" in draft.get(REVIEW).text
    with demo_store.transaction() as s:
        plan = s.scalars(select(PlanRow).where(PlanRow.key == "anhui")).one()
        first = s.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id, PlanVersion.version_no == 1)).one()
        assert first.review is None and first.extracted["targets"][0]["value"] == 40


def test_a_corrected_document_republished_keeps_the_actuals_and_the_diff_says_so(draft: TestClient) -> None:
    before = {(r["indicator_id"], r["region"]): r for r in status_rows(draft) if r["latest"]["value"] is not None}
    corrected = ANHUI_DOC.read_text(encoding="utf-8").replace("培育安徽工业精品500项", "培育安徽工业精品600项")
    assert upload(draft, corrected.encode(), name=ANHUI_DOC.name, key="anhui") == "/plans/anhui/versions/3/review"
    diff = page(draft, "/plans/anhui/diff")  # default: the current version against the latest
    assert (diff["a"], diff["b"]) == (1, 3)
    tracked = next(k for k in diff["kinds"] if k["kind"] == "indicators")
    assert [c["label"] for c in tracked["changed"]] == ["安徽工业精品（2020年）"]
    change = tracked["changed"][0]
    assert change["fields"] == ["value", "quote"] and change["stage"] == "value or unit corrected"
    assert tracked["added"] == [] and tracked["removed"] == []
    html = draft.get("/plans/anhui/diff?a=1&b=3")
    assert html.status_code == 200 and "数值或单位更正" in html.text and "安徽工业精品（2020年）" in html.text
    assert draft.post("/plans/anhui/publish", follow_redirects=False).status_code == 303
    after = {(r["indicator_id"], r["region"]): r for r in status_rows(draft) if r["latest"]["value"] is not None}
    assert after.keys() == before.keys()  # every series with figures is still there, on the same ids
    assert all(after[i]["latest"] == before[i]["latest"] for i in before)
    assert next(r for r in after.values() if r["metric"] == "安徽工业精品" and r["region"] == "安徽省"
                and r["target"]["year"] == 2020)["target"]["value"] == 600  # the province's own row
    assert draft.get("/plans/anhui/diff.json?a=0&b=3").status_code == 422
    assert draft.get("/plans/anhui/diff.json?a=1&b=9").status_code == 404


def test_a_plan_json_import_lists_its_items_without_a_text_pane(planner: TestClient) -> None:
    url = upload(planner, GOLD_002.read_bytes(), name="anhui-gold.json", key="anhui-gold")
    html = planner.get(url)
    assert html.status_code == 200 and 'id="source"' not in html.text and "没有保存原文" in html.text
    data = page(planner, url)
    assert data["has_text"] is False and data["segments"] is None and len(items(data, "targets")) == 15
    r = planner.post(url[:-7] + "/items", data={"kind": "targets", "start": "0", "end": "4", "targets.value": "1"})
    assert r.status_code == 422 and "no document text" in r.text
    assert planner.post(url[:-7] + "/items/t1", data={"action": "accept"}, follow_redirects=False).status_code == 303


def test_the_api_reads_corrects_and_publishes(draft: TestClient) -> None:
    headers = api_token(draft, "planner")
    body = draft.get("/api/plans/anhui", headers=headers).json()
    assert body["current"]["version"] == 1 and body["draft"]["version"] == 2
    t3 = next(t for t in body["draft"]["targets"] if t["id"] == "t3")
    assert {"id", "span", "quote", "metric", "value", "state"} <= t3.keys() and t3["value"] == 200
    r = draft.patch("/api/plans/anhui/draft/items/t3", json={"value": 1600}, headers=headers)
    assert r.status_code == 200 and r.json()["item"]["value"] == 1600 and r.json()["item"]["state"] == "edited"
    bad = draft.patch("/api/plans/anhui/draft/items/t3", json={"valu": 1, "year": "soon"}, headers=headers)
    assert bad.status_code == 422
    assert any(p.startswith("valu: not a field of targets") for p in bad.json()["problems"])
    assert draft.patch("/api/plans/anhui/draft/items/k1", json={"lead": "省经信厅"}, headers=headers).status_code == 422
    r = draft.patch("/api/plans/anhui/draft/items/k1", json={"lead": ["省经信厅"], "state": "accepted"},
                    headers=headers)
    assert r.status_code == 200 and r.json()["item"]["lead"] == ["省经信厅"]
    assert draft.patch("/api/plans/anhui/draft/items/r1", json={"state": "rejected"}, headers=headers).json()[
        "counts"]["rejected"] == 1
    assert draft.patch("/api/plans/anhui/draft/items/t99", json={"value": 1}, headers=headers).status_code == 404
    done = draft.post("/api/plans/anhui/publish", headers=headers)
    assert done.status_code == 200 and done.json()["version"] == 2
    assert {"carried", "retired", "new", "converted", "unresolved"} <= done.json().keys()
    assert any("省质量奖企业" in label for label in done.json()["carried"]["indicators"])
    again = draft.post("/api/plans/anhui/publish", headers=headers)
    assert again.status_code == 422 and "nothing to publish" in again.json()["problems"][0]
    body = draft.get("/api/plans/anhui", headers=headers).json()
    assert body["draft"] is None and body["current"]["version"] == 2
    assert next(t for t in body["current"]["targets"] if t["id"] == "t3")["value"] == 1600
    assert draft.patch("/api/plans/anhui/draft/items/t3", json={"value": 1}, headers=headers).status_code == 422


def test_viewers_and_reporters_read_the_api_without_drafts(draft: TestClient, demo_store: Store) -> None:
    viewer = draft.get("/api/plans/anhui", headers=api_token(draft, "viewer")).json()
    assert viewer["draft"] is None and len(viewer["current"]["tasks"]) == 25
    with demo_store.transaction() as s:  # a reporter of a department named by some tasks only
        plan = s.scalars(select(PlanRow).where(PlanRow.key == "anhui")).one()
        units = s.execute(select(TaskUnit.department_id, Task.position).join(Task, Task.id == TaskUnit.task_id)
                          .where(Task.plan_version_id == plan.current_version_id,
                                 TaskUnit.department_id.is_not(None))).all()
        named: dict[int, set[int]] = {}
        for dept, position in units:
            named.setdefault(dept, set()).add(position)
        dept, positions = min(named.items(), key=lambda d: (len(d[1]), d[0]))
        create_user(s, login="reporter-few", password=DEMO_PASSWORD, role="reporter", department_id=dept,
                    pw=hasher(1, 8192))
    reporter = draft.get("/api/plans/anhui", headers=api_token(draft, "reporter-few")).json()
    assert reporter["draft"] is None and reporter["current"]["rejected"] == []
    assert len(reporter["current"]["tasks"]) == len(positions) < 25


# ---- who may do what -----------------------------------------------------------------------

ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", REVIEW, None),
    ("GET", REVIEW + ".json", None),
    ("POST", "/plans/anhui/versions/2/items/t1", {"data": {"action": "edit", "value": "41"}}),
    ("POST", "/plans/anhui/versions/2/items/t2", {"data": {"action": "reject"}}),
    ("POST", "/plans/anhui/versions/2/items", {"data": {"kind": "targets", "start": "0", "end": "4",
                                                        "targets.value": "1"}}),
    ("POST", "/plans/anhui/publish", None),
    ("GET", "/plans/anhui/diff?a=1&b=2", None),
    ("GET", "/plans/anhui/diff.json?a=1&b=2", None),
    ("PATCH", "/api/plans/anhui/draft/items/t1", {"json": {"value": 41}}),
    ("POST", "/api/plans/anhui/publish", None),
]
# planner: 安徽省 (in scope); planner-sx: 绍兴市 (out of scope); viewer: 安徽省; reporter: a 安徽 department.
EXPECT = {"planner-sx": 404, "viewer": 403, "reporter": 403}


def _call(client: TestClient, method: str, path: str, kwargs: dict[str, Any] | None,
          headers: dict[str, str] | None = None) -> int:
    return client.request(method, path, headers=headers, follow_redirects=False, **(kwargs or {})).status_code


@pytest.mark.parametrize("user", sorted(EXPECT))
def test_others_are_refused_and_nothing_changes(draft: TestClient, user: str) -> None:
    before = page(draft, REVIEW)
    draft.cookies.clear()
    login(draft, user)
    token = api_token(draft, user)
    for method, path, kwargs in ROUTES:
        headers = token if path.startswith("/api") else None
        assert _call(draft, method, path, kwargs, headers) == EXPECT[user], (user, method, path)
    draft.cookies.clear()
    login(draft, "planner")
    after = page(draft, REVIEW)
    assert after["counts"] == before["counts"] and after["status"] == "draft"


def test_strangers_are_sent_to_log_in(client: TestClient) -> None:
    for method, path, kwargs in ROUTES:
        code = _call(client, method, path, kwargs)
        json_route = path.startswith("/api") or ".json" in path
        assert code == (401 if json_route else 303), (method, path)


def test_planner_and_admin_in_scope_may_do_each(draft: TestClient) -> None:
    codes = [_call(draft, m, p, k) for m, p, k in ROUTES if p.startswith("/plans")]
    assert codes == [200, 200, 303, 303, 303, 303, 200, 200]
    draft.cookies.clear()
    login(draft, "admin")
    assert draft.get("/plans/anhui/versions/2/review").status_code == 200  # now published: read only
    assert draft.get("/plans/anhui/versions/2/review.json").json()["editable"] is False


def test_a_forged_cross_site_post_changes_nothing(draft: TestClient) -> None:
    evil = {"Origin": "http://evil.example"}
    r = draft.post("/plans/anhui/versions/2/items/t1", data={"action": "reject"}, headers=evil)
    assert r.status_code == 403
    assert draft.post("/plans/anhui/publish", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    data = page(draft, REVIEW)
    assert data["counts"]["rejected"] == 0 and data["status"] == "draft"
