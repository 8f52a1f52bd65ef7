"""Earlier periods a sentence reviews, and the end year a goal runs to: pure functions that
`mentions` asks before it reads a number as a goal.

* A sentence opening with a five-year period or a span of years (“十三五”期间，/ “十二五”时期，/
  2016-2020年，) reviews it when the text shows the period over: its figures are the period's,
  dated by its last year.
* 到/至YYYY年的 before a number is the end of a goal (将由2020年的2.5万亿元增长至2025年的3.7万亿元)
  only with a goal word before it or a year not before the document's; in a review
  (从1952年的120亿元增加到2018年的…) it is the past.
"""

from __future__ import annotations

import re

from planwatch.extract.reports import FUTURE_MARKERS
from planwatch.extract.years import PERIOD_END, YearPhrase

_PERIOD_OPENER = re.compile(r"[ \t\u3000]*(?:在|其中,)?[“\"]?十([一二三四五])五[”\"]?(?:时期|期间)[,:]?")
_SPAN_REACH = 7  # 2016-|2020年，: where a span's year phrase starts after the sentence start
_LATER_PERIOD = {2010: "十二五", 2015: "十三五", 2020: "十四五", 2025: "十五五"}
# Signs a sentence reviews: 从5758名增至6006名 (from → to, no goal word), 较“十二五”末增长近50%.
_REVIEW_SIGN = re.compile(r"从[^,;。]{1,20}?(?:增至|增长至|提高至|提升至|增加到|增长到|提高到)|[较比][“\"]?十[一二三四]五[”\"]?末")
_TO_BEFORE = re.compile(r"(?:增长|增加|提高|提升|扩大|上升|达)?(?:到|至)$")


def opening_period_end(text: str, sentence: int, pos: int, in_sentence: list[YearPhrase]) -> int | None:
    """The last year of the period opening the sentence at `sentence`, if one does.

    >>> opening_period_end("“十三五”期间,全市年均增长8%", 0, 13, [])
    2020
    """
    m = _PERIOD_OPENER.match(text, sentence, pos)
    if m:
        return PERIOD_END[m.group(1)]
    opening = [p for p in in_sentence if p.kind == "period" and p.start - sentence <= _SPAN_REACH]
    return opening[0].year if opening else None


def period_is_past(
    text: str, end: int, sentence: tuple[int, int], *, due: list[int], bare: list[int], issued: int | None
) -> bool:
    """Whether a period ending in `end` is over, and not the plan's own: no due year inside it
    (到2020年 in a 十三五 plan), and the text shows it over — a later due year or period, the
    document's date after it, its last year reported in the sentence (2020年达到…: `bare`), or a
    review's wording."""
    if any(end - 5 < year <= end for year in due):
        return False  # the plan's own period
    later = _LATER_PERIOD.get(end)
    return (
        (issued is not None and issued > end)
        or any(year > end for year in due)
        or (later is not None and later in text)
        or end in bare
        or _REVIEW_SIGN.search(text, *sentence) is not None
    )


def is_goal_end(text: str, year_at: int, year: int, sentence: int, *, issued: int | None) -> bool:
    """Whether 到/至YYYY年的 ending at `year_at` is the end a goal runs to (see the module doc)."""
    to = _TO_BEFORE.search(text, max(0, year_at - 4), year_at)
    if to is None:
        return False
    return FUTURE_MARKERS.search(text, sentence, to.start()) is not None or (issued is not None and year >= issued)
