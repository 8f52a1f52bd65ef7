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
from planwatch.extract.years import PERIOD_END, SENTENCE_END, sentence_bounds

# The marker patterns below are asked of most numbers, only whether they are found, and each
# of their alternatives opens with a plain character: `re` then skips in C to where one may
# start, where a group or a look-behind opening an alternative makes it try every position
# (written so, PAST_MARKERS reads a sentence ~5x faster, FUTURE_MARKERS ~3x).
_DONE_TO = ("增长", "提高", "提升", "增加", "扩大", "下降", "降低", "达")  # 从31.3万亿元增长到了40.5万亿元: done
_DONE = ("实现", "完成", "达到", "突破", "建成", "新增", "增长", "提高", "提升", "增加", "下降", "降低", "跨过", "跃上")  # perfective 了
PAST_MARKERS = re.compile(
    "以来|过去|已经|已有|已建成|已形成|累计建成|累计实现|先后|现有|共有|目前|联合印发了|近年来|近几年|近些年|"
    + "|".join([w + "到了" for w in _DONE_TO] + [w + "了" for w in _DONE])
    + r"|初步核算|初步测算|统计显示|数据显示|[两三四五六七八九十几]年来|截(?:至|止)(?:去年|上年)(?:底|末)"
    + r"|由(?:上年|去年)(?:末|底)?的|从(?:上年|去年)(?:末|底)?的"  # 三次产业构成由上年的…调整为…: year on year
    + r"|由(?:19|20)\d\d\s?年(?:底|末)?的[^,;。]{1,16}?调整(?:优化)?为"  # 由2022年的…调整为…, no goal word before
)
# 在去年实现…突破500亿元(的)基础上: the starting point of a goal, not the goal.
_ON_BASIS = re.compile(r"在[^,;。在]{0,40}$")
_BASIS_END = re.compile(r"^[^,;。]{0,6}基础上")
# A report's estimate for the year under review (预计全年…, 预计到年末…, 预计，全年…, 全年预计…):
# no goal of a plan. 预计到2025年 names a due year and stays a goal.
# So is 预计 before the region or a headline indicator (预计全省地区生产总值增长6%左右, 预计地区生产
# 总值增长5.8%左右): a work report's estimate of the year just ended.
_ESTIMATED = r"全年|年末|年底|今年|本年|全[省市区县国州盟]|地区生产总值|国内生产总值|GDP|规上|规模以上|一般公共预算|社会消费品|固定资产投资"
ESTIMATE = re.compile(rf"预计[,:]?(?:到)?(?:{_ESTIMATED})|全年预计")
# …and a paragraph opening with that estimate (预计，全年…。其中，…) estimates in its later sentences.
_ESTIMATE_OPENER = re.compile(rf"[ \t\u3000]*(?:预计[,:]?(?:到)?(?:{_ESTIMATED})|全年预计)")
# 争取 before funds or support (争取中央预算内资金297.2亿元) is "obtained", a report's verb.
_OBTAINED = r"(?!中央|上级|省级|省以上|国家|专项|资金|债券|政策|支持)"
FUTURE_MARKERS = re.compile(  # 到 not after 截/截止 (截至, 截止到 count up to a day gone by)
    rf"力争|争取{_OBTAINED}|确保|到(?<!截到)(?<!截止到)(?:19|20)\d\d|预计|将|目标|19\d\d\s?年(?:底前|前)|20\d\d\s?年(?:底前|前)"
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
    past = PAST_MARKERS.search(before)
    if past is not None:  # 到去年年底已经建设了71.8万个，今年计划建设60万个: the goal follows 今年
        return not _turns_to_now(text, start + past.end(), q.num_start)
    para = _paragraph_start(text, start)
    estimate = _ESTIMATE_OPENER.match(text, para) if para < start and text.find("预计", para, start) >= 0 else None
    if estimate is not None and not _turns_to_now(text, estimate.end(), q.num_start):
        return True
    return _reports_period(text, q, *sentence)


_ACCRUED = frozenset({"累计建成", "累计实现"})


def reports_by_accrual_only(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    """Whether the only sign of a report is 累计建成/累计实现, which goals use as well
    (到2025年底，…具体目标包括：\n5G基站：累计建成1.2万个): `mentions` then lets a due year
    governing from above decide."""
    before = text[sentence[0] : q.num_start]
    found = PAST_MARKERS.findall(before)
    return bool(found) and all(m in _ACCRUED for m in found) and not _reports_period(text, q, *sentence)


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
    r"|截(?:至|止)(?:目前|(?:去年|上年)(?:底|末)?|\d{1,2}月(?:底|末)?)|去年|上年|过去一年)"
)
# What turns a report of last year (去年，…) or of a part of a year to this one: 今年, 明年,
# 下半年, 下一步 (今年上半年, 截至今年6月底, 今年以来 date a report; 比上年 compares).
NOW = re.compile(r"(?<![比较同至止])(?:今年|明年|本年度)(?![上前以\d一])|下半年|下一步")


def _turns_to_now(text: str, lo: int, pos: int) -> bool:
    return NOW.search(text, lo, pos) is not None


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
_GOAL_BOUND = re.compile(rf"以上(?<!规模以上)(?![企项工])|左右|不低于|不少于|力争|争取{_OBTAINED}|确保|目标|预期")


def _ranks(text: str, sentence: tuple[int, int]) -> bool:
    return RANKS.search(text, *sentence) is not None and _GOAL_BOUND.search(text, *sentence) is None


def shows_review(text: str, sentence: tuple[int, int]) -> bool:
    """Whether a sentence's wording reviews (同比, ranks, from → to, results of its opening
    year): it dates its figures by an earlier period that opens it, which nothing else shows
    to be over."""
    return (SAME_PERIOD.search(text, *sentence) is not None or _ranks(text, sentence)
            or _FROM_TO.search(text, *sentence) is not None or _states_results(text, sentence))


# A baseline year in a sentence (比2017年, 较2022年): set against the year before the one
# the sentence opens with, it is a year-on-year figure, as 比上年 is.
_PRIOR_YEAR = re.compile(r"(?:比|较|同)((?:19|20)\d\d)\s?年")
# A figure given to two or more decimals (4464.49亿元, 增长5.16%): a statistic; a plan's goals
# are round (4500亿元, 增长6%).
_STATISTIC = re.compile(r"\d\.\d{2,}\s?(?:%|万|亿|个百分点|元|家|个|吨)")


def _states_results(text: str, sentence: tuple[int, int]) -> bool:
    """Whether a sentence opening with a whole year (2018年，…, 初步核算，2018年，…) gives that
    year's results: set against the year before (较2017年下降0.7%), or as statistics
    (4464.49亿元, 增长5.16%), with no bound or goal word (以上, 左右, 力争, 目标) anywhere in it."""
    lead = _RESULTS_LEAD.match(text, sentence[0])
    opener = _YEAR_REPORT_OPENER.match(text, lead.end() if lead is not None else sentence[0])
    if opener is None or _GOAL_BOUND.search(text, *sentence) is not None:
        return False
    prior = int(opener.group(1)) - 1
    if any(int(y) == prior for y in _PRIOR_YEAR.findall(text, *sentence)):
        return True
    return _STATISTIC.search(text, *sentence) is not None and FUTURE_MARKERS.search(text, *sentence) is None


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
    opener = _PART_REPORT_OPENER.match(text, start) or UP_TO_YEAR.match(text, start)
    if opener is not None:
        return not _turns_to_now(text, opener.end(), q.num_start)  # 去年，…；今年，…增长7%: a goal
    para = _paragraph_start(text, start)
    opener = _PART_REPORT_OPENER.match(text, para) if para < start else None
    if opener is not None and not _turns_to_now(text, opener.end(), q.num_start):
        return True
    if (q.comparator != "=" and not _REPORT_BOUND.search(text, q.start, q.num_start)) or _plans_year(text, start):
        return False
    if _reports_paragraph(text, q, start, end):
        return True
    if _ranks(text, (start, end)):
        return True  # 全年…增长8.2%，居全省第3位 / 其中，…高于全省27个百分点
    if SAME_PERIOD.search(text, start, end) is None and not _states_results(text, (start, end)):
        return False
    return (_REPORT_OPENER.match(text, start) is not None or _YEAR_WITHIN.search(text, start, q.num_start) is not None
            or _PART_WITHIN.search(text, start, q.num_start) is not None  # 全市重点项目1-3月累计完成…，同比增长
            or _gives_statistics(text, (start, end)))  # 全年全省地区生产总值20913.25亿元，比上年增长4.9%


def _gives_statistics(text: str, sentence: tuple[int, int]) -> bool:
    """Figures to two decimals (20913.25亿元) with no bound or goal word: a statistic."""
    return (_STATISTIC.search(text, *sentence) is not None and _GOAL_BOUND.search(text, *sentence) is None
            and FUTURE_MARKERS.search(text, *sentence) is None)


# What may stand before the year that opens a results paragraph (初步核算，2018年，…).
_RESULTS_LEAD = re.compile(r"[ \t\u3000]*(?:据|经)?(?:初步核算|初步测算|统计)[,:]?")


def _reports_paragraph(text: str, q: Quantity, start: int, end: int) -> bool:
    """A later sentence of a paragraph whose first sentence gives the results of a year
    (2023年，全市实现地区生产总值4464.49亿元，增长5.16%。规上工业增加值…): it goes on
    reporting, as long as it names no year and no bound or goal word of its own."""
    para = _paragraph_start(text, start)
    if para >= start:
        return False
    lead = _RESULTS_LEAD.match(text, para)
    opening = lead.end() if lead is not None else para
    first = sentence_bounds(text, opening, SENTENCE_END)
    year = _YEAR_REPORT_OPENER.match(text, opening) if text.find("年", opening, opening + 8) >= 0 else None
    if year is None:  # 全年全省地区生产总值20913.25亿元，比上年增长4.9%。其中，…
        if text.find("比", *first) < 0 or SAME_PERIOD.search(text, *first) is None or not _gives_statistics(text, first):
            return False
    elif _plans_year(text, opening) or not shows_review(text, first):
        return False
    return _YEAR_WITHIN.search(text, start, q.num_start) is None and _GOAL_BOUND.search(text, start, end) is None


# Bound words a report uses too (进出口总额突破9万亿元、增长9.8%，总量连续39年居全国首位): ranks or
# statistics in the sentence then show a result, where 以上/左右/不低于 would still mark a goal.
_REPORT_BOUND = re.compile(r"突破|超过|超|逾")


# A part of a year inside the sentence (全市重点建设项目1-3月项目累计完成投资…，同比增长95.66%).
_PART_WITHIN = re.compile(_YEAR_PART)


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


# 截至去年底，…: a count up to the end of the year before the document's.
_UP_TO_LAST_YEAR = re.compile(r"[ \t\u3000]*截(?:至|止)(?:去年|上年)(?:底|末)")


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
    if _UP_TO_LAST_YEAR.match(text, start) is not None:
        year = annual_year(text)  # 截至去年底，… in a 2025年工作要点 counts up to 2024
        return year - 1 if year is not None else None
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
    r"|近年来|近几年|截(?:至|止)目前|[^,;。]{0,12}以来)[,:]"
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
