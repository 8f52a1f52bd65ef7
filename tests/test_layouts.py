"""The same plans in other layouts: text copied out of a PDF is hard-wrapped at a fixed
width, often mid-number or right after 。. Extraction must not notice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planwatch.document import Document
from planwatch.extract import extract_plan

EXAMPLES = Path(__file__).parents[1] / "src" / "planwatch" / "examples"
GOLD = Path(__file__).parent / "gold"


def hard_wrap(text: str, width: int) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


def _signature(plan_json: str) -> list[tuple[float, str | None, int | None, str, str | None]]:
    plan = json.loads(plan_json)
    return [(t["value"], t["unit"], t["year"], t["comparator"], t["change"]) for t in plan["targets"]]


@pytest.mark.parametrize("width", [28, 35, 42])
@pytest.mark.parametrize("stem", ["000_ed164e653cac975c", "003_6f0a94d0c08b789a", "004_9bd38e287df014c8"])
def test_hard_wrapped_text_gives_the_same_targets(stem: str, width: int) -> None:
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    original = extract_plan(Document(text=text, name=stem))
    wrapped_text = hard_wrap(text, width)
    wrapped = extract_plan(Document(text=wrapped_text, name=stem))
    assert _signature(wrapped.to_json()) == _signature(original.to_json())
    for t in wrapped.targets:
        assert t.span is not None and wrapped_text[t.span.start : t.span.end] == t.quote


def test_tables_copied_with_spaces_for_columns_read_like_tab_tables() -> None:
    """An unruled PDF table copied as text keeps its columns as runs of spaces."""
    stem = "002_7230ec801b983216"
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    spaced = "\n".join(line.replace(" \t", "    ").replace("\t", "    ") for line in text.split("\n"))
    assert "\t" not in spaced
    original = json.loads(extract_plan(Document(text=text, name=stem)).to_json())
    respaced = json.loads(extract_plan(Document(text=spaced, name=stem)).to_json())
    for kind, fields in (("indicators", ("category", "name", "unit", "values")), ("tasks", ("lead", "support"))):
        assert len(respaced[kind]) == len(original[kind]) > 0, kind
        for a, b in zip(original[kind], respaced[kind], strict=True):
            assert {f: a[f] for f in fields} == {f: b[f] for f in fields}, kind
    for item in respaced["indicators"] + respaced["tasks"]:
        assert spaced[item["span"]["start"] : item["span"]["end"]] == item["quote"]


_CHINESE_THEN_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])(?=[\u4e00-\u9fff])")


def typeset(text: str) -> str:
    """The text as a PDF set from Word gives it: a blank between Chinese and every number or
    Latin word (到 2025 年, 达到 1200 亿元, 增长 8% 以上, 占 GDP 比重)."""
    return _CHINESE_THEN_LATIN.sub(" ", text)


def _everything(plan_json: str) -> dict[str, list[tuple[object, ...]]]:
    plan = json.loads(plan_json)
    return {
        "targets": [(t["metric"], t["value"], t["value_max"], t["unit"], t["year"], t["comparator"], t["change"],
                     t["baseline_year"]) for t in plan["targets"]],
        "observations": [(o["metric"], o["value"], o["unit"], o["year"]) for o in plan["observations"]],
        "tasks": [(t["lead"], t["support"]) for t in plan["tasks"]],
        "milestones": [(m["action"], m["year"], m["month"]) for m in plan["milestones"]],
        "region_focus": [(r["region"], r["sectors"]) for r in plan["region_focus"]],
    }


@pytest.mark.parametrize("stem", sorted(p.stem for p in EXAMPLES.glob("*.txt")))
def test_text_typeset_with_blanks_around_numbers_gives_the_same_plan(stem: str) -> None:
    text = (EXAMPLES / f"{stem}.txt").read_text(encoding="utf-8")
    spaced = typeset(text)
    assert spaced.count(" ") >= text.count(" ") + 20  # the copy is typeset throughout
    original = extract_plan(Document(text=text, name=stem))
    respaced = extract_plan(Document(text=spaced, name=stem))
    assert _everything(respaced.to_json()) == _everything(original.to_json())
    for item in (*respaced.targets, *respaced.observations, *respaced.tasks, *respaced.milestones):
        assert item.span is not None and spaced[item.span.start : item.span.end] == item.quote
