"""Splitting a target among sub-regions, and rolling their actuals back up.

A city target (全市新增规上企业100家) is decomposed to counties either by explicit values or
by weights; county actuals are summed for amounts and counts, and averaged with weights for
ratios (a share cannot be summed). A check warns when explicit parts do not make the whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def split(total: float, *, weights: Mapping[str, float], decimals: int = 2) -> dict[str, float]:
    """Parts of `total` proportional to `weights`, rounded so they add up exactly.

    Largest-remainder rounding: the rounding error goes to the parts that lost most.

    >>> split(100, weights={"A": 1, "B": 1, "C": 1}, decimals=0)
    {'A': 34.0, 'B': 33.0, 'C': 33.0}
    >>> split(10, weights={"A": 3, "B": 1})
    {'A': 7.5, 'B': 2.5}
    """
    if not weights:
        raise ValueError("no sub-regions to split among")
    if decimals < 0:
        raise ValueError("decimals must be 0 or more")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    unit = 10**decimals
    whole = round(round(total, decimals) * unit)  # the total as stated to `decimals`, in whole units
    exact = {k: whole * w / sum(weights.values()) for k, w in weights.items()}
    parts = {k: int(v // 1) for k, v in exact.items()}
    short = whole - sum(parts.values())
    for k in sorted(exact, key=lambda k: exact[k] - parts[k], reverse=True)[:short]:
        parts[k] += 1
    return {k: parts[k] / unit for k in weights}


@dataclass(frozen=True)
class Decomposition:
    """Parts of a total per sub-region, and what a planner should look at again."""

    parts: dict[str, float]
    warnings: tuple[str, ...] = ()


def decompose(
    total: float,
    *,
    explicit: Mapping[str, float] | None = None,
    weights: Mapping[str, float] | None = None,
    decimals: int = 2,
    tolerance: float = 0.005,
) -> Decomposition:
    """Parts of `total`: `explicit` values are kept as given, the rest of the total is split
    among `weights` (normalised, largest-remainder rounding). With explicit values only, they
    are checked against the total instead.

    >>> decompose(100, explicit={"A": 40}, weights={"B": 1, "C": 2}, decimals=0).parts
    {'A': 40, 'B': 20.0, 'C': 40.0}
    >>> decompose(100, explicit={"A": 40, "B": 50}).warnings
    ('parts add up to 90 but the target is 100 (short by 10)',)
    """
    explicit = dict(explicit or {})
    both = sorted(set(explicit) & set(weights or {}))
    if both:
        raise ValueError(f"given both a value and a weight: {', '.join(both)}")
    if not weights:
        return Decomposition(explicit, tuple(check_parts(total, explicit, tolerance=tolerance)))
    rest = total - sum(explicit.values())
    warnings = []
    if rest * total < 0:
        warnings.append(f"explicit parts ({sum(explicit.values()):g}) exceed the target ({total:g})")
    return Decomposition({**explicit, **split(rest, weights=weights, decimals=decimals)}, tuple(warnings))


def check_parts(total: float, parts: Mapping[str, float], *, tolerance: float = 0.005,
                whole: str = "the target") -> list[str]:
    """Warnings when explicit parts do not add up to the whole (relative tolerance); `whole`
    names what the parts are checked against (a roll-up checks them against "the actual").

    >>> check_parts(100, {"A": 60, "B": 30})
    ['parts add up to 90 but the target is 100 (short by 10)']
    >>> check_parts(100, {"A": 60, "B": 40})
    []
    >>> check_parts(100, {"A": 60, "B": 50}, whole="the actual")
    ['parts add up to 110 but the actual is 100 (over by 10)']
    """
    got = sum(parts.values())
    if abs(got - total) <= tolerance * max(abs(total), 1e-12):
        return []
    side = "short by" if got < total else "over by"
    return [f"parts add up to {got:g} but {whole} is {total:g} ({side} {abs(total - got):g})"]


def roll_up(values: Mapping[str, float], *, ratio: bool = False, weights: Mapping[str, float] | None = None) -> float:
    """The whole from its parts: a sum for amounts and counts, a weighted mean for ratios.

    >>> roll_up({"A": 10, "B": 5})
    15
    >>> roll_up({"A": 40.0, "B": 20.0}, ratio=True, weights={"A": 300, "B": 100})
    35.0
    """
    if not ratio:
        return sum(values.values())
    w = weights or dict.fromkeys(values, 1.0)
    missing = sorted(set(values) - set(w))
    if missing:
        raise ValueError(f"no weight for {', '.join(missing)}")
    total = sum(w[k] for k in values)
    if total <= 0:
        raise ValueError("weights of a ratio roll-up must add up to more than zero")
    return sum(values[k] * w[k] for k in values) / total


RATIO_UNITS = frozenset({"%", "‰", "个百分点", "倍"})


def is_ratio(unit: str | None) -> bool:
    """Shares and rates average; amounts and counts add."""
    return unit in RATIO_UNITS
