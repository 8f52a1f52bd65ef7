"""`status.evaluate` for many series at once, on numpy columns.

A province-wide refresh is ~600,000 (indicator, region) series; one Python call each is far
too slow for a page that should answer in seconds. This module applies the same decisions as
`progress.status.evaluate` (which stays the readable reference, with the worked examples of
docs/methods.md) to whole columns. Each series comes in as a *summary* of its observations
up to `as_of` — count, first and latest point, and the sums a least-squares line needs —
which the database computes or keeps (`services.series`), so millions of observations never
cross into Python. Tests hold the two implementations to the same answers on the
hand-computed cases and on random ones.

Scope: level and change targets as the tracking services build them, with the statistics
lag, the measure point and plan starts. Within-year running totals (`TargetSpec.cumulative`,
and series with figures of part of a year such as 2019年1-9月) and annual flows
(`TargetSpec.flow`) are few; the services evaluate them one by one with `evaluate`, and
`columns_of` refuses them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from planwatch.progress.methods import MODERATE, ON_TRACK
from planwatch.progress.status import (
    APPROX,
    EPS,
    METHODS,
    STATUS_LABELS,
    Point,
    Progress,
    TargetSpec,
    position,
)
from planwatch.progress.timing import DATA_LAG_MONTHS, check_lag, due_date, due_floor

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

ORIGIN = 2000.0  # positions are summed as (at − ORIGIN): small numbers keep the sums exact enough
COMPARATOR_CODES = {"=": 0, ">=": 1, "<=": 2, "~": 3, "range": 4}
CHANGE_CODES = {None: 0, "increase": 1, "decrease": 2}
STATUSES = tuple(STATUS_LABELS)  # status codes index this tuple


@dataclass(frozen=True)
class Summary:
    """What the maths needs of one series' observations up to `as_of` (positions as in
    `status.Point`; sums over x = at − ORIGIN). `base_seen`: an observation sits exactly at
    the stated baseline's position, so the line does not add the baseline point again."""

    n: int = 0
    first: Point | None = None
    latest: Point | None = None
    sum_x: float = 0.0
    sum_y: float = 0.0
    sum_xy: float = 0.0
    sum_xx: float = 0.0
    base_seen: bool = False


def summarise(points: Sequence[Point], *, as_of: date, baseline: Point | None = None) -> Summary:
    """The summary of a list of points, as the database would compute it (for tests and
    small callers). Later points of the same position count as later."""
    now = position(as_of)
    seen = sorted((p for p in points if p.at <= now + EPS and math.isfinite(p.at) and math.isfinite(p.value)),
                  key=lambda p: p.at)
    if not seen:
        return Summary()
    xs = [p.at - ORIGIN for p in seen]
    return Summary(
        n=len(seen), first=seen[0], latest=seen[-1], sum_x=sum(xs), sum_y=sum(p.value for p in seen),
        sum_xy=sum(x * p.value for x, p in zip(xs, seen, strict=True)), sum_xx=sum(x * x for x in xs),
        base_seen=baseline is not None and any(p.at == baseline.at for p in seen),
    )


@dataclass(frozen=True)
class Columns:
    """Targets and their series summaries, one row per series. NaN stands for "none"."""

    value: Floats
    year: Floats
    comparator: Ints  # COMPARATOR_CODES
    value_max: Floats
    direction: Ints  # as stated: −1 lower is better, else +1
    change: Ints  # CHANGE_CODES
    annual: Bools
    percent: Bools
    base_at: Floats  # stated baseline (or the baseline year's observation)
    base_value: Floats
    plan_start: Floats  # the plan's first year (序时进度 starts there without a baseline)
    n: Ints
    first_at: Floats
    first_value: Floats
    latest_at: Floats
    latest_value: Floats
    sum_x: Floats
    sum_y: Floats
    sum_xy: Floats
    sum_xx: Floats
    base_seen: Bools

    def __len__(self) -> int:
        return len(self.value)


def columns_of(specs: Sequence[TargetSpec], summaries: Sequence[Summary]) -> Columns:
    """Columns from per-series objects (tests and small callers)."""
    if any(s.cumulative or s.flow for s in specs):
        raise ValueError("running totals and annual flows are evaluated one by one (status.evaluate)")

    def col(get: Any, dtype: Any = np.float64) -> Any:
        return np.array([get(s, m) for s, m in zip(specs, summaries, strict=True)], dtype=dtype)

    nan = math.nan
    return Columns(
        value=col(lambda s, m: s.value), year=col(lambda s, m: s.year),
        comparator=col(lambda s, m: COMPARATOR_CODES[s.comparator], np.int64),
        value_max=col(lambda s, m: nan if s.value_max is None else s.value_max),
        direction=col(lambda s, m: -1 if s.direction < 0 else 1, np.int64),
        change=col(lambda s, m: CHANGE_CODES[s.change], np.int64),
        annual=col(lambda s, m: s.annual, np.bool_), percent=col(lambda s, m: s.percent, np.bool_),
        base_at=col(lambda s, m: s.baseline.at if s.baseline else nan),
        base_value=col(lambda s, m: s.baseline.value if s.baseline else nan),
        plan_start=col(lambda s, m: nan if s.plan_start is None else s.plan_start),
        n=col(lambda s, m: m.n, np.int64),
        first_at=col(lambda s, m: m.first.at if m.first else nan),
        first_value=col(lambda s, m: m.first.value if m.first else nan),
        latest_at=col(lambda s, m: m.latest.at if m.latest else nan),
        latest_value=col(lambda s, m: m.latest.value if m.latest else nan),
        sum_x=col(lambda s, m: m.sum_x), sum_y=col(lambda s, m: m.sum_y),
        sum_xy=col(lambda s, m: m.sum_xy), sum_xx=col(lambda s, m: m.sum_xx),
        base_seen=col(lambda s, m: m.base_seen, np.bool_),
    )


@dataclass(frozen=True)
class Results:
    """Per-series results as columns; `progress(i)` gives the `status.Progress` of one."""

    status: Ints  # index into STATUSES
    method: npt.NDArray[np.object_]
    base_at: Floats
    base_value: Floats
    target_level: Floats
    achievement: Floats
    elapsed: Floats
    ratio: Floats
    forecast: Floats
    forecast_met: npt.NDArray[np.object_]  # True / False / None
    actual_change: Floats
    target_change: Floats
    covered: Floats
    gap: Floats
    columns: Columns

    def __len__(self) -> int:
        return len(self.status)

    def counts(self) -> dict[str, int]:
        """How many series have each status (the refresh's headline)."""
        found = np.bincount(self.status, minlength=len(STATUSES))
        return {s: int(found[i]) for i, s in enumerate(STATUSES)}

    def progress(self, i: int, latest_period: str = "", base_period: str = "") -> Progress:
        """Row `i` as the `Progress` that `status.evaluate` returns (period labels from the caller)."""
        c = self.columns

        def num(a: Floats) -> float | None:
            x = float(a[i])
            return x if math.isfinite(x) else None

        status = STATUSES[int(self.status[i])]
        latest = Point(float(c.latest_at[i]), float(c.latest_value[i]), latest_period) if c.n[i] > 0 else None
        base = (Point(float(self.base_at[i]), float(self.base_value[i]), base_period)
                if math.isfinite(self.base_at[i]) and latest is not None else None)
        return Progress(
            status=status, status_label=STATUS_LABELS[status], method=str(self.method[i]), latest=latest, baseline=base,
            target_level=num(self.target_level), achievement=num(self.achievement), elapsed=num(self.elapsed),
            ratio=num(self.ratio), forecast=num(self.forecast), forecast_met=self.forecast_met[i],
            actual_change=num(self.actual_change), target_change=num(self.target_change),
            year=int(c.year[i]), covered=num(self.covered), gap=num(self.gap),
        )


def evaluate_columns(c: Columns, *, as_of: date, method: str = "cagr",
                     lag_months: int = DATA_LAG_MONTHS) -> Results:
    """`status.evaluate` on every row of `c`; see the module doc and `status` for each step."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    check_lag(lag_months)
    with np.errstate(all="ignore"):
        return _evaluate(c, position(as_of), method, lag_months)


def _evaluate(c: Columns, now: float, method: str, lag: int) -> Results:
    size = len(c)
    nan = np.full(size, np.nan)
    d = np.where((c.direction < 0) | (c.comparator == COMPARATOR_CODES["<="]) | (c.change == CHANGE_CODES["decrease"]),
                 -1.0, 1.0)
    has = c.n > 0
    stated = np.isfinite(c.base_at)
    # The baseline: stated, else the first figure when it is older than the latest.
    own = has & ~stated & (c.first_at < c.latest_at)
    base_at = np.where(stated, c.base_at, np.where(own, c.first_at, np.nan))
    base_value = np.where(stated, c.base_value, np.where(own, c.first_value, np.nan))
    has_base = has & np.isfinite(base_at)
    target = _level_target(c, d, base_at, base_value)
    # The measure point (`timing.measured_at`): the last year end whose figure is due, or the latest figure.
    floor = due_floor(now, lag, cumulative=False)
    tm = np.where(has, np.maximum(c.latest_at, floor), floor)
    elapsed = _elapsed(c, tm, has)
    achievement, actual_change = _achievement(c, d, target, base_at, base_value, has_base)
    covered = np.where(has_base & (target != base_value),
                       d * (c.latest_value - base_value) / np.abs(np.where(target != base_value, target - base_value,
                                                                           1.0)), np.nan)
    forecast = _forecast(c, base_at, base_value, has_base, has)
    forecast_met = np.where(np.isfinite(forecast) & np.isfinite(target), _is_met(c, d, forecast, target), False)
    met_known = np.isfinite(forecast) & np.isfinite(target)
    ratio, graded, used, why = _middle(c, d, target, base_at, base_value, tm, method)
    status, words, paced = _decide(c, d, target, has, has_base, ratio, graded, used, why, now, lag)
    has_measures = has & np.isfinite(target)
    covered = np.where(has_measures, covered, nan)
    return Results(
        status=status, method=words,
        base_at=np.where(has, base_at, np.nan), base_value=np.where(has, base_value, np.nan),
        target_level=np.where(has, target, np.nan),
        achievement=np.where(has_measures, achievement, nan), elapsed=elapsed,
        ratio=np.where(paced & np.isfinite(ratio), ratio, np.nan),
        forecast=np.where(has_measures, forecast, nan),
        forecast_met=_maybe(forecast_met, has_measures & met_known),
        actual_change=np.where(has_measures, actual_change, nan),
        target_change=np.where(has & (c.change != 0), c.value, nan),
        covered=covered, gap=np.where(np.isfinite(covered) & np.isfinite(elapsed), (covered - elapsed) * 100, nan),
        columns=c,
    )


def _decide(c: Columns, d: Floats, target: Floats, has: Bools, has_base: Bools, ratio: Floats, graded: Ints,
            used: npt.NDArray[np.object_], why: npt.NDArray[np.object_], now: float,
            lag: int) -> tuple[Ints, npt.NDArray[np.object_], Bools]:
    """Status codes and what decided, in the order of `status.evaluate`; and the rows whose
    pace index is shown (graded, or awaiting their target year's figure)."""
    codes = {s: i for i, s in enumerate(STATUSES)}
    no_obs = ~has
    no_target = has & ~np.isfinite(target)
    achieved = has & ~no_target & _is_met(c, d, c.latest_value, target)
    over = has & ~no_target & ~achieved & (now > c.year + EPS)
    in_year = c.latest_at >= c.year - EPS
    late = over & ~in_year & (now >= c.year + lag / 12 - EPS)  # `timing.due_position`
    missed = over & (in_year | late)
    awaiting = over & ~missed
    middle = has & ~no_target & ~achieved & ~over
    no_base = middle & ~has_base
    ungraded = middle & has_base & ~np.isfinite(ratio) & ~np.isinf(ratio)
    status = np.select(
        [no_obs, no_target, achieved, missed, awaiting, no_base, ungraded, middle],
        [codes["no_data"], codes["no_baseline"], codes["achieved"], codes["missed"], codes["awaiting"],
         codes["no_baseline"], codes["no_data"], graded],
        default=codes["no_data"],
    ).astype(np.int64)
    words = used.copy()  # what decided, in the words of `status.evaluate`
    words[ungraded] = (used + ": " + why)[ungraded]
    for mask, text in ((no_base, "one observation and no baseline"), (missed & ~late, "target year passed"),
                       (achieved, "comparator"), (no_target, "change target without a baseline"),
                       (no_obs, "no observations")):
        words[mask] = text
    for year in np.unique(c.year[late | awaiting]).tolist():
        due = due_date(int(year), lag)
        words[late & (c.year == year)] = f"target year passed; no figure for {int(year)} by {due}"
        words[awaiting & (c.year == year)] = f"figure for {int(year)} due by {due}"
    paced = (middle & has_base & ~ungraded) | (awaiting & has_base)
    return status, words, paced


def _maybe(values: Bools, known: Bools) -> npt.NDArray[np.object_]:
    """True / False where known, None elsewhere."""
    out = np.full(len(values), None, dtype=object)
    out[known] = values[known]
    return out


def _level_target(c: Columns, d: Floats, base_at: Floats, base_value: Floats) -> Floats:
    """`status.level_target` by columns."""
    ceiling = (c.comparator == COMPARATOR_CODES["range"]) & np.isfinite(c.value_max) & (d < 0)
    level = np.where(ceiling, c.value_max, c.value)
    sign = np.where(c.change == CHANGE_CODES["decrease"], -1.0, 1.0)
    factor = 1 + sign * c.value / 100
    years = np.maximum(c.year - base_at, 0.0)
    too_big = (factor > 1) & (years * np.log(np.where(factor > 0, factor, 1.0)) > 700)
    annual = np.where((factor <= 0) | too_big, np.nan, base_value * np.power(factor, years))
    percent = base_value * (1 + sign * c.value / 100)
    units = base_value + sign * c.value
    changed = np.where(c.annual, annual, np.where(c.percent, percent, units))
    return np.where(c.change == 0, level, changed)


def _is_met(c: Columns, d: Floats, value: Floats, target: Floats) -> Bools:
    slack = np.where(c.comparator == COMPARATOR_CODES["~"], APPROX * np.abs(target), 0.0)
    return np.where(d < 0, value <= target + slack, value >= target - slack)


def _elapsed(c: Columns, tm: Floats, has: Bools) -> Floats:
    """序时进度 at the measure point, from the stated baseline, else the plan start, else the first figure."""
    start = np.where(np.isfinite(c.base_at), c.base_at,
                     np.where(np.isfinite(c.plan_start), c.plan_start - 1.0, np.where(has, c.first_at, np.nan)))
    share = np.clip((tm - start) / (c.year - start), 0.0, 1.0)
    return np.where(np.isfinite(start) & (c.year > start), share, np.nan)


def _cagr(a: Floats, b: Floats, years: Floats) -> Floats:
    """`methods.cagr` by columns (NaN where undefined)."""
    ok = (a > 0) & (b > 0) & (years > 0)
    exponent = (np.log(np.where(ok, b, 1.0)) - np.log(np.where(ok, a, 1.0))) / np.where(ok, years, 1.0)
    return np.where(ok & (exponent <= 700), np.expm1(exponent), np.nan)


def _achievement(c: Columns, d: Floats, target: Floats, base_at: Floats, base_value: Floats,
                 has_base: Bools) -> tuple[Floats, Floats]:
    sign = np.where(c.change == CHANGE_CODES["decrease"], -1.0, 1.0)
    annual = sign * _cagr(base_value, c.latest_value, c.latest_at - base_at) * 100
    percent = np.where(base_value != 0, sign * (c.latest_value - base_value) / np.abs(base_value) * 100, np.nan)
    units = sign * (c.latest_value - base_value)
    done = np.where(c.annual, annual, np.where(c.percent, percent, units))
    done = np.where((c.change != 0) & has_base, done, np.nan)
    of_change = np.where(np.isfinite(done) & (c.value != 0), done / np.where(c.value != 0, c.value, 1.0), np.nan)
    up = np.where(target != 0, c.latest_value / np.where(target != 0, target, 1.0), np.nan)
    down = np.where(c.latest_value != 0, target / np.where(c.latest_value != 0, c.latest_value, 1.0), np.nan)
    of_level = np.where(d > 0, up, down)
    changed = (c.change != 0) & has_base
    return np.where(changed, of_change, of_level), done


def _forecast(c: Columns, base_at: Floats, base_value: Floats, has_base: Bools, has: Bools) -> Floats:
    """`forecast.linear_forecast` from sums, with the baseline point added when no
    observation sits at its position (as `status._measures` does)."""
    stated = np.isfinite(c.base_at)
    add = has_base & stated & ~c.base_seen
    bx = np.where(add, base_at - ORIGIN, 0.0)
    by = np.where(add, base_value, 0.0)
    n = c.n + add
    sx, sy = c.sum_x + bx, c.sum_y + by
    sxy, sxx = c.sum_xy + bx * by, c.sum_xx + bx * bx
    distinct = has & ((c.first_at != c.latest_at) | add)
    safe_n = np.where(n > 0, n, 1)
    mx, my = sx / safe_n, sy / safe_n
    var = sxx - sx * mx
    cov = sxy - sx * my
    slope = cov / np.where(var > 0, var, 1.0)
    line = np.round(my + slope * (c.year - ORIGIN - mx), 6)
    return np.where(distinct & (var > 0) & np.isfinite(line), line, np.nan)


_WHY_CAGR = ("", "zero or negative values", "no time between baseline and latest figure", "target equals the baseline")


def _middle(c: Columns, d: Floats, target: Floats, t0: Floats, y0: Floats, tm: Floats, method: str) -> tuple[
        Floats, Ints, npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """The pace index, its grade, the method used and why an index is missing (`status._middle`).
    Names as in `methods`: baseline (t0, y0), latest (tc, yc), target year t, measure point tm."""
    yc, tc, t = c.latest_value, c.latest_at, c.year
    size = len(c)
    # CAGR ratio and why it may be undefined.
    nonpositive = (y0 <= 0) | (yc <= 0) | (target <= 0)
    actual, needed = _cagr(y0, yc, np.where(tc > t0, tm - t0, 0.0)), _cagr(y0, target, t - t0)
    no_time = ~nonpositive & (~np.isfinite(actual) | ~np.isfinite(needed))
    flat = ~nonpositive & ~no_time & (needed == 0)
    cagr_ok = ~nonpositive & ~no_time & ~flat
    p = d * actual / np.abs(np.where(cagr_ok, needed, 1.0))
    why_code = np.select([nonpositive, no_time, flat], [1, 2, 3], default=0)
    # ESCAP index.
    before = (t <= t0) | (tc <= t0)
    same = ~before & (target == y0)
    covered = d * (yc - y0) / np.abs(np.where(same | before, 1.0, target - y0))
    escap = np.where(before, np.nan, np.where(same, np.where(d * (yc - y0) < 0, -1.0, np.nan),
                                              covered / ((tm - t0) / np.where(before, 1.0, t - t0))))
    escap_why = np.where(before, "no figure after the baseline", np.where(same, "target equals the baseline",
                                                                          "index undefined")).astype(object)
    if method == "cagr":
        used = np.array([f"escap (cagr undefined: {w})" if w else "cagr" for w in _WHY_CAGR], dtype=object)[why_code]
        index = np.where(cagr_ok, p, escap)
        why = np.where(cagr_ok, "index undefined", escap_why).astype(object)
    else:
        label = "escap" if method == "escap" else "escap (elapsed applies to within-year running totals)"
        used = np.full(size, label, dtype=object)
        index, why = escap, escap_why
    codes = {name: i for i, name in enumerate(STATUSES)}
    graded = np.select([index >= ON_TRACK, index >= MODERATE, index >= 0],
                       [codes["on_track"], codes["moderate"], codes["limited"]], default=codes["deterioration"])
    return index, graded, used, why
