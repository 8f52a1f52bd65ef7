"""Outline headings, driven by tests/corpus/sections.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planwatch.extract.sections import find_sections
from planwatch.extract.text import TextView

CORPUS = yaml.safe_load((Path(__file__).parents[1] / "corpus" / "sections.yaml").read_text(encoding="utf-8"))


def _headings(text: str) -> list[list[Any]]:
    return [[s.level, s.marker, s.title] for s in find_sections(TextView.of(text)).flat]


@pytest.mark.parametrize("case", CORPUS["examples"], ids=lambda c: c["name"][:40])
def test_example(case: dict[str, Any]) -> None:
    assert _headings(case["text"]) == case["expect"]


@pytest.mark.parametrize("text", CORPUS["negative"], ids=lambda t: t[:20])
def test_negative(text: str) -> None:
    assert _headings(text) == []


def test_nesting_follows_the_numbering() -> None:
    outline = find_sections(
        TextView.of("一、总体要求\n（一）指导思想\n1.聚焦。\n二、主要任务\n（一）做强产业")
    )
    assert [(s.title, [c.title for c in s.children]) for s in outline.tree] == [
        ("总体要求", ["指导思想"]),
        ("主要任务", ["做强产业"]),
    ]
    inner = outline.flat[2]
    assert outline.at(inner.span.start + 1) == inner
    assert [s.title for s in outline.chain(inner.span.start)] == ["总体要求", "指导思想", "聚焦"]


def test_a_section_ends_where_the_next_one_of_its_level_starts() -> None:
    view = TextView.of("一、甲\n正文。\n（一）乙\n二、丙\n")
    first, second, third = find_sections(view).flat
    assert first.end == third.span.start
    assert second.end == third.span.start
