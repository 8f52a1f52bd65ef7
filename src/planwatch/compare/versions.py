"""Which item of a new plan version is which item of the version before.

A plan is corrected after tracking has started (a re-extracted document, an edited plan
JSON, a reviewer's fixes). Its indicators and tasks must keep their actuals, allocations,
reports and deadlines, so the items of the two versions are paired by what they *are*,
never by database ids. Pairing runs in stages, strictest first; each stage pairs only
items still unpaired, one to one, in document order:

1. the same identity key (an indicator: kind, metric, year and quote; a task: its quote);
2. looser keys, each a correction a reviewer makes (the value or unit fixed; the metric
   renamed in the same sentence; the year fixed);
3. similar text: the Dice coefficient of character bigrams of the item's text, at least
   `threshold`, best pairs first.

Items of the old version left unpaired are retired; new ones left unpaired start empty.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
Key = Callable[[T], Hashable | None]

_SPACE = re.compile(r"\s+")


def norm(text: str | None) -> str:
    """Text compared without white space (extraction and hand edits differ in it).

    >>> norm(" 规上工业 增加值\\n年均增长 ")
    '规上工业增加值年均增长'
    """
    return _SPACE.sub("", text or "")


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams: a cheap, robust fingerprint of Chinese text (no segmentation needed).

    >>> sorted(bigrams("新能源汽车"))
    ['新能', '汽车', '源汽', '能源']
    """
    t = norm(text)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1)) if len(t) > 1 else frozenset({t})


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """2|A∩B| / (|A|+|B|): 1.0 for the same text, 0.0 for nothing in common.

    >>> round(dice(bigrams("培育10家龙头企业"), bigrams("培育12家龙头企业")), 2)
    0.75
    """
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class Pairing(Generic[T]):
    """The outcome: `pairs` as (old index, new index, stage that paired them); the rest."""

    pairs: tuple[tuple[int, int, str], ...]
    retired: tuple[int, ...]  # old indices with no partner
    new: tuple[int, ...]  # new indices with no partner


def pair_items(
    old: Sequence[T], new: Sequence[T], *, keys: Sequence[tuple[str, Key[T]]], text: Callable[[T], str],
    threshold: float = 0.8, compatible: Callable[[T, T], bool] = lambda _a, _b: True,
) -> Pairing[T]:
    """Pair the items of two versions (module doc). `keys` are (stage name, key function);
    a key of None never pairs. `compatible` vetoes a pair at every stage (e.g. units that
    do not convert)."""
    free_old, free_new = set(range(len(old))), set(range(len(new)))
    pairs: list[tuple[int, int, str]] = []
    for stage, key in keys:
        by_key: dict[Hashable, list[int]] = defaultdict(list)
        for i in sorted(free_old):
            if (k := key(old[i])) is not None:
                by_key[k].append(i)
        for j in sorted(free_new):
            k = key(new[j])
            waiting = by_key.get(k) if k is not None else None
            match = next((i for i in waiting or () if compatible(old[i], new[j])), None)
            if match is not None:
                waiting.remove(match)  # type: ignore[union-attr]
                free_old.discard(match)
                free_new.discard(j)
                pairs.append((match, j, stage))
    pairs += _similar(old, new, free_old, free_new, text=text, threshold=threshold, compatible=compatible)
    return Pairing(tuple(sorted(pairs, key=lambda p: p[1])), tuple(sorted(free_old)), tuple(sorted(free_new)))


def _similar(old: Sequence[T], new: Sequence[T], free_old: set[int], free_new: set[int], *,
             text: Callable[[T], str], threshold: float, compatible: Callable[[T, T], bool]) -> list[tuple[int, int, str]]:
    """Best-first greedy pairing of what is left by text similarity (mutates the free sets)."""
    grams_old = {i: bigrams(text(old[i])) for i in free_old}
    grams_new = {j: bigrams(text(new[j])) for j in free_new}
    scored = sorted(((dice(grams_old[i], grams_new[j]), i, j) for i in free_old for j in free_new
                     if compatible(old[i], new[j])), key=lambda s: (-s[0], s[2], s[1]))
    out = []
    for score, i, j in scored:
        if score < threshold:
            break
        if i in free_old and j in free_new:
            free_old.discard(i)
            free_new.discard(j)
            out.append((i, j, "similar text"))
    return out
