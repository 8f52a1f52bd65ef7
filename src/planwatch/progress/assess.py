"""Annual assessment (考核): score each region on a scheme of weighted indicators and rank.

A scheme is data (YAML, `progress.assess_scheme`): items (小项) with an indicator, a weight
(points) and a rule, optionally grouped into 大项 whose points the items' add up to. Rules,
with w the weight:

* ``target_completion`` 目标完成计分 — w if the target is achieved, else 0.
* ``rank`` 争先进位 — first place w; each place below loses `step`·w (default 5%), never
  below 0. Places are competition ranks, so a tie shares the place and skips the next.
* ``efficacy`` 功效系数 — w·[0.6 + 0.4·(x − x_min)/(x_max − x_min)]; reversed (x_max − x)
  when lower is better; all equal → w.
* ``baseline_points`` 基准分± — 0.8·w at the target, ± k points per unit (or per 1% of the
  target, ``per: percent``) above or below, kept within [0, cap] (cap defaults to w).
* ``tasks_on_time`` 按时限完成 — w × the share of the region's due tasks done by their
  deadline in force; w when none was due.

An item with ``periods: [H1, H2]`` is scored on each half-year's figures by its rule and the
points averaged (``period_weights``, default equal) into the annual points. 加减分
(``adjustments``) add or deduct points per region, their sum kept within ±``adjustment_cap``.

Regions without an actual score 0 on the item. Worked examples: docs/methods.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planwatch.progress.assess_scheme import (  # noqa: F401  (re-exported: the scheme's public names)
    ITEM_FIELDS,
    PER,
    RULES,
    TASKS_LABEL,
    Adjustment,
    Group,
    Item,
    Scheme,
    parse_scheme,
)

AT_TARGET = 0.8  # baseline_points: share of the weight earned exactly at the target
EFFICACY_FLOOR = 0.6  # efficacy: share of the weight earned by the worst region


def period_key(indicator: str, period: str) -> str:
    """Where `assess` looks for an item's figures of one period: ``results["产值@H1"]``."""
    return f"{indicator}@{period}"


@dataclass(frozen=True)
class TaskTally:
    """A region's tasks for ``tasks_on_time``: how many were due (deadline in force passed,
    or done already) and how many of those were done on or before their deadline."""

    due: int
    on_time: int


@dataclass(frozen=True)
class Result:
    """One region's figures on one indicator. `achieved`, when given (e.g. from
    `progress.status`, which knows about ranges and change targets), overrides the plain
    actual-versus-target comparison of ``target_completion``; `direction` −1 marks a
    lower-is-better indicator when the scheme item does not."""

    actual: float | None
    target: float | None = None
    direction: int | None = None
    achieved: bool | None = None


@dataclass(frozen=True)
class Score:
    region: str
    total: float
    items: dict[str, float] = field(default_factory=dict)  # item label → points
    rank: int = 0
    groups: dict[str, float] = field(default_factory=dict)  # 大项 → points
    adjustment: float = 0.0  # 加减分 after the cap
    reasons: list[str] = field(default_factory=list)  # the 加减分 entries, "reason (+2)"
    periods: dict[str, dict[str, float]] = field(default_factory=dict)  # item label → period → points


def _lower(item: Item, results: Mapping[str, Result]) -> bool:
    return item.lower_is_better or any(r.direction is not None and r.direction < 0 for r in results.values())


def _met(r: Result, lower: bool) -> bool:
    if r.achieved is not None:
        return r.achieved
    if r.actual is None or r.target is None:
        return False
    return r.actual <= r.target if lower else r.actual >= r.target


def tasks_on_time(weight: float, tally: TaskTally | None) -> float:
    """按时限完成: w × on time / due; w when nothing was due.

    >>> tasks_on_time(20, TaskTally(due=8, on_time=6)), tasks_on_time(20, TaskTally(0, 0))
    (15.0, 20)
    """
    if tally is None or tally.due == 0:
        return weight
    return weight * tally.on_time / tally.due


def score_item(item: Item, results: Mapping[str, Result],
               tasks: Mapping[str, TaskTally] | None = None) -> dict[str, float]:
    """Points of every region on one item (0 without an actual; ``tasks_on_time`` reads
    `tasks`, each region's tally)."""
    if item.rule == "tasks_on_time":
        return {reg: tasks_on_time(item.weight, (tasks or {}).get(reg)) for reg in results}
    lower = _lower(item, results)
    if item.rule == "target_completion":
        return {reg: item.weight if _met(r, lower) else 0.0 for reg, r in results.items()}
    known = {reg: r.actual for reg, r in results.items() if r.actual is not None}
    out = dict.fromkeys(results, 0.0)
    if item.rule == "rank":
        for reg, place in competition_ranks(known, lower_is_better=lower).items():
            out[reg] = max(0.0, item.weight * (1 - item.step * (place - 1)))
    elif item.rule == "efficacy":
        out.update(efficacy(known, weight=item.weight, lower_is_better=lower))
    else:
        for reg, r in results.items():
            if r.actual is not None and r.target is not None:
                out[reg] = baseline_points(item, r.actual, r.target, lower_is_better=lower)
    return out


def efficacy(values: Mapping[str, float], *, weight: float, lower_is_better: bool = False) -> dict[str, float]:
    """功效系数: w·[0.6 + 0.4·(x − x_min)/(x_max − x_min)], reversed when lower is better.

    >>> efficacy({"A": 50, "B": 100, "C": 75}, weight=10)
    {'A': 6.0, 'B': 10.0, 'C': 8.0}
    """
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    out = {}
    for reg, x in values.items():
        share = 1.0 if hi == lo else ((hi - x) if lower_is_better else (x - lo)) / (hi - lo)
        out[reg] = weight * (EFFICACY_FLOOR + (1 - EFFICACY_FLOOR) * share)
    return out


def baseline_points(item: Item, actual: float, target: float, *, lower_is_better: bool = False) -> float:
    """基准分±: 0.8·w at the target, ± k per unit (or per 1% of the target) off it, in [0, cap].

    >>> baseline_points(Item("x", 10, "baseline_points", k=2), 42, 40)
    10
    >>> baseline_points(Item("x", 10, "baseline_points", k=1, per="percent"), 38, 40)  # 5% short
    3.0
    """
    off = (target - actual) if lower_is_better else (actual - target)
    if item.per == "percent":
        off = off / abs(target) * 100 if target else 0.0
    cap = item.cap if item.cap is not None else item.weight
    return min(max(AT_TARGET * item.weight + item.k * off, 0.0), cap)


def competition_ranks(values: Mapping[str, float], *, lower_is_better: bool = False) -> dict[str, int]:
    """Standard competition ranking (1, 1, 3): ties share a place and skip the next.

    >>> competition_ranks({"A": 90, "B": 95, "C": 90})
    {'B': 1, 'A': 2, 'C': 2}
    """
    ordered = sorted(values.items(), key=lambda kv: kv[1] if lower_is_better else -kv[1])
    ranks: dict[str, int] = {}
    for i, (reg, v) in enumerate(ordered):
        ranks[reg] = ranks[ordered[i - 1][0]] if i and v == ordered[i - 1][1] else i + 1
    return ranks


def adjustments(scheme: Scheme, regions: Sequence[str]) -> dict[str, tuple[float, list[str]]]:
    """加减分 per region: the sum of its entries kept within ±cap, and the entries as text.

    >>> from planwatch.progress.assess_scheme import Adjustment, Scheme
    >>> s = Scheme("x", (), adjustments=(Adjustment("A", 3, "获国家表彰"), Adjustment("A", 4, "试点"),
    ...            Adjustment("B", -2, "通报批评")), adjustment_cap=5)
    >>> adjustments(s, ["A", "B", "C"])["A"][0], adjustments(s, ["A", "B", "C"])["B"][0]
    (5, -2.0)
    """
    unknown = sorted({a.region for a in scheme.adjustments} - set(regions))
    if unknown:
        raise ValueError(f"adjustments for regions not assessed: {'、'.join(unknown)}")
    cap = scheme.adjustment_cap if scheme.adjustment_cap is not None else float("inf")
    out: dict[str, tuple[float, list[str]]] = {r: (0.0, []) for r in regions}
    for a in scheme.adjustments:
        points, reasons = out[a.region]
        out[a.region] = (points + a.points, [*reasons, f"{a.reason}（{a.points:+g}）"])
    return {r: (min(max(p, -cap), cap), why) for r, (p, why) in out.items()}


def _item_points(item: Item, results: Mapping[str, Mapping[str, Result]], regions: Sequence[str],
                 tasks: Mapping[str, TaskTally] | None) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(points per region, per-period points per region) of one item."""
    if not item.periods:
        figures = results.get(item.indicator, {})
        return score_item(item, {r: figures.get(r, Result(None)) for r in regions}, tasks), {}
    weights = item.period_weights or tuple(1.0 for _ in item.periods)
    per: dict[str, dict[str, float]] = {r: {} for r in regions}
    for period in item.periods:
        figures = results.get(period_key(item.indicator, period), {})
        for r, pts in score_item(item, {r: figures.get(r, Result(None)) for r in regions}, tasks).items():
            per[r][period] = round(pts, 4)
    mean = {r: sum(w * per[r][p] for w, p in zip(weights, item.periods, strict=True)) / sum(weights)
            for r in regions}
    return mean, per


def assess(scheme: Scheme, results: Mapping[str, Mapping[str, Result]], regions: Sequence[str],
           tasks: Mapping[str, TaskTally] | None = None) -> list[Score]:
    """Scores and ranking of `regions`, best first; `results[indicator][region]` holds the
    figures (``results[period_key(indicator, "H1")]`` those of a period), `tasks` each
    region's task tally. Totals are rounded to 4 decimals before ranking, so float noise
    makes no ties disappear."""
    per_item: dict[str, dict[str, float]] = {}
    per_period: dict[str, dict[str, dict[str, float]]] = {}
    for item in scheme.items:
        per_item[item.label], periods = _item_points(item, results, regions, tasks)
        if periods:
            per_period[item.label] = periods
    adjusted = adjustments(scheme, regions)
    totals = {r: round(sum(points[r] for points in per_item.values()) + adjusted[r][0], 4) for r in regions}
    ranks = competition_ranks(totals)
    scores = [
        Score(region=r, total=totals[r], items={i: round(per_item[i][r], 4) for i in per_item}, rank=ranks[r],
              groups={g.name: round(sum(per_item[i][r] for i in g.items), 4) for g in scheme.groups},
              adjustment=adjusted[r][0], reasons=adjusted[r][1],
              periods={label: per[r] for label, per in per_period.items()})
        for r in regions
    ]
    return sorted(scores, key=lambda s: (s.rank, s.region))
