"""Progress of every tracked indicator of the published plans: the 进度 table.

Reads indicators and observations in two queries (the refresh of a large database is one
pass), and hands each (indicator, region) series to the pure `progress.status.evaluate`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError
from planwatch.progress.status import Point, Progress, TargetSpec, evaluate, position
from planwatch.services.regions import resolve_region
from planwatch.store.tables import Indicator, Observation, Plan, Region


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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def spec_of(ind: Indicator, series: list[tuple[float, float, str]]) -> TargetSpec:
    """The target as the pure status method sees it. A stated baseline value wins; else an
    observation in the stated baseline year (比2015年 → the 2015 actual)."""
    baseline = None
    if ind.baseline_year is not None and ind.baseline_value is not None:
        baseline = Point(float(ind.baseline_year), ind.baseline_value, str(ind.baseline_year))
    elif ind.baseline_year is not None:
        baseline = next((Point(at, v, p) for at, v, p in series if p == str(ind.baseline_year)), None)
    return TargetSpec(
        value=float(ind.value or 0.0),
        year=int(ind.target_year or 0),
        comparator=ind.comparator,
        value_max=ind.value_max,
        direction=ind.direction,
        change=ind.change,
        annual="年均" in (ind.metric or ""),
        percent=(ind.unit or "") == "%",  # 提高5个百分点 is a change in points, not a share of the baseline
        baseline=baseline,
    )


def _row(plan: str, ind: Indicator, region: str | None, p: Progress) -> StatusRow:
    return StatusRow(
        plan=plan,
        indicator_id=ind.id,
        metric=ind.metric,
        region=region,
        unit=ind.unit,
        target={"value": ind.value, "value_max": ind.value_max, "comparator": ind.comparator, "year": ind.target_year},
        baseline={"value": p.baseline.value if p.baseline else None,
                  "year": int(p.baseline.at) if p.baseline else ind.baseline_year},
        latest={"value": p.latest.value if p.latest else None, "period": p.latest.period if p.latest else None},
        achievement=None if p.achievement is None else round(p.achievement, 4),
        elapsed=None if p.elapsed is None else round(p.elapsed, 4),
        status=p.status,
        status_label=p.status_label,
        forecast=p.forecast,
        method=p.method,
    )


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


def _series(session: Session, ids: Iterable[int], region_id: int | None) -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    query = select(Observation.indicator_id, Observation.region_id, Observation.period_end, Observation.value,
                   Observation.period).where(Observation.indicator_id.in_(list(ids)))
    if region_id is not None:
        query = query.where(Observation.region_id == region_id)
    out: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
    positions: dict[date, float] = {}  # few distinct period ends among millions of rows
    for ind, reg, end, value, period in session.execute(query):
        at = positions.get(end)
        if at is None:
            at = positions[end] = position(end)
        out[(ind, reg)].append((at, value, period))
    return out


def plan_status(session: Session, *, as_of: date, plan: str | None = None, region: str | None = None,
                method: str = "cagr") -> list[StatusRow]:
    """One row per indicator and region with actuals; indicators with none get a no-data row
    for the plan's own region."""
    region_id = resolve_region(session, name=region).id if region else None
    indicators = _indicators(session, plan)
    series = _series(session, (i.id for _k, _r, i in indicators), region_id) if indicators else {}
    wanted = {reg for _ind, reg in series} | {r for _k, r, _i in indicators if r is not None}
    if region_id is not None:
        wanted.add(region_id)
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(wanted))).all()) if wanted else {}
    by_indicator: dict[int, list[int]] = defaultdict(list)
    for ind_id, observed_in in series:
        by_indicator[ind_id].append(observed_in)
    rows: list[StatusRow] = []
    for key, plan_region, ind in indicators:
        regions: list[int | None] = list(sorted(by_indicator.get(ind.id, [])))
        for reg in regions or [region_id if region_id is not None else plan_region]:
            points = series.get((ind.id, reg), []) if reg is not None else []
            spec = spec_of(ind, points)
            progress = evaluate(spec, [Point(at, v, p) for at, v, p in points], as_of=as_of, method=method)
            rows.append(_row(key, ind, names.get(reg) if reg is not None else None, progress))
    return rows
