"""Matrix rows of the `circular` page group (see `matrix_parts/__init__.py`).

Readers of a region's circular: admin, planners and viewers whose scope holds the region
(合肥市: all three scopes; 芜湖市: admin and planner_ah; the 合肥 users get 404). Reporters:
403 everywhere. Writers (issue, profile): admin and planners in scope; the viewer 403.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planwatch.services import circular as service
from planwatch.store import Store

from ..matrix_kit import LOGGED_IN, Body, Facts, Row, only

PERIOD = "2024-06"
HF, WH = f"region=合肥市&period={PERIOD}", f"region=芜湖市&period={PERIOD}"


def _read(code: int, *, anon: int = 303, wuhu: bool = False) -> dict[str, int]:
    if wuhu:
        return only({"admin": code, "planner_ah": code}, rest=404, anon=anon) | {"reporter": 403, "reporter_jxj": 403}
    return only({"admin": code, "planner_hf": code, "planner_ah": code, "viewer_hf": code}, anon=anon)


def _write(code: int, *, anon: int = 303, wuhu: bool = False) -> dict[str, int]:
    if wuhu:
        return only({"admin": code, "planner_ah": code}, rest=404, anon=anon) | {"reporter": 403, "reporter_jxj": 403}
    return only({"admin": code, "planner_hf": code, "planner_ah": code}, anon=anon)


ISSUED = "/circulars/issued/{issue_id}/{fmt}"
ROWS: tuple[Row, ...] = (
    # Pages without a query (the twin test appends .json to the path): each user's own region,
    # the month before today. Other regions' pages are checked in tests/web/test_circular.py.
    Row("GET", "/circulars", "/circulars", _read(200)),
    Row("GET", "/circulars.json", "/circulars.json", _read(200, anon=401)),
    Row("GET", "/circulars/file/{fmt}", f"/circulars/file/docx?{HF}", _read(200)),
    Row("GET", "/circulars/file/{fmt}", f"/circulars/file/xlsx?{HF}", _read(200)),
    Row("GET", "/circulars/file/{fmt}", f"/circulars/file/pdf?{WH}", _read(200, wuhu=True), note="芜湖市"),
    Row("GET", ISSUED, "/circulars/issued/{hefei_issue}/pdf", _read(200)),
    Row("GET", ISSUED, "/circulars/issued/{wuhu_issue}/docx", _read(200, wuhu=True), note="芜湖市"),
    Row("GET", "/circulars/profile", "/circulars/profile", _write(200)),
    Row("GET", "/circulars/profile.json", "/circulars/profile.json", _write(200, anon=401)),
    Row("POST", "/circulars/profile", "/circulars/profile", _write(303), body="circular_profile_hf"),
    Row("POST", "/circulars/profile", "/circulars/profile", _write(303, wuhu=True), body="circular_profile_wh",
        note="芜湖市"),
    Row("POST", "/circulars/issue", "/circulars/issue", _write(303), body="circular_issue_hf"),
    Row("POST", "/circulars/issue", "/circulars/issue", _write(303, wuhu=True), body="circular_issue_wh",
        note="芜湖市"),
)
assert all(set(r.expect) == {*LOGGED_IN, "anon"} for r in ROWS)


def _profile(region: str) -> Body:
    def body(user: str, facts: Facts) -> dict[str, Any]:
        return {"data": {"region": region, "issuer": f"{region}发展和改革委员会", "mark": f"{region}发展和改革委员会文件",
                         "number_prefix": f"{region[0]}发改规划", "next_number": "12", "recipients": "各县（市、区）人民政府",
                         "cc": "", "editor": f"{region}发展和改革委员会", "bulletin": "规划实施推进情况通报",
                         "next_issue": "3", "report_day": "25"}}
    return body


def _issue(region: str) -> Body:
    return lambda user, facts: {"data": {"region": region, "period": PERIOD, "layout": "jianbao"}}


BODIES: dict[str, Body] = {
    "circular_profile_hf": _profile("合肥市"), "circular_profile_wh": _profile("芜湖市"),
    "circular_issue_hf": _issue("合肥市"), "circular_issue_wh": _issue("芜湖市"),
}


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """One issued circular of each region (its files are what the `issued` rows download)."""
    out = {}
    when = datetime(2024, 7, 5, 9, 0, tzinfo=UTC)
    for region, key in (("合肥市", "hefei_issue"), ("芜湖市", "wuhu_issue")):
        with store.transaction(actor="matrix") as s:
            out[key] = service.issue(s, region=region, period=PERIOD, generated_at=when, actor="matrix").id
    return out
