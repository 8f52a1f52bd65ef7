"""Annual assessment (考核): score each region on a scheme of weighted indicators and rank.

A scheme is data (YAML): items with an indicator, a weight (points) and a rule. Rules, with
w the weight:

* ``target_completion`` 目标完成计分 — w if the target is achieved, else 0.
* ``rank`` 争先进位 — first place w; each place below loses `step`·w (default 5%), never
  below 0. Places are competition ranks, so a tie shares the place and skips the next.
* ``efficacy`` 功效系数 — w·[0.6 + 0.4·(x − x_min)/(x_max − x_min)]; reversed (x_max − x)
  when lower is better; all equal → w.
* ``baseline_points`` 基准分± — 0.8·w at the target, ± k points per unit (or per 1% of the
  target, ``per: percent``) above or below, kept within [0, cap] (cap defaults to w).

Regions without an actual score 0 on the item. Worked examples: docs/methods.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch.errors import ValidationError

RULES = ("target_completion", "rank", "efficacy", "baseline_points")
PER = ("unit", "percent")
ITEM_FIELDS = ("indicator", "weight", "rule", "step", "k", "cap", "lower_is_better", "per", "name")
AT_TARGET = 0.8  # baseline_points: share of the weight earned exactly at the target
EFFICACY_FLOOR = 0.6  # efficacy: share of the weight earned by the worst region


@dataclass(frozen=True)
class Item:
    indicator: str
    weight: float
    rule: str
    step: float = 0.05  # rank: share of the weight lost per place
    k: float = 1.0  # baseline_points: points per unit (or per 1% of the target) off target
    cap: float | None = None  # baseline_points: most points (default the weight)
    lower_is_better: bool = False
    per: str = "unit"  # baseline_points: k is per "unit" or per "percent" of the target
    name: str | None = None  # how the item is shown and keyed; default the indicator

    @property
    def label(self) -> str:
        return self.name or self.indicator


@dataclass(frozen=True)
class Scheme:
    name: str
    items: tuple[Item, ...]

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.items)


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


def parse_scheme(data: Mapping[str, Any], *, source: str = "scheme") -> Scheme:
    """Validate a scheme read from YAML; every problem is reported with its item and field.
    Keys other than `name` and `items` at the top (plan, regions, year) are the caller's."""
    if not isinstance(data, Mapping):
        raise ValidationError(source, ["the scheme must be a mapping with an `items` list"])
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ValidationError(source, ["items: a non-empty list of indicators is required"])
    problems: list[str] = []
    items: list[Item] = []
    for n, raw in enumerate(raw_items, start=1):
        found = _item_problems(n, raw)
        problems += found
        if not found:
            items.append(Item(**raw))
    labels = [i.label for i in items]
    problems += [f"items: {lbl!r} appears twice; give one of them a `name`" for lbl in sorted(set(labels))
                 if labels.count(lbl) > 1]
    if problems:
        raise ValidationError(source, problems)
    return Scheme(name=str(data.get("name") or source), items=tuple(items))


def _number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _item_problems(n: int, raw: object) -> list[str]:
    if not isinstance(raw, Mapping):
        return [f"items[{n}]: must be a mapping with indicator, weight and rule"]
    where = f"items[{n}] ({raw.get('indicator', '?')})"
    checks = [
        ("indicator", isinstance(raw.get("indicator"), str) and raw["indicator"].strip(), "required, a name"),
        ("weight", _number(raw.get("weight")) and raw["weight"] > 0, "must be a positive number"),
        ("rule", raw.get("rule") in RULES, f"must be one of {', '.join(RULES)}"),
        ("step", _number(raw.get("step", 0.05)) and 0 < raw.get("step", 0.05) <= 1, "must be in (0, 1]"),
        ("k", _number(raw.get("k", 1.0)) and raw.get("k", 1.0) >= 0, "must be a number ≥ 0"),
        ("cap", raw.get("cap") is None or (_number(raw["cap"]) and raw["cap"] > 0), "must be a positive number"),
        ("lower_is_better", isinstance(raw.get("lower_is_better", False), bool), "must be true or false"),
        ("per", raw.get("per", "unit") in PER, f"must be one of {', '.join(PER)}"),
        ("name", raw.get("name") is None or isinstance(raw["name"], str), "must be text"),
    ]
    problems = [f"{where}.{name}: {message} (got {raw.get(name)!r})" for name, ok, message in checks if not ok]
    unknown = sorted(set(raw) - set(ITEM_FIELDS))
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(map(str, unknown))}; known: {', '.join(ITEM_FIELDS)}")
    return problems


def _lower(item: Item, results: Mapping[str, Result]) -> bool:
    return item.lower_is_better or any(r.direction is not None and r.direction < 0 for r in results.values())


def _met(r: Result, lower: bool) -> bool:
    if r.achieved is not None:
        return r.achieved
    if r.actual is None or r.target is None:
        return False
    return r.actual <= r.target if lower else r.actual >= r.target


def score_item(item: Item, results: Mapping[str, Result]) -> dict[str, float]:
    """Points of every region on one item (0 without an actual)."""
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


def assess(scheme: Scheme, results: Mapping[str, Mapping[str, Result]], regions: Sequence[str]) -> list[Score]:
    """Scores and ranking of `regions`, best first; `results[indicator][region]` holds the
    figures. Totals are rounded to 4 decimals before ranking, so float noise makes no ties
    disappear."""
    per_item = {
        item.label: score_item(item, {r: results.get(item.indicator, {}).get(r, Result(None)) for r in regions})
        for item in scheme.items
    }
    totals = {r: round(sum(points[r] for points in per_item.values()), 4) for r in regions}
    ranks = competition_ranks(totals)
    scores = [
        Score(region=r, total=totals[r], items={i: round(per_item[i][r], 4) for i in per_item}, rank=ranks[r])
        for r in regions
    ]
    return sorted(scores, key=lambda s: (s.rank, s.region))
