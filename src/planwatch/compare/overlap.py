"""同质化: which regions chose the same industries — a region × industry matrix and its indices.

Input: for each region, the industries plans assign to it (`Choice`: the written name, the
plan that says so, an amount where a target gives one). At a granularity (`written`, the
classification's level `2` or `1`, `compare.industries`), the matrix says per industry how
many of the N regions chose it (k of N; flagged at k ≥ N/2), per pair of regions the
Jaccard index of their sets (with the counts behind it), and — where plans give amounts by
industry for both regions — the UNIDO structure-similarity coefficient (the cosine of the
share vectors, docs/compare.md §1.1).

A plan that assigns *different written industries of one category* to different regions
(淮南 大数据存储, 合肥 大数据生产应用) is differentiation (分工), not overlap: such a
category is reported as `differentiated`, not flagged, and the page says so.

>>> m = overlap_matrix({"甲": [Choice("新材料", "p")], "乙": [Choice("新材料", "p"), Choice("机器人", "p")]},
...                    level="written")
>>> [(c.label, c.k) for c in m.columns], m.pairs[0].jaccard
([('新材料', 2), ('机器人', 1)], 0.5)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planwatch.compare.industries import Level, key_at, label_of, map_industry


@dataclass(frozen=True)
class Choice:
    """One industry a plan assigns to a region (as written), and its targeted amount if any."""

    written: str
    plan: str
    amount: float | None = None  # a targeted 产值 for the industry, in one unit across regions
    quote: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    k: int
    flagged: bool  # chosen by at least half the regions, unless one plan alone divides it among them
    differentiated: bool  # a plan assigns different written industries of it to its regions
    regions: tuple[str, ...]


@dataclass(frozen=True)
class PairScore:
    a: str
    b: str
    shared: int
    union: int
    jaccard: float
    unido: float | None  # None without amounts by industry for both


@dataclass(frozen=True)
class Matrix:
    level: Level
    regions: tuple[str, ...]
    columns: tuple[Column, ...]
    cells: dict[tuple[str, str], tuple[str, ...]]  # (region, key) → the written words
    pairs: tuple[PairScore, ...]  # most similar first

    @property
    def mean_jaccard(self) -> float | None:
        return sum(p.jaccard for p in self.pairs) / len(self.pairs) if self.pairs else None

    def row(self, region: str) -> set[str]:
        return {key for (r, key) in self.cells if r == region}


def _unido(a: Mapping[str, float], b: Mapping[str, float]) -> float | None:
    """Σ s_ik·s_jk / sqrt(Σ s_ik² · Σ s_jk²) over the share vectors (cosine: scale-free)."""
    if not a or not b:
        return None
    keys = set(a) | set(b)
    dot = sum(a.get(k, 0.0) * b.get(k, 0.0) for k in keys)
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else None


def overlap_matrix(choices: Mapping[str, Sequence[Choice]], *, level: Level = "2") -> Matrix:
    """The matrix and its indices at one granularity (module doc)."""
    cells: dict[tuple[str, str], list[str]] = {}
    sources: dict[str, dict[str, dict[str, set[str]]]] = {}  # key → plan → region → written words
    amounts: dict[str, dict[str, float]] = {}
    for region, items in choices.items():
        for item in items:
            key = key_at(map_industry(item.written), level)
            words = cells.setdefault((region, key), [])
            if item.written not in words:
                words.append(item.written)
            sources.setdefault(key, {}).setdefault(item.plan, {}).setdefault(region, set()).add(item.written)
            if item.amount is not None:
                amounts.setdefault(region, {})[key] = amounts.get(region, {}).get(key, 0.0) + item.amount
    regions = tuple(r for r in choices if any(r == c[0] for c in cells))
    n = len(regions)
    order: dict[str, int] = {}
    for (_r, key) in cells:
        order.setdefault(key, len(order))
    columns = []
    for key in order:
        chosen = tuple(r for r in regions if (r, key) in cells)
        by_plan = sources[key]
        # A plan naming two or more different written industries of this category for its
        # regions divides the category among them (分工).
        differentiated = any(len(by_region) > 1 and len({frozenset(w) for w in by_region.values()}) > 1
                             for by_region in by_plan.values())
        only_divided = differentiated and len(by_plan) == 1
        written = cells[(chosen[0], key)][0] if chosen else key
        label = label_of(key) if label_of(key) != key else (written if key_at(map_industry(written), "written") == key
                                                           else key)
        columns.append(Column(key, label, len(chosen), n >= 2 and 2 * len(chosen) >= n and not only_divided,
                              differentiated, chosen))
    columns.sort(key=lambda c: (-c.k, order[c.key]))
    rows = {r: {key for (rr, key) in cells if rr == r} for r in regions}
    pairs = []
    for a, b in itertools.combinations(regions, 2):
        shared, union = len(rows[a] & rows[b]), len(rows[a] | rows[b])
        pairs.append(PairScore(a, b, shared, union, shared / union if union else 0.0,
                               _unido(amounts.get(a, {}), amounts.get(b, {}))))
    pairs.sort(key=lambda p: (-p.jaccard, -p.shared))
    return Matrix(level, regions, tuple(columns), {k: tuple(v) for k, v in cells.items()}, tuple(pairs))
