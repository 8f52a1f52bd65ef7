"""Arbitrary text never crashes the extractor, and spans always point into the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.document import Document
from planwatch.extract import extract_plan

# Characters the genre is made of, plus anything at all.
GENRE = st.sampled_from(
    list("到年月日力争达到以上左右以内不少于约比下降增长新增家个项亿元万台%—-~、，。；：（）()\n\t 　一二三四五六七八九十百千")
    + [str(d) for d in range(10)]
    + ["2020年", "牵头单位：", "责任单位:", "重点发展", "专栏1", "（一）", "1.", "《", "》", "〔2015〕", "号"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(GENRE, max_size=80).map("".join))
def test_genre_soup_never_crashes(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_crashes(text: str) -> None:
    _check(text)


def _check(text: str) -> None:
    plan = extract_plan(Document(text=text, name="x"))
    for kind in (plan.targets, plan.observations, plan.indicators, plan.tasks, plan.milestones, plan.region_focus):
        for item in kind:
            assert item.span is not None
            assert text[item.span.start : item.span.end] == item.quote
