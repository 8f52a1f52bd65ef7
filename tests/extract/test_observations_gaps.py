"""Known gaps of the observations finder (tests/corpus/observations.yaml `gaps:`), as strict xfails.

Each gap names what the rules do not yet read; a rule that fixes one turns its xfail into a
failure, so the passage must then move to `examples:`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.observations import find_observations

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "observations.yaml").read_text(encoding="utf-8"))
GAPS = [pytest.param(g, marks=pytest.mark.xfail(strict=True, reason=g["reason"])) for g in CORPUS.get("gaps") or []]


@pytest.mark.parametrize("case", GAPS, ids=lambda c: c["text"][:24])
def test_gap(case: dict[str, Any]) -> None:
    found = [(o.value, o.unit, o.year) for o in find_observations(context_of(case["text"]))]
    assert found == [(w["value"], w["unit"], w["year"]) for w in case["expect"]]
