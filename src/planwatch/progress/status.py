"""Status of one target: latest actual, achievement, 序时进度, status, forecast.

Pure: the caller passes the target, the observed points and `as_of`; nothing reads a
clock or a database. Methods are explained, with worked examples, in docs/methods.md.

Time is measured in fractional years at the *end* of a period: the year 2019 is 2019.0,
2019-09 is 2018.75 (nine months into 2019), so an annual figure and a December figure sit
at the same place and a target due "by 2020" is due at 2020.0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from planwatch.progress.forecast import linear_forecast

STATUS_LABELS: dict[str, str] = {
    "achieved": "已完成",
    "on_track": "进度正常",
    "moderate": "需加快",
    "limited": "进展缓慢",
    "deterioration": "倒退",
    "missed": "未完成",
    "no_data": "无数据",
}
METHODS = ("cagr", "escap", "elapsed")
ON_TRACK, MODERATE = 0.95, 0.6
APPROX = 0.05  # "~" (左右) counts as met within 5% of the value


@dataclass(frozen=True)
class Point:
    """An observed value at a fractional-year position (see module doc)."""

    at: float
    value: float
    period: str = ""


@dataclass(frozen=True)
class TargetSpec:
    value: float
    year: int
    comparator: str = "="  # = >= <= ~ range
    value_max: float | None = None
    direction: int = 1  # +1 higher is better, -1 lower is better
    change: str | None = None  # increase / decrease: the value is a change, not a level
    annual: bool = False  # 年均增长: the change is a yearly rate
    percent: bool = True  # change given in % of the baseline (else an absolute count)
    baseline: Point | None = None
    cumulative: bool = False  # a within-year running total (序时进度 applies)


@dataclass(frozen=True)
class Progress:
    status: str
    status_label: str
    method: str
    latest: Point | None = None
    baseline: Point | None = None
    target_level: float | None = None
    achievement: float | None = None
    elapsed: float | None = None
    ratio: float | None = None  # the method's index (P for cagr, I/e for escap)
    forecast: float | None = None


def position(d: date) -> float:
    """Fractional-year position of a date: 2020-12-31 → 2020.0; 2020-07-01 → ≈2019.5."""
    start = date(d.year, 1, 1)
    days = (date(d.year + 1, 1, 1) - start).days
    return d.year - 1 + ((d - start).days + 1) / days


def level_target(spec: TargetSpec, baseline: Point | None) -> float | None:
    """The level the target asks for. A change target becomes a level once a baseline is
    known: 比2015年下降18% from 100 → 82; 年均增长15% over 5 years from 100 → 201.1."""
    if spec.change is None:
        return spec.value
    if baseline is None:
        return None
    sign = -1 if spec.change == "decrease" else 1
    years = max(spec.year - baseline.at, 0)
    if spec.annual:
        return baseline.value * (1 + sign * spec.value / 100) ** years
    if spec.percent:
        return baseline.value * (1 + sign * spec.value / 100)
    return baseline.value + sign * spec.value


def is_met(value: float, target: float, spec: TargetSpec) -> bool:
    """Whether a level meets the target by its comparator and direction."""
    lower_better = spec.direction < 0 or spec.comparator == "<="
    if spec.comparator == "range" and spec.value_max is not None and spec.change is None:
        return value <= spec.value_max if lower_better else value >= spec.value
    if spec.comparator == "~":
        slack = APPROX * abs(target)
        return value <= target + slack if lower_better else value >= target - slack
    return value <= target if lower_better else value >= target


def _cagr(a: float, b: float, years: float) -> float | None:
    if a <= 0 or b <= 0 or years <= 0:
        return None
    return (b / a) ** (1 / years) - 1


def _grade(index: float) -> str:
    if index >= ON_TRACK:
        return "on_track"
    if index >= MODERATE:
        return "moderate"
    return "limited" if index >= 0 else "deterioration"


def _direction(spec: TargetSpec) -> int:
    return -1 if spec.direction < 0 or spec.comparator == "<=" or spec.change == "decrease" else 1


def _middle(spec: TargetSpec, base: Point, latest: Point, target: float, method: str) -> tuple[str, str, float | None]:
    """(status, method used, index) for a target neither met nor past due."""
    d = _direction(spec)
    if method == "elapsed" or spec.cumulative:
        months = (latest.at - math.floor(latest.at - 1e-9)) or 1.0
        share = latest.value / target if target else 0.0
        index = d * share / months if d > 0 else (target / latest.value if latest.value else 0.0) / months
        return _grade(index), "elapsed", index
    if method == "cagr":
        actual = _cagr(base.value, latest.value, latest.at - base.at)
        needed = _cagr(base.value, target, spec.year - base.at)
        if actual is not None and needed:
            index = d * actual / abs(needed)
            return _grade(index), "cagr", index
        method = "escap"  # CAGR undefined (zero or negative values, or no change needed)
        fallback = True
    else:
        fallback = False
    span = target - base.value
    elapsed = (latest.at - base.at) / (spec.year - base.at) if spec.year > base.at else 1.0
    if span == 0 or elapsed <= 0:
        return "no_data", "escap: no change to measure", None
    index = d * (latest.value - base.value) / abs(span) / elapsed
    return _grade(index), "escap (cagr undefined)" if fallback else "escap", index


def evaluate(spec: TargetSpec, points: Sequence[Point], *, as_of: date, method: str = "cagr") -> Progress:
    """Progress of one target as of a date. Observations after `as_of` are ignored."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    now = position(as_of)
    seen = sorted((p for p in points if p.at <= now + 1e-9), key=lambda p: p.at)
    if not seen:
        return Progress("no_data", STATUS_LABELS["no_data"], "no observations")
    latest = seen[-1]
    base = spec.baseline or (seen[0] if seen[0].at < latest.at else None)
    target = level_target(spec, base)
    elapsed = None if base is None or spec.year <= base.at else min(max((now - base.at) / (spec.year - base.at), 0.0), 1.0)
    result = Progress("no_data", "", "", latest=latest, baseline=base, target_level=target, elapsed=elapsed)
    if target is None:  # a change target with nothing to measure the change from
        return _done(result, "no_data", "change target without a baseline")
    achievement = _achievement(latest.value, target, _direction(spec))
    result = replace(result, achievement=achievement, forecast=_forecast(base, seen, spec.year))
    if is_met(latest.value, target, spec):
        return _done(result, "achieved", "comparator")
    if now >= spec.year + 1e-9:
        return _done(result, "missed", "target year passed")
    if base is None:
        return _done(result, "no_data", "one observation and no baseline")
    status, used, index = _middle(spec, base, latest, target, method)
    return replace(_done(result, status, used), ratio=index)


def _achievement(value: float, target: float, d: int) -> float | None:
    if d > 0:
        return value / target if target else None
    return target / value if value else None


def _forecast(base: Point | None, seen: list[Point], year: int) -> float | None:
    pts = ([base] if base is not None and all(p.at != base.at for p in seen) else []) + seen
    return linear_forecast([(p.at, p.value) for p in pts], year)


def _done(p: Progress, status: str, method: str) -> Progress:
    return replace(p, status=status, status_label=STATUS_LABELS[status], method=method)
