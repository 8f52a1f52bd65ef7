"""Pairing the items of two plan versions: strict keys first, then corrections, then text."""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.compare.versions import norm, pair_items


@dataclass(frozen=True)
class Item:
    metric: str
    year: int
    quote: str
    unit: str = "家"


KEYS = [("same", lambda i: (norm(i.metric), i.year, norm(i.quote))),
        ("value fixed", lambda i: (norm(i.metric), i.year)),
        ("year fixed", lambda i: norm(i.metric))]


def _pair(old: list[Item], new: list[Item], **kw: object) -> list[tuple[int, int, str]]:
    return list(pair_items(old, new, keys=KEYS, text=lambda i: i.metric + i.quote, **kw).pairs)  # type: ignore[arg-type]


def test_the_strictest_stage_wins_and_duplicates_pair_in_document_order() -> None:
    old = [Item("企业", 2020, "a"), Item("企业", 2025, "b"), Item("企业", 2020, "c")]
    new = [Item("企业", 2020, "c"), Item("企业", 2020, "a"), Item("企业", 2025, "b2")]
    assert _pair(old, new) == [(2, 0, "same"), (0, 1, "same"), (1, 2, "value fixed")]


def test_a_corrected_year_pairs_only_what_is_left() -> None:
    old = [Item("企业", 2020, "x"), Item("企业", 2025, "y")]
    new = [Item("企业", 2025, "y"), Item("企业", 2021, "x")]
    assert _pair(old, new) == [(1, 0, "same"), (0, 1, "year fixed")]


def test_a_veto_holds_at_every_stage_and_leaves_both_sides_unpaired() -> None:
    old, new = [Item("产值", 2020, "q", unit="亿元")], [Item("产值", 2020, "q", unit="%")]
    result = pair_items(old, new, keys=KEYS, text=lambda i: i.quote, compatible=lambda a, b: a.unit == b.unit)
    assert (result.pairs, result.retired, result.new) == ((), (0,), (0,))


def test_similar_text_pairs_best_first_above_the_threshold_only() -> None:
    old = [Item("a", 1, "推进制造过程智能化，建设一批智能工厂和数字化车间"), Item("b", 1, "完全不同的一句话")]
    new = [Item("c", 2, "推进制造过程智能化，建设一批智能工厂、数字化车间"), Item("d", 2, "另外一件事情")]
    result = pair_items(old, new, keys=[], text=lambda i: i.quote, threshold=0.75)
    assert result.pairs == ((0, 0, "similar text"),)
    assert (result.retired, result.new) == ((1,), (1,))
