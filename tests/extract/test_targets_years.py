"""Due years beyond the paragraph, annual documents and reports (tests/corpus/targets_years.yaml).

Known gaps are strict xfails keyed by a piece of the example's text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from finder_suite import check_targets, gap_marked, targets_of
from planwatch.extract import context_of
from planwatch.extract.observations import find_observations

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "targets_years.yaml").read_text(encoding="utf-8"))

KNOWN_GAPS: dict[str, str] = {}


def _marked(item: Any, text: str) -> Any:
    return gap_marked(item, text, KNOWN_GAPS)


_targets = targets_of


@pytest.mark.parametrize("case", [_marked(c, c["text"]) for c in CORPUS["examples"]], ids=lambda c: c["text"][:20])
def test_year_example(case: dict[str, Any]) -> None:
    check_targets(case)


@pytest.mark.parametrize("text", [_marked(t, t) for t in CORPUS["negative"]], ids=lambda t: str(t)[:20])
def test_report_is_no_goal(text: str) -> None:
    assert _targets(text) == []


def test_last_year_in_an_annual_document_is_an_observation_of_the_year_before() -> None:
    text = "2024年工业和信息化工作要点\n去年，全市规上工业增加值增长8.1%。今年，力争增长7%。"
    found = [(o.value, o.year) for o in find_observations(context_of(text))]
    assert found == [(8.1, 2023)]
