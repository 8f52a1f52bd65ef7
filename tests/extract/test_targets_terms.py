"""Ranges, bounds, flows, measure words, metrics and non-goals (tests/corpus/targets_terms.yaml).

Known gaps are strict xfails keyed by a piece of the example's text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from finder_suite import check_targets, gap_marked, targets_of
from planwatch.extract import context_of
from planwatch.extract.metrics import metric_ok
from planwatch.extract.targets import find_targets

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "targets_terms.yaml").read_text(encoding="utf-8"))

KNOWN_GAPS: dict[str, str] = {
}


def _marked(item: Any, text: str) -> Any:
    return gap_marked(item, text, KNOWN_GAPS)


_targets = targets_of


@pytest.mark.parametrize("case", [_marked(c, c["text"]) for c in CORPUS["examples"]], ids=lambda c: c["text"][:20])
def test_terms_example(case: dict[str, Any]) -> None:
    check_targets(case)


@pytest.mark.parametrize("text", [_marked(t, t) for t in CORPUS["negative"]], ids=lambda t: str(t)[:20])
def test_terms_negative(text: str) -> None:
    assert _targets(text) == []



def _all_examples() -> list[Any]:
    """Every example text of the targets corpora (a known gap of the genre corpus is left out:
    its project capacity is no target at all)."""
    texts = []
    for path in sorted((Path(__file__).parents[1] / "corpus").glob("targets*.yaml")):
        corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [c["text"] for c in corpus["examples"] if "通威三期" not in c["text"]]
    gap = pytest.mark.xfail(strict=True, reason="a subject left out across sentences (去年…增长8.1%。今年，力争增长7%)")
    return [pytest.param(t, marks=gap) if "今年，力争增长7%" in t else t for t in texts]


@pytest.mark.parametrize("text", _all_examples(), ids=lambda t: str(t)[:20])
def test_no_metric_is_a_bare_scope_word_verb_or_number(text: str) -> None:
    bad = [(t.value, t.unit, t.metric) for t in find_targets(context_of(text)) if not metric_ok(t.metric)]
    assert bad == []
