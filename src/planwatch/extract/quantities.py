"""Quantity mentions: a number (or range) with its unit and the bound words around it.

This is the shared ground of targets and observations. It only reads the surface:
``超过30万辆`` → 30, 万辆, ">="; ``5—6个`` → range 5..6 个; ``60%以上`` → ">=".
Whether a mention is a goal, a past value or a name (“341”产业体系) is decided by the
callers, which know the sentence and the section.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.extract.numbers import ARABIC, CHINESE, parse_number
from planwatch.lexicon import units as U
from planwatch.lexicon.wordlist import trie_pattern

# The base units as a trie: at a number followed by no unit (2020年, 十四五) the first
# character fails at once instead of after 49 branches, for each digit the engine backtracks
# over. It matches as the listed alternation does, since BASE_UNITS lists every unit before
# any shorter unit it starts with (个百分点 before 个), the order the trie offers them in.
# Flat (`trie_pattern`): it is tried only after a number, and it compiles in half the time
# (2 ms less in every process), matching as fast.
_UNIT = rf"(?:{'|'.join(U.MAGNITUDES)})?{trie_pattern(U.BASE_UNITS, flat=True)}"
_RANGE_SEP = r"\s*(?:-|—{1,2}|–|~|至|到)\s*"
_NUMERALS = CHINESE[1 : CHINESE.index("]")]  # 零〇一二…千: how CHINESE starts, one or more
# ARABIC|CHINESE, written to be found fast. The first character is tested by a class that
# `re` looks up in a table: ASCII digits, the numerals and the runs of ten decimal digits of
# other scripts (`_OTHER_DIGITS`), astral characters in a branch of their own (a class
# holding them cannot be a table); not as [\d…], which asks the Unicode database of every
# character of the text (a fifth of the scan's time). A look-behind on that character then
# picks the form, as only one of the two can start with it, and keeps exactly `\d` and the
# numerals (tests/extract/test_fast_paths_targets.py). The Arabic form is atomic: giving back
# a digit, a ",ddd" group or a decimal part leaves a digit, "," or "." next, and nothing
# after a number starts with one, so backtracking into it (over every digit of 2020年) never
# matched; for the same reason a number never starts after a digit (?<!\d\d): from anywhere
# in a run of digits the form ends where it ends from the first one, and what follows it
# then fails as it did (2020年: one try, not four). The Chinese form backtracks as before:
# 十|百分点 needs it. The second number of a range is tried only after a separator: it keeps
# the plain class.
_ARABIC_REST = ARABIC.removeprefix(r"\d+")  # what follows the digits: ,ddd groups, decimals
_CHINESE_REST = CHINESE.removeprefix(f"[{_NUMERALS}]+")  # what follows the numerals: 万/亿 parts
# The zero of each run of decimal digits in the BMP besides 0-9 (Arabic-Indic … Meetei Mayek,
# full-width), as Unicode 14 has them (a test fails should a later Unicode add a run).
_OTHER_DIGITS = (
    "\u0660\u06f0\u07c0\u0966\u09e6\u0a66\u0ae6\u0b66\u0be6\u0c66\u0ce6\u0d66\u0de6\u0e50\u0ed0\u0f20"
    "\u1040\u1090\u17e0\u1810\u1946\u19d0\u1a80\u1a90\u1b50\u1bb0\u1c40\u1c50"
    "\ua620\ua8d0\ua900\ua9d0\ua9f0\uaa50\uabf0\uff10"
)
_DIGIT_RUNS = "".join(f"{zero}-{chr(ord(zero) + 9)}" for zero in _OTHER_DIGITS)
_NUMBER_START = rf"(?:[0-9{_NUMERALS}{_DIGIT_RUNS}]|[\U00010000-\U0010ffff])"
_NUMBER_FORMS = rf"(?:(?<=\d)(?<!\d\d)(?>\d*{_ARABIC_REST})|(?<=[{_NUMERALS}])[{_NUMERALS}]*{_CHINESE_REST})"
# A range may repeat its unit on the first number: 40%—45%, and 2家至3家 / 5个~8个 (not with
# 到, which reads from → to: 从3家到5家).
_FIRST_UNIT = trie_pattern(U.RANGE_FIRST_UNITS, flat=True)
_RANGE = rf"(?:(?:%|个百分点)?{_RANGE_SEP}|{_FIRST_UNIT}\s*(?:-|—{{1,2}}|–|~|至)\s*)"
QUANTITY = re.compile(
    rf"(?P<n1>{_NUMBER_START}{_NUMBER_FORMS})(?:{_RANGE}(?P<n2>[\d{_NUMERALS}]{_NUMBER_FORMS}))?"
    rf"(?P<more>余|多)?\s?(?P<unit>{_UNIT})(?P<per>/(?:{'|'.join(U.PER_UNITS)}))?"
)
_CHINESE_ONLY = re.compile(rf"^{CHINESE}$")
# 突破万亿元: a magnitude word alone means one of it.
_NOT_BOUND_BEFORE_GUO = "".join(w[0] for w in U.NOT_BOUNDS if len(w) == 2 and w.endswith("过"))  # 通过, 经过…
BARE_MAGNITUDE = re.compile(
    rf"(?:(?<=达到)|(?<=突破)|(?<=超过)|(?<=迈上)|(?<=跨越)|(?<=超)|(?<=[^{_NOT_BOUND_BEFORE_GUO}]过))(?P<unit>万亿元)"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One mention, in view coordinates. `start`/`end` cover number, unit and bound words."""

    start: int
    end: int
    num_start: int
    unit_end: int
    value: float
    value_max: float | None
    unit: str
    comparator: str  # "=", ">=", "<=", "~", "range"
    chinese: bool  # written with Chinese numerals (more often part of a name)


def _starts_word(text: str, unit: str, unit_end: int) -> bool:
    """5发展, 10周年: the measure word begins a word, the number has no unit (see UNIT_NOT_BEFORE)."""
    following = U.UNIT_NOT_BEFORE.get(unit)
    return following is not None and text[unit_end : unit_end + 1] in following and unit_end < len(text)


def _split_magnitude(number: str, unit: str) -> tuple[str, str]:
    """Keep the magnitude word with the unit: 五万吨 → 五 + 万吨, as 5万吨 would read.

    >>> _split_magnitude("五万", "吨")
    ('五', '万吨')
    >>> _split_magnitude("百", "亿元")
    ('百', '亿元')
    """
    if len(number) > 1 and number[-1] in "万亿" and not unit.startswith(U.MAGNITUDES):
        return number[:-1], number[-1] + unit
    return number, unit


_AFTER = ((U.AFTER_GE, ">="), (U.AFTER_LE, "<="), (U.AFTER_APPROX, "~"))
_BEFORE = ((U.BEFORE_LE, "<="), (U.BEFORE_GE, ">="), (U.BEFORE_APPROX, "~"))
_ANY_AFTER = tuple(w for words, _cmp in _AFTER for w in words)
_ANY_BEFORE = tuple(w for words, _cmp in _BEFORE for w in words)


def _bound(text: str, start: int, end: int, ranged: bool, unit: str = "") -> tuple[str, int, int]:
    """Comparator from the words just after or just before the mention, and the widened span.

    The longest bound word wins, so 不少于 is ">=" although it ends in 少于. After a unit of
    time 内 alone is an upper bound too (48小时内, 30天内).
    """
    after = text[end : end + 3]
    if unit in U.TIME_UNITS and after.startswith(U.AFTER_LE_TIME):
        word = next(w for w in U.AFTER_LE_TIME if after.startswith(w))
        return ("range" if ranged else "<="), start, end + len(word)
    if after.startswith(_ANY_AFTER):  # most numbers have no bound word: one test, not six
        for words, cmp in _AFTER:
            for w in words:
                if after.startswith(w):
                    return ("range" if ranged else cmp), start, end + len(w)
    before = text[max(0, start - 4) : start]
    best = ""
    best_cmp = "="
    if before.endswith(_ANY_BEFORE):
        for words, cmp in _BEFORE:
            for w in words:
                if before.endswith(w) and len(w) > len(best):
                    best, best_cmp = w, cmp
        if best == "过" and before.endswith(U.NOT_BOUNDS):
            best, best_cmp = "", "="  # 通过3个…, 经过5年: no bound
    return ("range" if ranged else best_cmp), start - len(best), end


def iter_quantities(text: str, *, names: bool = True) -> Iterator[Quantity]:
    """Every number-with-unit in `text`, left to right (see `_numbered`), plus bare
    magnitudes (突破万亿元 → 1 万亿元) and counts in 亿 with no unit (突破5亿, 五千亿规模).
    With `names` false, the numbers with unit that are part of a name are left out.

    >>> [q.unit for q in iter_quantities("一批企业,三个强省,五十家")], [q.unit for q in iter_quantities("一批企业,三个强省,五十家", names=False)]
    (['批', '个', '家'], ['家'])
    """
    # The other kinds are rare: found first (as lists, a few mentions each), and merged in
    # only when there are some, since the merge costs more than finding them.
    others = [found for found in (
        list(_bare_magnitudes(text)) if "万亿元" in text else [],
        list(_bare_yi(text)) if "亿" in text else [],
        list(_doublings(text)) if "翻" in text else [],
    ) if found]
    if not others:
        return _numbered(text, names)
    # The streams run in text order: merging them (ties keep the numbered one first, as a
    # stable sort of the lists would) yields each number-with-unit as it is found, without
    # holding every one of a long text's mentions at once.
    return heapq.merge(_numbered(text, names), *others, key=lambda q: q.num_start)


def _bare_magnitudes(text: str) -> Iterator[Quantity]:
    """Each 万亿元 after a bound word, as ``BARE_MAGNITUDE.finditer`` finds them: the pattern
    opens with look-behinds, which `re` tries at every position of the text, so it is
    tried only where 万亿元 stands (a look-behind reads the text before `pos` too).

    >>> [(q.value, q.unit, q.comparator) for q in iter_quantities("突破万亿元,通过万亿元,超过万亿元")]
    [(1.0, '万亿元', '>='), (1.0, '万亿元', '>=')]
    """
    at = text.find("万亿元")
    while at >= 0:
        m = BARE_MAGNITUDE.match(text, at)
        at = text.find("万亿元", at + 1)
        if m is None:
            continue
        cmp, start, end = _bound(text, m.start(), m.end(), False)
        yield Quantity(start, end, m.start(), m.end(), 1.0, None, m.group("unit"), cmp, False)


# 翻一番 / 翻番 doubles (an increase of 1 倍), 翻两番 quadruples (3 倍), against the baseline.
_DOUBLING = re.compile(r"翻(?:一番|番|(?P<n>两|二|三)番)")
_TIMES = {"两": 3.0, "二": 3.0, "三": 7.0}


def _doublings(text: str) -> Iterator[Quantity]:
    """Doublings as increases in 倍.

    >>> [(q.value, q.unit) for q in iter_quantities("比2020年翻一番,产值翻两番")]
    [(1.0, '倍'), (3.0, '倍')]
    """
    for m in _DOUBLING.finditer(text):
        value = _TIMES[m.group("n")] if m.group("n") else 1.0
        yield Quantity(m.start(), m.end(), m.start(), m.end(), value, None, "倍", "=", False)


# 亿 ending its clause, or 亿规模 doing so: 注册用户突破5亿, 总量超过五千亿规模. Before a noun
# (10亿企业, 百亿规模集群, 千亿制造业) it sizes the noun, and is read as no quantity at all.
_BARE_YI = re.compile(r"亿(?:规模)?(?=[,;。、!?\n)]|$)")
_NUMBER_BEFORE = re.compile(rf"(?:\d+(?:\.\d+)?|[{_NUMERALS}]+)$")


def _bare_yi(text: str) -> Iterator[Quantity]:
    """Counts in 亿 with no unit, where 亿 ends the clause.

    >>> [(q.value, q.unit, q.comparator) for q in iter_quantities("突破5亿,超过五千亿规模。10亿企业")]
    [(5.0, '亿', '>='), (5000.0, '亿', '>=')]
    """
    for m in _BARE_YI.finditer(text):
        yi = m.start()
        number = _NUMBER_BEFORE.search(text, max(0, yi - 12), yi)
        if number is None:
            continue
        value = parse_number(number.group())
        if value is None:
            continue
        cmp, start, end = _bound(text, number.start(), yi + 1, False)
        chinese = not number.group()[0].isdigit()
        yield Quantity(start, end, number.start(), yi + 1, value, None, "亿", cmp, chinese)


def _numbered(text: str, names: bool = True) -> Iterator[Quantity]:
    """Every number-with-unit in `text`, left to right; without `names`, not the numbers in
    Chinese numerals that are part of a name (`names_a_thing`), before their bound words
    are read (most of a text's Chinese numerals are such: 一批 alone is a third of them).

    >>> [(q.value, q.value_max, q.unit, q.comparator) for q in iter_quantities("超过30万辆、配套率60%以上,5—6个")]
    [(30.0, None, '万辆', '>='), (60.0, None, '%', '>='), (5.0, 6.0, '个', 'range')]
    """
    needs_magnitude, not_before, chinese_only = U.NEEDS_MAGNITUDE, U.UNIT_NOT_BEFORE, _CHINESE_ONLY.match
    for m in QUANTITY.finditer(text):
        n1, n2, more, unit, per = m.group("n1", "n2", "more", "unit", "per")
        num_start, unit_end = m.span()
        if n2:
            n2, unit = _split_magnitude(n2, unit)
        else:
            n1, unit = _split_magnitude(n1, unit)
        if unit in needs_magnitude or (unit in not_before and _starts_word(text, unit, unit_end)):
            continue
        arabic = n1[0].isdecimal()  # `\d` matched it: an Arabic number, never a Chinese one
        if not names and not arabic and not per and unit in NAME_UNITS:
            continue  # 一批, 三个强省: a name whatever its value (`names_a_thing`), left unparsed
        v1 = _arabic(n1) if arabic else parse_number(n1)
        v2 = (_arabic(n2) if n2[0].isdecimal() else parse_number(n2)) if n2 else None
        if v1 is None or (n2 and v2 is None):
            continue
        chinese = not arabic and chinese_only(n1) is not None
        if not names and chinese and names_a_thing(v1, unit + per if per else unit):
            continue
        ranged = v2 is not None and v2 > v1
        cmp, start, end = _bound(text, num_start, unit_end, ranged, unit)
        if more and cmp == "=":
            cmp = ">="  # 100余家, 50多个: more than the number
        if per:
            unit += per
        yield Quantity(start, end, num_start, unit_end, v1, v2 if ranged else None, unit, cmp, chinese)


# A count in Chinese numerals of one, or of these units, is part of a name (一批, 零部件,
# 三个强省, 五个一百), never an amount: `mentions` drops such mentions first of all.
NAME_UNITS = frozenset({"批", "种", "个", "项", "部", "条"})


def names_a_thing(value: float, unit: str) -> bool:
    """Whether a number in Chinese numerals with this value and unit is part of a name."""
    return value < 2 or unit in NAME_UNITS


def _arabic(number: str) -> float | None:
    """`parse_number` of what `ARABIC` matched, without its checks for Chinese numerals
    (called for most numbers of a text).

    >>> _arabic("1,500"), _arabic("9530.9")
    (1500.0, 9530.9)
    """
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return parse_number(number)
