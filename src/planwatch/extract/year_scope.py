"""Due years beyond a number's own paragraph.

Two reaches a plan's year has that `mentions.governing_year` alone does not give it:

* **An opening year** — 到2025年，…, 力争到2026年 or 其中提到，到2025年，… opening a goals paragraph governs the
  targets of the paragraphs after it (later sentences, ——/一是/（1） items) until another
  year phrase or a new section: ``到2023年，…显著提升。\\n一是…打造30个5G全连接工厂。``
* **The document's year** — annual documents (年度工作要点, 工作计划, 工作会议 speeches,
  计划执行 reports) date their goals by their own year, from the title, else (when the text
  speaks of 今年/全年/年内) the 文号 year or the issue date; 明年 is the next one, 去年 the
  one before.

Pure functions over the view text; `today` never enters.
"""

from __future__ import annotations

import re

from planwatch.extract.sections import Outline
from planwatch.extract.years import YearIndex, YearPhrase, breaks_between, per_text

_MAX_PARAGRAPHS = 60  # how far back an opening paragraph is looked for
_OPENING_REACH = 16  # what may stand before the year in an opening: (二)发展目标。, 主要目标:
_OPENING_PREFIX_BREAK = re.compile(r"[,;]")
_TOP_LEVEL = 2  # 第X章, 一、, （一）: a new one of these is a new section


def opening_year(
    text: str, years: YearIndex, outline: Outline, pos: int, para_start: int, past_limit: int | None
) -> YearPhrase | None:
    """The year of the nearest paragraph above `para_start` that opens with a due year, when
    no other year phrase and no new section stands between it and `pos`.

    Paragraphs are read upwards, [rfind("\\n", 0, end - 1) + 1, end) each, the first one
    ending at `para_start`, at most `_MAX_PARAGRAPHS` of them. The first one holding a due or
    bare year is the one holding the last such year before `para_start`, and it is the k-th
    one read when k line feeds stand between that year and `para_start - 1`: it is found from
    the year index instead of walking up paragraph by paragraph.
    """
    if para_start <= 0:
        return None
    last = years.last_before(para_start, _OPENING_KINDS)
    if last is None or breaks_between(text, last.start, para_start - 1) >= _MAX_PARAGRAPHS:
        return None
    start = text.rfind("\n", 0, last.start) + 1
    feed = text.find("\n", last.start, para_start - 1)
    end = feed + 1 if feed >= 0 else para_start
    phrases = [p for p in years.between(start, end) if p.kind in _OPENING_KINDS]
    if not _opens(text, start, phrases[0]):
        return None  # another year phrase: what it governs ends there
    usable = [p for p in phrases if p.kind == "due" or past_limit is None or p.year >= past_limit]
    if not usable or not _same_section(outline, start, pos):
        return None
    return usable[-1]


_OPENING_KINDS = ("due", "bare")


# Who says it, before the year of an opening (其中提到，到2025年，… / 《方案》明确，到2025年，…): a
# news item reporting a plan; the year still opens the paragraph.
_SAYS = re.compile(r"^[^,;。]{0,20}?(?:提到|提出|明确|指出|要求|强调|显示|表示|规定)[,:]")


def _opens(text: str, start: int, phrase: YearPhrase) -> bool:
    prefix = text[start : phrase.start].strip()
    if "," in prefix or ":" in prefix:
        prefix = _SAYS.sub("", prefix, count=1)
    return len(prefix) <= _OPENING_REACH and not _OPENING_PREFIX_BREAK.search(prefix)


def _same_section(outline: Outline, start: int, pos: int) -> bool:
    """Whether `pos` is still in the section of the opening paragraph at `start`: inside it
    (its （一）/（1） items included), and for an opening above every heading, no 一、/（一）
    or 第X章 heading started in between."""
    home = outline.at(start)
    if home is None:
        return not any(h.level <= _TOP_LEVEL for h in outline.starting_between(start, pos))
    return any(h.id == home.id for h in outline.chain(pos))


# ---- the document's own year ---------------------------------------------------------

_ANNUAL_TITLE = re.compile(
    r"(?<![-—~至\d])((?:19|20)\d\d)\s?年(?:度)?(?![-—~至\d])[^\n,。]{0,30}?"
    r"(?:工作要点|工作计划|工作总结|工作打算|工作安排|工作方案|工作会议|工作报告|重点工作|计划执行|要点)"
)
# 今年|全年|年内|本年度|明年, written from the 年 they all hold (the rest looked behind or ahead):
# `re` skips from one 年 to the next in C instead of trying the words at every position, 9x
# faster over a plan that names none, as most do. For whole texts only: a look-behind reads
# before the `pos` of a search.
_CALENDAR_TALK = re.compile(r"年(?:(?<=[今全明]年)|内|(?<=本年)度)")
_DOC_NUMBER_YEAR = re.compile(r"[〔\[]((?:19|20)\d\d)[〕\]]")
_FULL_DATE = re.compile(r"((?:19|20)\d\d)\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日")


@per_text
def annual_year(text: str) -> int | None:
    """The year an annual document is for: from its title (2023年工作要点, 2023年上半年工作
    总结), else — when the text speaks of 今年/全年/年内/明年 — its 文号 year or issue date.

    >>> annual_year("区工信局2023年上半年工作总结和下半年工作打算\\n一、…")
    2023
    >>> annual_year("力争全年规上工业增加值增长8%。") is None
    True
    >>> annual_year("滨江市制造业高质量发展三年行动计划(2023—2025年)\\n今年…") is None
    True
    """
    head = text[:300]
    title = _ANNUAL_TITLE.search(head)
    if title:
        return int(title.group(1))
    if _CALENDAR_TALK.search(text) is None:
        return None
    number = _DOC_NUMBER_YEAR.search(text, 0, 600)
    if number:
        return int(number.group(1))
    return document_year(text)


@per_text
def document_year(text: str) -> int | None:
    """The year the document was written, from a full date at its end or its start (kept per
    text: the past-year rules ask it of most numbers)."""
    for chunk in (text[-400:], text[:600]):
        dates = _FULL_DATE.findall(chunk)
        if dates:
            return int(dates[-1])
    return None


@per_text
def issued_year(text: str) -> int | None:
    """The year the document says it is of: its date, else its annual title or 文号 year."""
    year = document_year(text)
    return year if year is not None else annual_year(text)


@per_text
def has_annual_title(text: str) -> bool:
    """Whether the title says the document is for one year (then every goal is of that year)."""
    return _ANNUAL_TITLE.search(text[:300]) is not None


# 今年/全年/年内/本年 → the document's year; 明年 → the next; 去年/上年 → the one before.
_CALENDAR_WORD = re.compile(r"今年|全年|年内|本年度?|明年|去年|上年")
_OFFSET = {"明年": 1, "去年": -1, "上年": -1}


def calendar_year(text: str, lo: int, pos: int) -> int | None:
    """The calendar year a word such as 今年 or 明年 in text[lo:pos] names, in an annual
    document; the last such word before `pos` counts. 比上年 compares, it names no year."""
    year = annual_year(text)
    if year is None:
        return None
    found = [m for m in _CALENDAR_WORD.finditer(text, lo, pos) if m.start() == 0 or text[m.start() - 1] not in "比较同"]
    if not found:
        return None
    return year + _OFFSET.get(found[-1].group(), 0)
