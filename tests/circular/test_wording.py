"""The phrasing rules of the circular (design/circular.md §1 phrase bank, §6 item 16)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.circular import wording as w
from planwatch.errors import ValidationError


@pytest.mark.parametrize(("x", "digits", "expected"), [
    (2.25, 1, 2.3), (2.35, 1, 2.4), (-2.25, 1, -2.3), (0.05, 1, 0.1), (1.005, 2, 1.01), (52.94, 1, 52.9),
    (99.95, 1, 100.0), (7.0, 0, 7.0), (0.5, 0, 1.0), (1.5, 0, 2.0), (2.5, 0, 3.0),  # not banker's rounding
])
def test_official_rounding_is_half_up_on_the_written_decimal(x: float, digits: int, expected: float) -> None:
    assert w.official_round(x, digits) == expected


@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_official_rounding_matches_decimal_half_up(d: Decimal) -> None:
    expected = float(d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    assert w.official_round(float(d), 1) == expected


@pytest.mark.parametrize(("gap", "expected"), [
    (2.34, "快于序时进度2.3个百分点"), (-11.6, "慢于序时进度11.6个百分点"), (0.04, "与序时进度持平"),
    (-0.04, "与序时进度持平"), (-0.05, "慢于序时进度0.1个百分点"), (None, "无序时进度可比"),
])
def test_gap_to_pace(gap: float | None, expected: str) -> None:
    assert w.against_pace(gap) == expected


@given(st.floats(min_value=-500, max_value=500, allow_nan=False))
def test_a_gap_is_in_points_with_its_sign_as_a_word(gap: float) -> None:
    text = w.against_pace(gap)
    assert "%" not in text and "-" not in text and "−" not in text
    assert text == "与序时进度持平" or (text.endswith("个百分点") and text[:2] in ("快于", "慢于"))
    if text[:2] == "快于":
        assert gap > 0
    if text[:2] == "慢于":
        assert gap < 0


@pytest.mark.parametrize(("delta", "since", "expected"), [
    (1.26, "较上月", "较上月提高1.3个百分点"), (-0.5, "较上期", "较上期回落0.5个百分点"), (0.01, "较上月", "较上月持平"),
    (None, "较上月", ""),
])
def test_change_between_periods(delta: float | None, since: str, expected: str) -> None:
    assert w.change_in_points(delta, since) == expected


@pytest.mark.parametrize(("before", "now", "expected", "cell"), [
    (5, 3, "较上月上升2位", "↑2"), (2, 4, "较上月下降2位", "↓2"), (3, 3, "位次与上月持平", "—"), (None, 1, "", ""),
])
def test_rank_moves(before: int | None, now: int, expected: str, cell: str) -> None:
    assert w.rank_move(before, now) == expected
    assert w.rank_change_cell(before, now) == cell


def test_tiers_name_leaders_and_laggards_without_overlap() -> None:
    names = [f"{c}市" for c in "甲乙丙丁戊己庚"]
    assert w.tiers(names) == "居前3位的是甲市、乙市、丙市；居后3位的是庚市、己市、戊市"
    assert w.tiers(names[:4]) == "居前3位的是甲市、乙市、丙市；居后1位的是丁市"
    assert w.tiers(names[:3]) == "居前3位的是甲市、乙市、丙市"
    assert w.tiers([]) == ""


def test_requirements_are_numbered_in_chinese() -> None:
    items = [f"第{i}项要求" for i in range(1, 12)]
    out = w.requirements(items)
    assert out[0] == "一是第1项要求。" and out[9].startswith("十是") and out[10].startswith("十一是")


def test_dates_numbers_and_periods_have_no_leading_zeros_and_use_the_dash() -> None:
    assert w.date_cn(date(2026, 1, 5)) == "2026年1月5日"
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", w.date_cn(date(2026, 11, 30)))
    assert w.doc_number("皖发改规划", 2026, 7) == "皖发改规划〔2026〕7号"
    assert w.DOC_NUMBER.match(w.doc_number("合发改", 2026, 12))
    with pytest.raises(ValueError):
        w.doc_number("合发改", 2026, 0)
    assert w.parse_period("2026-01").label == "2026年1月"
    assert w.parse_period("2026-10").label == "2026年1—10月"
    assert w.parse_period("2026-03m").months == "3月"


@pytest.mark.parametrize(("text", "label", "months", "previous"), [
    ("2026-10", "2026年1—10月", "1—10月", "2026-09"), ("2026-01", "2026年1月", "1月", None),
    ("2026-10m", "2026年10月", "10月", "2026-09m"), ("2026-Q3", "2026年三季度", "7—9月", "2026-Q2"),
    ("2026-Q1", "2026年一季度", "1—3月", "2025-Q4"), ("2026-H2", "2026年下半年", "7—12月", "2026-H1"),
    ("2026", "2026年", "1—12月", "2025"),
])
def test_periods(text: str, label: str, months: str, previous: str | None) -> None:
    p = w.parse_period(text)
    assert (p.label, p.months) == (label, months)
    assert w.parse_period(p.key) == p
    assert (p.previous().key if p.previous() else None) == previous
    assert p.start <= p.end and p.end.month == p.last


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "26-10", "2026-Q5", "2026/10", "", "十月"])
def test_bad_periods_are_clear_errors(bad: str) -> None:
    with pytest.raises(ValidationError) as e:
        w.parse_period(bad)
    assert "period" in str(e.value)


TITLE_CHARS = st.sampled_from(list("关于年月的规划实施推进情况通报安徽省合肥市制造业提升行动计划") + list("2019—"))


@given(st.lists(TITLE_CHARS, min_size=2, max_size=70).map("".join))
def test_title_lines_fit_keep_every_character_and_never_strand_one(title: str) -> None:
    lines = w.break_title(title)
    assert "".join(lines) == title
    if len(lines) > 1:
        assert all(w.ems(line) <= 20 for line in lines)
        assert all(len(line) >= 2 for line in lines)


def test_titles_break_as_a_trapezoid_outside_book_titles_when_they_can() -> None:
    lines = w.break_title("关于2019年1—9月《合肥市工业发展规划》实施推进情况的通报")
    assert len(lines) == 2 and lines[0].endswith("》")
    lines = w.break_title("关于2019年1—9月安徽省规划实施推进情况的通报")
    assert lines == ["关于2019年1—9月安徽省", "规划实施推进情况的通报"]
    assert w.break_title("关于重点项目推进情况的通报") == ["关于重点项目推进情况的通报"]
