"""Targets finder, driven by tests/corpus/targets.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.targets import find_targets

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "targets.yaml").read_text(encoding="utf-8"))


def _targets(text: str) -> list[dict[str, Any]]:
    return [t.model_dump() for t in find_targets(context_of(text))]


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["text"][:24])
def test_example(case: dict[str, Any]) -> None:
    found = _targets(case["text"])
    assert len(found) == len(case["expect"]), [f"{t['value']}{t['unit']}" for t in found]
    for got, want in zip(found, case["expect"], strict=True):
        for field, value in want.items():
            assert got[field] == value, (field, got)


@pytest.mark.parametrize("text", CORPUS["negative"], ids=lambda t: t[:24])
def test_negative(text: str) -> None:
    assert _targets(text) == []


def test_every_span_slices_back_to_its_quote() -> None:
    text = "到2020年，\n战略性新兴产业总产值力争达到1500亿元，\n新能源汽车整车生产能力超过30万辆。"
    for t in find_targets(context_of(text)):
        assert t.span is not None
        assert text[t.span.start : t.span.end] == t.quote
