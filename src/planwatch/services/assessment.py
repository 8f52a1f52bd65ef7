"""考核: gather each region's actual and target per scheme item, then score with `progress.assess`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import ValidationError
from planwatch.progress.assess import Result, Score, assess, parse_scheme
from planwatch.services.lookup import current_plan, find_indicator
from planwatch.store.tables import Indicator, Observation, Region, TargetAllocation


def _latest(session: Session, ind: Indicator, as_of: date) -> dict[int, float]:
    rows = session.execute(
        select(Observation.region_id, Observation.value)
        .where(Observation.indicator_id == ind.id, Observation.period_end <= as_of)
        .order_by(Observation.period_end)
    )
    return dict(rows.all())  # later periods overwrite earlier ones


def run_assessment(session: Session, *, data: Mapping[str, Any], source: str, as_of: date) -> list[Score]:
    """Scores of the scheme's regions (its `regions` list, else every region with actuals)."""
    if not isinstance(data, Mapping) or not data.get("plan"):
        raise ValidationError(source, ["plan: the key of the plan whose indicators are assessed is required"])
    scheme = parse_scheme(data, source=source)
    plan = current_plan(session, str(data["plan"]))
    names = dict(session.execute(select(Region.id, Region.name)).all())
    results: dict[str, dict[str, Result]] = {}
    seen: set[str] = set()
    for item in scheme.items:
        ind = find_indicator(session, plan=plan, text=item.indicator, year=as_of.year)
        allocated = dict(session.execute(select(TargetAllocation.region_id, TargetAllocation.value)
                                         .where(TargetAllocation.indicator_id == ind.id)).all())
        actuals = _latest(session, ind, as_of)
        results[item.indicator] = {
            names[r]: Result(actual=v, target=allocated.get(r) if allocated.get(r) is not None else ind.value)
            for r, v in actuals.items()
        }
        seen |= set(results[item.indicator])
    regions = list(data.get("regions") or sorted(seen))
    if not regions:
        raise ValidationError(source, ["no region has actuals for these indicators; list `regions:` or record actuals"])
    return assess(scheme, results, regions)
