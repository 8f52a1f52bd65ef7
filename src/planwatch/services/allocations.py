"""Targets split to sub-regions (分解) and sub-region actuals rolled back up (汇总)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.progress.decompose import check_parts, is_ratio, roll_up, split
from planwatch.services.lookup import current_plan, find_indicator
from planwatch.services.periods import parse_period
from planwatch.services.regions import RegionRef, resolve_region
from planwatch.store import audit
from planwatch.store.tables import Indicator, Observation, Plan, Region, TargetAllocation


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


def _stored(session: Session, indicator_id: int) -> dict[str, TargetAllocation]:
    """Region name → stored allocation of an indicator."""
    rows = session.execute(select(Region.name, TargetAllocation).join(Region, Region.id == TargetAllocation.region_id)
                           .where(TargetAllocation.indicator_id == indicator_id).order_by(Region.name))
    return {name: alloc for name, alloc in rows.all()}


def _sum_check(ind: Indicator, stored: dict[str, TargetAllocation]) -> list[str]:
    """Every stored part, not only the ones written now, against the whole (amounts and counts:
    a share or rate of each sub-region is its own target and does not add up)."""
    if is_ratio(ind.unit) or ind.value is None:
        return []
    return check_parts(ind.value, {k: a.value for k, a in stored.items() if a.value is not None})


def allocate_target(session: Session, *, plan: str, indicator: str, parts: Sequence[str], by_weight: bool) -> Allocation:
    """Store each sub-region's share of a target (explicit values, or the target split by
    weights among the regions given). Sub-regions must lie inside the plan's region."""
    row = current_plan(session, plan)
    ind = find_indicator(session, plan=row, text=indicator, year=0)
    pairs = _parse_parts(parts)
    regions = _regions(session, [name for name, _ in pairs], plan_region=row.region_id)
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
    return Allocation(parts=values, warnings=_sum_check(ind, _stored(session, ind.id)))


def _regions(session: Session, names: Sequence[str], *, plan_region: int | None) -> dict[str, RegionRef]:
    """Each name resolved inside the plan's region, every problem reported together."""
    out, problems = {}, []
    for name in names:
        try:
            ref = resolve_region(session, name=name, within=plan_region, inside=plan_region)
        except ValidationError as e:
            problems += e.problems
            continue
        except NotFoundError as e:
            problems.append(str(e))
            continue
        if ref.id == plan_region:
            problems.append(f"region {name!r}: is the plan's own region; allocate to its sub-regions")
        out[name] = ref
    if problems:
        raise ValidationError("allocate", problems)
    return out


@dataclass(frozen=True)
class Stored:
    """The allocations of one indicator as stored, and what a planner should look at again."""

    indicator_id: int
    metric: str
    target: float | None
    unit: str | None
    parts: dict[str, tuple[float | None, float | None]]  # region → (value, weight)
    warnings: list[str] = field(default_factory=list)


def list_allocations(session: Session, *, plan: str, indicator: str | None = None) -> list[Stored]:
    """Every stored allocation of the plan's current indicators (or of one), with the sum check."""
    row = current_plan(session, plan)
    if indicator is not None:
        indicators = [find_indicator(session, plan=row, text=indicator, year=0)]
    else:
        ids = select(TargetAllocation.indicator_id).distinct()
        indicators = list(session.scalars(select(Indicator).where(
            Indicator.plan_version_id == row.current_version_id, Indicator.id.in_(ids)).order_by(Indicator.position)))
    return [allocations_of(session, ind) for ind in indicators]


def allocations_of(session: Session, ind: Indicator) -> Stored:
    """The stored allocations of an indicator already found (the indicator page has it: no
    second look-up of the plan and its indicators), with the sum check."""
    stored = _stored(session, ind.id)
    return Stored(ind.id, ind.metric, ind.value, ind.unit, {k: (a.value, a.weight) for k, a in stored.items()},
                  _sum_check(ind, stored))


def remove_allocations(session: Session, *, plan: str, indicator: str, regions: Sequence[str]) -> Allocation:
    """Remove the named sub-regions' allocations (audited); an unknown one is an error.
    Returns what is left, with the sum check over it."""
    row = current_plan(session, plan)
    ind = find_indicator(session, plan=row, text=indicator, year=0)
    refs = _regions(session, regions, plan_region=row.region_id)
    stored = _stored(session, ind.id)
    missing = [name for name, ref in refs.items() if ref.name not in stored]
    if missing:
        raise ValidationError("allocate --remove", [f"region {n!r}: has no allocation of {ind.metric!r}" for n in missing])
    for ref in refs.values():
        alloc = stored.pop(ref.name)
        audit.record(session, entity="target_allocations", entity_id=alloc.id, action="delete",
                     before=audit.row_dict(alloc))
        session.delete(alloc)
    session.flush()
    return Allocation(parts={k: a.value for k, a in stored.items() if a.value is not None},
                      warnings=_sum_check(ind, stored))


@dataclass(frozen=True)
class RollUp:
    region: str
    value: float
    unit: str | None
    how: str  # "sum", or how a mean of rates was weighted
    parts: int
    warnings: list[str] = field(default_factory=list)


def roll_up_actuals(session: Session, *, plan: str, indicator: str, period: str,
                    denominator: str | None = None) -> RollUp:
    """The plan region's value for a period from its sub-regions' actuals (sub-regions are
    those the target was allocated to, else every region with an actual other than the plan's).

    Amounts and counts add. Rates and shares are a mean weighted by a stated denominator
    (`denominator`: another indicator of the plan, whose actuals of the same period weigh
    each region — a share of GDP by GDP), else by the allocation weights when every region
    has one, else unweighted, with a warning; `how` says which.
    """
    row = current_plan(session, plan)
    parsed = parse_period(period)
    if parsed is None:
        raise ValidationError("rollup", [f"period {period!r}: expected 2019, 2019-09 or 2019-Q3"])
    ind = find_indicator(session, plan=row, text=indicator, year=parsed[1].year)
    return roll_up_indicator(session, plan=row, ind=ind, period=period, denominator=denominator)


def roll_up_indicator(session: Session, *, plan: Plan, ind: Indicator, period: str,
                      denominator: str | None = None) -> RollUp:
    """`roll_up_actuals` for an indicator already found."""
    row = plan
    parsed = parse_period(period)
    if parsed is None:
        raise ValidationError("rollup", [f"period {period!r}: expected 2019, 2019-09 or 2019-Q3"])
    allocs = {a.region_id: a for a in session.scalars(select(TargetAllocation).where(TargetAllocation.indicator_id == ind.id))}
    obs = _period_values(session, ind.id, parsed[0])
    wanted = set(allocs) or {r for r in obs if r != row.region_id}
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(wanted | set(obs)))).all())
    values = {names[r]: obs[r] for r in wanted if r in obs}
    lacking = sorted(names[r] for r in wanted if r not in obs)
    warnings = [f"no actual for {len(lacking)} of {len(wanted)} sub-regions: {'、'.join(lacking)}"] if lacking else []
    if not values:
        raise ValidationError("rollup", [f"no sub-region actuals of {ind.metric!r} for {parsed[0]}"])
    how, weights = "sum", None
    if is_ratio(ind.unit):
        how, weights, more = _ratio_weights(session, row, values, allocs, names, parsed, denominator)
        warnings += more
    total = roll_up(values, ratio=weights is not None, weights=weights)
    if row.region_id in obs and weights is None:
        warnings += check_parts(obs[row.region_id], values, whole="the actual")
    name = session.get(Region, row.region_id).name if row.region_id else row.key  # type: ignore[union-attr]
    return RollUp(name, total, ind.unit, how, len(values), warnings)


def _period_values(session: Session, indicator_id: int, period: str) -> dict[int, float]:
    return dict(session.execute(select(Observation.region_id, Observation.value).where(
        Observation.indicator_id == indicator_id, Observation.period == period)).all())


def _ratio_weights(session: Session, plan: Any, values: dict[str, float], allocs: dict[int, TargetAllocation],
                   names: dict[int, str], period: tuple[str, Any, Any],
                   denominator: str | None) -> tuple[str, dict[str, float], list[str]]:
    """(how, weights by region name, warnings) of a mean of rates."""
    if denominator is not None:
        den = find_indicator(session, plan=plan, text=denominator, year=period[1].year)
        by_id = _period_values(session, den.id, period[0])
        weights = {names[r]: v for r, v in by_id.items() if r in names and names[r] in values}
        lacking = sorted(set(values) - set(weights))
        if lacking:
            raise ValidationError("rollup", [f"denominator {den.metric!r}: no {period[0]} actual for {'、'.join(lacking)}"])
        return f"mean weighted by {den.metric} ({period[0]})", weights, []
    weighted = {names[r]: a.weight for r, a in allocs.items() if a.weight is not None}
    if values.keys() <= weighted.keys():
        return "mean weighted by the allocation weights", {k: weighted[k] for k in values}, []
    return "unweighted mean", dict.fromkeys(values, 1.0), [
        "a rate averaged without weights: state a denominator (--denominator) or allocate by weights"]


# --- the web form: the whole allocation of one indicator at once ----------------------------

def plan_indicator(session: Session, *, plan: Plan, indicator_id: int) -> Indicator:
    """An indicator of the plan's current version (another plan's id is no indicator here)."""
    ind = session.get(Indicator, indicator_id)
    if ind is None or ind.plan_version_id != plan.current_version_id or ind.retired_at is not None:
        raise NotFoundError(f"indicator #{indicator_id}: no such indicator of plan {plan.key!r}")
    return ind


@dataclass(frozen=True)
class SumCheck:
    """What a set of parts comes to against the target: values as they would be stored."""

    mode: str  # "values" or "weights"
    values: dict[str, float]
    total: float
    target: float | None
    difference: float | None  # total − target (None: a rate, or no target)
    adds_up: bool | None  # None when the parts of a rate need not add up
    problems: list[str] = field(default_factory=list)


def read_parts(raw: Mapping[str, str]) -> tuple[dict[str, float], list[str]]:
    """Region → number from form fields (blank: no part; 1,200 and spaces allowed)."""
    out, problems = {}, []
    for name, text in raw.items():
        text = (text or "").replace(",", "").replace("，", "").strip()
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            problems.append(f"{name}: {text!r} 不是数字 (not a number)")
            continue
        if not math.isfinite(value) or value < 0:
            problems.append(f"{name}: {text!r} 应为非负数 (a number ≥ 0)")
            continue
        out[name] = value
    return out, problems


def check_allocation(ind: Indicator, *, mode: str, parts: Mapping[str, float]) -> SumCheck:
    """The live sum check: with weights, the split the target would get; with values, their
    sum against the target (rates and shares are each region's own target and do not add)."""
    problems: list[str] = []
    if mode not in ("values", "weights"):
        return SumCheck(mode, {}, 0.0, ind.value, None, None, [f"mode {mode!r}: expected values or weights"])
    ratio = is_ratio(ind.unit)
    values = dict(parts)
    if mode == "weights":
        if ratio or ind.value is None:
            problems.append("按权重分解需要可加总的目标值（rates and targets without a value: give values）")
        elif not parts or sum(parts.values()) <= 0:
            problems.append("权重之和须大于0 (the weights must not all be 0)")
        else:
            values = split(ind.value, weights=parts)
    total = round(sum(values.values()), 6)
    if ratio or ind.value is None:
        return SumCheck(mode, values, total, ind.value, None, None, problems)
    difference = round(total - ind.value, 6)
    return SumCheck(mode, values, total, ind.value, difference, not check_parts(ind.value, values), problems)


def set_allocations(session: Session, *, plan: Plan, indicator_id: int, mode: str,
                    parts: Mapping[str, float]) -> Allocation:
    """Make the indicator's allocation exactly `parts` (values, or weights the target is split
    by): new regions added, changed ones updated, regions left out removed, each audited.
    Every region and number is checked before anything is written."""
    ind = plan_indicator(session, plan=plan, indicator_id=indicator_id)
    check = check_allocation(ind, mode=mode, parts=parts)
    refs = _regions(session, list(parts), plan_region=plan.region_id) if parts else {}
    if check.problems:
        raise ValidationError("allocate", check.problems)
    wanted = {refs[name].id: (check.values[name], parts[name] if mode == "weights" else None) for name in parts}
    stored = {a.region_id: a for a in session.scalars(select(TargetAllocation)
                                                      .where(TargetAllocation.indicator_id == ind.id))}
    for region_id, alloc in stored.items():
        if region_id not in wanted:
            audit.record(session, entity="target_allocations", entity_id=alloc.id, action="delete",
                         before=audit.row_dict(alloc))
            session.delete(alloc)
    for region_id, (value, weight) in wanted.items():
        existing = stored.get(region_id)
        if existing is not None and (existing.value, existing.weight) == (value, weight):
            continue
        before = audit.row_dict(existing) if existing else None
        alloc = existing or TargetAllocation(indicator_id=ind.id, region_id=region_id)
        alloc.value, alloc.weight = value, weight
        session.add(alloc)
        session.flush()
        audit.record(session, entity="target_allocations", entity_id=alloc.id,
                     action="update" if existing else "create", before=before, after=audit.row_dict(alloc))
    session.flush()
    return Allocation(parts={refs[n].name: check.values[n] for n in parts}, warnings=_sum_check(ind, _stored(session, ind.id)))


def sub_regions(session: Session, *, plan: Plan, indicator_id: int) -> list[str]:
    """The regions the form offers: the plan region's direct sub-regions, and any region the
    target is already allocated to."""
    children = list(session.scalars(select(Region.name).where(Region.parent_id == plan.region_id)
                                    .order_by(Region.code, Region.name))) if plan.region_id else []
    stored = list(_stored(session, indicator_id))
    return list(dict.fromkeys([*children, *stored]))


@dataclass(frozen=True)
class RollUpRow:
    """One period of the roll-up view: the sub-regions' whole against the region's own figure."""

    period: str
    value: float | None
    how: str | None
    parts: int
    own: float | None  # the plan region's own actual of the period
    difference: float | None  # value − own
    regions: dict[str, float]  # the sub-regions' actuals of the period
    warnings: list[str] = field(default_factory=list)


def rollup_view(session: Session, *, plan: Plan, indicator_id: int) -> list[RollUpRow]:
    """Every period with a sub-region actual, newest first, rolled up (a period that cannot
    be rolled up shows why instead of a value)."""
    ind = plan_indicator(session, plan=plan, indicator_id=indicator_id)
    rows = session.execute(select(Observation.period, Observation.period_end, Observation.region_id, Region.name,
                                  Observation.value).join(Region, Region.id == Observation.region_id)
                           .where(Observation.indicator_id == ind.id)
                           .order_by(Observation.period_end.desc(), Region.name))
    periods: dict[str, dict[str, float]] = {}
    own: dict[str, float] = {}
    for period, _end, region_id, name, value in rows:
        if region_id == plan.region_id:
            own[period] = value
        else:
            periods.setdefault(period, {})[name] = value
    out = []
    for period, regions in periods.items():
        try:
            up = roll_up_indicator(session, plan=plan, ind=ind, period=period)
        except ValidationError as e:
            out.append(RollUpRow(period, None, None, 0, own.get(period), None, regions, list(e.problems)))
            continue
        mine = own.get(period)
        out.append(RollUpRow(period, up.value, up.how, up.parts, mine,
                             None if mine is None else round(up.value - mine, 6), regions, up.warnings))
    return out
