"""Finder for tasks: work items that name who leads them and who supports.

Plans say who is responsible in three layouts, and each is a rule:

* a note closing the item: （责任单位：市发改委、市招商投资促进中心）,
  （牵头单位：市发改委，配合单位：市科技局…）, 〔牵头部门：…；参加部门：…〕, or labelled
  lines under it (牵头单位：区发改局 / 责任单位：…), or unlabelled (市经信委牵头，市科技局配合);
* a division-of-labour table (重点任务分工方案), read by `task_tables`;
* prose: 市发展改革委牵头会同相关部门…, 由市经信委牵头、市发改委配合.

A task's quote is the item's title (the numbered item up to its first 。, or the heading the
note closes), because that is what a planner calls the task. A prose clause that only says
who is responsible (由X牵头,Y配合) takes the title of the sentence or item it sits in.
How units are split and which role a label gives is `responsibility`'s job.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.extract.context import Context
from planwatch.extract.responsibility import (
    Units,
    as_written,
    bare_units,
    ends_with,
    first_sentence,
    labelled,
    looks_like_unit,
    parse_note,
    split_units,
)
from planwatch.extract.sections import Heading
from planwatch.extract.task_tables import table_rows
from planwatch.extract.text import line_runs_with, lines_with
from planwatch.lexicon.departments import GENERIC_UNITS, ROLE_LABELS, SUPPORT_VERBS
from planwatch.model import Task

_LABELS = "|".join(sorted((w for w, _ in ROLE_LABELS), key=len, reverse=True))
_OPEN_CLOSE = {"(": ")", "〔": "〕", "[": "]", "【": "】"}
# Labelled lines (or sentences after 。) that carry a note without brackets.
_LABEL_LINE = re.compile(rf"(?:^|(?<=。))[ \t]*(?:{_LABELS})\s*:[^\n。]*", re.M)
# Markers that open a list item: 1. (1) （一） 一、 ① 一是 第一，
# Markdown emphasis (**1.培育平台。**) around the marker is stripped with it.
_ITEM_MARKER = re.compile(
    r"[ \t*]*(?:第[一二三四五六七八九十]+[章节条]?[,、]?|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|"
    r"\d{1,2}[.、](?!\d)|\(\d{1,2}\)|[①-⑳]|[一二三四五六七八九十]是)[\s*]*"
)
_MAX_NOTE = 600


@dataclass(frozen=True)
class Note:
    """A responsibility note found in the view: where it is and the units it names."""

    start: int
    end: int
    lead: Units
    support: Units


def find_tasks(ctx: Context) -> list[Task]:
    """All tasks, in document order: tables, closing notes, then prose 牵头 clauses."""
    rows, table_spans = table_rows(ctx.view.text)
    tasks = [_task(ctx, r.title, *(as_written(ctx, *r.row, u) for u in (r.lead, r.support))) for r in rows]
    in_table = Covered(table_spans)
    notes = [n for n in _notes(ctx.view.text) if not in_table.holds(n.start)]
    index = _NoteIndex(notes)
    for note in notes:
        title = _title_of(ctx, note, index)
        if title:
            lead, support = (as_written(ctx, note.start, note.end, u) for u in (note.lead, note.support))
            tasks.append(_task(ctx, title, lead, support))
    covered = Covered(table_spans + [(n.start, n.end) for n in notes])
    tasks.extend(t for pos, t in _prose_tasks(ctx) if not covered.holds(pos))
    tasks.extend(t for pos, t in _with_tasks(ctx) if not covered.holds(pos))
    return sorted(tasks, key=lambda t: t.span.start if t.span else 0)


def _task(ctx: Context, title: tuple[int, int], lead: Units, support: Units) -> Task:
    fields = ctx.sourced(*title)
    return Task(**fields, title=fields["quote"], lead=lead, support=support)


class Covered:
    """The union of half-open spans, for `pos in any span` look-ups in O(log n).

    Testing every prose clause against every note, one by one, was quadratic on long texts.
    The spans may overlap, so they are merged first: a position lies in some span exactly
    when it lies in their union.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(s for s in spans if s[0] < s[1]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _b in merged]
        self._ends = [b for _a, b in merged]

    def holds(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


def _any_between(sorted_positions: list[int], lo: int, hi: int) -> bool:
    """Whether some position p of the sorted list has lo <= p < hi."""
    i = bisect_left(sorted_positions, lo)
    return i < len(sorted_positions) and sorted_positions[i] < hi


# ---- notes --------------------------------------------------------------------


def _notes(text: str) -> Iterator[Note]:
    """Bracketed notes, then runs of labelled lines not inside a bracketed note."""
    spans: list[tuple[int, int]] = []
    for start, end in _bracketed(text):
        parsed = parse_note(text[start + 1 : end - 1]) or _bare_note(text, start, end)
        if parsed:
            spans.append((start, end))
            yield Note(start, end, *parsed)
    bracketed = Covered(spans)
    for start, end in _label_runs(text):
        if bracketed.holds(start):
            continue
        parsed = labelled(re.sub(r"[。\n]+", ";", text[start:end]).strip(" \t;"))
        if parsed:
            yield Note(start, end, *parsed)


# A bare unit list closes an item when it follows a sentence end (…制度。（市发改委）) and ends
# its line or sentence; elsewhere a bracketed unit is an alias (区商务局（区药发中心）、…).
_BARE_BEFORE = re.compile(r"[。;!?][ \t]*$")
_BARE_AFTER = re.compile(r"[ \t]*(?:[。;\n]|$)")


def _bare_note(text: str, start: int, end: int) -> tuple[Units, Units] | None:
    if not _BARE_AFTER.match(text, end) or not _BARE_BEFORE.search(text, max(0, start - 4), start):
        return None
    units = bare_units(text[start + 1 : end - 1])
    return (units, ()) if units else None


_OPENERS = re.compile("[" + re.escape("".join(_OPEN_CLOSE)) + "]")
_PAIRS = {o: re.compile(re.escape(o) + "|" + re.escape(c)) for o, c in _OPEN_CLOSE.items()}


def _bracketed(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each outermost bracket pair whose content is short enough for a note.

    Jumps from bracket to bracket with regexes instead of walking every character."""
    pos = 0
    while True:
        m = _OPENERS.search(text, pos)
        if m is None:
            return
        i, opener = m.start(), m.group()
        pair = _PAIRS[opener]
        depth = 0
        for inner in pair.finditer(text, i, min(len(text), i + _MAX_NOTE + 1)):
            depth += 1 if inner.group() == opener else -1
            if depth == 0:
                yield i, inner.end()
                pos = inner.end()
                break
        else:
            pos = i + 1


# Every labelled segment holds a label and its colon. Tried at every position of the text,
# _LABEL_LINE (which opens with ^ or a look-behind) is slow; the lines around each label
# with a colon hold all its matches, since a segment starts on the line of its label and
# ends at the first line break after its colon (see `line_runs_with`).
_LABEL_COLON = re.compile(rf"(?:{_LABELS})\s*:")


def _label_lines(text: str) -> Iterator[re.Match[str]]:
    """What `_LABEL_LINE.finditer(text)` finds, read on the lines that hold a label only."""
    for start, end in line_runs_with(text, _LABEL_COLON):
        yield from _LABEL_LINE.finditer(text, start, end)


def _label_runs(text: str) -> Iterator[tuple[int, int]]:
    """Adjacent labelled segments (牵头单位：… / 责任单位：…) grouped into one note."""
    run: tuple[int, int] | None = None
    for m in _label_lines(text):
        if run and not text[run[1] : m.start()].strip(" \t\n。"):
            run = (run[0], m.end())
            continue
        if run:
            yield run
        run = (m.start() + len(m.group()) - len(m.group().lstrip(" \t")), m.end())
    if run:
        yield run


# ---- titles -------------------------------------------------------------------


def _title_of(ctx: Context, note: Note, notes: _NoteIndex) -> tuple[int, int] | None:
    """View range of the title of the item a note closes.

    Several notes may close the sentences of one item (…（合肥海关负责）。…（省商务厅牵头，…配合））:
    each covers the text since the note before it on its line, and is titled by its first
    sentence. A heading names the task only when the note closes the paragraph right under
    an item heading; a 专栏 or chapter heading never does.
    """
    text = ctx.view.text
    line_start = text.rfind("\n", 0, note.start) + 1
    if (before := notes.ends_between(line_start, note.start)) is not None:
        return first_sentence(text, _after_note(text, before, note.start), note.start)
    head = text[line_start : note.start]
    if head.strip():
        marker = _ITEM_MARKER.match(head)
        if marker and marker.end() < len(head):
            return first_sentence(text, line_start + marker.end(), note.start)
        section = _owning_section(ctx, note.start, notes.starts)
        if section and _names_item(section) and not text[section.span.end : line_start].strip():
            return _section_title(ctx, section)
        return first_sentence(text, line_start, note.start)
    section = _owning_section(ctx, note.start, notes.starts)
    if section and _names_item(section):
        return _section_title(ctx, section)
    prev = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    return first_sentence(text, prev, line_start - 1) if line_start > 0 else None


_CHAPTER_LEVEL, _BOX_LEVEL = 0, 5


def _names_item(section: Heading) -> bool:
    """Whether a heading can title the task under it: an item heading, not 专栏 or 第X章."""
    return section.level not in (_CHAPTER_LEVEL, _BOX_LEVEL)


def _after_note(text: str, pos: int, limit: int) -> int:
    """Where the sentences after a note start: past the 。/，/； that closed it."""
    while pos < limit and text[pos] in "。.,;、 \t*":
        pos += 1
    return pos


class _NoteIndex:
    """Sorted note starts and ends, for the look-ups titles make for every note."""

    def __init__(self, notes: list[Note]) -> None:
        self.starts = sorted(n.start for n in notes)
        self._ends = sorted(n.end for n in notes)

    def ends_between(self, lo: int, hi: int) -> int | None:
        """The last note end e with lo < e <= hi, if any."""
        i = bisect_right(self._ends, hi) - 1
        return self._ends[i] if i >= 0 and self._ends[i] > lo else None


def _section_title(ctx: Context, section: Heading) -> tuple[int, int] | None:
    at = ctx.view.text.find(section.title, section.span.start, section.span.end)
    return (at, at + len(section.title)) if at >= 0 else None


def _owning_section(ctx: Context, pos: int, note_starts: list[int]) -> Heading | None:
    """The section a note closes: the innermost one, unless the note ends a run of note-less
    sibling items (1)…(4) — then it belongs to their parent. `note_starts` is sorted."""
    chain = ctx.outline.chain(pos)
    if not chain:
        return None
    inner = chain[-1]
    if _any_between(note_starts, inner.span.end, pos):
        return None  # an earlier note in this section's body already took its title
    parent = chain[-2] if len(chain) > 1 else None
    if parent is None or inner.span.start <= pos < inner.span.end:
        return inner
    between = ctx.outline.starting_between(parent.span.start, inner.span.start)
    first = next((s for s in between if s.level == inner.level), None)
    if first is not None and not _any_between(note_starts, first.span.start, inner.span.start):
        return parent
    return inner


# ---- prose --------------------------------------------------------------------

_UNIT = r"[^\s,;。:()、“”]{2,24}?"
_PROSE = re.compile(
    rf"(?:^|(?<=[,;。:\n]))[ \t]*(?P<by>由)?(?P<lead>{_UNIT}(?:、{_UNIT})*)牵头(?:负责)?(?![的单部领])"
    r"(?P<rest>[^,;。\n]*)(?:,(?P<next>[^,;。\n]*))?",
    re.M,
)
_LEADS = re.compile("牵头")
_WITH = re.compile(r"^,?(?:会同|联合|协调)(?P<units>.*?)(?:将|对|把|共同|研究|制定|做好|开展|推进|抓好|加强|,|$)")


def _prose_tasks(ctx: Context) -> Iterator[tuple[int, Task]]:
    """Sentences where named bodies take the lead: X牵头会同Y…, 由X牵头，Y配合."""
    text = ctx.view.text
    matches = (m for a, b in lines_with(text, _LEADS) for m in _PROSE.finditer(text, a, b))  # never cross a line
    for m in matches:
        lead = split_units(m.group("lead"))
        if not lead or not all(looks_like_unit(u) for u in lead) or _reports(text, m.start(), m.end()):
            continue
        support: Units = ()
        rest, nxt = m.group("rest"), m.group("next") or ""
        with_ = _WITH.match(rest) or (_WITH.match(nxt) if not rest.strip() else None)
        if with_:
            support = tuple(u for u in split_units(with_.group("units")) if u not in GENERIC_UNITS)
        elif verb := ends_with(nxt.strip(), SUPPORT_VERBS):
            support = split_units(nxt.strip()[: -len(verb)])
        start = m.start("by") if m.group("by") else m.start("lead")
        end = m.end("rest") if rest.strip() else m.end()
        title = None if rest.strip() else _enclosing_title(ctx, start)
        lead, support = (as_written(ctx, start, m.end(), u) for u in (lead, support))
        yield start, _task(ctx, title or (start, end), lead, support)


# X会同Y opening a sentence of a numbered item, with no 牵头: X leads, Y supports
# (1.完善统计监测制度。市统计局会同市经信委建立季度监测体系。). Outside an item it may describe
# anything (本方案由市发展改革委会同有关部门编制), so it makes no task there.
_WITH_PROSE = re.compile(
    rf"[ \t]*由?(?P<lead>{_UNIT}(?:、{_UNIT})*)会同(?P<units>[^,;。\n]{{2,60}}?)"
    r"(?=建立|制定|做好|开展|推进|研究|加强|建设|完善|组织|落实|实施|出台|抓好|推动|统筹|共同|负责|对|,)",
    re.M,
)
_HUI_TONG = re.compile("会同")


def _with_tasks(ctx: Context) -> Iterator[tuple[int, Task]]:
    text = ctx.view.text
    for a, b in lines_with(text, _HUI_TONG):
        marker = _ITEM_MARKER.match(text, a)
        if marker is None or marker.end() == a:
            continue
        starts = [marker.end()] + [i + 1 for i in range(marker.end(), b) if text[i] in "。:"]  # sentence starts
        for m in filter(None, (_WITH_PROSE.match(text, i, b) for i in starts)):
            lead = split_units(m.group("lead"))
            support = tuple(u for u in split_units(m.group("units")) if u not in GENERIC_UNITS)
            if "牵头" in m.group() or not lead or not all(looks_like_unit(u) for u in lead + support):
                continue
            if _reports(text, m.start("lead"), m.end()):
                continue
            begin = m.start("lead") - (m.start("lead") > 0 and text[m.start("lead") - 1] == "由")  # 由X会同Y: the sentence starts at 由
            sentence_end = min(x for x in (text.find("。", m.end(), b), b) if x >= 0)
            title = _enclosing_title(ctx, begin) or (begin, sentence_end)
            lead, support = (as_written(ctx, begin, m.end(), u) for u in (lead, support))
            yield begin, _task(ctx, title, lead, support)


# A sentence that reports work done or tells how the plan itself was made is no task item:
# 市卫健委牵头，会同市教体局起草了《…方案》 / 本方案由市发展改革委牵头会同有关部门编制.
# So is one that sets up a body of the plan's own: 建立由X牵头、各有关部门参加的联席会议制度.
_REPORT = re.compile(
    r"(?<![为除])了(?![解])|本(?:实施|行动|工作|专项)?(?:方案|规划|计划|意见|纲要|措施)|起草|编制(?:的|了|完成|工作)"
    r"|由[^,;。]{2,40}牵头[^,;。]{0,40}(?:参加|参与|组成)的"
    r"|办公室设在|成立[^,;。]{0,40}(?:领导小组|工作专班|指挥部|推进组)"  # the plan's own leading group
)


def _reports(text: str, start: int, end: int) -> bool:
    """Whether the sentence around [start, end) reports rather than assigns work."""
    lo = max(text.rfind("。", 0, start), text.rfind("\n", 0, start)) + 1
    hi_dot, hi_nl = text.find("。", end), text.find("\n", end)
    hi = min(x for x in (hi_dot, hi_nl, len(text)) if x >= 0)
    return _REPORT.search(text, lo, hi) is not None


def _enclosing_title(ctx: Context, pos: int) -> tuple[int, int] | None:
    """Title for a bare 由X牵头 clause, which names no work itself: the first clause of its
    sentence (加强组织领导，由…牵头), else the item title on its line (1.加强组织领导。由…),
    else the heading whose body it opens; None when it stands alone."""
    text = ctx.view.text
    line_start = text.rfind("\n", 0, pos) + 1
    sent_start = max(line_start, text.rfind("。", 0, pos) + 1, text.rfind(";", 0, pos) + 1)
    marker = _ITEM_MARKER.match(text, sent_start)
    if marker and marker.end() <= pos:
        sent_start = marker.end()
    if text[sent_start:pos].strip(" \t\u3000,"):
        return _first_clause(text, sent_start, pos)
    marker = _ITEM_MARKER.match(text, line_start)
    if sent_start > line_start and marker and marker.end() < sent_start:
        return first_sentence(text, marker.end(), sent_start)
    section = ctx.outline.at(pos)
    if section and section.span.end <= sent_start and not text[section.span.end : sent_start].strip():
        return _section_title(ctx, section)
    return None


def _first_clause(text: str, start: int, limit: int) -> tuple[int, int] | None:
    while start < limit and text[start] in " \t\u3000":
        start += 1
    m = re.compile(r"[,;:。]").search(text, start, limit)
    end = m.start() if m else limit
    return (start, end) if end > start else None
