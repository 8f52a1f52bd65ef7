"""Progress of every tracked indicator of the published plans: the 进度 table.

A refresh reads one summary row per (indicator, region) series (`services.series`), never
the observations behind it, and evaluates all of them at once on columns
(`progress.batch`, which answers as the reference `progress.status.evaluate`). Series whose
latest figure is after `as_of` are summarised again from their older figures only.

Where a target was split among sub-regions (`planwatch allocate`), each allocated region is
measured against its own share (same comparator, change and year), and an allocated region
without figures still gets a row, so the county that has not reported shows. The few series
the columns do not cover — annual flows (每年新增…) and series with figures of part of a
year (2019年1-9月, 序时进度) — are evaluated one by one from their figures
(`services.status_series`).

`status_frame` returns the columns (a province-wide refresh: hundreds of thousands of
series); `plan_status` turns them into rows for the table, JSON and the reports;
`status_for` gives the rows of one indicator by region (assessment).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError
from planwatch.progress.batch import STATUSES, Results, evaluate_columns
from planwatch.progress.status import EPS, METHODS, Progress, position
from planwatch.progress.timing import DATA_LAG_MONTHS, check_lag
from planwatch.services import series
from planwatch.services.regions import resolve_region
from planwatch.services.status_series import allocated_values, columns, evaluate_one_by_one, one_by_one_rows
from planwatch.store.tables import Indicator, Plan, Region, TargetAllocation


@dataclass(frozen=True)
class StatusRow:
    plan: str
    indicator_id: int
    metric: str
    region: str | None
    unit: str | None
    # value, value_max, comparator, year (the indicator's), source ("allocation": the region's
    # share from `allocate`, "plan": the plan's target), flow ("annual" or None) and
    # judged_year (the year judged: the target year, or an annual flow's latest year)
    target: dict[str, Any]
    baseline: dict[str, Any]
    latest: dict[str, Any]
    achievement: float | None
    elapsed: float | None  # 序时进度 at the measure point (docs/methods.md)
    status: str
    status_label: str
    forecast: float | None
    method: str
    ratio: float | None = None  # the method's pace index (1.0 = exactly on pace)
    forecast_met: bool | None = None  # whether the forecast would meet the target
    region_id: int | None = None
    covered: float | None = None  # share of the way from the baseline to the target covered
    gap: float | None = None  # covered − elapsed in 个百分点 (差距; positive: ahead of 序时进度)

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
    target_value: np.ndarray[Any, Any]  # the target each row is measured against
    allocated: np.ndarray[Any, Any]  # True where that target is the region's allocation
    one_by_one: dict[int, Progress]  # rows evaluated by `status.evaluate` (flows, running totals)

    def __len__(self) -> int:
        return len(self.results)

    def status_codes(self) -> np.ndarray[Any, Any]:
        """Index into `progress.batch.STATUSES` per row."""
        codes = self.results.status
        if not self.one_by_one:
            return codes
        codes = codes.copy()
        where = {s: i for i, s in enumerate(STATUSES)}
        for i, p in self.one_by_one.items():
            codes[i] = where[p.status]
        return codes

    def counts(self) -> dict[str, int]:
        found = np.bincount(self.status_codes(), minlength=len(STATUSES))
        return {s: int(found[i]) for i, s in enumerate(STATUSES)}

    def progress(self, i: int) -> Progress:
        return self.one_by_one.get(i) or self.results.progress(i, self.latest_period[i])

    def rows(self, session: Session) -> list[StatusRow]:
        ids = {int(r) for r in set(self.row_region.tolist()) if r >= 0}
        names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(ids))).all()) if ids else {}
        return [self._row(i, names) for i in range(len(self))]

    def _row(self, i: int, names: dict[int, str]) -> StatusRow:
        ind = self.indicators[int(self.row_indicator[i])]
        region = int(self.row_region[i])
        p = self.progress(i)
        allocated = bool(self.allocated[i])
        return StatusRow(
            plan=self.plans[int(self.row_indicator[i])], indicator_id=ind.id, metric=ind.metric,
            region=names.get(region) if region >= 0 else None, unit=ind.unit,
            target={"value": float(self.target_value[i]), "value_max": None if allocated else ind.value_max,
                    "comparator": "=" if allocated and ind.comparator == "range" else ind.comparator,
                    "year": ind.target_year, "source": "allocation" if allocated else "plan", "flow": ind.flow,
                    "judged_year": p.year},
            baseline={"value": p.baseline.value if p.baseline else ind.baseline_value,
                      "year": _year_of(p.baseline) if p.baseline else ind.baseline_year},
            latest={"value": p.latest.value if p.latest else None, "period": p.latest.period if p.latest else None},
            achievement=_round(p.achievement), elapsed=_round(p.elapsed), status=p.status,
            status_label=p.status_label, forecast=p.forecast, method=p.method, ratio=_round(p.ratio),
            forecast_met=p.forecast_met, region_id=region if region >= 0 else None, covered=_round(p.covered),
            gap=None if p.gap is None else round(p.gap, 2),
        )


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def plan_status(session: Session, *, as_of: date, plan: str | None = None, region: str | None = None,
                method: str = "cagr", lag_months: int = DATA_LAG_MONTHS) -> list[StatusRow]:
    """One row per indicator and region with actuals or an allocation; indicators with
    neither get a no-data row for the plan's own region (or the region asked for)."""
    frame = status_frame(session, as_of=as_of, plan=plan, region=region, method=method, lag_months=lag_months)
    return frame.rows(session)


def _year_of(point: Any) -> int:
    """The calendar year a figure belongs to: 2015 for the 2015 figure (at 2015.0), 2018 for
    a 2018-05 one (at 2017.42 — positions count from the end of the year before).

    >>> from planwatch.progress.status import Point
    >>> _year_of(Point(2015.0, 1.0, "2015")), _year_of(Point(2017 + 5 / 12, 1.0, "2018-05"))
    (2015, 2018)
    """
    label = getattr(point, "period", "") or ""
    if label[:4].isdigit():
        return int(label[:4])
    at = float(point.at)
    return int(at) if at.is_integer() else int(at) + 1


def status_for(session: Session, *, indicator_id: int, region_ids: Collection[int], as_of: date,
               method: str = "cagr", lag_months: int = DATA_LAG_MONTHS) -> dict[int, StatusRow]:
    """The status of one indicator in each of these regions, each against its allocation
    where it has one (else the plan's target); a region without figures gets a no-data row.
    For assessment (考核): `row.status == "achieved"` is "met its target"."""
    frame = status_frame(session, as_of=as_of, method=method, lag_months=lag_months, indicator_ids=[indicator_id],
                         region_ids=list(region_ids))
    if not frame.indicators:
        raise NotFoundError(f"indicator #{indicator_id}: not a tracked indicator of a published plan's current version")
    return {row.region_id: row for row in frame.rows(session) if row.region_id is not None}


def status_frame(session: Session, *, as_of: date, plan: str | None = None, region: str | None = None,
                 method: str = "cagr", lag_months: int = DATA_LAG_MONTHS,
                 indicator_ids: Collection[int] | None = None,
                 region_ids: Collection[int] | None = None) -> StatusFrame:
    """The refresh: every (indicator, region) series of the published plans, evaluated.
    `region` (a name) or `region_ids` keep those regions, each with a row per indicator."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    check_lag(lag_months)
    regions = [resolve_region(session, name=region).id] if region else (
        sorted(set(region_ids)) if region_ids is not None else None)
    found = _indicators(session, plan, indicator_ids)
    plans = [k for k, _r, _i in found]
    indicators = [i for _k, _r, i in found]
    now = position(as_of)
    ids = [i.id for i in indicators]
    table = _summaries(session, ids, regions, now) if indicators else _empty([], [])
    allocs = _allocations(session, ids, regions) if indicators else {}
    table = _complete(table, found, allocs, regions)
    slots = np.full(max(ids, default=0) + 1, -1, dtype=np.int64)
    slots[ids] = np.arange(len(indicators))
    row_indicator = slots[table["indicator_id"]]
    order = np.lexsort((table["region_id"], row_indicator))  # table order: plan, indicator position, region
    table, row_indicator = table[order], row_indicator[order]
    allocated, value = allocated_values(indicators, row_indicator, table, allocs)
    cols = columns(indicators, row_indicator, table, now, value=value, allocated=allocated)
    results = evaluate_columns(cols, as_of=as_of, method=method, lag_months=lag_months)
    rows = one_by_one_rows(indicators, row_indicator, table)
    singles = evaluate_one_by_one(session, rows=rows, indicators=indicators, row_indicator=row_indicator, table=table,
                                  columns=cols, allocated=allocated, as_of=as_of, method=method,
                                  lag_months=lag_months)
    return StatusFrame(plans=plans, indicators=indicators, row_indicator=row_indicator,
                       row_region=table["region_id"].copy(), latest_period=table["last_period"].tolist(),
                       results=results, target_value=value, allocated=allocated, one_by_one=singles)


def _indicators(session: Session, plan_key: str | None,
                indicator_ids: Collection[int] | None) -> list[tuple[str, int | None, Indicator]]:
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
    if indicator_ids is not None:
        query = query.where(Indicator.id.in_(list(indicator_ids)))
    return [(k, r, i) for k, r, i in session.execute(query)]


def _allocations(session: Session, ids: list[int], regions: list[int] | None) -> dict[tuple[int, int], float]:
    """(indicator, region) → the allocated value (`planwatch allocate`)."""
    out: dict[tuple[int, int], float] = {}
    t = TargetAllocation
    for start in range(0, len(ids), 500):
        query = select(t.indicator_id, t.region_id, t.value).where(t.indicator_id.in_(ids[start:start + 500]),
                                                                     t.value.is_not(None))
        if regions is not None:
            query = query.where(t.region_id.in_(regions))
        out.update({(i, r): float(v) for i, r, v in session.execute(query) if v is not None})
    return out


def _complete(table: np.ndarray[Any, Any], found: list[tuple[str, int | None, Indicator]],
              allocs: dict[tuple[int, int], float], regions: list[int] | None) -> np.ndarray[Any, Any]:
    """Rows for the series without figures that a planner must see: allocated regions; every
    region asked for; else the plan's region for an indicator with no row at all."""
    keys = table["indicator_id"] * (1 << 32) + table["region_id"]
    wanted = list(allocs)
    if regions is not None:
        wanted += [(ind.id, r) for _k, _p, ind in found for r in regions]
    extra: list[tuple[int, int]] = []
    if wanted:
        codes = np.array([i * (1 << 32) + r for i, r in wanted], dtype=np.int64)
        missing = ~np.isin(codes, keys)
        extra = list(dict.fromkeys(pair for pair, gone in zip(wanted, missing.tolist(), strict=True) if gone))
    if regions is None:
        with_rows = set(np.unique(table["indicator_id"]).tolist()) | {i for i, _r in extra}
        extra += [(ind.id, -1 if where is None else where) for _k, where, ind in found if ind.id not in with_rows]
    if not extra:
        return table
    return np.concatenate([table, _empty([i for i, _ in extra], [r for _, r in extra])])


def _empty(indicator_ids: list[int], region_ids: list[int]) -> np.ndarray[Any, Any]:
    """Series with no figure (yet, or up to `as_of`)."""
    out = np.zeros(len(indicator_ids), dtype=series.FRAME)
    out["indicator_id"], out["region_id"] = indicator_ids, region_ids
    for name in ("first_at", "first_value", "last_at", "last_value"):
        out[name] = np.nan
    return out


def _summaries(session: Session, ids: list[int], regions: list[int] | None, now: float) -> np.ndarray[Any, Any]:
    """Kept summaries; those with figures after `as_of` are summarised again from the older
    figures only."""
    kept = series.frame(session, indicator_ids=ids, region_ids=regions)
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


__all__ = ["StatusFrame", "StatusRow", "plan_status", "status_for", "status_frame"]
