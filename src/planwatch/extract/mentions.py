"""Quantity mentions in their sentence: what kind of statement each one is.

`classify_mentions` walks every `Quantity` of the view and sorts it into a goal
(`target`), a stated past value (`observation`) or nothing (a name, a qualifier, a table
cell, a title). Targets and observations are then built from the same `Mention` record,
so the two finders never disagree about which number is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from planwatch.extract.context import Context
from planwatch.extract.not_targets import states_no_goal
from planwatch.extract.periods import is_goal_end, opening_period_end, period_is_past
from planwatch.extract.quantities import Quantity, iter_quantities, names_a_thing
from planwatch.extract.reports import (
    FUTURE_MARKERS,
    reported_year,
    reports_done,
    reports_undated,
    reviews_by_verbs,
    shows_review,
    title_year,
)
from planwatch.extract.sections import Heading
from planwatch.extract.year_scope import annual_year, calendar_year, has_annual_title, opening_year
from planwatch.extract.years import (
    CLAUSE_END,
    PARAGRAPH_END,
    SENTENCE_END,
    YearIndex,
    YearPhrase,
    per_text,
    sentence_bounds,
)
from planwatch.lexicon import units as U

# A number-with-unit that only qualifies a noun: 500亿元级, 10亿元企业, 超50亿元的企业.
QUALIFIER_AFTER = re.compile(
    r"的?(?:重大|产业|工业|招商|制造业)?(?:企业|公司|龙头|骨干|大项目|项目|级|产业集群|集群|工程|以上企业|规模企业)"
)
# Capacity of a project (年产10万吨…项目) describes the project, it is not a goal.
CAPACITY_BEFORE = ("年产", "年产能", "年处理", "年加工", "年生产", "产能")
FROM_BEFORE = re.compile(r"(?:由|从)(?:目前|现在|现有|当前)?(?:的)?$")  # 由2005年的34.3% is an observation
# An amount that describes a project or company: 总投资120亿元的…项目, 超20亿元的…供应商.
DESCRIBED_BEFORE = re.compile(r"(?:超过|超|过|投资|总投资|计划投资|收入|营收|产值|销售额?)$")
# A count just before an amount with 的 (打造4个收入规模超千亿元的产业): the amount sizes each item.
COUNTED_BEFORE = re.compile(r"(?:\d+|[两三四五六七八九十]+)(?:个|家|大|批)[^,;。、\d]{0,8}$")
# Money handed out (若干政策: 给予100万元奖励, 按10%给予补助, 最高不超过500万元) is no goal.
INCENTIVE = re.compile(r"给予|奖励|补助|补贴|奖补|资助|贴息|一次性")
# Counts of the plan's own actors and measures (12个部门, 13条举措, 聚焦8条产业链).
OWN_PARTS = re.compile(r"^[^,;。]{0,6}(?:部门|单位|举措|措施|政策|产业链|链条)")
HISTORY_TITLE = re.compile(r"基础|现状|成效|成就|回顾|形势|环境|进展|完成情况|运行情况|工作情况|主要成绩|取得的成绩")
# Years that govern what follows as a due date.
DUE = ("due",)
_DOC_DATE = re.compile(r"((?:19|20)\d\d)\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日")


@dataclass(frozen=True, slots=True)
class Mention:
    q: Quantity
    kind: str  # "target" | "observation"
    year: int | None
    baseline_year: int | None
    clause: tuple[int, int]  # view range of the comma clause holding the number


def document_year(text: str) -> int | None:
    """The year the document was written, from a full date at its end or its start."""
    for chunk in (text[-400:], text[:600]):
        dates = _DOC_DATE.findall(chunk)
        if dates:
            return int(dates[-1])
    return None


def _inside(text: str, pos: int, opener: str, closer: str, reach: int = 200) -> bool:
    """Whether the last `opener` within `reach` before pos is not closed before pos."""
    lo = max(0, pos - reach)
    i = text.rfind(opener, lo, pos)
    return i >= 0 and text.find(closer, i, pos) < 0


def _in_table_line(text: str, q: Quantity) -> bool:
    """Whether the line of the number (read at most 2000 characters either way) holds a tab.

    Searched in place rather than cut out. Near the top (lo == 0) the search back starts at
    -1, which str.rfind reads as the last character: nothing is found and the line is taken
    from the start of the text; this keeps that reading.
    """
    lo = max(0, q.num_start - 2000)
    start = text.rfind("\n", lo - 1, q.num_start) + 1 or lo
    end = text.find("\n", q.num_start, q.unit_end + 2000)
    return text.find("\t", start, q.unit_end + 2000 if end < 0 else end) >= 0


def is_noise(text: str, q: Quantity) -> bool:
    """Mentions that are never goals or past values: tables, titles, names, qualifiers.

    Each test alone makes a mention noise, so their order is free: the cheap test that
    rejects most Chinese numerals (names such as 三大, 一个) comes first."""
    if q.chinese and not _plausible_chinese(text, q):
        return True
    if _in_table_line(text, q) or _inside(text, q.num_start, "《", "》"):
        return True
    before = text[max(0, q.num_start - 4) : q.num_start]
    after = text[q.unit_end : q.unit_end + 6]
    after_bound = text[q.end : q.end + 6]
    if before.endswith(("+", "第", "前", "“", '"', "号")) or after.startswith(("+", "”", '"')):
        return True
    if _capacity_word(text, q, before) or FROM_BEFORE.search(text[max(0, q.num_start - 12) : q.num_start]):
        return True
    if _qualifies(text, q, after, after_bound) or _incentive(text, q) or OWN_PARTS.match(after_bound):
        return True
    if _is_capacity(text, q) or _counts_listed_items(text, q) or _counts_scope(text, q):
        return True
    return states_no_goal(text, q)


def _capacity_word(text: str, q: Quantity, before: str) -> bool:
    """年产10万吨, 产能50万吨: a capacity; but 占全国产能40%以上 is a share of one."""
    return before.endswith(CAPACITY_BEFORE) and "占" not in text[max(0, q.num_start - 10) : q.num_start]


_PHYSICAL = ("吨", "台", "辆", "千瓦", "瓦", "平方米", "米", "件", "套", "标准煤")


def _is_capacity(text: str, q: Quantity) -> bool:
    """五万吨镁基轻合金新材料项目: a physical amount naming a project describes it."""
    if not q.unit.endswith(_PHYSICAL):
        return False
    tail = _CLAUSE_MARK.split(text[q.end : q.end + 24], maxsplit=1)[0]
    return "项目" in tail


_DIGIT = re.compile(r"\d")
_MAGNITUDE_CHAR = re.compile(r"[十百千万亿]")


def _counts_listed_items(text: str, q: Quantity) -> bool:
    """合肥、芜湖、宣城3个新材料产业集聚区: the number counts the names just listed."""
    n = int(q.value)
    if n < 2 or n != q.value or q.value_max is not None:
        return False
    lo = max(0, q.start - 120)
    clause_start = max(max(text.rfind(ch, lo, q.start) for ch in ",;。:\n("), lo - 1) + 1
    items = text[clause_start : q.start].split("、")
    if _HEAD_AFTER_ETC.search(items[-1]):
        return False  # 原材料、消费品、装备等万亿级产业3个: the goal's count follows its head noun
    listed = items[-n:]
    return len(items) >= n and all(0 < len(i.strip()) <= 12 and not _DIGIT.search(i) for i in listed[1:])


_HEAD_AFTER_ETC = re.compile(r"等[\u4e00-\u9fff]{2,}$")
_CLAUSE_MARK = re.compile(r"[,;。、:!?\n]")
_CLAUSE_END_MARK = re.compile(r"[,;。:!?\n]")
_SCOPE = re.compile(r"(?:领域|方面|方向|主导产业|首位产业|特色产业)$")


def _counts_scope(text: str, q: Quantity) -> bool:
    """重点突破12个高端制造业领域, 选准1~2个主导产业: the number sizes the plan's scope or
    a choice each county makes; it is not a goal to be reached."""
    if q.unit not in {"个", "大", "项"}:
        return False
    tail = _CLAUSE_END_MARK.split(text[q.end : q.end + 16], maxsplit=1)[0]
    return bool(_SCOPE.search(tail))


def _qualifies(text: str, q: Quantity, after: str, after_bound: str) -> bool:
    """An amount qualifying a noun (10亿元企业, 500亿元级, 超50亿元的企业). Counts are what
    is counted (80家企业), never qualifiers."""
    if q.unit in U.COUNT_UNITS:
        return False
    if QUALIFIER_AFTER.match(after) or QUALIFIER_AFTER.match(after_bound):
        return True
    if not after_bound.startswith("的") or after_bound.startswith(("的目标", "的任务", "的水平")):
        return False  # 实现产值突破1000亿元的目标: the amount is the goal
    return bool(DESCRIBED_BEFORE.search(text[max(0, q.start - 4) : q.start])
                or COUNTED_BEFORE.search(text[max(0, q.start - 14) : q.start]))


_GRANT_PART = re.compile(r"最高|(?:每年|每家|每个|每项|单个|单项|累计|分年|分期)(?:最高)?$")


def _incentive(text: str, q: Quantity) -> bool:
    """The amount given in its own clause (给予100万元奖励, 按10%给予补助), or the cap of a
    grant (…，最高不超过500万元). A fund set up (设立2亿元资金，…给予奖补) stays a target."""
    start, end = sentence_bounds(text, q.num_start, CLAUSE_END)
    if INCENTIVE.search(text, start, end):
        return True
    # The cap or the instalment of a grant named in the sentence (…，最高不超过500万元;
    # 奖励600万元/家，每年200万元): the clause holds nothing but that amount.
    if not _GRANT_PART.match(text[start : q.start].strip()):
        return False
    sentence = sentence_bounds(text, q.num_start, SENTENCE_END)
    return bool(INCENTIVE.search(text, *sentence))


def _plausible_chinese(text: str, q: Quantity) -> bool:
    """Chinese numerals are mostly names (五个一百, 三个强省); accept only clear amounts."""
    number = text[q.num_start : q.unit_end]
    if names_a_thing(q.value, q.unit):
        return False
    return bool(_MAGNITUDE_CHAR.search(number)) or q.start < q.num_start


@per_text
def _years(text: str) -> YearIndex:
    return YearIndex(text)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a number stands: its sentence and the sections holding it (outermost first).

    Found once per number, since most rules below ask for them."""

    sentence: tuple[int, int]
    chain: list[Heading]

    @classmethod
    def of(cls, ctx: Context, q: Quantity) -> _Place:
        return cls(sentence_bounds(ctx.view.text, q.num_start, SENTENCE_END), ctx.outline.chain(q.num_start))


def governing_year(ctx: Context, q: Quantity, doc_year: int | None, place: _Place | None = None) -> YearPhrase | None:
    """The due year of a goal: sentence, paragraph, a later 到YYYY年 in the paragraph, heading."""
    text = ctx.view.text
    place = place or _Place.of(ctx, q)
    years = _years(text)
    sent = place.sentence
    para = sentence_bounds(text, q.num_start, PARAGRAPH_END)
    found = _nearest_due(years, sent[0], q.num_start, doc_year)
    if found:
        return found
    calendar = calendar_year(text, sent[0], q.num_start)  # 今年/明年 in an annual document
    if calendar is not None:
        return YearPhrase(q.num_start, q.num_start, calendar, "due")
    found = _nearest_due(years, para[0], q.num_start, doc_year)
    if found:
        return found
    later = years.first_after(q.unit_end, para[1], DUE)
    if later:
        return later
    lead = _lead_in(text, para[0])
    if lead is not None:
        found = years.nearest_before(lead[0], lead[1], DUE)
        if found:
            return found
    found = opening_year(text, years, ctx.outline, q.num_start, para[0], doc_year)
    if found:
        return found
    for section in reversed(place.chain):
        if section.marker.startswith("专栏") or "目标" in section.title:
            found = years.nearest_before(section.span.start, q.num_start, DUE)
        else:
            found = years.nearest_before(section.span.start, section.span.end, DUE)
        if found:
            return found
    if has_annual_title(text):  # 2023年工作要点: every goal is of that year
        year = annual_year(text)
        return YearPhrase(q.num_start, q.num_start, year, "due") if year is not None else None
    return None


_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.、)]|\(\d{1,2}\)|[①-⑳]|[一二三四五六七八九十]+是|——|-)")


def _lead_in(text: str, para_start: int) -> tuple[int, int] | None:
    """The line that introduces a list (到2025年，主要目标如下：) above the list item at
    `para_start`, if the item is one. Goals set out as ——bullets follow an overview
    paragraph that need not end in a colon (到2020年，…建成制造业强市。\n——创新能力…)."""
    item = _LIST_ITEM.match(text, para_start)
    if not item:
        return None
    dash = item.group().strip() == "——"
    end = para_start - 1
    for _ in range(30):  # walk up over the earlier items of the list
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not _LIST_ITEM.match(line):
            return (start, end) if dash or line.rstrip().endswith(":") else None
        end = start - 1
    return None


def _nearest_due(years: YearIndex, lo: int, pos: int, doc_year: int | None) -> YearPhrase | None:
    """Nearest due year before pos; a bare year counts when it is not in the past."""
    for p in reversed(years.between(lo, pos)):
        if p.kind == "due" or (p.kind == "bare" and (doc_year is None or p.year >= doc_year)):
            return p
    return None


_YEAR_OF = re.compile(r"((?:19|20)\d\d)\s?年的$")
_LAST_YEAR = re.compile(r"[ \t\u3000]*(?:去年|上年|过去一年)")


def _history_year(ctx: Context, q: Quantity, doc_year: int | None, place: _Place) -> int | None:
    """The year of a stated past value, or None if the mention is not about the past."""
    text = ctx.view.text
    sent = place.sentence
    own = text[max(sent[0], q.num_start - 8) : q.num_start]
    m = _YEAR_OF.search(own)
    if m and q.unit != "倍":
        if is_goal_end(text, q.num_start - len(own) + m.start(), int(m.group(1)), sent[0], issued=document_year(text)):
            return None  # 将由2020年的2.5万亿元增长至2025年的3.7万亿元: the "to" value is the goal
        return int(m.group(1))  # 由2005年的34.3%
    in_sentence = _years(text).between(sent[0], q.num_start)
    bare = [p for p in in_sentence if p.kind == "bare"]
    due = [p for p in in_sentence if p.kind == "due"]
    reviewed = _reviewed_period(text, q, place, in_sentence)
    if reviewed is not None and not due:
        return bare[-1].year if bare else reviewed
    if not due and not bare and _LAST_YEAR.match(text, sent[0]):
        year_of_doc = annual_year(text)  # 去年，… in a 2023年工作要点 reports 2022
        return year_of_doc - 1 if year_of_doc is not None else None
    if due or not bare:
        return None
    year = bare[0].year
    in_history = _in_history(place)
    if in_history or (doc_year is not None and year < doc_year):
        return year
    # 2022年，…为1860亿元。到2025年，…: a year before the goal's is the past — except in a
    # goals section, where 2023年完成…；到2025年… sets staged goals.
    if document_year(text) is None and not any("目标" in s.title for s in place.chain):
        para = sentence_bounds(text, q.num_start, PARAGRAPH_END)
        later = _years(text).first_after(q.unit_end, para[1], DUE)
        if later is not None and year < later.year:
            return year
    return None


def _reviewed_period(text: str, q: Quantity, place: _Place, in_sentence: list[YearPhrase]) -> int | None:
    """The last year of the earlier period the sentence reviews (`periods`), or None: never in a
    goals section, after a goal word, or for the plan's own period."""
    sent = place.sentence
    end = opening_period_end(text, sent[0], q.num_start, in_sentence)
    if end is None or _in_goals(place) or FUTURE_MARKERS.search(text, sent[0], q.num_start):
        return None
    due = [p.year for p in _years(text).phrases if p.kind == "due"]
    bare = [p.year for p in _years(text).between(*sent) if p.kind == "bare"]
    past = period_is_past(text, end, sent, due=due, bare=bare, issued=document_year(text))
    return end if past or shows_review(text, sent) else None


def _in_history(place: _Place) -> bool:
    """Whether a section holding the number reviews the past (发展基础, 现状…)."""
    return any(HISTORY_TITLE.search(s.title) for s in place.chain)


def _review_title_year(place: _Place) -> int | None:
    """The one year the innermost review heading names (一、2015年工作回顾 → 2015), dating the
    figures under it that name none."""
    section = next((s for s in reversed(place.chain) if HISTORY_TITLE.search(s.title)), None)
    return title_year(section.title) if section is not None else None


def _in_goals(place: _Place) -> bool:
    """Whether a section holding the number sets goals (发展目标, 主要目标)."""
    return any("目标" in s.title for s in place.chain)


def _past_limit(text: str) -> int | None:
    """Years before this are the past: the document's own year, else a few years before
    its first due year (plans are issued some years ahead of their targets)."""
    year = document_year(text)
    if year is not None:
        return year
    due_years = [p.year for p in _years(text).phrases if p.kind == "due"]
    return min(due_years) - 3 if due_years else None


_last: list[tuple[Context, list[Mention]]] = []


def classify_mentions(ctx: Context) -> list[Mention]:
    """Every goal and past value in the document, in text order (memoised for the last
    context, since targets and observations both ask)."""
    if _last and _last[0][0] is ctx:
        return _last[0][1]
    found = _classify(ctx)
    _last[:] = [(ctx, found)]
    return found


def _classify(ctx: Context) -> list[Mention]:
    text = ctx.view.text
    doc_year = _past_limit(text)
    out: list[Mention] = []
    for q in iter_quantities(text, names=False):  # names are noise (is_noise): not even read
        if is_noise(text, q):
            continue
        clause = sentence_bounds(text, q.num_start, CLAUSE_END)
        place = _Place.of(ctx, q)
        baseline = _baseline(text, clause[0], q.num_start) or _sentence_baseline(text, q.num_start, place)
        history = _history_year(ctx, q, doc_year, place)
        if history is not None:
            out.append(Mention(q, "observation", history, None, clause))
            continue
        if _in_history(place) or reports_done(text, q, place.sentence):
            reported = reported_year(text, q, place.sentence)  # 2021年，…实现…，同比增长18.2%
            if reported is None and not FUTURE_MARKERS.search(text, place.sentence[0], q.num_start):
                reported = _review_title_year(place)  # 一、2015年工作回顾
            if reported is not None or reports_undated(text, q, place.sentence):
                out.append(Mention(q, "observation", reported, None, clause))
            continue
        due = governing_year(ctx, q, doc_year, place)
        if due is None and not _in_goals(place) and reviews_by_verbs(text, q, place.sentence):
            continue
        out.append(Mention(q, "target", due.year if due else None, baseline, clause))
    return _pair_years(text, out)


_YEAR_PAIR = re.compile(r"(?:到|至)?((?:19|20)\d\d)\s?年(?:和|、|及|与)((?:19|20)\d\d)\s?年")


def _pair_years(text: str, mentions: list[Mention]) -> list[Mention]:
    """到2025年和2030年，…分别达到12%和15%: the n-th value of the 分别 list is due in the n-th year."""
    if "分别" not in text:
        return mentions
    out = list(mentions)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, m in enumerate(out):
        if m.kind == "target":
            by_sentence.setdefault(sentence_bounds(text, m.q.num_start, SENTENCE_END), []).append(i)
    for (start, _end), indexes in by_sentence.items():
        first = out[indexes[0]].q.num_start
        pair = _YEAR_PAIR.search(text, start, first)
        if pair is None or "分别" not in text[pair.end() : first]:
            continue
        years = [int(pair.group(1)), int(pair.group(2))]
        if len(indexes) == len(years):
            for i, year in zip(indexes, years, strict=True):
                out[i] = replace(out[i], year=year)
    return out


_SENTENCE_BASELINE = re.compile(r"(?:与|较|同)((?:19|20)\d\d)\s?年(?:末|底)?相比|以((?:19|20)\d\d)\s?年为(?:基数|基期|基准)")


def _sentence_baseline(text: str, pos: int, place: _Place) -> int | None:
    """与2020年相比，… / 以2020年为基数，… governs the whole sentence."""
    start = place.sentence[0]
    found = _SENTENCE_BASELINE.findall(text[start:pos])
    return int(next(y for y in found[-1] if y)) if found else None


_BASELINE = re.compile(r"(?:比|较|相比|与)((?:19|20)\d\d)\s?年")


def _baseline(text: str, lo: int, pos: int) -> int | None:
    found = _BASELINE.findall(text[lo:pos])
    return int(found[-1]) if found else None


_CHANGE_NOUN_AFTER = re.compile(r"^(?:以上|左右)?的?(?:增速|增长|增幅)")


_LEVEL_WORDS_TAIL = re.compile(r"(?:了|达到|达|约|超过|为|到|至|保持在|稳定在|保持|不低于|高于|\s)*$")
_TO_TAIL = re.compile(r"(?:到|至)\s*$")
_HOLD_TAIL = re.compile(r"(?:保持在|稳定在|达到|达)\s*$")
_TO_HEAD = re.compile(r"\s*(?:到|至)")


def change_of(text: str, clause: tuple[int, int], q: Quantity) -> str | None:
    """'increase'/'decrease' when the number is a change or a flow of new items."""
    if text.startswith("翻", q.num_start):
        return "increase"  # 翻一番: an increase of 1 倍 on the baseline
    left = text[clause[0] : q.start]
    head = _LEVEL_WORDS_TAIL.sub("", left)
    level = _TO_TAIL.search(left) and not _HOLD_TAIL.search(left)
    if head.endswith(U.DECREASE_WORDS) and not level:
        return "decrease"
    if head.endswith(U.INCREASE_WORDS) and not level:
        return "increase"
    if _CHANGE_NOUN_AFTER.match(text[q.unit_end : q.unit_end + 8]):
        return "increase"  # 保持年均8%以上的增速
    for w in U.FLOW_WORDS:
        i = left.rfind(w)
        if i >= 0 and not _TO_HEAD.match(left[i + len(w) :]) and not _names_works(w, left[i + len(w) :]):
            return "increase"
    return None


def _names_works(word: str, between: str) -> bool:
    """新建治中路、黄师路等9条主次干道: names listed between the verb and the number."""
    return word in U.FLOW_WORDS_UNLESS_LISTED and _NAMES_LISTED.search(between) is not None


_NAMES_LISTED = re.compile(r"、[^,;。、]{1,12}等")
