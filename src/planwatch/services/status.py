"""Progress of every tracked indicator of the published plans: the 进度 table.

A refresh reads one summary row per (indicator, region) series (`services.series`), never
the observations behind it, and evaluates all of them at once on columns
(`progress.batch`, which answers as the reference `progress.status.evaluate`). Series whose
latest figure is after `as_of` are summarised again from their older figures only.
`status_frame` returns the columns (a province-wide refresh: hundreds of thousands of
series); `plan_status` turns them into rows for the table, JSON and the reports.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError
from planwatch.progress.batch import CHANGE_CODES, COMPARATOR_CODES, Columns, Results, evaluate_columns
from planwatch.progress.status import EPS, METHODS, position
from planwatch.services import series
from planwatch.services.regions import resolve_region
from planwatch.store.tables import Indicator, Plan, Region


@dataclass(frozen=True)
class StatusRow:
    plan: str
    indicator_id: int
    metric: str
    region: str | None
    unit: str | None
    target: dict[str, Any]
    baseline: dict[str, Any]
    latest: dict[str, Any]
    achievement: float | None
    elapsed: float | None
    status: str
    status_label: str
    forecast: float | None
    method: str
    ratio: float | None = None  # the method's pace index (1.0 = exactly on pace)
    forecast_met: bool | None = None  # whether the forecast would meet the target

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StatusFrame:
    """Statuses of many series as columns, in table order (plan, indicator position, region)."""

    plans: list[str]
    indicators: list[Indicator]
    row_indicator: np.ndarray[Any, Any]  # index into `indicators` per row
    row_region: np.ndarray[Any, Any]  # region id per row, −1 for none
    latest_period: list[str]
    results: Results

    def __len__(self) -> int:
        return len(self.results)

    def counts(self) -> dict[str, int]:
        return self.results.counts()

    def rows(self, session: Session) -> list[StatusRow]:
        ids = {int(r) for r in set(self.row_region.tolist()) if r >= 0}
        names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(ids))).all()) if ids else {}
        out = []
        for i in range(len(self)):
            ind = self.indicators[int(self.row_indicator[i])]
            region = int(self.row_region[i])
            p = self.results.progress(i, self.latest_period[i])
            out.append(StatusRow(
                plan=self.plans[int(self.row_indicator[i])], indicator_id=ind.id, metric=ind.metric,
                region=names.get(region) if region >= 0 else None, unit=ind.unit,
                target={"value": ind.value, "value_max": ind.value_max, "comparator": ind.comparator,
                        "year": ind.target_year},
                baseline={"value": p.baseline.value if p.baseline else None,
                          "year": int(p.baseline.at) if p.baseline else ind.baseline_year},
                latest={"value": p.latest.value if p.latest else None, "period": p.latest.period if p.latest else None},
                achievement=None if p.achievement is None else round(p.achievement, 4),
                elapsed=None if p.elapsed is None else round(p.elapsed, 4),
                status=p.status, status_label=p.status_label, forecast=p.forecast, method=p.method,
                ratio=None if p.ratio is None else round(p.ratio, 4), forecast_met=p.forecast_met,
            ))
        return out


def plan_status(session: Session, *, as_of: date, plan: str | None = None, region: str | None = None,
                method: str = "cagr") -> list[StatusRow]:
    """One row per indicator and region with actuals; indicators with none get a no-data row
    for the plan's own region (or the region asked for)."""
    return status_frame(session, as_of=as_of, plan=plan, region=region, method=method).rows(session)


def status_frame(session: Session, *, as_of: date, plan: str | None = None, region: str | None = None,
                 method: str = "cagr") -> StatusFrame:
    """The refresh: every (indicator, region) series of the published plans, evaluated."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    region_id = resolve_region(session, name=region).id if region else None
    found = _indicators(session, plan)
    plans = [k for k, _r, _i in found]
    indicators = [i for _k, _r, i in found]
    now = position(as_of)
    table = _summaries(session, [i.id for i in indicators], region_id, now) if indicators else _empty([], [])
    # Indicators without any series get one no-data row (their plan's region, or the one asked for).
    with_series = set(np.unique(table["indicator_id"]).tolist())
    missing = [(ind, region_id if region_id is not None else plan_region)
               for _k, plan_region, ind in found if ind.id not in with_series]
    if missing:
        table = np.concatenate([table, _empty([ind.id for ind, _ in missing],
                                              [-1 if where is None else where for _, where in missing])])
    slots = np.full(max((i.id for i in indicators), default=0) + 1, -1, dtype=np.int64)
    slots[[i.id for i in indicators]] = np.arange(len(indicators))
    row_indicator = slots[table["indicator_id"]]
    order = np.lexsort((table["region_id"], row_indicator))  # table order: plan, indicator position, region
    table, row_indicator = table[order], row_indicator[order]
    columns = _columns(indicators, row_indicator, table, now)
    results = evaluate_columns(columns, as_of=as_of, method=method)
    return StatusFrame(plans=plans, indicators=indicators, row_indicator=row_indicator,
                       row_region=table["region_id"].copy(), latest_period=table["last_period"].tolist(),
                       results=results)


def _indicators(session: Session, plan_key: str | None) -> list[tuple[str, int | None, Indicator]]:
    query = (
        select(Plan.key, Plan.region_id, Indicator)
        .join(Indicator, Indicator.plan_version_id == Plan.current_version_id)
        .where(Indicator.value.is_not(None), Indicator.target_year.is_not(None))
        .order_by(Plan.key, Indicator.position, Indicator.id)
    )
    if plan_key is not None:
        if session.scalar(select(Plan.id).where(Plan.key == plan_key)) is None:
            raise NotFoundError(f"plan {plan_key!r}: no such plan (see `planwatch plans`)")
        query = query.where(Plan.key == plan_key)
    return [(k, r, i) for k, r, i in session.execute(query)]


def _empty(indicator_ids: list[int], region_ids: list[int]) -> np.ndarray[Any, Any]:
    """Series with no figure (yet, or up to `as_of`)."""
    out = np.zeros(len(indicator_ids), dtype=series.FRAME)
    out["indicator_id"], out["region_id"] = indicator_ids, region_ids
    for name in ("first_at", "first_value", "last_at", "last_value"):
        out[name] = np.nan
    return out


def _summaries(session: Session, ids: list[int], region_id: int | None, now: float) -> np.ndarray[Any, Any]:
    """Kept summaries; those with figures after `as_of` are summarised again from the older
    figures only."""
    kept = series.frame(session, indicator_ids=ids, region_ids=[region_id] if region_id is not None else None)
    stale = kept["last_at"] > now + EPS
    if not stale.any():
        return kept
    pairs = sorted(set(zip(kept["indicator_id"][stale].tolist(), kept["region_id"][stale].tolist(), strict=True)))
    again = series.frame(session, upto=now, indicator_ids={i for i, _ in pairs}, region_ids={g for _, g in pairs})
    found = dict(zip(zip(again["indicator_id"].tolist(), again["region_id"].tolist(), strict=True),
                     range(len(again)), strict=True))
    hits = [found[p] for p in pairs if p in found]
    lost = [p for p in pairs if p not in found]  # every figure is after as_of
    return np.concatenate([kept[~stale], again[hits], _empty([i for i, _ in lost], [g for _, g in lost])])


def _columns(indicators: list[Indicator], row_indicator: np.ndarray[Any, Any], table: np.ndarray[Any, Any],
             now: float) -> Columns:
    """Target columns come per indicator and are spread to its rows by index. The baseline
    is the plan's stated one, else the figure labelled with the baseline year (比2015年 → the
    "2015" actual; docs/methods.md, Baseline)."""

    def per_indicator(get: Any, dtype: Any = np.float64) -> Any:
        values = np.array([get(i) for i in indicators] or [0], dtype=dtype)
        return values[row_indicator]

    year = per_indicator(lambda i: math.nan if i.baseline_year is None else float(i.baseline_year))
    stated = per_indicator(lambda i: math.nan if i.baseline_value is None else float(i.baseline_value))
    observed = np.where(table["base_known"], table["base_value"], np.nan)
    base_value = np.where(np.isnan(stated), observed, stated)
    base_at = np.where(np.isnan(base_value), np.nan, year)
    return Columns(
        value=per_indicator(lambda i: float(i.value or 0.0)),
        year=per_indicator(lambda i: float(i.target_year or 0)),
        comparator=per_indicator(lambda i: COMPARATOR_CODES[i.comparator], np.int64),
        value_max=per_indicator(lambda i: math.nan if i.value_max is None else i.value_max),
        direction=per_indicator(lambda i: -1 if i.direction < 0 else 1, np.int64),
        change=per_indicator(lambda i: CHANGE_CODES[i.change], np.int64),
        annual=per_indicator(lambda i: "年均" in (i.metric or ""), np.bool_),
        # 提高5个百分点 is a change in points, not a share of the baseline
        percent=per_indicator(lambda i: (i.unit or "") == "%", np.bool_),
        base_at=base_at, base_value=base_value,
        n=table["n"], first_at=table["first_at"], first_value=table["first_value"], latest_at=table["last_at"],
        latest_value=table["last_value"], sum_x=table["sum_x"], sum_y=table["sum_y"], sum_xy=table["sum_xy"],
        sum_xx=table["sum_xx"], base_seen=table["base_seen"] & (year <= now + EPS),
    )


__all__ = ["StatusFrame", "StatusRow", "plan_status", "status_frame"]
