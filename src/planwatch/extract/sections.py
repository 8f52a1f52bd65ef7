"""The outline: headings 一、 / （一） / 1. / （1） / 专栏N, nested by their numbering style.

Documents skip levels and start at different ones (a county plan may open at （一）), so
nesting follows a stack: a heading closes every open heading of the same or a deeper
style. `Outline.at(pos)` answers "which section is this sentence in", which targets use
for their sector and year context and every item records as `section`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from planwatch.extract.text import TextView
from planwatch.model import Section, Span

_CN = "一二三四五六七八九十"
# (level, pattern) in order of precedence; a line is a heading if it starts with one.
HEADING_RULES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"第[{_CN}]+[章部分篇]\s*")),
    (1, re.compile(rf"[{_CN}]+、\s*")),
    (2, re.compile(rf"\([{_CN}]+\)\s*")),
    (3, re.compile(r"\d{1,2}[.、](?!\s*[\d%])\s*")),  # not 1.5亿元, nor 1. 5 split by a space
    (4, re.compile(r"\(\d{1,2}\)\s*")),
    (5, re.compile(r"专栏\s*\d*[:\s]*")),
)
# One pass over the text finds candidate heading lines; `_heading` then tells their level.
_CANDIDATE = re.compile(
    r"^[ \t]*((?:第[" + _CN + r"]+[章部分篇]|[" + _CN + r"]+、|\([" + _CN + r"]+\)|\d{1,2}[.、]|\(\d{1,2}\)|专栏).*)$",
    re.M,
)
_TITLE_END = re.compile(r"[。;:]|$")
_MAX_TITLE = 40


class HeadingSpan(NamedTuple):
    """View range [start, end) of a heading line."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Heading:
    """One heading of the outline, in view coordinates, as the finders read it.

    Finders ask the outline thousands of times but never report a heading: the plan's
    `Section` models are built once, in source coordinates, by `Outline.nested`. A plain
    record here, instead of two validated models per heading, saves building them and
    keeps the garbage collector's passes over a long document's objects short.
    """

    id: str
    level: int
    marker: str  # the numbering as written: "一、", "(二)", "3.", "专栏1"
    title: str
    span: HeadingSpan  # the heading line
    end: int  # where the section's body ends


@dataclass(frozen=True, eq=False)
class Outline:
    """Flat list of headings in document order, with a nested view in `tree`."""

    flat: tuple[Heading, ...]
    _starts: tuple[int, ...]
    _parents: tuple[int, ...]  # index of each section's parent in `flat`, -1 for a root
    _index: dict[str, int]

    def at(self, pos: int) -> Heading | None:
        """Innermost section whose body contains view position `pos`.

        Bodies nest, so it is the last heading before `pos` or one of its ancestors.
        """
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            s = self.flat[i]
            if pos < s.end:
                return s
            i = self._parents[i]
        return None

    @cached_property
    def tree(self) -> tuple[Section, ...]:
        """The root sections, each holding its subsections as `children`."""
        return self.nested()

    def nested(self, place: Callable[[Heading], tuple[Span, int]] | None = None) -> tuple[Section, ...]:
        """The headings as nested `Section` models, built bottom-up in one pass (models are
        immutable). `place` gives each one's span and end: extraction moves them to source
        coordinates on the way; without it they stay in view coordinates."""
        children: list[list[Section]] = [[] for _ in self.flat]
        roots: list[Section] = []
        for i in range(len(self.flat) - 1, -1, -1):
            h = self.flat[i]
            span, end = place(h) if place else (Span(start=h.span.start, end=h.span.end), h.end)
            built = Section(
                id=h.id,
                level=h.level,
                marker=h.marker,
                title=h.title,
                span=span,
                end=end,
                children=tuple(reversed(children[i])),
            )
            parent = self._parents[i]
            (children[parent] if parent >= 0 else roots).append(built)
        return tuple(reversed(roots))

    def starting_between(self, lo: int, hi: int) -> tuple[Heading, ...]:
        """Sections whose heading starts strictly between view positions lo and hi, in order
        (heading starts are strictly increasing, one heading per line)."""
        return self.flat[bisect_right(self._starts, lo) : bisect_left(self._starts, hi)]

    def chain(self, pos: int) -> list[Heading]:
        """Sections containing `pos`, outermost first."""
        out: list[Heading] = []
        s = self.at(pos)
        while s is not None:
            out.append(s)
            parent = self._parents[self._index[s.id]]
            s = self.flat[parent] if parent >= 0 else None
        return out[::-1]


def _heading(line: str) -> tuple[int, str, str] | None:
    for level, rule in HEADING_RULES:
        m = rule.match(line)
        if m:
            rest = line[m.end() :]
            title = rest[: _TITLE_END.search(rest).start()].strip()  # type: ignore[union-attr]
            if not title or len(title) > _MAX_TITLE:
                return None
            return level, m.group(0).strip(), title
    return None


def find_sections(view: TextView) -> Outline:
    """Headings of the view text, as view-coordinate sections (ids s1, s2, … in order)."""
    found: list[tuple[int, str, str, int, int]] = []
    for m in _CANDIDATE.finditer(view.text):
        h = _heading(m.group(1))
        if h:
            found.append((h[0], h[1], h[2], m.start(1), m.end(1)))
    ends = _section_ends(found, len(view.text))
    flat = [
        Heading(id=f"s{i + 1}", level=lv, marker=mk, title=t, span=HeadingSpan(a, b), end=e)
        for i, ((lv, mk, t, a, b), e) in enumerate(zip(found, ends, strict=True))
    ]
    return Outline(
        flat=tuple(flat),
        _starts=tuple(s.span.start for s in flat),
        _parents=_parent_indexes(flat),
        _index={s.id: i for i, s in enumerate(flat)},
    )


def _parent_indexes(flat: list[Heading]) -> tuple[int, ...]:
    parents: list[int] = []
    stack: list[int] = []
    for i, s in enumerate(flat):
        while stack and flat[stack[-1]].level >= s.level:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(i)
    return tuple(parents)


def _section_ends(found: list[tuple[int, str, str, int, int]], total: int) -> list[int]:
    """Each section ends where the first later heading of its level or above starts.

    One pass with a stack of open sections (levels rising from bottom to top): a heading
    closes exactly the open sections of its level or deeper, which sit on top. Scanning the
    later headings for each one instead was quadratic on long texts.
    """
    ends = [total] * len(found)
    open_: list[int] = []
    for i, (level, _marker, _title, start, _end) in enumerate(found):
        while open_ and found[open_[-1]][0] >= level:
            ends[open_.pop()] = start
        open_.append(i)
    return ends
