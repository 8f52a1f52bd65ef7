"""An assessment run as an .xlsx workbook with Chinese headers: the ranking (名次, 地区, one
column per 小项, per 大项, 加减分, 总分, 名次变化, 加减分说明) and a sheet of the run's facts
and warnings. Rows in, bytes out."""

from __future__ import annotations

from typing import Any

from planwatch.services.assessment_schemes import StoredRun
from planwatch.services.xlsx_export import Sheet, workbook_bytes


def _change(value: object) -> str:
    if not isinstance(value, int):
        return "—"
    return "持平" if value == 0 else (f"上升{value}位" if value > 0 else f"下降{-value}位")


def ranking_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of a ranking, the columns the page shows."""
    items = list(rows[0]["items"]) if rows else []
    groups = list(rows[0].get("groups") or {}) if rows else []
    headers = ["名次", "地区", *items, *(f"{g}（大项）" for g in groups), "加减分", "总分", "上次名次", "名次变化",
               "加减分说明"]
    body = [[r["rank"], r["region"], *(r["items"].get(i) for i in items), *(r["groups"].get(g) for g in groups),
             r.get("adjustment") or 0, r["total"], r.get("previous_rank"), _change(r.get("rank_change")),
             "；".join(r.get("reasons") or [])] for r in rows]
    return headers, body


def run_workbook(run: StoredRun, *, title: str) -> bytes:
    """The run's ranking and its facts as an .xlsx file."""
    headers, body = ranking_table(run.rows)
    facts: list[list[Any]] = [["考核方案", run.scheme], ["方案名称", title], ["方案版本", run.scheme_version],
             ["考核截至日期", run.as_of], ["计算人", run.run_by], ["计算时间", run.run_at.replace(tzinfo=None)],
             *(["提示", w] for w in run.warnings)]
    return workbook_bytes([
        Sheet(title="考核排名", headers=headers, rows=body,
              formats={h: "0.00" for h in headers[2:-3] if h != "名次"}),
        Sheet(title="说明", headers=["项目", "内容"], rows=facts),
    ])
