"""Year phrases and which one governs a number.

A plan states the due year once and lets it govern what follows: ``到2020年，A达到X，
B达到Y。C达到Z。`` Each target takes the nearest governing phrase before it in its
sentence, then in its paragraph; failing that the first 到YYYY年 later in the same
paragraph (``形成2万台…能力；…到2020年，产值突破500亿元``); failing that a year in a
heading or 专栏 above it. Years that are not due dates are kept apart: baselines
(比2015年), plan periods (2017—2020年), dates (2017年2月), possessives (2005年的).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import wraps
from itertools import chain
from typing import Any, TypeVar

T = TypeVar("T")

# A year with what stands before and after it.
YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)\s?年(?P<post>底|末|前|以前|年底|年末)?")
# Words before a year that make it a due date; looked up behind the match, which is much
# faster than an optional group the regex engine would try at every position.
DUE_BEFORE = ("力争到", "争取到", "预计到", "截至", "截止到", "截止", "到", "至")
# The units `sentence_bounds` reads, each ended by any one of its marks (the view folds ！？；，：).
_SENTENCE_MARKS, _CLAUSE_MARKS, _PARAGRAPH_MARKS = "。!?\n", "。!?;,:\n", "\n"
SENTENCE_END = re.compile(f"[{re.escape(_SENTENCE_MARKS)}]")
CLAUSE_END = re.compile(f"[{re.escape(_CLAUSE_MARKS)}]")
PARAGRAPH_END = re.compile(f"[{re.escape(_PARAGRAPH_MARKS)}]")


@dataclass(frozen=True, slots=True)
class YearPhrase:
    start: int
    end: int
    year: int
    kind: str  # "due" (到2020年), "bare" (2014年,), "baseline" (比2015年), "period", "date", "of"


_DIGIT = re.compile(r"\d")
_MONTH = re.compile(r"\s?\d{1,2}\s?月")
_DASH = re.compile(r"[-—–~]")


def classify(text: str, m: re.Match[str]) -> str:
    """What role a year plays, from the characters around it."""
    before = text[max(0, m.start() - 2) : m.start()]
    after = text[m.end() : m.end() + 2]
    if after.startswith("的") and before.endswith(("达到", "提高到", "增加到", "提升到", "扩大到", "是")):
        return "of"  # 达到2020年的3倍: a multiple of that year's value
    if before.endswith(DUE_BEFORE) or m.group("post"):
        if _DIGIT.match(after) or after.startswith(("和", "、")):
            return "period"
        return "due"
    if before.endswith(("比", "较", "与", "同", "以", "从", "由")):
        return "baseline"
    if _MONTH.match(after) or _DASH.match(after) or before.endswith(("-", "—", "~", "(")):
        return "period" if not _MONTH.match(after) else "date"
    if before.endswith(("〔", "[", "《")):
        return "period"
    if after.startswith("的"):
        return "of"
    if after.startswith(("和", "、")):
        return "period"
    return "bare"


# “十三五”末 / 十四五期末: the last year of a five-year plan period, a due date.
# Written as [“"]?十([一…九])五…, but opening with a plain class (a quote or 十, and after a
# quote 十 must follow), which `re` skips to in C instead of trying the optional quote at
# every position of the text. It matches at the same places, with the same group.
FIVE_YEAR_END = re.compile(r"[“\"十](?:(?<=[“\"])十|(?<=十))([一二三四五六七八九])五[”\"]?(?:期末|时期末|末)")
_FIVE_YEAR_END_TAIL = re.compile(r"五[”\"]?(?:期末|时期末|末)")
# 十X五 → its last year (十三五 → 2020): for every reader of five-year periods.
PERIOD_END = {d: 2010 + 5 * i for i, d in enumerate("一二三四五六七八九")}


def _period_kind(text: str, start: int) -> str:
    """较“十二五”末增长50%: the end of an earlier period compared with is a baseline, not a due date."""
    return "baseline" if text[max(0, start - 1) : start] in _COMPARED else "due"


_COMPARED = frozenset("较比与同从由")


def year_phrases(text: str) -> list[YearPhrase]:
    """Every year mention in `text`, classified.

    >>> [(p.year, p.kind) for p in year_phrases("到2020年,比2015年下降18%,是2005年的6.4倍。2014年,")]
    [(2020, 'due'), (2015, 'baseline'), (2005, 'of'), (2014, 'bare')]
    >>> [(p.year, p.kind) for p in year_phrases("到“十四五”末,")]
    [(2025, 'due')]
    """
    found = [YearPhrase(m.start(), m.end(), int(m.group("year")), classify(text, m)) for m in _year_matches(text)]
    if _FIVE_YEAR_END_TAIL.search(text):  # what every match ends with, found fast (a literal first)
        periods = [YearPhrase(m.start(), m.end(), PERIOD_END[m.group(1)], _period_kind(text, m.start()))
                   for m in FIVE_YEAR_END.finditer(text)]
        if periods:
            found = sorted(found + periods, key=lambda p: p.start)
    return found


# A 年 with a year (and maybe a space) just before it: where YEAR matches, its year four or five
# characters back. The pattern opens with the plain 年, which `re` skips to in C, where YEAR
# (opening with 19|20) is tried at every position: 8x faster over a plan.
_YEAR_AT = re.compile(r"年(?:(?<=(?:19|20)\d\d年)|(?<=(?:19|20)\d\d\s年))")


def _year_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``YEAR.finditer(text)``, found from their 年: a match is four digits, maybe
    a space, 年 and a suffix without digits, so no two overlap and each starts where its 年 says.

    >>> text = "2020年底,12021 年末,20200年,2019年年末"
    >>> [m.span() for m in _year_matches(text)] == [m.span() for m in YEAR.finditer(text)]
    True
    """
    for at in _YEAR_AT.finditer(text):
        m = YEAR.match(text, at.start() - 4) or YEAR.match(text, at.start() - 5)
        if m is not None:  # always: _YEAR_AT looked behind for it
            yield m


class Bounds:
    r"""Positions of every boundary character of one kind, for O(log n) unit look-ups.

    The ends of sentences, clauses and paragraphs are merged from the positions of each of
    their marks, found by `str.find` and shared by the units that end at it: a scan by the
    pattern would test every character of the text against the class and make a match object
    per boundary (the three indexes of the five sample plans took 0.8 ms, now 0.5 ms).

    >>> text = "一、甲,乙;丙。\n丁!戊?己:"
    >>> all(Bounds(text, p).ends == [m.end() for m in p.finditer(text)] for p in _MARKS_OF)
    True
    """

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        marks = _MARKS_OF.get(pattern)
        if marks is None:
            self.ends = [m.end() for m in pattern.finditer(text)]
        else:  # sorted() merges the runs of each mark in C
            self.ends = sorted(chain.from_iterable(_mark_ends(text, mark) for mark in marks))
        self.size = len(text)

    def around(self, pos: int) -> tuple[int, int]:
        """[start, end) of the unit holding `pos`; the end includes its boundary mark."""
        i = bisect_right(self.ends, pos)
        start = self.ends[i - 1] if i > 0 else 0
        return start, (self.ends[i] if i < len(self.ends) else self.size)


def sentence_bounds(text: str, pos: int, pattern: re.Pattern[str] = SENTENCE_END) -> tuple[int, int]:
    """[start, end) of the unit (sentence, clause, paragraph) around `pos`.

    Asked thousands of times per text, nearly always of the text asked about last: the
    index of that text is kept at hand per pattern, before the general per-text memo."""
    recent = _RECENT.get(id(pattern))
    if recent is None or recent[0] is not text or recent[1] is not pattern:
        recent = _RECENT[id(pattern)] = (text, pattern, _bounds(text, pattern))
    return recent[2].around(pos)


def per_text(fn: Callable[..., T]) -> Callable[..., T]:
    """Memoise an index of one text, keyed by the text's identity.

    `functools.lru_cache` compares keys by value: a later document equal to an earlier one
    (extracting the same file twice) matched the old key only after a full string compare on
    every look-up, which made a second extraction of a 10 MB text ~8× slower. Identity is
    what "the same document" means here; a few recent texts are kept alive with their index.
    """
    slots: dict[tuple[Any, ...], tuple[str, T]] = {}
    lock = threading.Lock()

    @wraps(fn)
    def memo(text: str, *args: Any) -> T:
        key = (id(text), *args)
        hit = slots.get(key)
        if hit is not None and hit[0] is text:
            return hit[1]
        value = fn(text, *args)
        with lock:
            while len(slots) >= 12:
                slots.pop(next(iter(slots)))
            slots[key] = (text, value)
        return value

    return memo


@per_text
def _bounds(text: str, pattern: re.Pattern[str]) -> Bounds:
    return Bounds(text, pattern)


_MARKS_OF = {SENTENCE_END: _SENTENCE_MARKS, CLAUSE_END: _CLAUSE_MARKS, PARAGRAPH_END: _PARAGRAPH_MARKS}


@per_text
def _mark_ends(text: str, mark: str) -> list[int]:
    """The position after each `mark` in `text`."""
    ends = []
    at = text.find(mark)
    while at >= 0:
        at += 1
        ends.append(at)
        at = text.find(mark, at)
    return ends


# id(pattern) -> (text, pattern, its index): the last text `sentence_bounds` read with each
# pattern. A whole tuple is stored at once, so a thread never sees one text with another's
# index. Keyed by id, the pattern checked by identity: a Pattern hashes its compiled code on
# every look-up (0.16 µs, for each of the thousands of look-ups).
_RECENT: dict[int, tuple[str, re.Pattern[str], Bounds]] = {}


def breaks_between(text: str, lo: int, hi: int) -> int:
    r"""How many line feeds text[lo:hi] holds, from the text's paragraph index: O(log n)
    where counting them would read the range.

    >>> breaks_between("a\nb\n\nc", 1, 6)
    3
    """
    ends = _bounds(text, PARAGRAPH_END).ends  # the position after each line feed
    return max(0, bisect_left(ends, hi + 1) - bisect_left(ends, lo + 1))


class YearIndex:
    """Year phrases of one text with positional look-ups in O(log n + k)."""

    def __init__(self, text: str) -> None:
        self.phrases = year_phrases(text)
        self._starts = [p.start for p in self.phrases]
        self._of_kinds: dict[tuple[str, ...], tuple[list[int], list[YearPhrase]]] = {}

    def between(self, lo: int, hi: int) -> list[YearPhrase]:
        """Phrases starting in [lo, hi), in text order."""
        return self.phrases[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)]

    def nearest_before(self, lo: int, pos: int, kinds: tuple[str, ...]) -> YearPhrase | None:
        for p in reversed(self.between(lo, pos)):
            if p.kind in kinds:
                return p
        return None

    def last_before(self, pos: int, kinds: tuple[str, ...]) -> YearPhrase | None:
        """The last phrase of one of `kinds` starting before `pos`, however far back."""
        index = self._of_kinds.get(kinds)
        if index is None:
            chosen = [p for p in self.phrases if p.kind in kinds]
            index = self._of_kinds[kinds] = ([p.start for p in chosen], chosen)
        i = bisect_left(index[0], pos)
        return index[1][i - 1] if i > 0 else None

    def first_after(self, pos: int, hi: int, kinds: tuple[str, ...]) -> YearPhrase | None:
        for p in self.between(pos, hi):
            if p.kind in kinds:
                return p
        return None
