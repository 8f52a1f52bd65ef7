"""Matrix rows of the `assessment` page group (see `matrix_parts/__init__.py`): target
allocation (form, live sum check, save), the roll-up view, assessment schemes and runs.

World: scheme `hefei-kh` on plan hefei ranking 蜀山区 and 包河区, and `wuhu-kh` on plan wuhu
ranking 镜湖区 and 弋江区, each saved and run once by the admin."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from planwatch.services.assessment_schemes import run_scheme, save_scheme
from planwatch.services.auth import Principal
from planwatch.store import Store

from ..matrix_kit import (
    PAGE,
    TWIN,
    WUHU_PAGE,
    WUHU_TWIN,
    WUHU_WRITE,
    Body,
    Row,
    only,
    writers,
)

SCHEME = """name: {name}
title: {title}
plan: {plan}
regions: [{a}, {b}]
groups:
  - name: 目标完成
    points: 60
    items:
      - {{indicator: {indicator}, weight: 60, rule: target_completion}}
  - name: 重点任务
    points: 40
    items:
      - {{rule: tasks_on_time, weight: 40}}
adjustment_cap: 3
adjustments:
  - {{region: {a}, points: 1, reason: 试点示范}}
"""
HEFEI = SCHEME.format(name="hefei-kh", title="合肥市区县考核", plan="hefei", a="蜀山区", b="包河区", indicator="规模以上工业增加值")
WUHU = SCHEME.format(name="wuhu-kh", title="芜湖市区县考核", plan="wuhu", a="镜湖区", b="弋江区", indicator="机器人产业产值")

ALLOC = "/plans/{key}/indicators/{indicator_id}/allocations"
ROLLUP = "/plans/{key}/indicators/{indicator_id}/rollup"
SCHEME_PAGE = "/assessments/{name}"
# A scheme page: its region's readers; reporters are refused whatever the name (no leak of names).
REPORTERS_403 = {"reporter": 403, "reporter_jxj": 403}
READ = only({"admin": 200, "planner_hf": 200, "planner_ah": 200, "viewer_hf": 200})
READ_TWIN = only({"admin": 200, "planner_hf": 200, "planner_ah": 200, "viewer_hf": 200}, anon=401)
WUHU_READ = {**only({"admin": 200, "planner_ah": 200}, rest=404), **REPORTERS_403}
WUHU_READ_TWIN = {**only({"admin": 200, "planner_ah": 200}, rest=404, anon=401), **REPORTERS_403}


def _form(data: dict[str, str]) -> Body:
    return lambda user, facts: {"data": data}


BODIES: dict[str, Body] = {
    "alloc_hefei": _form({"mode": "values", "part.蜀山区": "3000", "part.包河区": "2000"}),
    "alloc_wuhu": _form({"mode": "weights", "part.镜湖区": "1", "part.弋江区": "1"}),
    "scheme_hefei": _form({"name": "hefei-new", "yaml": HEFEI.replace("name: hefei-kh", "name: hefei-new")}),
    "scheme_wuhu": _form({"name": "wuhu-new", "yaml": WUHU.replace("name: wuhu-kh", "name: wuhu-new")}),
    "run_2025": _form({"as_of": "2025-12-31"}),
}

ROWS: tuple[Row, ...] = (
    Row("GET", ALLOC, "/plans/hefei/indicators/{hefei_indicator}/allocations", writers(200)),
    Row("GET", ALLOC + ".json", "/plans/hefei/indicators/{hefei_indicator}/allocations.json", writers(200, anon=401)),
    Row("GET", ALLOC, "/plans/wuhu/indicators/{wuhu_indicator}/allocations", WUHU_WRITE(200)),
    Row("GET", ALLOC + ".json", "/plans/wuhu/indicators/{wuhu_indicator}/allocations.json", WUHU_WRITE(200, anon=401)),
    Row("GET", ALLOC, "/plans/hefei/indicators/{wuhu_indicator}/allocations", only({}, rest=404, anon=303) | {
        "reporter": 403, "reporter_jxj": 403, "viewer_hf": 403}, note="wuhu's indicator under hefei"),
    Row("GET", ALLOC + "/check", "/plans/hefei/indicators/{hefei_indicator}/allocations/check?mode=values&part.蜀山区=1",
        writers(200)),
    Row("GET", ALLOC + "/check", "/plans/wuhu/indicators/{wuhu_indicator}/allocations/check?mode=weights&part.镜湖区=1",
        WUHU_WRITE(200)),
    Row("POST", ALLOC, "/plans/hefei/indicators/{hefei_indicator}/allocations", writers(303), body="alloc_hefei"),
    Row("POST", ALLOC, "/plans/wuhu/indicators/{wuhu_indicator}/allocations", WUHU_WRITE(303), body="alloc_wuhu"),
    Row("GET", ROLLUP, "/plans/hefei/indicators/{hefei_indicator}/rollup", PAGE),
    Row("GET", ROLLUP + ".json", "/plans/hefei/indicators/{hefei_indicator}/rollup.json", TWIN),
    Row("GET", ROLLUP, "/plans/wuhu/indicators/{wuhu_indicator}/rollup", WUHU_PAGE),
    Row("GET", ROLLUP + ".json", "/plans/wuhu/indicators/{wuhu_indicator}/rollup.json", WUHU_TWIN),
    Row("GET", "/assessments", "/assessments", READ),
    Row("GET", "/assessments.json", "/assessments.json", READ_TWIN),
    Row("POST", "/assessments", "/assessments", writers(303), body="scheme_hefei", note="plan hefei"),
    Row("POST", "/assessments", "/assessments", only({"admin": 303, "planner_ah": 303}), body="scheme_wuhu",
        note="plan wuhu"),
    Row("GET", SCHEME_PAGE, "/assessments/hefei-kh", READ),
    Row("GET", SCHEME_PAGE + ".json", "/assessments/hefei-kh.json", READ_TWIN),
    Row("GET", SCHEME_PAGE, "/assessments/wuhu-kh", WUHU_READ),
    Row("GET", SCHEME_PAGE + ".json", "/assessments/wuhu-kh.json", WUHU_READ_TWIN),
    Row("GET", SCHEME_PAGE + ".xlsx", "/assessments/hefei-kh.xlsx", READ),
    Row("GET", SCHEME_PAGE + ".xlsx", "/assessments/wuhu-kh.xlsx", WUHU_READ),
    Row("POST", SCHEME_PAGE + "/runs", "/assessments/hefei-kh/runs", writers(303), body="run_2025"),
    Row("POST", SCHEME_PAGE + "/runs", "/assessments/wuhu-kh/runs",
        {**only({"admin": 303, "planner_ah": 303}, rest=404), **REPORTERS_403}, body="run_2025"),
)


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """Both schemes saved and run once (so the pages have a ranking and the xlsx a run)."""
    admin = Principal(user_id=0, login="admin", name="admin", role="admin", region_id=None, department_id=None)
    with store.transaction(actor="admin") as s:
        for text, name in ((HEFEI, "hefei-kh"), (WUHU, "wuhu-kh")):
            save_scheme(s, who=admin, yaml_text=text)
            run_scheme(s, who=admin, name=name, as_of=date(2025, 6, 30))
    return {}
