"""Matrix rows of the `compare` page group (对标 and 同质化; see `matrix_parts/__init__.py`).

World: hefei and wuhu each linked to the other as the plan compared with (a planner may
compare a plan with any plan; no new plan is added, so the core listings stay as they are).
A reader of hefei reads hefei's page, but wuhu's plan stays 404 for 合肥's users even as
hefei's linked comparison: the page then shows no parent, and ?parent=wuhu is 404.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planwatch.services.compare import set_link
from planwatch.store import Store

from ..matrix_kit import PAGE, TWIN, WUHU_PAGE, WUHU_TWIN, WUHU_WRITE, Body, Facts, Row, only, writers

COMPARE, LINK, DECIDE, OVERLAP = ("/plans/{key}/compare", "/plans/{key}/compare/link",
                                  "/plans/{key}/compare/decisions", "/regions/{name}/overlap")
ANHUI_READERS = only({"admin": 200, "planner_ah": 200, "reporter": 200, "reporter_jxj": 200}, rest=404)

ROWS: tuple[Row, ...] = (
    Row("GET", "/compare", "/compare", PAGE),
    Row("GET", "/compare.json", "/compare.json", TWIN),
    Row("GET", COMPARE, "/plans/hefei/compare", PAGE, note="linked to wuhu: shown only to wuhu's readers"),
    Row("GET", COMPARE + ".json", "/plans/hefei/compare.json", TWIN, note="linked to wuhu"),
    Row("GET", COMPARE + ".json", "/plans/hefei/compare.json?parent=wuhu",
        only({"admin": 200, "planner_ah": 200}, rest=404, anon=401), note="a sibling city's plan"),
    Row("GET", COMPARE, "/plans/wuhu/compare", WUHU_PAGE),
    Row("GET", COMPARE + ".json", "/plans/wuhu/compare.json", WUHU_TWIN),
    Row("POST", LINK, "/plans/hefei/compare/link", {**writers(303), "planner_hf": 404}, body="link_wuhu",
        note="合肥's planner may not read wuhu"),
    Row("POST", LINK, "/plans/wuhu/compare/link", WUHU_WRITE(303), body="link_hefei"),
    Row("POST", DECIDE, "/plans/hefei/compare/decisions", writers(303), body="compare_decision"),
    Row("POST", DECIDE, "/plans/wuhu/compare/decisions", WUHU_WRITE(303), body="compare_decision"),
    Row("GET", OVERLAP, "/regions/合肥市/overlap", PAGE),
    Row("GET", OVERLAP + ".json", "/regions/合肥市/overlap.json", TWIN),
    Row("GET", OVERLAP, "/regions/安徽省/overlap", ANHUI_READERS,
        note="合肥's planner and viewer: out of scope; reporters: their plans only"),
    Row("GET", OVERLAP + ".json", "/regions/安徽省/overlap.json?level=1", {**ANHUI_READERS, "anon": 401}),
)


def _fixed(kwargs: dict[str, Any]) -> Body:
    return lambda user, facts: kwargs


BODIES: dict[str, Body] = {
    "link_wuhu": _fixed({"data": {"parent": "wuhu"}}),
    "link_hefei": _fixed({"data": {"parent": "hefei"}}),
    "compare_decision": _fixed({"data": {"parent_metric": "规模以上工业增加值", "child_metric": "机器人产业产值",
                                         "decision": "different"}}),
}


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """hefei and wuhu linked to each other."""
    with store.transaction(actor="matrix") as s:
        set_link(s, key="hefei", parent_key="wuhu")
        set_link(s, key="wuhu", parent_key="hefei")
    return {}


__all__ = ["BODIES", "ROWS", "Facts", "extend"]
