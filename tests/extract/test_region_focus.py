"""region_focus finder, driven by tests/corpus/region_focus.yaml and checked against tests/gold."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.regions import find_region_focus

TESTS = Path(__file__).parents[1]
CORPUS = yaml.safe_load((TESTS / "corpus" / "region_focus.yaml").read_text(encoding="utf-8"))
EXAMPLES = TESTS.parent / "src" / "planwatch" / "examples"
MEASURE = "region_focus"
BAR = 0.9


def _found(text: str) -> list[dict[str, Any]]:
    return [item.model_dump(mode="json") for item in find_region_focus(context_of(text))]


def _same(got: Any, want: Any) -> bool:
    return list(got) == list(want) if isinstance(want, list) else bool(got == want)


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["text"][:24])
def test_example(case: dict[str, Any]) -> None:
    found = _found(case["text"])
    assert len(found) == len(case["expect"]), found
    for got, want in zip(found, case["expect"], strict=True):
        for field, value in want.items():
            assert _same(got[field], value), (field, got)


@pytest.mark.parametrize("text", CORPUS["negative"], ids=lambda t: t[:24])
def test_negative(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("text", [c["text"] for c in CORPUS["examples"]] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))])
def test_every_span_slices_back_to_its_quote(text: str) -> None:
    for item in find_region_focus(context_of(text)):
        assert item.span is not None
        assert text[item.span.start : item.span.end] == item.quote


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score", TESTS / "eval" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_samples_meet_the_bar() -> None:
    """Micro-averaged over the sample documents, scored exactly as tests/eval/score.py does."""
    score = _scorer()
    tp = npred = ngold = 0
    for gold_path in sorted((TESTS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8")).get("region_focus") or []
        pred = _found((EXAMPLES / f"{gold_path.stem}.txt").read_text(encoding="utf-8"))
        counts = score.score_region_focus(gold, pred)[MEASURE]
        tp, npred, ngold = tp + counts[0], npred + counts[1], ngold + counts[2]
    f1 = score.prf(tp, npred, ngold)[2]
    assert f1 >= BAR, (tp, npred, ngold)
