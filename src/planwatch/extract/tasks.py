"""Finder for tasks: work items that name who leads them and who supports.

Plans say who is responsible in three layouts, and each is a rule here:

* a note closing the item: （责任单位：市发改委、市招商投资促进中心）,
  （牵头单位：市发改委，配合单位：市科技局…）, 〔牵头部门：…；参加部门：…〕, or labelled
  lines under it (牵头单位：区发改局 / 责任单位：…), or unlabelled (市经信委牵头，市科技局配合);
* a division-of-labour table (重点任务分工方案): 序号 | 任务 | 牵头部门 | 参加部门;
* prose: 市发展改革委牵头会同相关部门…, 由市经信委牵头、市发改委配合.

A task's quote is the item's title (the numbered item up to its first 。, or the heading the
note closes), because that is what a planner calls the task. Units are kept exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.extract.context import Context
from planwatch.extract.text import fold
from planwatch.lexicon.departments import (
    GENERIC_UNITS,
    LEAD_VERBS,
    OWNER_VERBS,
    ROLE_LABELS,
    SUPPORT_VERBS,
    TRAILING,
    UNIT_ENDINGS,
)
from planwatch.model import Section, Task

_LABELS = "|".join(sorted((w for w, _ in ROLE_LABELS), key=len, reverse=True))
_LABEL = re.compile(rf"({_LABELS})\s*:")
_ROLE = dict(ROLE_LABELS)
_OPEN_CLOSE = {"(": ")", "〔": "〕", "[": "]", "【": "】"}
_SEPARATORS = "、,;， "
# Labelled lines (or sentences after 。) that carry a note without brackets.
_LABEL_LINE = re.compile(rf"(?:^|(?<=。))[ \t]*(?:{_LABELS})\s*:[^\n。]*", re.M)
# Markers that open a list item: 1. (1) （一） 一、 ① 一是 第一，
_ITEM_MARKER = re.compile(
    r"[ \t]*(?:第[一二三四五六七八九十]+[章节条]?[,、]?|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|"
    r"\d{1,2}[.、](?!\d)|\(\d{1,2}\)|[①-⑳]|[一二三四五六七八九十]是)\s*"
)
_TITLE_END = re.compile(r"[。;:]")
_MAX_NOTE = 600


@dataclass(frozen=True)
class Note:
    """A responsibility note found in the view: where it is and the units it names."""

    start: int
    end: int
    lead: tuple[str, ...]
    support: tuple[str, ...]


def find_tasks(ctx: Context) -> list[Task]:
    """All tasks, in document order: tables, closing notes, then prose 牵头 clauses."""
    tasks, table_spans = _table_tasks(ctx)
    notes = [n for n in _notes(ctx.view.text) if not _inside(n.start, table_spans)]
    starts = [n.start for n in notes]
    for note in notes:
        title = _title_of(ctx, note, starts)
        if title:
            lead, support = (_as_written(ctx, note.start, note.end, u) for u in (note.lead, note.support))
            tasks.append(_task(ctx, title, lead, support))
    covered = table_spans + [(n.start, n.end) for n in notes]
    tasks.extend(t for pos, t in _prose_tasks(ctx) if not _inside(pos, covered))
    return sorted(tasks, key=lambda t: t.span.start if t.span else 0)


def _task(ctx: Context, title: tuple[int, int], lead: tuple[str, ...], support: tuple[str, ...]) -> Task:
    fields = ctx.sourced(*title)
    return Task(**fields, title=fields["quote"], lead=lead, support=support)


def _as_written(ctx: Context, start: int, end: int, units: tuple[str, ...]) -> tuple[str, ...]:
    """Units as the source writes them (（州） not (州)): folding keeps lengths, so a unit found
    in the folded view range is cut from the same place in the source range."""
    source = ctx.view.quote(start, end)[1]
    folded = fold(source)
    out = []
    for unit in units:
        at = folded.find(unit)
        out.append(source[at : at + len(unit)] if at >= 0 else unit)
    return tuple(out)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


# ---- units --------------------------------------------------------------------


def split_units(value: str) -> tuple[str, ...]:
    """Units of a list as written, split on 、 , ; and blanks outside brackets and quotes.

    >>> split_units("市发改委、居巢经开区,各有关乡镇、街道按职责分工负责")
    ('市发改委', '居巢经开区', '各有关乡镇', '街道')
    """
    units: list[str] = []
    depth, cur = 0, list[str]()
    for ch in value:
        if ch in "(“《〔[【":
            depth += 1
        elif ch in ")”》〕]】":
            depth = max(0, depth - 1)
        if ch in _SEPARATORS and depth == 0:
            units.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    units.append("".join(cur))
    return tuple(u for u in (_clean_unit(u) for u in units) if u)


def _clean_unit(unit: str) -> str:
    unit = unit.strip(" \t\u3000。.:")
    for tail in TRAILING:
        if unit.endswith(tail) and len(unit) > len(tail):
            unit = unit[: -len(tail)]
            break
    return unit.strip(" \t\u3000。.:")


def looks_like_unit(name: str) -> bool:
    """Whether a name reads like a body that can be responsible (ends like 委/局/厅/中心…)."""
    return 2 <= len(name) <= 30 and name.endswith(UNIT_ENDINGS)


# ---- notes --------------------------------------------------------------------


def parse_note(content: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(lead, support) of a note's text, labelled or not; None if it names no responsible unit.

    >>> parse_note("牵头单位:市发改委,配合单位:市科技局、居巢经开区,各有关乡镇")
    (('市发改委',), ('市科技局', '居巢经开区', '各有关乡镇'))
    >>> parse_note("市经信委牵头,市发改委、市科技局配合")
    (('市经信委',), ('市发改委', '市科技局'))
    """
    return _labelled(content) or _verbal(content)


def _labelled(content: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    found = list(_LABEL.finditer(content))
    if not found or content[: found[0].start()].strip(" \t\n"):
        return None
    roles = [_ROLE[m.group(1)] for m in found]
    owner_role = "support" if "lead" in roles else "lead"
    lead: list[str] = []
    support: list[str] = []
    for m, nxt, role in zip(found, [*found[1:], None], roles, strict=True):
        value = content[m.end() : nxt.start() if nxt else len(content)]
        target = lead if (owner_role if role == "owner" else role) == "lead" else support
        target.extend(split_units(value))
    return (tuple(lead), tuple(support)) if lead or support else None


def _verbal(content: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Unlabelled notes: 市经信委牵头，市发改委配合 / 市发改委、市经信委负责."""
    lead: list[str] = []
    support: list[str] = []
    owners: list[str] = []
    for seg in re.split(r"[,;]", content):
        seg = seg.strip().removeprefix("由")
        if verb := _ends_with(seg, LEAD_VERBS):
            lead.extend(split_units(seg[: -len(verb)]))
        elif verb := _ends_with(seg, SUPPORT_VERBS):
            support.extend(split_units(seg[: -len(verb)]))
        elif verb := _ends_with(seg, OWNER_VERBS):
            owners.extend(split_units(seg[: -len(verb)]))
        elif seg:
            return None
    if lead:
        support.extend(owners)
    else:
        lead = owners
    units = lead + support
    if not lead or not any(looks_like_unit(u) for u in units):
        return None
    return tuple(lead), tuple(support)


def _ends_with(seg: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if seg.endswith(w) and len(seg) > len(w)), None)


def _notes(text: str) -> Iterator[Note]:
    """Bracketed notes, then runs of labelled lines not inside a bracketed note."""
    spans: list[tuple[int, int]] = []
    for start, end in _bracketed(text):
        parsed = parse_note(text[start + 1 : end - 1])
        if parsed:
            spans.append((start, end))
            yield Note(start, end, *parsed)
    for start, end in _label_runs(text):
        if _inside(start, spans):
            continue
        parsed = _labelled(re.sub(r"[。\n]+", ";", text[start:end]).strip(" \t;"))
        if parsed:
            yield Note(start, end, *parsed)


def _bracketed(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each outermost bracket pair whose content is short enough for a note."""
    i = 0
    while i < len(text):
        close = _OPEN_CLOSE.get(text[i])
        if close is None:
            i += 1
            continue
        depth, j = 0, i
        while j < len(text) and j - i <= _MAX_NOTE:
            if text[j] == text[i]:
                depth += 1
            elif text[j] == close:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if depth == 0 and j < len(text):
            yield i, j + 1
            i = j + 1
        else:
            i += 1


def _label_runs(text: str) -> Iterator[tuple[int, int]]:
    """Adjacent labelled segments (牵头单位：… / 责任单位：…) grouped into one note."""
    run: tuple[int, int] | None = None
    for m in _LABEL_LINE.finditer(text):
        if run and not text[run[1] : m.start()].strip(" \t\n。"):
            run = (run[0], m.end())
            continue
        if run:
            yield run
        run = (m.start() + len(m.group()) - len(m.group().lstrip(" \t")), m.end())
    if run:
        yield run


# ---- titles -------------------------------------------------------------------


def _title_of(ctx: Context, note: Note, note_starts: list[int]) -> tuple[int, int] | None:
    """View range of the title of the item a note closes."""
    text = ctx.view.text
    line_start = text.rfind("\n", 0, note.start) + 1
    head = text[line_start : note.start]
    if head.strip():
        marker = _ITEM_MARKER.match(head)
        if marker and marker.end() < len(head):
            return _first_sentence(text, line_start + marker.end(), note.start)
        section = _owning_section(ctx, note.start, note_starts)
        return _section_title(ctx, section) if section else _first_sentence(text, line_start, note.start)
    section = _owning_section(ctx, note.start, note_starts)
    if section:
        return _section_title(ctx, section)
    prev = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    return _first_sentence(text, prev, line_start - 1) if line_start > 0 else None


def _first_sentence(text: str, start: int, limit: int) -> tuple[int, int] | None:
    while start < limit and text[start] in " \t\u3000":
        start += 1
    m = _TITLE_END.search(text, start, limit)
    end = m.start() if m else limit
    while end > start and text[end - 1] in " \t,":
        end -= 1
    return (start, end) if end > start else None


def _section_title(ctx: Context, section: Section) -> tuple[int, int] | None:
    at = ctx.view.text.find(section.title, section.span.start, section.span.end)
    return (at, at + len(section.title)) if at >= 0 else None


def _owning_section(ctx: Context, pos: int, note_starts: list[int]) -> Section | None:
    """The section a note closes: the innermost one, unless the note ends a run of note-less
    sibling items (1)…(4) — then it belongs to their parent."""
    chain = ctx.outline.chain(pos)
    if not chain:
        return None
    inner = chain[-1]
    if any(inner.span.end <= n < pos for n in note_starts):
        return None  # an earlier note in this section's body already took its title
    parent = chain[-2] if len(chain) > 1 else None
    if parent is None or inner.span.start <= pos < inner.span.end:
        return inner
    earlier = [
        s for s in ctx.outline.flat
        if s.level == inner.level and parent.span.start < s.span.start < inner.span.start
    ]
    if earlier and not any(earlier[0].span.start <= n < inner.span.start for n in note_starts):
        return parent
    return inner


# ---- tables -------------------------------------------------------------------

_TASK_COL = ("任务", "工作", "内容", "事项", "举措", "措施", "项目")
_LEAD_COL = ("牵头", "主办", "主责")
_OWNER_COL = ("责任",)
_SUPPORT_COL = ("参加", "配合", "参与", "协办", "协同", "协助", "协作")


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for part in text[start:end].split("\t"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _columns(header: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, raw in enumerate(header):
        cell = re.sub(r"\s", "", raw)
        if any(w in cell for w in _LEAD_COL):
            cols.setdefault("lead", i)
        elif any(w in cell for w in _SUPPORT_COL):
            cols.setdefault("support", i)
        elif any(w in cell for w in _OWNER_COL):
            cols.setdefault("owner", i)
        elif any(w in cell for w in _TASK_COL):
            cols.setdefault("task", i)
    if "owner" in cols:
        cols.setdefault("lead" if "lead" not in cols else "support", cols.pop("owner"))
    return cols if "task" in cols and "lead" in cols else None


def _table_tasks(ctx: Context) -> tuple[list[Task], list[tuple[int, int]]]:
    """Rows of division-of-labour tables, mapped to columns by their header words."""
    text = ctx.view.text
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    cols: dict[str, int] | None = None
    table_start = 0
    for m in re.finditer(r"^.*$", text, re.M):
        if "\t" not in m.group():
            if cols and m.group().strip():
                spans.append((table_start, m.start()))
                cols = None
            continue
        cells = _cells(text, m.start(), m.end())
        values = [text[a:b] for a, b in cells]
        header = _columns(values)
        if header:
            cols, table_start = header, m.start()
        elif cols:
            task = _row_task(ctx, cells, cols)
            if task:
                tasks.append(task)
    if cols:
        spans.append((table_start, len(text)))
    return tasks, spans


def _row_task(ctx: Context, cells: list[tuple[int, int]], cols: dict[str, int]) -> Task | None:
    text = ctx.view.text

    def units(role: str) -> tuple[str, ...]:
        i = cols.get(role)
        return split_units(text[slice(*cells[i])]) if i is not None and i < len(cells) else ()

    if cols["task"] >= len(cells):
        return None
    row = (cells[0][0], cells[-1][1])
    lead, support = (_as_written(ctx, *row, units(role)) for role in ("lead", "support"))
    title = _first_sentence(text, *cells[cols["task"]])
    if not title or not (lead or support):
        return None
    return _task(ctx, title, lead, support)


# ---- prose --------------------------------------------------------------------

_UNIT = r"[^\s,;。:()、“”]{2,24}?"
_PROSE = re.compile(
    rf"(?:^|(?<=[,;。:\n]))[ \t]*(?P<by>由)?(?P<lead>{_UNIT}(?:、{_UNIT})*)牵头(?:负责)?(?![的单部领])"
    r"(?P<rest>[^,;。\n]*)(?:,(?P<next>[^,;。\n]*))?",
    re.M,
)
_WITH = re.compile(r"^,?(?:会同|联合|协调)(?P<units>.*?)(?:将|对|把|共同|研究|制定|做好|开展|推进|抓好|加强|,|$)")


def _prose_tasks(ctx: Context) -> Iterator[tuple[int, Task]]:
    """Sentences where named bodies take the lead: X牵头会同Y…, 由X牵头，Y配合."""
    for m in _PROSE.finditer(ctx.view.text):
        lead = split_units(m.group("lead"))
        if not lead or not all(looks_like_unit(u) for u in lead):
            continue
        support: tuple[str, ...] = ()
        rest, nxt = m.group("rest"), m.group("next") or ""
        with_ = _WITH.match(rest) or (_WITH.match(nxt) if not rest.strip() else None)
        if with_:
            support = tuple(u for u in split_units(with_.group("units")) if u not in GENERIC_UNITS)
        elif verb := _ends_with(nxt.strip(), SUPPORT_VERBS):
            support = split_units(nxt.strip()[: -len(verb)])
        start = m.start("by") if m.group("by") else m.start("lead")
        end = m.end("rest") if rest.strip() else m.end()
        lead, support = (_as_written(ctx, start, m.end(), u) for u in (lead, support))
        yield start, _task(ctx, (start, end), lead, support)
