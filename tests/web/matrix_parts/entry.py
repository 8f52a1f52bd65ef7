"""Matrix rows of the `entry` page group (数据填报, see `matrix_parts/__init__.py`).

World: a figure of hefei for 合肥市 entered by planner_hf (its own region, so pending until a
planner of 安徽省 accepts it), a pending figure of wuhu for 芜湖市 entered by a 芜湖市 planner,
an upload staged by planner_ah (uploads are personal: only their owner confirms them), and
2020 locked by admin for 合肥市 in hefei and for 芜湖市 in wuhu (to unlock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from planwatch.services import entry
from planwatch.services.actuals_file import ActualRow
from planwatch.services.auth import Principal
from planwatch.services.entry_files import stage_upload
from planwatch.services.observations import observe_rows
from planwatch.services.regions import resolve_region
from planwatch.store import Store
from planwatch.store.auth_tables import User
from planwatch.store.tables import Observation, Plan

from ..matrix_kit import LOGGED_IN, Body, Facts, Row, only, writers

READERS = ("admin", "planner_hf", "planner_ah", "viewer_hf")
PAGE = only(dict.fromkeys(READERS, 200))
TWIN = only(dict.fromkeys(READERS, 200), anon=401)
WUHU_READ = only({"admin": 200, "planner_ah": 200, "planner_hf": 404, "viewer_hf": 404})
# wuhu's figures for writers: 合肥's planner and viewer do not even see the plan.
WUHU_WRITE = only({"admin": 303, "planner_ah": 303, "planner_hf": 404, "viewer_hf": 404})
# Accept / return: a planner of the region above (安徽省) or an admin; 合肥's own planner may not.
REVIEW_HF = only({"admin": 303, "planner_ah": 303})
REVIEW_WUHU = only({"admin": 303, "planner_ah": 303, "planner_hf": 404})


def _principal(s: Any, login: str) -> Principal:
    user = s.scalars(select(User).where(User.login == login)).one()
    return Principal(user_id=user.id, login=user.login, name=user.login, role=user.role, region_id=user.region_id,
                     department_id=user.department_id)


def _enter(s: Any, who: Principal, plan: str, indicator: int, region: str, period: str) -> int:
    rows = [ActualRow(line=2, plan=plan, indicator=str(indicator), region=region, period=period, value="4800",
                      unit="亿元", source="统计公报")]
    observe_rows(s, rows=rows, entrant=entry.entrant(s, who))
    return s.scalars(select(Observation.id).where(Observation.indicator_id == indicator,
                                                  Observation.period == period)).one()


def _csv(plan: str, indicator: int, region: str) -> bytes:
    return f"规划,指标编号,地区,期间,数值,单位,来源\n{plan},{indicator},{region},2024,5100,亿元,统计月报\n".encode()


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """This group's objects in the matrix world; the ids its rows' paths use."""
    with store.transaction(actor="planner_hf") as s:
        pending = _enter(s, _principal(s, "planner_hf"), "hefei", ids["hefei_indicator"], "合肥市", "2022")
    with store.transaction(actor="planner_wh") as s:
        wuhu = resolve_region(s, name="芜湖市").id
        planner_wh = Principal(user_id=0, login="planner_wh", name="芜湖市发展改革委", role="planner", region_id=wuhu,
                               department_id=None)
        pending_wuhu = _enter(s, planner_wh, "wuhu", ids["wuhu_indicator"], "芜湖市", "2022")
    with store.transaction(actor="planner_ah") as s:
        staged, _ = stage_upload(s, _principal(s, "planner_ah"), filename="hefei.csv",
                                 data=_csv("hefei", ids["hefei_indicator"], "合肥市"))
        staged_id = staged.id
    with store.transaction(actor="admin") as s:
        admin = _principal(s, "admin")
        locks = {f"entry_lock_{key}": _lock(s, admin, key, name) for key, name in (("hefei", "合肥市"), ("wuhu", "芜湖市"))}
    return {"entry_pending": pending, "entry_pending_wuhu": pending_wuhu, "entry_staged": staged_id, **locks}


def _lock(s: Any, who: Principal, key: str, region: str) -> int:
    plan = s.scalars(select(Plan).where(Plan.key == key)).one()
    return entry.lock_period(s, who, plan=plan, region_id=resolve_region(s, name=region).id, period="2020").id


def _grid(plan: str, indicator: str, region: str) -> Body:
    def body(user: str, facts: Facts) -> dict[str, Any]:
        ident = facts.ids[indicator]
        return {"data": {"plan": plan, "region": region, "period": "2023", f"value.{ident}": "5050",
                         f"unit.{ident}": "亿元", f"source.{ident}": "统计快报", f"note.{ident}": "初步数"}}
    return body


def _upload(plan: str, indicator: str, region: str) -> Body:
    def body(user: str, facts: Facts) -> dict[str, Any]:
        return {"files": {"file": ("actuals.csv", _csv(plan, facts.ids[indicator], region), "text/csv")}}
    return body


def _fixed(kwargs: dict[str, Any]) -> Body:
    return lambda user, facts: kwargs


BODIES: dict[str, Body] = {
    "entry_grid_hefei": _grid("hefei", "hefei_indicator", "合肥市"),
    "entry_grid_wuhu": _grid("wuhu", "wuhu_indicator", "芜湖市"),
    "entry_upload_hefei": _upload("hefei", "hefei_indicator", "合肥市"),
    "entry_upload_wuhu": _upload("wuhu", "wuhu_indicator", "芜湖市"),
    "entry_return": _fixed({"data": {"reason": "与统计公报不符，请核实"}}),
    "entry_lock_hefei": _fixed({"data": {"plan": "hefei", "region": "合肥市", "period": "2021"}}),
    "entry_lock_wuhu": _fixed({"data": {"plan": "wuhu", "region": "芜湖市", "period": "2021"}}),
    "entry_unlock": _fixed({"data": {"reason": "统计局修正了2020年数据"}}),
    "entry_unlock_json": _fixed({"json": {"reason": "统计局修正了2020年数据"}, "headers": {"Accept": "application/json"}}),
    "entry_unlock_no_reason": _fixed({"data": {"plan": "hefei", "reason": " "}}),
}

ACCEPT, RETURN = "/actuals/{figure}/accept", "/actuals/{figure}/return"
CONFIRM = "/actuals/upload/{staged}/confirm"
UNLOCK = "/actuals/locks/{lock_id}/unlock"
PROGRESS = "/plans/{key}/progress.xlsx"

ROWS: tuple[Row, ...] = (
    Row("GET", "/actuals", "/actuals", PAGE, note="the grid of the first plan"),
    Row("GET", "/actuals.json", "/actuals.json", TWIN),
    Row("GET", "/actuals.json", "/actuals.json?plan=wuhu", {**WUHU_READ, "anon": 401}, note="wuhu"),
    Row("POST", "/actuals", "/actuals", writers(303), body="entry_grid_hefei", note="合肥市"),
    Row("POST", "/actuals", "/actuals", WUHU_WRITE, body="entry_grid_wuhu", note="芜湖市"),
    Row("GET", "/actuals/template.xlsx", "/actuals/template.xlsx?plan=hefei", writers(200)),
    Row("GET", "/actuals/template.xlsx", "/actuals/template.xlsx?plan=wuhu",
        only({"admin": 200, "planner_ah": 200, "planner_hf": 404, "viewer_hf": 404}), note="wuhu"),
    Row("POST", "/actuals/upload", "/actuals/upload", writers(200), body="entry_upload_hefei", note="rows for 合肥市"),
    Row("POST", "/actuals/upload", "/actuals/upload", only({"admin": 200, "planner_ah": 200, "planner_hf": 422}),
        body="entry_upload_wuhu", note="a row for 芜湖市: a row problem for 合肥's planner"),
    Row("POST", CONFIRM, "/actuals/upload/{entry_staged}/confirm",
        only({"planner_ah": 303, "admin": 404, "planner_hf": 404}), note="planner_ah's upload"),
    Row("GET", "/actuals/review", "/actuals/review", writers(200)),
    Row("GET", "/actuals/review.json", "/actuals/review.json", writers(200, anon=401)),
    Row("POST", ACCEPT, "/actuals/{entry_pending}/accept", REVIEW_HF, note="合肥市, entered by planner_hf"),
    Row("POST", RETURN, "/actuals/{entry_pending}/return", REVIEW_HF, body="entry_return",
        note="合肥市, entered by planner_hf"),
    Row("POST", ACCEPT, "/actuals/{entry_pending_wuhu}/accept", REVIEW_WUHU, note="芜湖市"),
    Row("POST", RETURN, "/actuals/{entry_pending_wuhu}/return", REVIEW_WUHU, body="entry_return", note="芜湖市"),
    Row("POST", "/actuals/locks", "/actuals/locks", writers(303), body="entry_lock_hefei", note="合肥市 2021"),
    Row("POST", "/actuals/locks", "/actuals/locks", WUHU_WRITE, body="entry_lock_wuhu", note="芜湖市 2021"),
    Row("POST", UNLOCK, "/actuals/locks/{entry_lock_hefei}/unlock", writers(303), body="entry_unlock",
        note="合肥市 2020"),
    Row("POST", UNLOCK, "/actuals/locks/{entry_lock_hefei}/unlock", writers(200, anon=401), body="entry_unlock_json",
        note="合肥市 2020, JSON"),
    Row("POST", UNLOCK, "/actuals/locks/{entry_lock_hefei}/unlock", writers(422), body="entry_unlock_no_reason",
        note="合肥市 2020, no reason"),
    Row("POST", UNLOCK, "/actuals/locks/{entry_lock_wuhu}/unlock", WUHU_WRITE, body="entry_unlock", note="芜湖市 2020"),
    Row("GET", PROGRESS, "/plans/hefei/progress.xlsx", {**dict.fromkeys(LOGGED_IN, 200), "anon": 303}),
    Row("GET", PROGRESS, "/plans/wuhu/progress.xlsx", only({"admin": 200, "planner_ah": 200}, rest=404)),
)
