"""Meta finder, driven by tests/corpus/meta.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.document import Document
from planwatch.extract import extract_plan

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "meta.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:40])
def test_example(case: dict[str, Any]) -> None:
    meta = extract_plan(Document(text=case["text"], name="x")).meta.model_dump(mode="json")
    for field, want in case["expect"].items():
        assert meta[field] == want, (field, meta[field])
