"""Pinyin glosses (創新(xīn)): a glossed copy extracts what the same text without its glosses
extracts, and every quote is cut from the glossed original as printed. Driven by
tests/corpus/glosses.yaml (real glossed copies of plans from mirror sites)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.document import Document
from planwatch.extract import extract_plan
from planwatch.extract.glosses import pinyin_glosses
from planwatch.model import Plan

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "glosses.yaml").read_text(encoding="utf-8"))


def _unglossed(text: str) -> str:
    spans = pinyin_glosses(text)
    assert spans, "the passage is glossed"
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = b
    return "".join([*out, text[pos:]])


def _items(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "targets": [(t.metric, t.value, t.value_max, t.unit, t.comparator, t.year, t.change) for t in plan.targets],
        "tasks": [(t.lead, t.support) for t in plan.tasks],
        "region_focus": [(r.region, r.sectors) for r in plan.region_focus],
        "observations": [(o.metric, o.value, o.unit, o.year) for o in plan.observations],
    }


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:40])
def test_a_glossed_copy_extracts_as_its_plain_twin(case: dict[str, Any]) -> None:
    text = case["text"]
    glossed = extract_plan(Document(text=text, name="glossed"))
    plain = extract_plan(Document(text=_unglossed(text), name="plain"))
    assert _items(glossed) == _items(plain)
    assert glossed.targets, "the passage holds targets"
    for item in (*glossed.targets, *glossed.tasks, *glossed.observations, *glossed.region_focus):
        assert text[item.span.start : item.span.end] == item.quote  # as printed, glosses and all
    names = [t.metric or "" for t in glossed.targets] + [u for t in glossed.tasks for u in (*t.lead, *t.support)]
    assert not any("(" in n and any(c.islower() for c in n) for n in names), names
    for field, want in (case.get("meta") or {}).items():
        assert getattr(glossed.meta, field) == want, field


def test_glossed_quotes_keep_the_glosses() -> None:
    text = CORPUS["examples"][0]["text"]
    quotes = [t.quote for t in extract_plan(Document(text=text, name="g")).targets]
    assert any("(cháng)" in q for q in quotes) and any("(xīn)" in q for q in quotes)


@pytest.mark.parametrize("text", CORPUS["negative"])
def test_a_documents_own_lower_case_brackets_are_kept(text: str) -> None:
    assert pinyin_glosses(text) == []
    plan = extract_plan(Document(text=text, name="n"))
    assert all(text[t.span.start : t.span.end] == t.quote for t in plan.targets)
