"""Meta finder, driven by tests/corpus/meta.yaml.

Meta reads only the text, the outline and the targets and indicator rows found before it,
so the tests run exactly those finders, not the whole pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract import context_of
from planwatch.extract.indicators import find_indicators
from planwatch.extract.meta import find_meta
from planwatch.extract.targets import find_targets
from planwatch.model import Meta

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "meta.yaml").read_text(encoding="utf-8"))


def meta_of(text: str) -> Meta:
    ctx = context_of(text)
    return find_meta(ctx, targets=find_targets(ctx), indicators=find_indicators(ctx))


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:40])
def test_example(case: dict[str, Any]) -> None:
    meta = meta_of(case["text"]).model_dump(mode="json")
    for field, want in case["expect"].items():
        assert meta[field] == want, (field, meta[field])


@pytest.mark.parametrize("case", CORPUS["negative"], ids=lambda c: c["name"][:40])
def test_negative(case: dict[str, Any]) -> None:
    """Fields these texts must leave empty: numbers and dates that belong to something else."""
    meta = meta_of(case["text"]).model_dump(mode="json")
    for field in case["empty"]:
        assert meta[field] in (None, []), (field, meta[field])
