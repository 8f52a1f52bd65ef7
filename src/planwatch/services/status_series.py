"""What the status maths reads of stored rows: the target of each series (allocations
applied) as columns for `progress.batch`, and the few series judged one by one.

The columns cover level and change targets. Annual flows (`indicators.flow = "annual"`,
每年新增…) and series with figures of part of a year (2019年1-9月; `series_summaries.ytd_count`)
are evaluated by the reference `progress.status.evaluate` from their figures, which knows
the period labels; there are few of them (a flow target is one indicator, and running totals
are reported for a handful of indicators), so this costs a query and a loop over them.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.progress.batch import CHANGE_CODES, COMPARATOR_CODES, Columns
from planwatch.progress.status import EPS, Point, Progress, TargetSpec, evaluate, position
from planwatch.services.series import counted
from planwatch.store.tables import Indicator, Observation

Array = np.ndarray[Any, Any]
_CHUNK = 500


def compound(ind: Indicator) -> bool:
    """年均增长15%: the change is a yearly compound rate (年均新增80家 is an annual flow instead)."""
    return "年均" in (ind.metric or "") and ind.flow is None


def target_spec(ind: Indicator, *, value: float, allocated: bool, baseline: Point | None) -> TargetSpec:
    """An indicator as the maths sees it, against `value` (the plan's target or the region's
    allocation: one number, so an allocated range is "at least the share")."""
    assert ind.target_year is not None
    return TargetSpec(
        value=value, year=int(ind.target_year), comparator="=" if allocated and ind.comparator == "range" else
        ind.comparator, value_max=None if allocated else ind.value_max, direction=ind.direction, change=ind.change,
        annual=compound(ind), percent=(ind.unit or "") == "%", baseline=baseline, plan_start=ind.start_year,
        flow=ind.flow,
    )


def allocated_values(indicators: list[Indicator], row_indicator: Array, table: Array,
                     allocs: dict[tuple[int, int], float]) -> tuple[Array, Array]:
    """Per row: whether its region has an allocation, and the target value it is measured
    against (the allocation, else the plan's target)."""
    plan_value = np.array([float(i.value or 0.0) for i in indicators] or [0.0])[row_indicator]
    if not allocs:
        return np.zeros(len(table), dtype=np.bool_), plan_value
    keys = table["indicator_id"] * (1 << 32) + table["region_id"]
    known = sorted(allocs)
    akeys = np.array([i * (1 << 32) + r for i, r in known], dtype=np.int64)
    avalues = np.array([allocs[k] for k in known])
    at = np.clip(np.searchsorted(akeys, keys), 0, len(akeys) - 1)
    hit = akeys[at] == keys
    return hit, np.where(hit, avalues[at], plan_value)


def columns(indicators: list[Indicator], row_indicator: Array, table: Array, now: float, *, value: Array,
            allocated: Array) -> Columns:
    """Target columns come per indicator and are spread to its rows by index; `value` is each
    row's target. The baseline is the plan's stated one, else the figure labelled with the
    baseline year (比2015年 → the "2015" actual; docs/methods.md, Baseline)."""

    def per_indicator(get: Any, dtype: Any = np.float64) -> Any:
        values = np.array([get(i) for i in indicators] or [0], dtype=dtype)
        return values[row_indicator]

    year = per_indicator(lambda i: math.nan if i.baseline_year is None else float(i.baseline_year))
    stated = per_indicator(lambda i: math.nan if i.baseline_value is None else float(i.baseline_value))
    observed = np.where(table["base_known"], table["base_value"], np.nan)
    base_value = np.where(np.isnan(stated), observed, stated)
    base_at = np.where(np.isnan(base_value), np.nan, year)
    comparator = per_indicator(lambda i: COMPARATOR_CODES[i.comparator], np.int64)
    ranged = allocated & (comparator == COMPARATOR_CODES["range"])
    return Columns(
        value=value,
        year=per_indicator(lambda i: float(i.target_year or 0)),
        comparator=np.where(ranged, COMPARATOR_CODES["="], comparator),
        value_max=np.where(allocated, np.nan, per_indicator(lambda i: math.nan if i.value_max is None else i.value_max)),
        direction=per_indicator(lambda i: -1 if i.direction < 0 else 1, np.int64),
        change=per_indicator(lambda i: CHANGE_CODES[i.change], np.int64),
        annual=per_indicator(compound, np.bool_),
        # 提高5个百分点 is a change in points, not a share of the baseline
        percent=per_indicator(lambda i: (i.unit or "") == "%", np.bool_),
        base_at=base_at, base_value=base_value,
        plan_start=per_indicator(lambda i: math.nan if i.start_year is None else float(i.start_year)),
        n=table["n"], first_at=table["first_at"], first_value=table["first_value"], latest_at=table["last_at"],
        latest_value=table["last_value"], sum_x=table["sum_x"], sum_y=table["sum_y"], sum_xy=table["sum_xy"],
        sum_xx=table["sum_xx"], base_seen=table["base_seen"] & (year <= now + EPS),
    )


def one_by_one_rows(indicators: list[Indicator], row_indicator: Array, table: Array) -> Array:
    """Rows the columns do not cover: annual flows, and series with running totals."""
    flows = np.array([i.flow == "annual" for i in indicators] or [False], dtype=np.bool_)[row_indicator]
    return np.flatnonzero(flows | (table["ytd_count"] > 0))


def evaluate_one_by_one(session: Session, *, rows: Array, indicators: list[Indicator], row_indicator: Array,
                        table: Array, columns: Columns, allocated: Array, as_of: date, method: str,
                        lag_months: int) -> dict[int, Progress]:
    """`status.evaluate` on each of `rows` from its figures up to `as_of`."""
    if not len(rows):
        return {}
    pairs = {(int(table["indicator_id"][i]), int(table["region_id"][i])) for i in rows}
    points = _points(session, pairs, position(as_of))
    out = {}
    for i in rows.tolist():
        ind = indicators[int(row_indicator[i])]
        base = None
        if math.isfinite(columns.base_at[i]):
            base = Point(float(columns.base_at[i]), float(columns.base_value[i]), str(int(columns.base_at[i])))
        spec = target_spec(ind, value=float(columns.value[i]), allocated=bool(allocated[i]), baseline=base)
        found = points.get((ind.id, int(table["region_id"][i])), [])
        out[i] = evaluate(spec, found, as_of=as_of, method=method, lag_months=lag_months)
    return out


def _points(session: Session, pairs: set[tuple[int, int]], now: float) -> dict[tuple[int, int], list[Point]]:
    """The figures of these series up to position `now`, in time order (ties: by label)."""
    o = Observation
    ids = sorted({i for i, _ in pairs})
    regions = sorted({r for _, r in pairs})
    out: dict[tuple[int, int], list[Point]] = {}
    for start in range(0, len(ids), _CHUNK):
        query = (select(o.indicator_id, o.region_id, o.at, o.value, o.period)
                 .where(o.indicator_id.in_(ids[start:start + _CHUNK]), o.at <= now + EPS, counted())
                 .order_by(o.indicator_id, o.region_id, o.at, o.period))
        if len(regions) <= _CHUNK:
            query = query.where(o.region_id.in_(regions))
        for ind, reg, at, value, period in session.execute(query):
            if (ind, reg) in pairs:
                out.setdefault((ind, reg), []).append(Point(float(at), float(value), period))
    return out


__all__ = ["allocated_values", "columns", "compound", "evaluate_one_by_one", "one_by_one_rows", "target_spec"]
