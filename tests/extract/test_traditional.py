"""Traditional characters (繁體): the finders read 產業, 億元, 實現 as 产业, 亿元, 实现, and
every span still slices the original text. Driven by tests/corpus/traditional.yaml (real
passages, with their simplified twins where one was published) and by the bundled samples
written in traditional characters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.document import Document
from planwatch.extract import extract_plan
from planwatch.lexicon.traditional import _table, is_traditional, simplified
from planwatch.model import Plan

ROOT = Path(__file__).parents[1]
CORPUS = yaml.safe_load((ROOT / "corpus" / "traditional.yaml").read_text(encoding="utf-8"))
EXAMPLES = sorted((ROOT.parent / "src" / "planwatch" / "examples").glob("*.txt"))


def _targets(plan: Plan) -> list[tuple[Any, ...]]:
    return [(t.metric, t.value, t.value_max, t.unit, t.comparator, t.year, t.change, t.span.start, t.span.end)
            for t in plan.targets]


def _spans_slice_the_original(plan: Plan, text: str) -> None:
    for item in (*plan.targets, *plan.observations, *plan.tasks, *plan.milestones):
        assert text[item.span.start : item.span.end] == item.quote


def _traditional(text: str) -> str:
    """A simplified text in traditional characters: each simplified character of the table
    replaced by one of its traditional forms (which maps back to it)."""
    table = _table()[0]
    back: dict[int, int] = {}
    for trad, simp in sorted(table.items()):
        back.setdefault(simp, trad)
    return text.translate(back)


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:40])
def test_a_traditional_passage_extracts_like_its_simplified_twin(case: dict[str, Any]) -> None:
    text = case["text"]
    assert is_traditional(text)
    plan = extract_plan(Document(text=text, name="t"))
    _spans_slice_the_original(plan, text)
    if "twin" in case:
        twin = extract_plan(Document(text=case["twin"], name="s"))
        assert twin.targets or twin.observations  # the twin is a real test, not an empty one
        assert _targets(plan) == _targets(twin)
        assert [(o.value, o.year) for o in plan.observations] == [(o.value, o.year) for o in twin.observations]
    else:  # no twin: the figure the passage sets as its goal is found, quoted as printed
        assert ("將力拚經費達成率 95% 的目標", 95.0, "%") in [(t.quote, t.value, t.unit) for t in plan.targets]


@pytest.mark.parametrize("text", CORPUS["negative"])
def test_a_simplified_text_with_a_few_traditional_forms_is_left_as_it_is(text: str) -> None:
    assert not is_traditional(text)
    assert simplified(text) is text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem[:3])
def test_a_sample_plan_in_traditional_characters_extracts_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    trad = _traditional(text)
    assert trad != text and len(trad) == len(text)
    plan, same = extract_plan(Document(text=trad, name="t")), extract_plan(Document(text=text, name="t"))
    _spans_slice_the_original(plan, trad)
    assert _targets(plan) == _targets(same)
    def cells(p: Plan) -> list[Any]:  # text cells are quoted as printed: compare them simplified
        return [(r.span, {y: v.translate(_table()[0]) if isinstance(v, str) else v for y, v in r.values.items()})
                for r in p.indicators]

    assert cells(plan) == cells(same)
    assert [t.span for t in plan.tasks] == [t.span for t in same.tasks]
    assert plan.meta.issue_date == same.meta.issue_date and plan.meta.horizon == same.meta.horizon
    assert simplified(plan.meta.title or "") == (same.meta.title or "")
