"""The role × route matrix of the web workspace (design/web.md §3.3) as data, and the small
world it is asserted on.

The world: regions 安徽省 ⊃ {合肥市, 芜湖市} (the bundled region list); two plans written as
short documents, `hefei` (合肥市, task T1 led by 市发展改革委 with 市经信局 in support, so
合肥市发展和改革委员会 and 合肥市经济和信息化局) and `wuhu` (芜湖市, task T2), both published, and a
draft `hefei`/2 awaiting review; one user of each role and scope.

`MATRIX` has one row per request: the route as registered (what the completeness test
matches against `app.routes`), the concrete path (`{name}` filled from `Facts`), the body
to send, and the status each user gets. A new route without a row fails
`test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from pwdlib import PasswordHash
from sqlalchemy import select

from planwatch.extract import extract_plan
from planwatch.readers import read_document
from planwatch.services.auth import create_user
from planwatch.services.plans import import_plan, publish_plan
from planwatch.services.regions import resolve_region
from planwatch.store import Store
from planwatch.store.tables import Department, Indicator, PlanVersion
from planwatch.store.tables import Plan as PlanRow
from planwatch.store.work_tables import Task

from .matrix_kit import (  # noqa: F401  (re-exported: the tests import them from here)
    ADMIN_PAGE,
    ADMIN_TWIN,
    API_ITEM,
    DIFF,
    INDICATOR,
    ITEM,
    ITEMS,
    LOGGED_IN,
    PAGE,
    PASSWORD,
    PUBLISH,
    REVIEW,
    TWIN,
    USERS,
    WRITERS,
    WUHU_PAGE,
    WUHU_TWIN,
    WUHU_WRITE,
    Body,
    Facts,
    Row,
    everyone,
    only,
    writers,
)
from .matrix_parts import PARTS

HEFEI = """合肥市人民政府关于印发合肥市制造业提升行动计划的通知

一、主要目标

到2025年，全市规模以上工业增加值达到5000亿元，高新技术企业达到8000家。

二、重点任务

1.推进智能制造。大力实施“制造业+互联网”融合创新行动，推动企业智能化改造。(牵头单位:市发展改革委;配合单位:市经信局)
"""
WUHU = """芜湖市人民政府关于印发芜湖市机器人产业发展行动计划的通知

一、主要目标

到2025年，全市机器人产业产值达到1000亿元。

二、重点任务

1.壮大机器人产业集群。引进培育一批整机和关键零部件企业。(牵头单位:市发展改革委;配合单位:市科技局)
"""
# The drafts hefei/2 and wuhu/2: corrected documents waiting to be reviewed and published.
HEFEI_V2 = HEFEI.replace("5000亿元", "5200亿元")
WUHU_V2 = WUHU.replace("1000亿元", "1100亿元")
NEW_ITEM = "推动企业智能化改造"  # the text a reviewer selects to add an item by hand



def _import_text(store: Store, folder: Path, key: str, text: str, *, publish: bool) -> None:
    path = folder / f"{key}.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    with store.transaction() as s:
        import_plan(s, plan=extract_plan(document), key=key, source_file=path.name, source_text=document.text)
    if publish:
        with store.transaction() as s:
            publish_plan(s, key=key)


def build_world(store: Store, folder: Path, pw: PasswordHash) -> Facts:
    """Both plans published, the hefei draft, the users; returns the ids the paths use."""
    _import_text(store, folder, "hefei", HEFEI, publish=True)
    _import_text(store, folder, "wuhu", WUHU, publish=True)
    _import_text(store, folder, "hefei", HEFEI_V2, publish=False)
    _import_text(store, folder, "wuhu", WUHU_V2, publish=False)
    with store.transaction() as s:
        hefei = resolve_region(s, name="合肥市").id
        anhui = resolve_region(s, name="安徽省").id
        d1, jxj = (s.scalars(select(Department.id).where(Department.name == n)).one()
                   for n in ("合肥市发展和改革委员会", "合肥市经济和信息化局"))
        for login, role, region, dept in (
                ("admin", "admin", None, None), ("planner_hf", "planner", hefei, None),
                ("planner_ah", "planner", anhui, None), ("reporter", "reporter", None, d1),
                ("reporter_jxj", "reporter", None, jxj), ("viewer_hf", "viewer", hefei, None)):
            create_user(s, login=login, password=PASSWORD, role=role, region_id=region, department_id=dept,
                        name=login, pw=pw)
        ids = {**_plan_ids(s, "hefei"), **_plan_ids(s, "wuhu"), **_new_item_span(s)}
    for part in PARTS:  # each page group's own objects (projects, schemes, reports …)
        ids.update(part.extend(store, folder, dict(ids)))
    return Facts(ids=ids)


def _plan_ids(s: Any, key: str) -> dict[str, int]:
    plan = s.scalars(select(PlanRow).where(PlanRow.key == key)).one()
    indicator = s.scalars(select(Indicator.id).where(Indicator.plan_version_id == plan.current_version_id)
                          .order_by(Indicator.id)).first()
    task = s.scalars(select(Task.id).where(Task.plan_version_id == plan.current_version_id).order_by(Task.id)).first()
    return {f"{key}_indicator": indicator, f"{key}_task": task}


def _new_item_span(s: Any) -> dict[str, int]:
    draft = s.scalars(select(PlanVersion).join(PlanRow, PlanRow.id == PlanVersion.plan_id)
                      .where(PlanRow.key == "hefei", PlanVersion.version_no == 2)).one()
    start = draft.source_text.index(NEW_ITEM)
    return {"new_start": start, "new_end": start + len(NEW_ITEM)}


# --- request bodies -------------------------------------------------------------------------



def _upload(text: str, key: str, region: str) -> Body:
    def body(user: str, facts: Facts) -> dict[str, Any]:
        return {"files": {"file": (f"{key}.txt", text.encode("utf-8"), "text/plain")},
                "data": {"key": key, "region": region}}
    return body


def _login_form(user: str, facts: Facts) -> dict[str, Any]:
    return {"data": {"login": user if user != "anon" else "nobody", "password": PASSWORD}}


def _login_json(user: str, facts: Facts) -> dict[str, Any]:
    return {"json": {"username": user if user != "anon" else "nobody", "password": PASSWORD}}


def _new_user(user: str, facts: Facts) -> dict[str, Any]:
    return {"data": {"login": "newcomer", "password": "newcomer-password", "role": "viewer", "region": "合肥市"}}


def _new_item(user: str, facts: Facts) -> dict[str, Any]:
    """A milestone the extraction missed, added from a selected stretch of the document."""
    return {"data": {"kind": "milestones", "start": str(facts.ids["new_start"]), "end": str(facts.ids["new_end"]),
                     "quote": NEW_ITEM, "milestones.subject": "企业", "milestones.action": "智能化改造",
                     "milestones.year": "2025"}}


def _fixed(kwargs: dict[str, Any]) -> Body:
    return lambda user, facts: kwargs


BODIES: dict[str, Body] = {
    "none": _fixed({}),
    "upload_hefei": _upload(HEFEI.replace("8000家", "9000家"), "hefei-new", "合肥市"),
    "upload_wuhu": _upload(WUHU.replace("1000亿元", "1200亿元"), "wuhu-new", "芜湖市"),
    "login_form": _login_form,
    "login_json": _login_json,
    "new_user": _new_user,
    "inactive": _fixed({"data": {"active": "false"}}),
    "new_password": _fixed({"data": {"password": "a-new-password-9"}}),
    "edit_target": _fixed({"data": {"action": "edit", "value": "5300"}}),
    "reject_task": _fixed({"data": {"action": "reject"}}),
    "new_item": _new_item,
    "patch_target": _fixed({"json": {"value": 5300}}),
}



CORE: tuple[Row, ...] = (
    Row("GET", "/healthz", "/healthz", everyone(200, anon=200)),
    Row("GET", "/login", "/login", {**everyone(303, anon=200)}, note="logged in: on to the dashboard"),
    Row("POST", "/login", "/login", everyone(303, anon=401), body="login_form"),
    Row("POST", "/logout", "/logout", everyone(303, anon=303)),
    Row("GET", "/me.json", "/me.json", TWIN),
    Row("GET", "/", "/", everyone(303, anon=303)),
    Row("GET", "/dashboard", "/dashboard", PAGE),
    Row("GET", "/dashboard.json", "/dashboard.json", TWIN),
    Row("GET", "/plans", "/plans", PAGE),
    Row("GET", "/plans.json", "/plans.json", TWIN),
    Row("GET", "/plans/new", "/plans/new", writers(200)),
    Row("POST", "/plans", "/plans", writers(303), body="upload_hefei", note="region 合肥市"),
    Row("POST", "/plans", "/plans", only({"admin": 303, "planner_ah": 303}), body="upload_wuhu",
        note="region 芜湖市"),
    Row("GET", "/plans/{key}", "/plans/hefei", PAGE),
    Row("GET", "/plans/{key}.json", "/plans/hefei.json", TWIN),
    Row("GET", "/plans/{key}", "/plans/wuhu", WUHU_PAGE),
    Row("GET", "/plans/{key}.json", "/plans/wuhu.json", WUHU_TWIN),
    # 审核 (review): drafts are for those who may change the plan; out of scope stays 404.
    Row("GET", REVIEW, "/plans/hefei/versions/2/review", writers(200)),
    Row("GET", REVIEW + ".json", "/plans/hefei/versions/2/review.json", writers(200, anon=401)),
    Row("GET", REVIEW, "/plans/wuhu/versions/2/review", WUHU_WRITE(200)),
    Row("GET", REVIEW + ".json", "/plans/wuhu/versions/2/review.json", WUHU_WRITE(200, anon=401)),
    Row("POST", ITEM, "/plans/hefei/versions/2/items/t1", writers(303), body="edit_target", note="edit"),
    Row("POST", ITEM, "/plans/hefei/versions/2/items/k1", writers(303), body="reject_task", note="reject"),
    Row("POST", ITEM, "/plans/wuhu/versions/2/items/t1", WUHU_WRITE(303), body="edit_target", note="edit"),
    Row("POST", ITEMS, "/plans/hefei/versions/2/items", writers(303), body="new_item"),
    Row("POST", PUBLISH, "/plans/hefei/publish", writers(303)),
    Row("POST", PUBLISH, "/plans/wuhu/publish", WUHU_WRITE(303)),
    Row("GET", DIFF, "/plans/hefei/diff", writers(200), note="current against the draft"),
    Row("GET", DIFF + ".json", "/plans/hefei/diff.json", writers(200, anon=401), note="current against the draft"),
    Row("GET", DIFF, "/plans/wuhu/diff", WUHU_WRITE(200)),
    Row("GET", DIFF + ".json", "/plans/wuhu/diff.json", WUHU_WRITE(200, anon=401)),
    # 指标 (indicator pages): readers of the plan; an indicator of another plan is no indicator of this one.
    Row("GET", INDICATOR, "/plans/hefei/indicators/{hefei_indicator}", PAGE),
    Row("GET", INDICATOR + ".json", "/plans/hefei/indicators/{hefei_indicator}.json", TWIN),
    Row("GET", INDICATOR, "/plans/wuhu/indicators/{wuhu_indicator}", WUHU_PAGE),
    Row("GET", INDICATOR + ".json", "/plans/wuhu/indicators/{wuhu_indicator}.json", WUHU_TWIN),
    Row("GET", INDICATOR, "/plans/hefei/indicators/{wuhu_indicator}", everyone(404, anon=303),
        note="wuhu's indicator under hefei"),
    Row("GET", INDICATOR + ".json", "/plans/hefei/indicators/{wuhu_indicator}.json", everyone(404, anon=401),
        note="wuhu's indicator under hefei"),
    Row("GET", "/admin/users", "/admin/users", ADMIN_PAGE),
    Row("GET", "/admin/users.json", "/admin/users.json", ADMIN_TWIN),
    Row("POST", "/admin/users", "/admin/users", only({"admin": 303}), body="new_user"),
    Row("GET", "/admin/backup", "/admin/backup", ADMIN_PAGE),
    Row("POST", "/admin/users/{login}/active", "/admin/users/viewer_hf/active", only({"admin": 303}),
        body="inactive"),
    Row("POST", "/admin/users/{login}/password", "/admin/users/viewer_hf/password", only({"admin": 303}),
        body="new_password"),
    Row("POST", "/api/login", "/api/login", everyone(200, anon=401), body="login_json"),
    Row("POST", "/api/logout", "/api/logout", everyone(200, anon=401)),
    Row("GET", "/api/plans", "/api/plans", TWIN),
    Row("POST", "/api/plans", "/api/plans", writers(201, anon=401), body="upload_hefei", note="region 合肥市"),
    Row("POST", "/api/plans", "/api/plans", only({"admin": 201, "planner_ah": 201}, anon=401), body="upload_wuhu",
        note="region 芜湖市"),
    Row("GET", "/api/status", "/api/status", TWIN),
    Row("GET", "/api/plans/{key}", "/api/plans/hefei", TWIN),
    Row("GET", "/api/plans/{key}", "/api/plans/wuhu", WUHU_TWIN),
    Row("PATCH", API_ITEM, "/api/plans/hefei/draft/items/t1", writers(200, anon=401), body="patch_target"),
    Row("PATCH", API_ITEM, "/api/plans/wuhu/draft/items/t1", WUHU_WRITE(200, anon=401), body="patch_target"),
    Row("POST", "/api/plans/{key}/publish", "/api/plans/hefei/publish", writers(200, anon=401)),
    Row("POST", "/api/plans/{key}/publish", "/api/plans/wuhu/publish", WUHU_WRITE(200, anon=401)),
    Row("GET", "/api/openapi.json", "/api/openapi.json", everyone(200, anon=200)),
    Row("GET", "/api/docs", "/api/docs", everyone(200, anon=200)),
)

MATRIX: tuple[Row, ...] = (*CORE, *(row for part in PARTS for row in part.ROWS))
for _part in PARTS:
    BODIES.update(_part.BODIES)

# Listing twins: where the keys are, and which plan keys each user may see listed.
BOTH, HEFEI_ONLY = {"hefei", "wuhu"}, {"hefei"}
LISTED = {"admin": BOTH, "planner_hf": HEFEI_ONLY, "planner_ah": BOTH, "reporter": HEFEI_ONLY,
          "reporter_jxj": HEFEI_ONLY, "viewer_hf": HEFEI_ONLY}
LISTINGS: dict[str, tuple[str, str]] = {
    "/plans.json": ("plans", "key"),
    "/dashboard.json": ("plans", "key"),
    "/api/plans": ("plans", "key"),
    "/api/status": ("rows", "plan"),
}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) the app answers, static mounts aside. HEAD is implied
    by GET (Starlette adds it), so it is not listed separately."""
    return {(m, path) for path, methods in _walk(app.routes) for m in methods if m != "HEAD"}


def _walk(routes: list[Any]) -> Iterator[tuple[str, set[str]]]:
    for route in routes:
        if hasattr(route, "effective_route_contexts"):  # FastAPI's included router (0.16x)
            yield from ((c.path, set(c.methods or ())) for c in route.effective_route_contexts())
        elif getattr(route, "methods", None):
            yield route.path, set(route.methods)
        elif hasattr(route, "routes") and not str(getattr(route, "path", "")).startswith("/static"):
            yield from _walk(list(route.routes))
