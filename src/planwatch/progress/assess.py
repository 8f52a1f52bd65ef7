"""Annual assessment (考核): score each region on a scheme of weighted indicators and rank.

A scheme is data (YAML): items with an indicator, a weight (points) and a rule. Rules:
``target_completion`` 目标完成计分 (full if achieved, else 0); ``rank`` 争先进位 (first place
full, −step of the weight per place below, floored at 0); ``efficacy`` 功效系数
(w·[0.6 + 0.4·(x − x_min)/(x_max − x_min)], reversed when lower is better);
``baseline_points`` 基准分± (80% of the weight at the target, ± k points per unit above or
below, within [0, cap]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.errors import ValidationError

RULES = ("target_completion", "rank", "efficacy", "baseline_points")


@dataclass(frozen=True)
class Item:
    indicator: str
    weight: float
    rule: str
    step: float = 0.05  # rank: share of the weight lost per place
    k: float = 1.0  # baseline_points: points per unit off target
    cap: float | None = None  # baseline_points: most points (default the weight)
    lower_is_better: bool = False


@dataclass(frozen=True)
class Scheme:
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Result:
    actual: float | None
    target: float | None = None


@dataclass(frozen=True)
class Score:
    region: str
    total: float
    items: dict[str, float] = field(default_factory=dict)
    rank: int = 0


def parse_scheme(data: Mapping[str, Any], *, source: str = "scheme") -> Scheme:
    """Validate a scheme read from YAML; every problem is reported with its item and field."""
    problems: list[str] = []
    items: list[Item] = []
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ValidationError(source, ["items: a non-empty list of indicators is required"])
    for n, raw in enumerate(raw_items, start=1):
        if not isinstance(raw, Mapping):
            problems.append(f"items[{n}]: must be a mapping")
            continue
        where = f"items[{n}] ({raw.get('indicator', '?')})"
        if not raw.get("indicator"):
            problems.append(f"{where}.indicator: required")
        if not isinstance(raw.get("weight"), (int, float)) or raw["weight"] <= 0:
            problems.append(f"{where}.weight: must be a positive number")
        if raw.get("rule") not in RULES:
            problems.append(f"{where}.rule: must be one of {', '.join(RULES)}")
        unknown = set(raw) - {"indicator", "weight", "rule", "step", "k", "cap", "lower_is_better"}
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if not problems:
            items.append(Item(**raw))
    if problems:
        raise ValidationError(source, problems)
    return Scheme(name=str(data.get("name") or source), items=tuple(items))


def _met(r: Result, lower: bool) -> bool:
    if r.actual is None or r.target is None:
        return False
    return r.actual <= r.target if lower else r.actual >= r.target


def score_item(item: Item, results: Mapping[str, Result]) -> dict[str, float]:
    """Points of every region on one item."""
    lower = item.lower_is_better
    if item.rule == "target_completion":
        return {reg: item.weight if _met(r, lower) else 0.0 for reg, r in results.items()}
    known = {reg: r.actual for reg, r in results.items() if r.actual is not None}
    out = dict.fromkeys(results, 0.0)
    if item.rule == "rank":
        places = competition_ranks(known, lower_is_better=lower)
        for reg, place in places.items():
            out[reg] = max(0.0, item.weight * (1 - item.step * (place - 1)))
    elif item.rule == "efficacy":
        lo, hi = (min(known.values()), max(known.values())) if known else (0.0, 0.0)
        for reg, x in known.items():
            share = 1.0 if hi == lo else ((hi - x) if lower else (x - lo)) / (hi - lo)
            out[reg] = item.weight * (0.6 + 0.4 * share)
    else:  # baseline_points
        cap = item.cap if item.cap is not None else item.weight
        for reg, r in results.items():
            if r.actual is None or r.target is None:
                continue
            off = (r.target - r.actual) if lower else (r.actual - r.target)
            out[reg] = min(max(0.8 * item.weight + item.k * off, 0.0), cap)
    return out


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


def assess(scheme: Scheme, results: Mapping[str, Mapping[str, Result]], regions: Sequence[str]) -> list[Score]:
    """Scores and ranking of `regions`; `results[indicator][region]` holds actual and target."""
    per_item = {
        item.indicator: score_item(item, {r: results.get(item.indicator, {}).get(r, Result(None)) for r in regions})
        for item in scheme.items
    }
    totals = {r: round(sum(per_item[i.indicator][r] for i in scheme.items), 4) for r in regions}
    ranks = competition_ranks(totals)
    scores = [
        Score(region=r, total=totals[r], items={i: round(per_item[i][r], 4) for i in per_item}, rank=ranks[r])
        for r in regions
    ]
    return sorted(scores, key=lambda s: (s.rank, s.region))
