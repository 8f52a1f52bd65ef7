"""Targets split to sub-regions (分解) and sub-region actuals rolled back up (汇总)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import ValidationError
from planwatch.progress.decompose import check_parts, is_ratio, roll_up, split
from planwatch.services.lookup import current_plan, find_indicator
from planwatch.services.periods import parse_period
from planwatch.services.regions import resolve_region
from planwatch.store import audit
from planwatch.store.tables import Observation, Region, TargetAllocation


@dataclass(frozen=True)
class Allocation:
    parts: dict[str, float]
    warnings: list[str] = field(default_factory=list)


def _parse_parts(parts: Sequence[str]) -> list[tuple[str, float]]:
    problems, out = [], []
    for n, raw in enumerate(parts, start=1):
        name, _, number = raw.partition("=")
        try:
            out.append((name.strip(), float(number)))
        except ValueError:
            problems.append(f"part {n} ({raw!r}): expected REGION=NUMBER")
    if problems:
        raise ValidationError("allocate", problems)
    return out


def allocate_target(session: Session, *, plan: str, indicator: str, parts: Sequence[str], by_weight: bool) -> Allocation:
    """Store each sub-region's share of a target (explicit values, or the target split by weights)."""
    row = current_plan(session, plan)
    ind = find_indicator(session, plan=row, text=indicator, year=0)
    pairs = _parse_parts(parts)
    regions = {name: resolve_region(session, name=name, within=row.region_id) for name, _ in pairs}
    numbers = {regions[name].name: value for name, value in pairs}
    total = ind.value or 0.0
    values = split(total, weights=numbers) if by_weight else numbers
    for name, value in values.items():
        region_id = next(r.id for r in regions.values() if r.name == name)
        existing = session.scalars(select(TargetAllocation).where(
            TargetAllocation.indicator_id == ind.id, TargetAllocation.region_id == region_id)).one_or_none()
        before = audit.row_dict(existing) if existing else None
        alloc = existing or TargetAllocation(indicator_id=ind.id, region_id=region_id)
        alloc.value, alloc.weight = value, numbers[name] if by_weight else None
        session.add(alloc)
        session.flush()
        audit.record(session, entity="target_allocations", entity_id=alloc.id,
                     action="update" if existing else "create", before=before, after=audit.row_dict(alloc))
    warnings = [] if by_weight or is_ratio(ind.unit) else check_parts(total, values)
    return Allocation(parts=values, warnings=warnings)


@dataclass(frozen=True)
class RollUp:
    region: str
    value: float
    unit: str | None
    how: str
    parts: int
    warnings: list[str] = field(default_factory=list)


def roll_up_actuals(session: Session, *, plan: str, indicator: str, period: str) -> RollUp:
    """The plan region's value for a period from its sub-regions' actuals (sub-regions are
    those the target was allocated to, else every region with an actual other than the plan's)."""
    row = current_plan(session, plan)
    parsed = parse_period(period)
    if parsed is None:
        raise ValidationError("rollup", [f"period {period!r}: expected 2019, 2019-09 or 2019-Q3"])
    ind = find_indicator(session, plan=row, text=indicator, year=parsed[1].year)
    allocs = {a.region_id: a for a in session.scalars(select(TargetAllocation).where(TargetAllocation.indicator_id == ind.id))}
    obs = {o.region_id: o.value for o in session.scalars(select(Observation).where(
        Observation.indicator_id == ind.id, Observation.period == parsed[0]))}
    wanted = set(allocs) or {r for r in obs if r != row.region_id}
    values = {str(r): obs[r] for r in wanted if r in obs}
    warnings = [f"no actual for {len(wanted) - len(values)} of {len(wanted)} sub-regions"] if len(values) < len(wanted) else []
    if not values:
        raise ValidationError("rollup", [f"no sub-region actuals of {ind.metric!r} for {parsed[0]}"])
    ratio = is_ratio(ind.unit)
    weights = {str(r): (allocs[r].weight or 1.0) if r in allocs else 1.0 for r in wanted}
    total = roll_up(values, ratio=ratio, weights=weights if ratio else None)
    if row.region_id in obs and not ratio:
        warnings += check_parts(obs[row.region_id], values)
    name = session.get(Region, row.region_id).name if row.region_id else row.key  # type: ignore[union-attr]
    return RollUp(name, total, ind.unit, "weighted mean" if ratio else "sum", len(values), warnings)
