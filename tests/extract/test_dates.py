"""Date parsing, driven by tests/corpus/dates.yaml (the doctests in extract/dates.py run too)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
import yaml

from planwatch.extract import dates
from planwatch.extract.dates import parse_date

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "dates.yaml").read_text(encoding="utf-8"))
EXAMPLES = [(text, case["expect"]) for case in CORPUS["examples"] for text in case["texts"]]


@pytest.mark.parametrize(("text", "expect"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_example(text: str, expect: str) -> None:
    assert parse_date(text) == expect


@pytest.mark.parametrize("text", CORPUS["negative"])
def test_negative(text: str) -> None:
    assert parse_date(text) is None


def test_doctests() -> None:
    assert doctest.testmod(dates).failed == 0
