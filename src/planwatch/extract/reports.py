"""Sentences that report what was done: they state past values or estimates, not goals.

A work report mixes both. What was done reads from its verbs and openers (“十二五”以来…已建成,
截至…, 上半年…, 1-9月…同比增长, 去年…, 预计全年…); goals from theirs (力争, 确保, 将, 到2025年),
which win when both stand before the number. `mentions` asks `reports_done` of each number
that no past year already claims.
"""

from __future__ import annotations

import re

from planwatch.extract.quantities import Quantity

PAST_MARKERS = re.compile(
    r"以来|过去|已经|已有|已建成|已形成|累计建成|累计实现|先后|现有|共有|目前|联合印发了"
    r"|(?:增长|提高|提升|增加|扩大|下降|降低|达)到了"  # 从31.3万亿元增长到了40.5万亿元: done
)
# 在去年实现…突破500亿元(的)基础上: the starting point of a goal, not the goal.
_ON_BASIS = re.compile(r"在[^,;。在]{0,40}$")
_BASIS_END = re.compile(r"^[^,;。]{0,6}基础上")
# A report's estimate for the year under review (预计全年…, 预计到年末…): no goal of a plan.
ESTIMATE = re.compile(r"预计(?:到)?(?:全年|年末|年底|今年|本年)")
FUTURE_MARKERS = re.compile(
    r"力争|争取|确保|(?<!截)(?<!截止)到(?:19|20)\d\d|预计|将|目标|(?:19|20)\d\d\s?年(?:底前|前)|十[三四五六七八九]五[”\"]?末"
)


def _on_basis(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    return (_BASIS_END.match(text[q.end : q.end + 12]) is not None
            and _ON_BASIS.search(text[max(sentence[0], q.start - 40) : q.start]) is not None)


def reports_done(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    """A sentence that reports what has been done (“十二五”以来…已建成…), or reports a period's
    figures year on year (2022年，…达到126家，同比增长9.6%), states no goal."""
    start = sentence[0]
    before = text[start : q.num_start]
    if ESTIMATE.search(before) or _on_basis(text, q, sentence):
        return True
    if FUTURE_MARKERS.search(before):
        return False
    return bool(PAST_MARKERS.search(before)) or _reports_period(text, q, *sentence)


# A sentence opening with a period and a comma (2022年，/ 上半年，/ 1-9月，) that gives figures
# 同比 (year on year) reports them: plans set goals as levels or growth, not 同比.
_REPORT_OPENER = re.compile(
    r"[ \t\u3000]*(?:(?:19|20)\d\d\s?年(?:上半年|下半年|前三季度|一季度|第[一二三四]季度|1-\d{1,2}月)?|上半年|下半年"
    r"|前三季度|一季度|1-\d{1,2}月)[,:]"
)


# A part of a year gone by (上半年，/ 1-5月，/ 前7个月，/ 截至9月底，) or last year (去年，) opening a
# sentence: what follows reports figures, bound words or not (下半年 is a work plan's future).
_PART_REPORT_OPENER = re.compile(
    r"[ \t\u3000]*(?:(?:19|20)\d\d\s?年)?(?:上半年|前三季度|一季度|第[一二三四]季度|1[-—~]\d{1,2}月|前\d{1,2}个月"
    r"|截至(?:目前|\d{1,2}月(?:底|末)?)|去年|上年|过去一年)"
)


def _reports_period(text: str, q: Quantity, start: int, end: int) -> bool:
    """Bound words (以上, 左右) mark a goal after a year opener: reported figures are exact."""
    if _PART_REPORT_OPENER.match(text, start) is not None:
        return True
    return (q.comparator == "=" and text.find("同比", start, end) >= 0
            and _REPORT_OPENER.match(text, start) is not None)


# A review told by its verbs alone, with no opener: 中小企业高质量发展取得新成效，累计培育…14万家.
_REVIEW_VERBS = re.compile(
    r"取得了?(?:新的?|显著|明显|积极|重要|重大|长足|阶段性|突破性)?(?:的)?(?:成效|进展|成绩|成果)|成效显著|成效明显|成绩显著"
)


def reviews_by_verbs(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    """Whether the sentence, before the number, says what has been achieved (取得新成效) and
    nothing marks a goal. `mentions` asks it only when no due year governs the number and the
    section is no goals section: 到2025年，…取得明显成效，… is a goal."""
    before = text[sentence[0] : q.num_start]
    return _REVIEW_VERBS.search(before) is not None and FUTURE_MARKERS.search(before) is None


# A whole year opening a sentence that reports its figures 同比: 2021年，…实现…1.6万亿元，同比增长18.2%.
_YEAR_REPORT_OPENER = re.compile(r"[ \t\u3000]*((?:19|20)\d\d)\s?年[,:]")


def reported_year(text: str, q: Quantity, sentence: tuple[int, int]) -> int | None:
    """The year whose figures a reporting sentence gives (its 同比 opener's), or None: a part of
    a year (上半年，1-9月，) or a sentence without 同比 dates nothing here."""
    m = _YEAR_REPORT_OPENER.match(text, sentence[0])
    if m is None or text.find("同比", sentence[0], sentence[1]) < 0 or FUTURE_MARKERS.search(text, sentence[0], q.num_start):
        return None
    return int(m.group(1))
