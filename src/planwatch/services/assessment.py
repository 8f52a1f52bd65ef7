"""考核: gather each region's actual and target per scheme item, then score with `progress.assess`.

Who is ranked: the scheme's `regions` (each must exist and lie inside the plan's region),
else the plan region's sub-regions that have a figure or an allocation on any item, at the
level nearest the plan's region (a province plan ranks its cities when cities report) —
never the plan's own region, which is the whole being assessed. Each region's target is its
allocation (`planwatch allocate`), else the plan's target, and whether it met it is the
status maths' verdict (`services.status.status_for`: ranges, change targets, annual flows).
Whatever would make a ranking
misleading (an item nobody has figures for, regions without a figure) comes back as a
warning beside the scores.

The scheme's ``year`` (default the as_of year) picks which of an indicator's targets is
assessed (安徽工业精品 2020 or 2025). An item with ``periods: [H1, H2]`` reads each region's figure of exactly that period of the
scheme's ``year`` (default the as_of year: ``2020H1``, ``2020H2``; ``Q1`` … ``2020-Q1``),
scored against the region's annual target. ``tasks_on_time`` counts each region's tasks
(`services.assessment_tasks`). 加减分 regions are resolved like ``regions`` and must be among
those ranked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.progress.assess import (
    Adjustment,
    Result,
    Scheme,
    Score,
    TaskTally,
    assess,
    parse_scheme,
    period_key,
)
from planwatch.services.assessment_tasks import task_tallies
from planwatch.services.lookup import current_plan, find_indicator
from planwatch.services.regions import LEVEL_RANK, is_within, resolve_region
from planwatch.services.status import status_for
from planwatch.store.tables import Indicator, Observation, Plan, Region, TargetAllocation


@dataclass(frozen=True)
class Assessment:
    """Scores best first, and what a planner must know before announcing them."""

    scores: list[Score]
    warnings: list[str] = field(default_factory=list)


def _latest(session: Session, ind: Indicator, as_of: date) -> dict[int, float]:
    rows = session.execute(
        select(Observation.region_id, Observation.value)
        .where(Observation.indicator_id == ind.id, Observation.period_end <= as_of)
        .order_by(Observation.period_end)
    )
    return dict(rows.all())  # later periods overwrite earlier ones


def run_assessment(session: Session, *, data: Mapping[str, Any], source: str, as_of: date) -> Assessment:
    """Scores of the scheme's regions (see the module doc for who is ranked by default)."""
    if not isinstance(data, Mapping) or not data.get("plan"):
        raise ValidationError(source, ["plan: the key of the plan whose indicators are assessed is required"])
    scheme = parse_scheme(data, source=source)
    plan = current_plan(session, str(data["plan"]))
    year = int(data.get("year") or as_of.year)
    listed = _listed_regions(session, data.get("regions"), plan=plan, source=source)
    figures = _figures(session, scheme, plan, as_of, year)
    regions = listed if listed is not None else _default_regions(session, plan, figures)
    if not regions:
        raise ValidationError(source, ["no sub-region of the plan's region has figures or allocations for these "
                                       "indicators; list `regions:` or record actuals"])
    names = dict(session.execute(select(Region.id, Region.name).where(Region.id.in_(regions))).all())
    results: dict[str, dict[str, Result]] = {}
    warnings: list[str] = []
    for item in scheme.items:
        if item.rule == "tasks_on_time":
            continue
        ind, actuals, allocated = figures[item.indicator]
        if item.periods:
            for period in item.periods:
                values = _period_values(session, ind, _label(year, period), as_of)
                results[period_key(item.indicator, period)] = _results(ind, values, allocated, names, {})
                warnings += _missing(f"{item.label}（{_label(year, period)}）", values, names, as_of)
            continue
        # Whether a region met its target is the status maths' verdict (ranges, change
        # targets, annual flows, allocations): the same answer `planwatch status` gives.
        statuses = status_for(session, indicator_id=ind.id, region_ids=[r for r in regions if r in actuals],
                              as_of=as_of) if any(r in actuals for r in regions) else {}
        achieved = {r: st.status == "achieved" for r, st in statuses.items()}
        results[item.indicator] = _results(ind, actuals, allocated, names, achieved)
        warnings += _missing(item.label, actuals, names, as_of)
    tasks: dict[str, TaskTally] = {}
    if any(i.rule == "tasks_on_time" for i in scheme.items):
        tasks = task_tallies(session, regions=names, as_of=as_of)
        idle = sorted(r for r, t in tasks.items() if t.due == 0)
        if idle:
            warnings.append(f"{TASKS}: no task was due for {'、'.join(idle)} (full points)")
    scheme = _resolved_adjustments(session, scheme, plan=plan, ranked=names, source=source)
    scores = assess(scheme, results, [names[r] for r in regions], tasks)
    return Assessment(scores, warnings)


TASKS = "按时限完成"


def _label(year: int, period: str) -> str:
    return f"{year}{period}" if period.startswith("H") else f"{year}-{period}"


def _period_values(session: Session, ind: Indicator, label: str, as_of: date) -> dict[int, float]:
    """Each region's figure of exactly that period, once the period has ended by `as_of`."""
    rows = session.execute(select(Observation.region_id, Observation.value)
                           .where(Observation.indicator_id == ind.id, Observation.period == label,
                                  Observation.period_end <= as_of))
    return dict(rows.all())


def _results(ind: Indicator, actuals: dict[int, float], allocated: dict[int, float], names: dict[int, str],
             achieved: dict[int, bool]) -> dict[str, Result]:
    return {names[r]: Result(actual=actuals[r], target=allocated.get(r) if allocated.get(r) is not None else ind.value,
                             direction=ind.direction, achieved=achieved.get(r))
            for r in names if r in actuals}


def _missing(label: str, actuals: dict[int, float], names: dict[int, str], as_of: date) -> list[str]:
    missing = [names[r] for r in names if r not in actuals]
    if len(missing) == len(names):
        return [f"{label}: no region has a figure up to {as_of}; every region scores 0 on it"]
    if missing:
        return [f"{label}: no figure up to {as_of} for {'、'.join(missing)} (scored 0)"]
    return []


def _resolved_adjustments(session: Session, scheme: Scheme, *, plan: Plan, ranked: dict[int, str],
                          source: str) -> Scheme:
    """The 加减分 entries with their regions' proper names; each must be one of those ranked."""
    out, problems = [], []
    for n, a in enumerate(scheme.adjustments, start=1):
        try:
            ref = resolve_region(session, name=a.region, within=plan.region_id, inside=plan.region_id)
        except (ValidationError, NotFoundError) as e:
            problems += [f"adjustments[{n}] ({a.region}): {p}" for p in getattr(e, "problems", None) or [str(e)]]
            continue
        if ref.id not in ranked:
            problems.append(f"adjustments[{n}] ({a.region}): not among the regions assessed "
                            f"({'、'.join(ranked.values())})")
        out.append(Adjustment(ref.name, a.points, a.reason))
    if problems:
        raise ValidationError(source, problems)
    return replace(scheme, adjustments=tuple(out))


Figures = dict[str, tuple[Indicator, dict[int, float], dict[int, float]]]


def _figures(session: Session, scheme: Scheme, plan: Plan, as_of: date, year: int) -> Figures:
    """Per item: its indicator (the one due in the scheme's `year` or after), the latest
    actual per region and the allocations."""
    out: Figures = {}
    for item in scheme.items:
        if item.rule == "tasks_on_time":
            continue
        ind = find_indicator(session, plan=plan, text=item.indicator, year=year)
        allocated = dict(session.execute(select(TargetAllocation.region_id, TargetAllocation.value)
                                         .where(TargetAllocation.indicator_id == ind.id)).all())
        out[item.indicator] = ind, _latest(session, ind, as_of), {k: v for k, v in allocated.items() if v is not None}
    return out


def _listed_regions(session: Session, raw: object, *, plan: Plan, source: str) -> list[int] | None:
    """The scheme's `regions`, resolved inside the plan's region; every problem reported."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        raise ValidationError(source, ["regions: a list of region names"])
    out, problems = [], []
    for n, name in enumerate(raw, start=1):
        try:
            out.append(resolve_region(session, name=name, within=plan.region_id, inside=plan.region_id).id)
        except (ValidationError, NotFoundError) as e:
            problems += [f"regions[{n}]: {p}" for p in getattr(e, "problems", None) or [str(e)]]
    if problems:
        raise ValidationError(source, problems)
    return list(dict.fromkeys(out))


def _default_regions(session: Session, plan: Plan, figures: Figures) -> list[int]:
    """Sub-regions with a figure or an allocation, at the level nearest the plan's region."""
    seen = {r for _ind, actuals, allocated in figures.values() for r in (*actuals, *allocated)}
    if plan.region_id is not None:
        seen = {r for r in seen if r != plan.region_id and is_within(session, region_id=r, ancestor_id=plan.region_id)}
    levels = dict(session.execute(select(Region.id, Region.level).where(Region.id.in_(seen))).all())
    top = min((LEVEL_RANK.get(level, 9) for level in levels.values()), default=None)
    return sorted(r for r, level in levels.items() if LEVEL_RANK.get(level, 9) == top)
