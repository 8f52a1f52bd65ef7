"""The fast paths of the targets path find exactly what the plain rules they replace find.

The plain rules are written out here as they stood before they were made fast; random text
over a small alphabet of the characters that matter hits their corner cases.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.extract import not_targets, quantities, reports, year_scope, years
from planwatch.extract.noise import _counts_listed_items
from planwatch.extract.quantities import Quantity, iter_quantities, names_a_thing

PLAIN_PAST = re.compile(
    r"以来|过去|已经|已有|已建成|已形成|累计建成|累计实现|先后|现有|共有|目前|联合印发了|近年来|近几年|近些年"
    r"|(?:增长|提高|提升|增加|扩大|下降|降低|达)到了"
    r"|(?:实现|完成|达到|突破|建成|新增|增长|提高|提升|增加|下降|降低|跨过|跃上)了"
)
PLAIN_FUTURE = re.compile(
    r"力争|争取|确保|(?<!截)(?<!截止)到(?:19|20)\d\d|预计|将|目标|(?:19|20)\d\d\s?年(?:底前|前)|十[三四五六七八九]五[”\"]?末"
)
PLAIN_GOAL_BOUND = re.compile(r"(?<!规模)以上(?![企项工])|左右|不低于|不少于|力争|争取|确保|目标|预期")
PLAIN_CALENDAR = re.compile(r"今年|全年|年内|本年度|明年")

MARKERS = "截止到至2019 0年底前十三五”末力争将目标已有过去来以增长达了规模上企左右今全明本内度甲"


@settings(max_examples=1000)
@given(st.text(alphabet=MARKERS, max_size=24), st.integers(0, 24), st.integers(0, 24))
def test_marker_patterns_are_found_where_the_plain_ones_are(text: str, lo: int, hi: int) -> None:
    for fast, plain in (
        (reports.PAST_MARKERS, PLAIN_PAST),
        (reports.FUTURE_MARKERS, PLAIN_FUTURE),
        (reports._GOAL_BOUND, PLAIN_GOAL_BOUND),
    ):
        assert (fast.search(text) is None) == (plain.search(text) is None)
        assert (fast.search(text, lo, hi) is None) == (plain.search(text, lo, hi) is None)
    # Searched over whole texts only: its look-behinds would read before a `pos`.
    assert (year_scope._CALENDAR_TALK.search(text) is None) == (PLAIN_CALENDAR.search(text) is None)


@settings(max_examples=500)
@given(st.text(alphabet="1920 年底末前以甲", max_size=30))
def test_year_matches_are_the_year_pattern_matches(text: str) -> None:
    assert [m.span() for m in years._year_matches(text)] == [m.span() for m in years.YEAR.finditer(text)]


@settings(max_examples=500)
@given(st.text(alphabet="。!?;,:\n甲", max_size=30))
def test_bounds_are_the_pattern_ends(text: str) -> None:
    for pattern in (years.SENTENCE_END, years.CLAUSE_END, years.PARAGRAPH_END):
        assert years.Bounds(text, pattern).ends == [m.end() for m in pattern.finditer(text)]


@settings(max_examples=500)
@given(st.text(alphabet="一二三十五个批家种部条项2%/人甲", max_size=20))
def test_quantities_without_names_leave_out_the_names_alone(text: str) -> None:
    named = [q for q in iter_quantities(text) if not (q.chinese and names_a_thing(q.value, q.unit))]
    assert list(iter_quantities(text, names=False)) == named


def _plain_counts_listed_items(text: str, q: Quantity) -> bool:
    n = int(q.value)
    if n < 2 or n != q.value or q.value_max is not None:
        return False
    lo = max(0, q.start - 120)
    clause_start = max(max(text.rfind(ch, lo, q.start) for ch in ",;。:\n("), lo - 1) + 1
    items = text[clause_start : q.start].split("、")
    if re.search(r"等[\u4e00-\u9fff]{2,}$", items[-1]):
        return False
    listed = items[-n:]
    return len(items) >= n and all(0 < len(i.strip()) <= 12 and not re.search(r"\d", i) for i in listed[1:])


def _plain_threshold(text: str, q: Quantity) -> bool:
    end = not_targets._clause_end(text, q.end)
    following = not_targets.QUANTITY.search(text, q.end, end)
    if following is None:
        return False
    between = text[q.end : following.start()]
    return len(between) <= 16 and "的" in between and not re.search(r"[、和及与]", between)


@settings(max_examples=500)
@given(st.text(alphabet="甲、,(等乙的5个", max_size=40))
def test_guarded_noise_rules_read_as_the_plain_ones(text: str) -> None:
    for q in iter_quantities(text):
        assert _counts_listed_items(text, q) == _plain_counts_listed_items(text, q)
        assert not_targets._threshold(text, q) == _plain_threshold(text, q)


def test_a_number_may_start_at_every_decimal_digit() -> None:
    """The first character of a number is tested by blocks of ranges, not by `\\d`: they must
    hold every character `\\d` matches (a later Unicode may add digits elsewhere)."""
    first = re.compile(quantities._NUMBER_START)
    digits = [c for c in map(chr, range(0x110000)) if c.isdecimal()]
    assert len(digits) > 600 and all(first.match(c) for c in digits)
    assert all(re.match(r"\d", c) for c in digits)  # what `\d` matches in a str pattern


@settings(max_examples=500)
@given(st.text(alphabet="12٣३𝟏ۃก😀一十个%万元", max_size=20))
def test_quantities_start_where_a_digit_class_would_start_them(text: str) -> None:
    plain = re.compile(quantities.QUANTITY.pattern.replace(quantities._NUMBER_START, rf"[\d{quantities._NUMERALS}]"))
    assert plain.pattern != quantities.QUANTITY.pattern
    assert [(m.span(), m.groupdict()) for m in quantities.QUANTITY.finditer(text)] == [
        (m.span(), m.groupdict()) for m in plain.finditer(text)
    ]
