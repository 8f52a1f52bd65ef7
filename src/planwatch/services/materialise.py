"""From an extracted Plan to the numbers that get tracked: pure functions, no session.

One tracked indicator per target, and one per year column of an indicator-table row whose
cell is a number or a parsable text (比2015年下降18%, 85以上, 6（“十三五”期间）). The row's
earliest numeric column is its baseline, not a target, when later columns exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.model import IndicatorRow, Plan, Target

DECREASING_WORDS: tuple[str, ...] = ("下降", "降低", "能耗", "排放", "减少")
_CHANGE_TEXT = re.compile(r"比\s*(?P<year>\d{4})\s*年?(?P<verb>下降|降低|减少|增长|提高|上升)\s*(?P<value>\d+(?:\.\d+)?)")
_BOUND_TEXT = re.compile(r"^\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<word>以上|以下|左右|以内)?")
_BOUND_WORDS = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~", None: "="}


@dataclass(frozen=True)
class TrackedIndicator:
    """Column values of one `indicators` row, before it has a plan version."""

    kind: str
    metric: str
    value: float
    unit: str | None = None
    category: str | None = None
    comparator: str = "="
    value_max: float | None = None
    target_year: int | None = None
    change: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    quote: str | None = None
    sector: str | None = None
    direction: int = 1


def direction_of(*, metric: str, change: str | None, comparator: str) -> int:
    """−1 when smaller is better: a decrease, an upper bound, or 能耗/排放/下降 in the name."""
    if change == "decrease" or comparator == "<=" or any(w in metric for w in DECREASING_WORDS):
        return -1
    return 1


def parse_cell(cell: float | str | None) -> tuple[float, str, str | None, int | None] | None:
    """(value, comparator, change, baseline year) of an indicator-table cell, None if unusable.

    >>> parse_cell("比2015年下降18%")
    (18.0, '=', 'decrease', 2015)
    >>> parse_cell("85以上"), parse_cell("---"), parse_cell(1.2)
    ((85.0, '>=', None, None), None, (1.2, '=', None, None))
    """
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell), "=", None, None
    if m := _CHANGE_TEXT.search(cell):
        change = "decrease" if m["verb"] in ("下降", "降低", "减少") else "increase"
        return float(m["value"]), "=", change, int(m["year"])
    if m := _BOUND_TEXT.match(cell):
        return float(m["value"]), _BOUND_WORDS[m["word"]], None, None
    return None


def _year(key: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", key)
    return int(m.group()) if m else None


def from_target(target: Target, *, fallback_year: int | None) -> TrackedIndicator:
    metric = target.metric or target.quote
    return TrackedIndicator(
        kind="target", metric=metric, value=target.value, value_max=target.value_max, unit=target.unit,
        comparator=target.comparator, target_year=target.year or fallback_year, change=target.change,
        baseline_year=target.baseline_year, quote=target.quote, sector=target.sector,
        direction=direction_of(metric=metric, change=target.change, comparator=target.comparator),
    )


def from_row(row: IndicatorRow) -> list[TrackedIndicator]:
    """One indicator per usable year column, the earliest plain number being the baseline."""
    cells = [(key, _year(key), parse_cell(v)) for key, v in row.values.items()]
    usable = sorted(((y, p) for _k, y, p in cells if y is not None and p is not None), key=lambda c: c[0])
    baseline = usable[0] if len(usable) > 1 and usable[0][1][2] is None else None
    out = []
    for year, (value, comparator, change, base_year) in usable:
        if baseline is not None and year == baseline[0]:
            continue
        out.append(TrackedIndicator(
            kind="indicator_row", metric=row.name, value=value, unit=row.unit, category=row.category,
            comparator=comparator, target_year=year, change=change,
            baseline_year=base_year or (baseline[0] if baseline else None),
            baseline_value=baseline[1][0] if baseline and base_year is None else None,
            quote=row.quote, direction=direction_of(metric=row.name, change=change, comparator=comparator),
        ))
    return out


def tracked_indicators(plan: Plan) -> list[TrackedIndicator]:
    """Every number of the plan that progress can be measured against, in document order."""
    out = [from_target(t, fallback_year=plan.meta.horizon) for t in plan.targets]
    for row in plan.indicators:
        out.extend(from_row(row))
    return out


def plan_years(plan: Plan) -> tuple[int, int] | None:
    """The span of years a plan talks about: earliest baseline or stated year (at least five
    years back) to its horizon. Actuals outside it are almost certainly typos."""
    years: set[int] = {y for t in plan.targets for y in (t.year, t.baseline_year) if y}
    years |= {o.year for o in plan.observations if o.year}
    years |= {y for r in plan.indicators for k in r.values if (y := _year(k))}
    if plan.meta.horizon:
        years.add(plan.meta.horizon)
    if plan.meta.issue_date and (y := _year(plan.meta.issue_date)):
        years.add(y)
    if not years:
        return None
    return min(min(years), max(years) - 5), max(years)  # a five-year plan's span at least
