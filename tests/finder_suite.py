"""The tests every corpus-driven finder gets: examples, negatives, spans, and the gold bar.

A test module names its finder and corpus and binds the returned tests to module names,
so the per-finder modules stay one screen long and never drift apart.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of

TESTS = Path(__file__).parent
EXAMPLES = TESTS.parent / "src" / "planwatch" / "examples"


def load_scorer() -> Any:
    """tests/eval/score.py, the scorer CI's accuracy gate uses."""
    spec = importlib.util.spec_from_file_location("score", TESTS / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same(got: Any, want: Any) -> bool:
    return list(got) == list(want) if isinstance(want, list) else bool(got == want)


def finder_suite(finder: Callable[[Any], list[Any]], corpus: str, *, kind: str, measure: str, bar: float) -> tuple[Callable[..., None], ...]:
    """(test_example, test_negative, test_spans, test_gold_bar) for one finder."""
    data = yaml.safe_load((TESTS / "corpus" / f"{corpus}.yaml").read_text(encoding="utf-8"))

    def found(text: str) -> list[dict[str, Any]]:
        return [item.model_dump(mode="json") for item in finder(context_of(text))]

    @pytest.mark.parametrize("case", data["examples"], ids=lambda c: c["text"][:24])
    def test_example(case: dict[str, Any]) -> None:
        got_all = found(case["text"])
        assert len(got_all) == len(case["expect"]), got_all
        for got, want in zip(got_all, case["expect"], strict=True):
            for field, value in want.items():
                assert _same(got[field], value), (field, got)

    @pytest.mark.parametrize("text", data["negative"], ids=lambda t: t[:24])
    def test_negative(text: str) -> None:
        assert found(text) == []

    texts = [c["text"] for c in data["examples"]] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]

    @pytest.mark.parametrize("text", texts, ids=lambda t: t[:16])
    def test_every_span_slices_back_to_its_quote(text: str) -> None:
        for item in finder(context_of(text)):
            assert item.span is not None
            assert text[item.span.start : item.span.end] == item.quote

    def test_gold_samples_meet_the_bar() -> None:
        """Micro-averaged over the sample documents, scored exactly as tests/eval/score.py does."""
        score = load_scorer()
        tp = npred = ngold = 0
        for gold_path in sorted((TESTS / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8")).get(kind) or []
            pred = found((EXAMPLES / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
            counts = score.KINDS[kind](gold, pred)[measure]
            tp, npred, ngold = tp + counts[0], npred + counts[1], ngold + counts[2]
        f1 = score.prf(tp, npred, ngold)[2]
        assert f1 >= bar, (tp, npred, ngold)

    return test_example, test_negative, test_every_span_slices_back_to_its_quote, test_gold_samples_meet_the_bar


def gap_marked(item: Any, text: str, gaps: dict[str, str]) -> Any:
    """`item` as a strict xfail when a known gap's key is in its text (fixing it turns red)."""
    for key, why in gaps.items():
        if key in text:
            return pytest.param(item, marks=pytest.mark.xfail(strict=True, reason=why))
    return item


def targets_of(text: str) -> list[dict[str, Any]]:
    from planwatch.extract.targets import find_targets

    return [t.model_dump() for t in find_targets(context_of(text))]


def check_targets(case: dict[str, Any]) -> None:
    """The example yields exactly its expected targets, in order (only the fields given)."""
    found = targets_of(case["text"])
    assert len(found) == len(case["expect"]), [f"{t['value']}{t['unit']}" for t in found]
    for got, want in zip(found, case["expect"], strict=True):
        for field, value in want.items():
            assert got[field] == value, (field, got)
