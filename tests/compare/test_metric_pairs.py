"""The metric-pair corpus: sourced, no pair in both halves, and on the development half no
false automatic match and every true pair at least proposed for review. The held-out half is
measured by tests/eval/metric_pairs.py and never asserted on (so it is never tuned on)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "eval"))

from metric_pairs import load, score


def test_every_pair_is_sourced_and_the_halves_do_not_share_a_pair() -> None:
    halves = load()
    assert set(halves) == {"development", "heldout"}
    ids = [p["id"] for pairs in halves.values() for p in pairs]
    assert len(ids) == len(set(ids))
    assert all(p["source"] and p["gold"] in (0, 1) for pairs in halves.values() for p in pairs)
    dev = {frozenset((p["a"], p["b"])) for p in halves["development"]}
    assert not dev & {frozenset((p["a"], p["b"])) for p in halves["heldout"]}
    assert all(sum(p["gold"] for p in pairs) >= 5 and sum(1 - p["gold"] for p in pairs) >= 5 for pairs in halves.values())


def test_the_development_half_has_no_false_automatic_match() -> None:
    s, errors = score(load()["development"])
    assert s.auto_fp == 0, errors
    assert s.proposed_recall == 1.0, errors
