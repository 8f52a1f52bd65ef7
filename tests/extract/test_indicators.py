"""Indicator-table finder, driven by tests/corpus/indicators.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.indicators import find_indicators

CORPUS = yaml.safe_load(
    (Path(__file__).parents[1] / "corpus" / "indicators.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:30])
def test_example(case: dict[str, Any]) -> None:
    rows = find_indicators(context_of(case["text"]))
    got = [{"category": r.category, "name": r.name, "unit": r.unit, "values": r.values} for r in rows]
    assert got == case["expect"]
    for r in rows:
        assert r.span is not None and case["text"][r.span.start : r.span.end] == r.quote


@pytest.mark.parametrize("text", CORPUS["negative"], ids=lambda t: t[:20])
def test_negative(text: str) -> None:
    assert find_indicators(context_of(text)) == []
