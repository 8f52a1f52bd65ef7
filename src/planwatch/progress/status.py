"""Status of one target: latest actual, achievement, 序时进度, status, forecast.

Pure: the caller passes the target, the observed points, `as_of` and the statistics lag;
nothing reads a clock or a database. Positions are fractional years at the end of a period
(`periods.position`): 2019 is 2019.0 and 2019-09 is 2018.75. The order of decisions, each
named in `method`:

1. no figure up to `as_of` → ``no_data``;
2. a change target with no baseline to apply the change to → ``no_baseline``;
3. the latest figure meets the target by its comparator → ``achieved``;
4. `as_of` is past the end of the target year → ``missed`` once the target year's figure is
   in or due (`timing`: year T's by the end of month `lag_months` of T+1), else ``awaiting``;
5. one figure and no baseline: nothing to measure a pace from → ``no_baseline``;
6. otherwise the pace so far, measured at the measure point (`timing.measured_at`), decides
   (``on_track`` / ``moderate`` / ``limited`` / ``deterioration``) by the chosen method.

Figures of part of a year (2019年1-9月) make the target year a within-year running total
(序时进度, `cumulative`) and are left out of multi-year paces; annual flows (每年新增…,
`flow="annual"`) are judged year by year. Formulas and worked examples: docs/methods.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

from planwatch.progress.forecast import linear_forecast
from planwatch.progress.methods import cagr, cagr_ratio, elapsed_index, escap_index, grade
from planwatch.progress.periods import position
from planwatch.progress.timing import (
    DATA_LAG_MONTHS,
    check_lag,
    due_date,
    due_position,
    is_partial_ytd,
    measured_at,
    to_date_year,
)

__all__ = ["DATA_LAG_MONTHS", "METHODS", "STATUS_LABELS", "Point", "Progress", "TargetSpec", "evaluate", "is_met",
           "level_target", "position"]

# In the order of the decisions that give them (module doc).
STATUS_LABELS: dict[str, str] = {
    "no_data": "无数据",
    "no_baseline": "无基期",
    "achieved": "已完成",
    "missed": "未完成",
    "awaiting": "待数据",
    "on_track": "进度正常",
    "moderate": "需加快",
    "limited": "进展缓慢",
    "deterioration": "倒退",
}
METHODS = ("cagr", "escap", "elapsed")
COMPARATORS = ("=", ">=", "<=", "~", "range")
FLOWS = (None, "annual")
APPROX = 0.05  # "~" (左右) counts as met from 5% short of the value
EPS = 1e-9


@dataclass(frozen=True)
class Point:
    """An observed value at a fractional-year position; `period` is the label as reported
    (2019, 2019-09, 2019年1-9月: the label says whether it is a running total)."""

    at: float
    value: float
    period: str = ""


@dataclass(frozen=True)
class TargetSpec:
    """A target as the maths sees it (built from `model.Target` plus what the user knows)."""

    value: float
    year: int
    comparator: str = "="  # = >= <= ~ range
    value_max: float | None = None
    direction: int = 1  # +1 higher is better, -1 lower is better
    change: str | None = None  # increase / decrease: the value is a change from the baseline
    annual: bool = False  # 年均: the change is a yearly compound rate, in %
    percent: bool = True  # change in % of the baseline (下降18%); False: in units (提高5个百分点)
    baseline: Point | None = None
    cumulative: bool = False  # a within-year running total (1-9月累计): 序时进度 applies
    plan_start: int | None = None  # first year of the plan: where 序时进度 starts without a baseline
    flow: str | None = None  # "annual": the value is due every year (每年新增…), up to `year`


@dataclass(frozen=True)
class Progress:
    status: str
    status_label: str
    method: str  # what decided, in words: "comparator", "cagr", "escap (cagr undefined: …)"
    latest: Point | None = None
    baseline: Point | None = None
    target_level: float | None = None  # the level the target asks for (change targets converted)
    achievement: float | None = None  # see `achievement`
    elapsed: float | None = None  # 序时进度: share of the time from start to the target year passed
    ratio: float | None = None  # the method's index: P (cagr), I/e (escap), done/elapsed (elapsed)
    forecast: float | None = None  # least-squares line through the observations, at the target year
    forecast_met: bool | None = None  # whether that forecast would meet the target
    actual_change: float | None = None  # change targets: the change achieved so far (% or units)
    target_change: float | None = None  # change targets: the change asked for
    year: int | None = None  # the year judged: the target year, or an annual flow's year
    covered: float | None = None  # share of the way from the baseline to the target covered
    gap: float | None = None  # covered − elapsed, in 个百分点 (positive: ahead of 序时进度)


def direction(spec: TargetSpec) -> int:
    """+1 when more is better. "<=" and a decrease target always mean less is better."""
    return -1 if spec.direction < 0 or spec.comparator == "<=" or spec.change == "decrease" else 1


def level_target(spec: TargetSpec, baseline: Point | None) -> float | None:
    """The level the target asks for. A change target becomes a level once a baseline is
    known: 比2015年下降18% from 100 → 82; 年均增长15% over 5 years from 100 → 201.1. A range
    asks for its lower bound when more is better, its upper bound when less is better.

    >>> level_target(TargetSpec(18, 2020, change="decrease"), Point(2015, 100))
    82.0
    >>> level_target(TargetSpec(5, 2020, change="increase", percent=False), Point(2015, 30))
    35
    """
    if spec.change is None:
        if spec.comparator == "range" and spec.value_max is not None and direction(spec) < 0:
            return spec.value_max
        return spec.value
    if baseline is None:
        return None
    sign = -1 if spec.change == "decrease" else 1
    if spec.annual:
        factor = 1 + sign * spec.value / 100
        years = max(spec.year - baseline.at, 0.0)
        if factor <= 0 or (factor > 1 and years * math.log(factor) > 700):
            return None
        return baseline.value * factor**years
    if spec.percent:
        return baseline.value * (1 + sign * spec.value / 100)
    return baseline.value + sign * spec.value


def is_met(value: float, target: float, spec: TargetSpec) -> bool:
    """Whether a level meets the target: "=" and ">=" mean at least the value when more is
    better and at most when less is better; "<=" at most; "~" counts from 5% short; a range
    needs its near bound (`level_target`).

    >>> spec = TargetSpec(40, 2020, comparator="~")
    >>> is_met(38.5, 40, spec), is_met(37.9, 40, spec)
    (True, False)
    """
    slack = APPROX * abs(target) if spec.comparator == "~" else 0.0
    return value <= target + slack if direction(spec) < 0 else value >= target - slack


def achievement(value: float, target: float, d: int) -> float | None:
    """actual/target when more is better, target/actual when less is better, so that 1.0 (100%)
    is always "just met" and more is always better. None on a zero denominator.

    >>> achievement(90, 100, 1), achievement(0.5, 0.4, -1)
    (0.9, 0.8)
    """
    if d > 0:
        return value / target if target else None
    return target / value if value else None


def change_so_far(spec: TargetSpec, base: Point, latest: Point) -> float | None:
    """The change achieved from the baseline, in the target's terms (positive = the asked-for
    direction): % of the baseline, units, or a yearly compound rate in % for 年均 targets.

    >>> change_so_far(TargetSpec(18, 2020, change="decrease"), Point(2015, 100), Point(2019, 81))
    19.0
    """
    sign = -1 if spec.change == "decrease" else 1
    if spec.annual:
        rate = cagr(base.value, latest.value, latest.at - base.at)
        return None if rate is None else sign * rate * 100
    if spec.percent:
        return sign * (latest.value - base.value) / abs(base.value) * 100 if base.value else None
    return sign * (latest.value - base.value)


def evaluate(spec: TargetSpec, points: Sequence[Point], *, as_of: date, method: str = "cagr",
             lag_months: int = DATA_LAG_MONTHS) -> Progress:
    """Progress of one target as of a date. Observations after `as_of` are ignored."""
    _check(spec, method, lag_months)
    now = position(as_of)
    seen = sorted((p for p in points if p.at <= now + EPS and math.isfinite(p.at) and math.isfinite(p.value)),
                  key=lambda p: p.at)
    if spec.flow == "annual":
        return _annual_flow(spec, seen, now=now, method=method, lag=lag_months, any_points=bool(points))
    if not spec.cumulative and any(is_partial_ytd(p.period) and _in_year(p, spec.year) for p in seen):
        spec = replace(spec, cumulative=True)  # 1-9月 of the target year: a running total
    return _judge(spec, seen, now=now, method=method, lag=lag_months, any_points=bool(points))


def _check(spec: TargetSpec, method: str, lag_months: int) -> None:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if spec.comparator not in COMPARATORS:
        raise ValueError(f"comparator must be one of {' '.join(COMPARATORS)}, not {spec.comparator!r}")
    if spec.change not in (None, "increase", "decrease"):
        raise ValueError(f"change must be increase, decrease or None, not {spec.change!r}")
    if spec.flow not in FLOWS:
        raise ValueError(f"flow must be 'annual' or None, not {spec.flow!r}")
    check_lag(lag_months)


def _in_year(p: Point, year: int) -> bool:
    return year - 1 + EPS < p.at <= year + EPS


def _comparable(spec: TargetSpec, seen: list[Point]) -> list[Point]:
    """The figures the target is judged on: for a running total, those of the target year
    that run from January; otherwise every figure but those of part of a year (1-9月)."""
    if spec.cumulative:
        return [p for p in seen if _in_year(p, spec.year) and to_date_year(p.period, p.at) is not None]
    return [p for p in seen if not is_partial_ytd(p.period)]


def _annual_flow(spec: TargetSpec, seen: list[Point], *, now: float, method: str, lag: int,
                 any_points: bool) -> Progress:
    """每年…: the latest plan year with a figure from January (the whole year, or the year so
    far) is judged against the yearly value as a running total of that year."""
    years = sorted({y for p in seen if (y := to_date_year(p.period, p.at)) is not None and y <= spec.year
                    and (spec.plan_start is None or y >= spec.plan_start)})
    running = min(spec.year, max(math.ceil(now - EPS), spec.plan_start or 0))
    year = years[-1] if years else running
    one_year = TargetSpec(value=spec.value, year=year, comparator=spec.comparator, value_max=spec.value_max,
                          direction=spec.direction, cumulative=True)
    got = _judge(one_year, seen, now=now, method=method, lag=lag, any_points=any_points)
    return replace(got, method=f"annual flow, {year}: {got.method}")


def _judge(spec: TargetSpec, seen: list[Point], *, now: float, method: str, lag: int, any_points: bool) -> Progress:
    """Decisions 1–6 of the module doc on the figures up to `as_of` (sorted by position)."""
    seen = _comparable(spec, seen)
    if not seen:
        why = f"no figure for {spec.year} yet" if spec.cumulative and any_points else "no observations"
        return _done(Progress("", "", "", year=spec.year, elapsed=_elapsed(spec, None, now, lag)), "no_data", why)
    latest = seen[-1]
    base = None if spec.cumulative else spec.baseline or (seen[0] if seen[0].at < latest.at else None)
    target = level_target(spec, base)
    result = Progress("", "", "", latest=latest, baseline=base, target_level=target, year=spec.year,
                      elapsed=_elapsed(spec, seen, now, lag), target_change=spec.value if spec.change else None)
    if target is None:
        return _done(result, "no_baseline", "change target without a baseline")
    result = _measures(result, spec, seen, target)
    if is_met(latest.value, target, spec) and (direction(spec) > 0 or _covers_year(spec, latest)):
        return _done(result, "achieved", "comparator")
    if now > spec.year + EPS:
        return _overdue(result, spec, now=now, method=method, lag=lag)
    return _middle(result, spec, method, now, lag)


def _overdue(result: Progress, spec: TargetSpec, *, now: float, method: str, lag: int) -> Progress:
    """Past the target year: missed once its figure is in or due, else awaiting it (the pace
    of the latest figure still shown)."""
    assert result.latest is not None
    due = due_date(spec.year, lag)
    if result.latest.at >= spec.year - EPS:
        return _done(result, "missed", "target year passed")
    if now >= due_position(spec.year, lag) - EPS:
        return _done(result, "missed", f"target year passed; no figure for {spec.year} by {due}")
    paced = _middle(result, spec, method, now, lag)
    return _done(replace(result, ratio=paced.ratio), "awaiting", f"figure for {spec.year} due by {due}")


def _covers_year(spec: TargetSpec, latest: Point) -> bool:
    """A running total under a ceiling is only "met" once the whole year is in."""
    return not spec.cumulative or latest.at >= spec.year - EPS


def _elapsed(spec: TargetSpec, seen: list[Point] | None, now: float, lag: int) -> float | None:
    """序时进度 at the measure point (`timing.measured_at`). Running totals: the share of the
    year (1-9月 → 0.75). Otherwise the share of the time from the start (stated baseline,
    else plan start, else the first figure) to the end of the target year."""
    at = measured_at(now, lag, latest=seen[-1].at if seen else None, cumulative=spec.cumulative)
    if spec.cumulative:
        return min(max(at - (spec.year - 1), 0.0), 1.0)
    if spec.baseline is not None:
        start: float | None = spec.baseline.at
    elif spec.plan_start is not None:
        start = spec.plan_start - 1.0
    else:
        start = seen[0].at if seen else None
    if start is None or spec.year <= start:
        return None
    return min(max((at - start) / (spec.year - start), 0.0), 1.0)


def _measures(result: Progress, spec: TargetSpec, seen: list[Point], target: float) -> Progress:
    """Achievement, way covered, change so far and forecast: what does not decide the status."""
    latest, base, d = result.latest, result.baseline, direction(spec)
    assert latest is not None
    if spec.change and base is not None:
        done = change_so_far(spec, base, latest)
        ach = done / spec.value if done is not None and spec.value else None
    else:
        done, ach = None, achievement(latest.value, target, d)
    pts = [(p.at, p.value) for p in seen]
    if spec.cumulative:
        pts.insert(0, (spec.year - 1.0, 0.0))  # a running total starts the year at zero
    elif base is not None and all(p.at != base.at for p in seen):
        pts.insert(0, (base.at, base.value))
    fc = linear_forecast(pts, float(spec.year))
    met = None if fc is None or not math.isfinite(fc) else is_met(fc, target, spec)
    covered, gap = _way(spec, latest, base, target, result.elapsed)
    return replace(result, achievement=ach, actual_change=done, forecast=fc, forecast_met=met, covered=covered,
                   gap=gap)


def _way(spec: TargetSpec, latest: Point, base: Point | None, target: float,
         elapsed: float | None) -> tuple[float | None, float | None]:
    """Share of the way covered and its gap to 序时进度 in 个百分点. A running total covers
    value/target of its year (for a ceiling: the share used, and being under 序时进度 is ahead);
    otherwise d·(yc − y0)/|yT − y0| from the baseline."""
    sign = 1.0
    if spec.cumulative:
        covered = latest.value / target if target else None
        sign = -1.0 if direction(spec) < 0 else 1.0
    elif base is not None and target != base.value:
        covered = direction(spec) * (latest.value - base.value) / abs(target - base.value)
    else:
        covered = None
    gap = None if covered is None or elapsed is None else sign * (covered - elapsed) * 100
    return covered, gap


def _middle(result: Progress, spec: TargetSpec, method: str, now: float, lag: int) -> Progress:
    """Neither met nor past due: grade the pace with the chosen method at the measure point,
    falling back to ESCAP where CAGR is undefined and saying so."""
    latest, base, target, d = result.latest, result.baseline, result.target_level, direction(spec)
    assert latest is not None and target is not None
    if spec.cumulative:
        index, why = elapsed_index(latest.value, target, result.elapsed or 0.0, d=d)
        return _graded(result, index, "elapsed", why)
    if base is None:
        return _done(result, "no_baseline", "one observation and no baseline")
    t0, tc, t = base.at, latest.at, float(spec.year)
    tm = measured_at(now, lag, latest=tc, cumulative=False)
    used = method
    if method == "cagr":
        index, why = cagr_ratio(base.value, latest.value, target, t0=t0, tc=tc, t=t, d=d, tm=tm)
        if index is not None:
            return _graded(result, index, "cagr", "")
        used = f"escap (cagr undefined: {why})"
    elif method == "elapsed":
        used = "escap (elapsed applies to within-year running totals)"
    index, why = escap_index(base.value, latest.value, target, t0=t0, tc=tc, t=t, d=d, tm=tm)
    return _graded(result, index, used, why)


def _graded(result: Progress, index: float | None, used: str, why: str) -> Progress:
    if index is None or math.isnan(index):
        return _done(result, "no_data", f"{used}: {why or 'index undefined'}")
    return _done(replace(result, ratio=index), grade(index), used)


def _done(p: Progress, status: str, method: str) -> Progress:
    """Set the status, and replace non-finite numbers (overflow on absurd inputs) by None."""
    clean = {f.name: None for f in fields(p)
             if isinstance(getattr(p, f.name), float) and not math.isfinite(getattr(p, f.name))}
    return replace(p, status=status, status_label=STATUS_LABELS[status], method=method, **clean)
