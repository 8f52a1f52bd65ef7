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
from planwatch.extract.noise import is_noise
from planwatch.extract.periods import is_goal_end, opening_period_end, period_is_past
from planwatch.extract.quantities import Quantity, iter_quantities
from planwatch.extract.reports import (
    FUTURE_MARKERS,
    NOW,
    reported_year,
    reports_by_accrual_only,
    reports_done,
    reports_undated,
    reviews_by_verbs,
    shows_review,
    title_year,
)
from planwatch.extract.sections import Heading
from planwatch.extract.year_scope import (
    annual_year,
    calendar_year,
    document_year,
    has_annual_title,
    issued_year,
    opening_year,
)
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

HISTORY_TITLE = re.compile(r"现状|成效|成就|回顾|形势|环境|进展|完成情况|运行情况|工作情况|主要成绩|取得的成绩")
# 基础 names a review part (发展基础, 现实基础, 基础与形势) unless it is another word's head
# (基础设施, 基础研究) or the object of a task (夯实产业基础, 建设融合创新的基础设施).
_BASE_TITLE = re.compile(
    r"基础(?!设施|研究|教育|能力|工业|材料|零部件|元器件|软件|工艺|技术|高级化|再造|网络|平台|建设|保障|支撑|制度|数据)"
)
_TASK_TITLE = re.compile(r"^.{0,2}?(?:建设|夯实|筑牢|打牢|厚植|强化|巩固|提升|完善|加强|加快|构建|打造|推进|推动|实施|优化)")


def reviews_title(title: str) -> bool:
    """Whether a heading names a review part (发展基础, 2023年工作回顾), not a task.

    >>> reviews_title("发展基础"), reviews_title("建设融合创新的基础设施"), reviews_title("夯实产业基础")
    (True, False, False)
    """
    if HISTORY_TITLE.search(title):
        return True
    return "基础" in title and _BASE_TITLE.search(title) is not None and _TASK_TITLE.match(title) is None


# Years that govern what follows as a due date.
DUE = ("due",)


@dataclass(frozen=True, slots=True)
class Mention:
    q: Quantity
    kind: str  # "target" | "observation"
    year: int | None
    baseline_year: int | None
    clause: tuple[int, int]  # view range of the comma clause holding the number


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
    if found and not (found.kind == "bare" and shows_review(text, sentence_bounds(text, found.start, SENTENCE_END))):
        return found  # ●2023年…增长4.8%，居全国首位：a year that opens a report governs no goal below
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
    paragraph that need not end in a colon (到2020年，…建成制造业强市。\n——创新能力…).

    Kept per paragraph: each number of an item asks, and the walk up reads the whole list."""
    known = _lead_ins(text)
    if para_start not in known:
        known[para_start] = _walk_to_lead_in(text, para_start)
    return known[para_start]


@per_text
def _lead_ins(text: str) -> dict[int, tuple[int, int] | None]:
    return {}


def _walk_to_lead_in(text: str, para_start: int) -> tuple[int, int] | None:
    item = _LIST_ITEM.match(text, para_start)
    if not item:
        return None
    dash = item.group().strip() == "——"
    end = para_start - 1
    for _ in range(30):  # walk up over the earlier items of the list
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        if not text[start:end].strip():  # a blank line between the items or above them
            end = start - 1
            continue
        if not _LIST_ITEM.match(text, start, end):
            return (start, end) if dash or text[start:end].rstrip().endswith(":") else None
        end = start - 1
    return None


def _nearest_due(years: YearIndex, lo: int, pos: int, doc_year: int | None) -> YearPhrase | None:
    """Nearest due year before pos; a bare year counts when it is not in the past."""
    for p in reversed(years.between(lo, pos)):
        if p.kind == "due" or (p.kind == "bare" and (doc_year is None or p.year >= doc_year)):
            return p
    return None


_YEAR_OF = re.compile(r"((?:19|20)\d\d)\s?年的$")
_LAST_YEAR = re.compile(r"[ \t\u3000]*(?:截(?:至|止))?(?:去年|上年|过去一年)")


def _past_due(text: str, due: list[YearPhrase], sent: tuple[int, int], pos: int) -> int | None:
    """2024年底，…达84.9% / 截至2024年底，… in a 2025 document: a date before the document's
    year, with no goal word (到, 力争, 预计到) before the number, dates a result; in a document
    of no known year, 截至YYYY年底 does."""
    if not due:
        return None
    last = due[-1]
    if last.start > 0 and text[last.start - 1] in "比较与同从由":
        return None  # 较2020年底增长50%: a baseline
    issued = issued_year(text)
    if FUTURE_MARKERS.search(text, sent[0], pos):
        return None
    if issued is None:  # 全省截至2024年底累计建成…: a count up to a day gone by, as at the start
        return last.year if text[max(0, last.start - 2) : last.start] in ("截至", "截止") else None
    return last.year if last.year < issued else None


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
    past = _past_due(text, due, sent, q.num_start)
    if past is not None:
        return past
    last_year = _LAST_YEAR.match(text, sent[0]) if not due and not bare else None
    if last_year is not None and not NOW.search(text, last_year.end(), q.num_start):
        year_of_doc = annual_year(text) or document_year(text)  # 去年，… in a 2023年工作要点 reports 2022
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
    return any(reviews_title(s.title) for s in place.chain)


def _review_title_year(place: _Place) -> int | None:
    """The one year the innermost review heading names (一、2015年工作回顾 → 2015), dating the
    figures under it that name none."""
    section = next((s for s in reversed(place.chain) if reviews_title(s.title)), None)
    return title_year(section.title) if section is not None else None


def _in_goals(place: _Place) -> bool:
    """Whether a section holding the number sets goals (发展目标, 主要目标)."""
    return any("目标" in s.title for s in place.chain)


def _past_limit(text: str) -> int | None:
    """Years before this are the past: the document's own year, else a few years before
    its first due year (plans are issued some years ahead of their targets)."""
    year = issued_year(text)
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
        history = _history_year(ctx, q, doc_year, place)
        if history is not None:
            out.append(Mention(q, "observation", history, None, clause))
            continue
        in_history = _in_history(place)
        done = not in_history and reports_done(text, q, place.sentence)
        if done and reports_by_accrual_only(text, q, place.sentence):
            due = governing_year(ctx, q, doc_year, place)  # 具体目标包括：\n5G基站：累计建成1.2万个
            if due is not None and (doc_year is None or due.year >= doc_year):
                out.append(Mention(q, "target", due.year, _baseline_of(text, clause, q, place), clause))
                continue
        if in_history or done:
            reported = reported_year(text, q, place.sentence)  # 2021年，…实现…，同比增长18.2%
            if reported is None and not FUTURE_MARKERS.search(text, place.sentence[0], q.num_start):
                reported = _review_title_year(place)  # 一、2015年工作回顾
            if reported is not None or reports_undated(text, q, place.sentence):
                out.append(Mention(q, "observation", reported, None, clause))
            continue
        due = governing_year(ctx, q, doc_year, place)
        if due is None and not _in_goals(place) and reviews_by_verbs(text, q, place.sentence):
            continue
        out.append(Mention(q, "target", due.year if due else None, _baseline_of(text, clause, q, place), clause))
    return _pair_years(text, out)


def _baseline_of(text: str, clause: tuple[int, int], q: Quantity, place: _Place) -> int | None:
    """The baseline year of a target (比2020年下降18%, 与2020年相比，…): read for targets only."""
    return _baseline(text, clause[0], q.num_start) or _sentence_baseline(text, q.num_start, place)


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
    if text.find("相比", start, pos) < 0 and text.find("为基", start, pos) < 0:
        return None  # what every such phrase holds: most sentences need no search
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
_FLOW_START = re.compile(f"[{''.join(sorted({w[0] for w in U.FLOW_WORDS}))}]")


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
    if _FLOW_START.search(left) is None:
        return None  # no first character of a flow word (新, 净): most clauses hold none
    for w in U.FLOW_WORDS:
        i = left.rfind(w)
        if i >= 0 and not _TO_HEAD.match(left[i + len(w) :]) and not _names_works(w, left[i + len(w) :]):
            return "increase"
    return None


def _names_works(word: str, between: str) -> bool:
    """新建治中路、黄师路等9条主次干道: names listed between the verb and the number."""
    return word in U.FLOW_WORDS_UNLESS_LISTED and _NAMES_LISTED.search(between) is not None


_NAMES_LISTED = re.compile(r"、[^,;。、]{1,12}等")
