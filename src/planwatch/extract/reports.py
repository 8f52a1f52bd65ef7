"""Sentences that report what was done: they state past values or estimates, not goals.

A work report mixes both. What was done reads from its verbs and openers (“十二五”以来…已建成,
截至…, 上半年…, 1-9月…同比增长, 去年…, 预计全年…); goals from theirs (力争, 确保, 将, 到2025年),
which win when both stand before the number. `mentions` asks `reports_done` of each number
that no past year already claims.

What a report's sentence shows besides (issue #11): figures set against the year before (同比,
比上年), ranks and comparisons (居全省第3位, 高于全省1.2个百分点), a count up to a day gone by
(截至2022年底), a part of a year (2023年1-9月, 上半年, 前7个月, also for the later sentences of
its paragraph), a review heading's year (一、2015年工作回顾). A bound word (以上, 力争) in the
sentence, or the year an annual plan is for, keeps a goal a goal. A report opener without a
year (上半年，过去五年，…以来，) gives observations of no stated year.
"""

from __future__ import annotations

import re

from planwatch.extract.quantities import Quantity
from planwatch.extract.year_scope import annual_year
from planwatch.extract.years import PERIOD_END

# The marker patterns below are asked of most numbers, only whether they are found, and each
# of their alternatives opens with a plain character: `re` then skips in C to where one may
# start, where a group or a look-behind opening an alternative makes it try every position
# (written so, PAST_MARKERS reads a sentence ~5x faster, FUTURE_MARKERS ~3x).
_DONE_TO = ("增长", "提高", "提升", "增加", "扩大", "下降", "降低", "达")  # 从31.3万亿元增长到了40.5万亿元: done
_DONE = ("实现", "完成", "达到", "突破", "建成", "新增", "增长", "提高", "提升", "增加", "下降", "降低", "跨过", "跃上")  # perfective 了
PAST_MARKERS = re.compile(
    "以来|过去|已经|已有|已建成|已形成|累计建成|累计实现|先后|现有|共有|目前|联合印发了|近年来|近几年|近些年|"
    + "|".join([w + "到了" for w in _DONE_TO] + [w + "了" for w in _DONE])
)
# 在去年实现…突破500亿元(的)基础上: the starting point of a goal, not the goal.
_ON_BASIS = re.compile(r"在[^,;。在]{0,40}$")
_BASIS_END = re.compile(r"^[^,;。]{0,6}基础上")
# A report's estimate for the year under review (预计全年…, 预计到年末…): no goal of a plan.
ESTIMATE = re.compile(r"预计(?:到)?(?:全年|年末|年底|今年|本年)")
FUTURE_MARKERS = re.compile(  # 到 not after 截/截止 (截至, 截止到 count up to a day gone by)
    r"力争|争取|确保|到(?<!截到)(?<!截止到)(?:19|20)\d\d|预计|将|目标|19\d\d\s?年(?:底前|前)|20\d\d\s?年(?:底前|前)"
    r"|十[三四五六七八九]五[”\"]?末"
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
    r"|前三季度|一季度|1-\d{1,2}月)(?:[,:]|(?=我[省市区县国]|全[省市区县国]))"
)


# A part of a year, as a report opens with it (2023年|1-9月, 上半年, 第三季度, 前7个月).
_YEAR_PART = r"上半年|前三季度|一季度|第[一二三四]季度|1[-—~至]\d{1,2}月(?:份)?|前\d{1,2}个月"


# A part of a year gone by (上半年，/ 1-5月，/ 前7个月，/ 截至9月底，) or last year (去年，) opening a
# sentence: what follows reports figures, bound words or not (下半年 is a work plan's future).
_PART_REPORT_OPENER = re.compile(
    rf"[ \t\u3000]*(?:(?:19|20)\d\d\s?年|今年)?(?:{_YEAR_PART}"
    r"|截至(?:目前|\d{1,2}月(?:底|末)?)|去年|上年|过去一年)"
)


# Figures set against the year before (同比, 比上年, 较去年同期): a report's, not a plan's.
SAME_PERIOD = re.compile(r"同比|(?:比|较)(?:上年|去年|上一年)(?:同期|末)?")
# Ranks and comparisons a report boasts of (居全省第2位, 高于全省1.2个百分点, 连续10年, 创历史新高);
# a goal names them after 力争/确保, which `FUTURE_MARKERS` catches before the number.
RANKS = re.compile(
    r"[居位列排](?:居|列|名)?(?:全国|全省|全市|全区|全州|全盟|同类城市)[^,;。]{0,6}第|(?:全国|全省|全区)排名第"
    r"|(?:高于|超过|快于|超出)(?:全国|全省|全区|全市)(?:平均水平|平均)?[^,;。]{0,12}个百分点"
    r"|比(?:全国|全省|全区)(?:平均水平)?高|连续\d+年(?:保持|位居|居|稳居)|创(?:历史)?新高|(?:远|明显)高于"
)
# 由180家增加到520家 with no goal word: a review's from → to.
_FROM_TO = re.compile(r"由[^,;。]{1,20}?(?:增至|增长至|提高至|提升至|增加到|增长到|提高到|提升到|上升到|上升至)")
# 截至2022年底，… / 截至2023年末，…: a count up to a day gone by.
UP_TO_YEAR = re.compile(r"[ \t\u3000]*截(?:至|止)((?:19|20)\d\d)\s?年(?:底|末|年底|年末|\d{1,2}月(?:底|末)?)?")


# A bound word anywhere in the sentence (增长7%以上，高于全省1个百分点) marks ranks as a goal's
# (以上 not after 规模, looked behind from after it, as in the markers above).
_GOAL_BOUND = re.compile(r"以上(?<!规模以上)(?![企项工])|左右|不低于|不少于|力争|争取|确保|目标|预期")


def _ranks(text: str, sentence: tuple[int, int]) -> bool:
    return RANKS.search(text, *sentence) is not None and _GOAL_BOUND.search(text, *sentence) is None


def shows_review(text: str, sentence: tuple[int, int]) -> bool:
    """Whether a sentence's wording reviews (同比, ranks, from → to): it dates its figures
    by an earlier period that opens it, which nothing else shows to be over."""
    return (SAME_PERIOD.search(text, *sentence) is not None or _ranks(text, sentence)
            or _FROM_TO.search(text, *sentence) is not None)


def _plans_year(text: str, start: int) -> bool:
    """A sentence opening with the year an annual plan is for (2024年工作要点: 2024年，…) sets goals."""
    m = _YEAR_REPORT_OPENER.match(text, start)
    if m is None:
        return False
    year = annual_year(text)
    return year is not None and int(m.group(1)) >= year


def _paragraph_start(text: str, start: int) -> int:
    return text.rfind("\n", 0, start) + 1


def _reports_period(text: str, q: Quantity, start: int, end: int) -> bool:
    """Bound words (以上, 左右) mark a goal after a year opener: reported figures are exact.
    A paragraph that opens by reporting a part of a year (上半年，…同比增长…。其中，…) reports
    in its later sentences too."""
    if _PART_REPORT_OPENER.match(text, start) is not None or UP_TO_YEAR.match(text, start) is not None:
        return True
    para = _paragraph_start(text, start)
    if para < start and _PART_REPORT_OPENER.match(text, para) is not None:
        return True
    if q.comparator != "=" or _plans_year(text, start):
        return False
    if _ranks(text, (start, end)):
        return True  # 全年…增长8.2%，居全省第3位 / 其中，…高于全省27个百分点
    if SAME_PERIOD.search(text, start, end) is None:
        return False
    return _REPORT_OPENER.match(text, start) is not None or _YEAR_WITHIN.search(text, start, q.num_start) is not None


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
_YEAR_REPORT_OPENER = re.compile(
    rf"[ \t\u3000]*((?:19|20)\d\d)\s?年(?:{_YEAR_PART})?"
    r"(?:[,:]|(?=我[省市区县国]|全[省市区县国]))"
)


def reported_year(text: str, q: Quantity, sentence: tuple[int, int]) -> int | None:
    """The year whose figures a reporting sentence gives (its opener's: 2021年，…同比…,
    2023年1-9月，…, 截至2022年底，…), or None: a part of a year without its year (上半年，)
    or a year opener with nothing that reports (同比, ranks, 已/了) dates nothing here."""
    start = sentence[0]
    if FUTURE_MARKERS.search(text, start, q.num_start):
        return None
    up_to = UP_TO_YEAR.match(text, start)
    if up_to is not None:
        return int(up_to.group(1))
    m = _YEAR_REPORT_OPENER.match(text, start)
    if m is None:
        return _year_within(text, q, sentence)
    if m.end() - m.start() > len(m.group(1)) + 2 or shows_review(text, sentence):
        return int(m.group(1))  # 2023年1-9月，
    return int(m.group(1)) if PAST_MARKERS.search(text, start, q.num_start) else None


# A year inside a reporting sentence (全市2022年规上工业增加值…比上年增长8.2% / 近年来，…2021年实现…):
# not a baseline (比2015年) nor the end of a span (由…到2020年).
_YEAR_WITHIN = re.compile(r"(?<![比较与是由从到至])((?:19|20)\d\d)\s?年(?:末|底)?(?![前后内以间度])")


def _year_within(text: str, q: Quantity, sentence: tuple[int, int]) -> int | None:
    """The last year named before the number of a sentence that reports (同比, ranks, 近年来…)."""
    if not (shows_review(text, sentence) or PAST_MARKERS.search(text, sentence[0], q.num_start)):
        return None
    years = _YEAR_WITHIN.findall(text, sentence[0], q.num_start)
    return int(years[-1]) if years else None


# Openers that report without a year to date them (上半年，/ 1-9月，/ 过去五年，): the figures are
# observations of an unnamed year.
_UNDATED_OPENER = re.compile(
    r"[ \t\u3000]*(?:(?:今年)?(?:上半年|前三季度|一季度|1[-—~至]\d{1,2}月(?:份)?|前\d{1,2}个月)|过去[两三四五]年|近[两三四五]年"
    r"|近年来|近几年|[^,;。]{0,12}以来)[,:]"
)


def reports_undated(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    """Whether the sentence (or its paragraph's first) opens with a yearless report opener."""
    start = sentence[0]
    if FUTURE_MARKERS.search(text, start, q.num_start):
        return False
    para = _paragraph_start(text, start)
    return (_UNDATED_OPENER.match(text, start) is not None
            or (para < start and _UNDATED_OPENER.match(text, para) is not None)
            or (q.comparator == "=" and _ranks(text, sentence)))


_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s?年|[“\"]?十([一二三四])五[”\"]?")


def title_year(title: str) -> int | None:
    """The first year a heading names, a five-year period by its last year.

    >>> title_year("一、2015年工作回顾和“十二五”发展成就"), title_year("“十三五”发展成就"), title_year("发展基础")
    (2015, 2020, None)
    """
    found = _TITLE_YEAR.search(title)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else PERIOD_END[found.group(2)]
