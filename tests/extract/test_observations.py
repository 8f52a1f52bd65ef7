"""Observations finder, driven by tests/corpus/observations.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.observations import find_observations
from planwatch.extract.targets import find_targets

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "observations.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["text"][:24])
def test_example(case: dict[str, Any]) -> None:
    ctx = context_of(case["text"])
    found = [o.model_dump() for o in find_observations(ctx)]
    assert [(o["value"], o["unit"], o["year"]) for o in found] == [
        (w["value"], w["unit"], w["year"]) for w in case["expect"]
    ]
    assert find_targets(ctx) == [], "a past value must not also be a target"


@pytest.mark.parametrize("text", CORPUS["negative"], ids=lambda t: t[:24])
def test_negative(text: str) -> None:
    assert find_observations(context_of(text)) == []
