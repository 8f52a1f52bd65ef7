"""The 数据填报 grid: the plan's indicators for one region and period, each with its figure
(if any: value, unit, source, note, review state, who entered and reviewed it) and the
previous accepted figures beside; saving the grid goes through `observations.observe_rows`
like a file upload, so the grid and the file refuse exactly the same figures."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import ValidationError
from planwatch.model import Plan as PlanModel
from planwatch.services import entry
from planwatch.services.actuals_file import ActualRow
from planwatch.services.auth import Principal
from planwatch.services.materialise import plan_years
from planwatch.services.observations import Recorded, match_indicator, observe_rows
from planwatch.services.periods import read_period
from planwatch.store.tables import Indicator, Observation, Plan, PlanVersion, Region

PREVIOUS = 3  # accepted figures shown beside each cell
FIELD_LABELS = {"plan": "规划", "indicator": "指标", "region": "地区", "period": "期间", "value": "数值",
                "unit": "单位", "source": "来源", "year": "年份", "state": "状态", "version": "版本",
                "reason": "理由", "note": "备注"}
_PROBLEM = re.compile(r"row (?P<row>\d+): (?:(?P<field>[a-z]+)\b)?")


def indicators_of(session: Session, plan: Plan) -> list[Indicator]:
    query = (select(Indicator).where(Indicator.plan_version_id == plan.current_version_id,
                                     Indicator.retired_at.is_(None)).order_by(Indicator.position, Indicator.id))
    return list(session.scalars(query))


def years_of(session: Session, plan: Plan) -> tuple[int, int] | None:
    version = session.get(PlanVersion, plan.current_version_id)
    return plan_years(PlanModel.model_validate(version.extracted)) if version is not None else None


def periods_due(session: Session, plan: Plan, *, today: date) -> list[str]:
    """The years of the plan whose figures are due by `today` (the plan's first year up to
    last year), newest first; this year alone for a plan that has not started."""
    years = years_of(session, plan)
    if years is None:
        return [str(today.year - 1)]
    last = min(years[1], today.year - 1)
    return [str(y) for y in range(last, years[0] - 1, -1)] or [str(min(years[0], today.year))]


def one_per_metric(indicators: list[Indicator], year: int) -> list[Indicator]:
    """One indicator per (metric, unit): the target in force for `year`, as an import picks it."""
    out: dict[tuple[str, str | None], Indicator] = {}
    for ind in indicators:
        key = (ind.metric, ind.unit)
        if key not in out:
            picked = match_indicator(tuple(i for i in indicators if (i.metric, i.unit) == key), str(ind.metric),
                                     year=year)
            out[key] = picked if isinstance(picked, Indicator) else ind
    return list(out.values())


def read_label(period: str) -> tuple[str, date, date]:
    parsed = read_period(period)
    if isinstance(parsed, str):
        raise ValidationError("筛选条件 (filters)", [parsed])
    return parsed


def grid(session: Session, who: Principal, *, plan: Plan, region: Region, period: str) -> list[dict[str, Any]]:
    """One row per indicator of the plan for the region and period."""
    label, start, _end = read_label(period)
    all_indicators = indicators_of(session, plan)
    shown = one_per_metric(all_indicators, start.year)
    same = {ind.id: [i.id for i in all_indicators if (i.metric, i.unit) == (ind.metric, ind.unit)] for ind in shown}
    ids = [i for group in same.values() for i in group]
    figures = session.scalars(select(Observation).where(Observation.indicator_id.in_(ids),
                                                        Observation.region_id == region.id)
                              .order_by(Observation.at.desc(), Observation.period.desc())).all()
    writable = entry.may_enter(session, who, plan, region.id)
    lock = entry.locked(session, indicator_id=shown[0].id, region_id=region.id, period=label) if shown else None
    rows = []
    for ind in shown:
        mine = [f for f in figures if f.indicator_id in same[ind.id]]
        current = next((f for f in mine if f.period == label), None)
        previous = [entry.figure_view(f) for f in mine if f.period != label and f.review_state == "accepted"]
        open_ = writable and lock is None and (current is None or current.review_state == "returned")
        rows.append({"indicator_id": ind.id, "metric": ind.metric, "category": ind.category, "unit": ind.unit,
                     "target": ind.value, "target_year": ind.target_year,
                     "figure": entry.figure_view(current) if current else None,
                     "previous": previous[:PREVIOUS], "editable": open_, "locked": lock is not None})
    return rows


def save_grid(session: Session, who: Principal, *, plan: Plan, region: Region, period: str,
              cells: dict[int, dict[str, str]]) -> Recorded:
    """Store the figures typed into the grid (`cells`: indicator id → value, unit, source,
    note); the row number of a problem is the indicator's id."""
    label = read_label(period)[0]
    units = {i.id: i.unit or "" for i in indicators_of(session, plan)}  # a blank unit cell: the indicator's
    rows = [ActualRow(line=ind_id, plan=plan.key, indicator=str(ind_id), region=region.name, period=label,
                      value=c.get("value", "").strip(), unit=c.get("unit", "").strip() or units.get(ind_id, ""),
                      source=c.get("source", "").strip(), note=c.get("note", "").strip())
            for ind_id, c in sorted(cells.items()) if c.get("value", "").strip()]
    if not rows:
        raise ValidationError("填报 (entry)", ["value: no figure entered (请至少填写一个数值)"])
    return observe_rows(session, rows=rows, source="填报 (entry)", entrant=entry.entrant(session, who))


def problem_table(problems: list[str]) -> list[dict[str, Any]]:
    """Problems as rows of a table: row number, field (in Chinese), the message."""
    out = []
    for p in problems:
        m = _PROBLEM.match(p)
        field = (m["field"] if m else None) or ""
        out.append({"row": int(m["row"]) if m else None, "field": field, "field_label": FIELD_LABELS.get(field, "—"),
                    "message": p[m.end(0) - len(field):] if m else p})
    return out
