"""The outline: headings 一、 / （一） / 1. / （1） / 专栏N, nested by their numbering style.

Documents skip levels and start at different ones (a county plan may open at （一）), so
nesting follows a stack: a heading closes every open heading of the same or a deeper
style. `Outline.at(pos)` answers "which section is this sentence in", which targets use
for their sector and year context and every item records as `section`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

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


@dataclass(frozen=True, eq=False)
class Outline:
    """Flat list of sections in document order, with a nested view in `tree`."""

    flat: tuple[Section, ...]
    tree: tuple[Section, ...]
    _starts: tuple[int, ...]
    _parents: tuple[int, ...]  # index of each section's parent in `flat`, -1 for a root
    _index: dict[str, int]

    def at(self, pos: int) -> Section | None:
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

    def chain(self, pos: int) -> list[Section]:
        """Sections containing `pos`, outermost first."""
        out: list[Section] = []
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
        Section(id=f"s{i + 1}", level=lv, marker=mk, title=t, span=Span(start=a, end=b), end=e)
        for i, ((lv, mk, t, a, b), e) in enumerate(zip(found, ends, strict=True))
    ]
    return Outline(
        flat=tuple(flat),
        tree=_nest(flat),
        _starts=tuple(s.span.start for s in flat),
        _parents=_parent_indexes(flat),
        _index={s.id: i for i, s in enumerate(flat)},
    )


def _parent_indexes(flat: list[Section]) -> tuple[int, ...]:
    parents: list[int] = []
    stack: list[int] = []
    for i, s in enumerate(flat):
        while stack and flat[stack[-1]].level >= s.level:
            stack.pop()
        parents.append(stack[-1] if stack else -1)
        stack.append(i)
    return tuple(parents)


def _section_ends(found: list[tuple[int, str, str, int, int]], total: int) -> list[int]:
    ends = []
    for i, (level, *_rest) in enumerate(found):
        end = total
        for later in found[i + 1 :]:
            if later[0] <= level:
                end = later[3]
                break
        ends.append(end)
    return ends


def _nest(flat: list[Section]) -> tuple[Section, ...]:
    """Build the children tree bottom-up (Sections are immutable)."""
    children: dict[str, list[Section]] = {s.id: [] for s in flat}
    roots: list[Section] = []
    stack: list[Section] = []
    parent_of: dict[str, str | None] = {}
    for s in flat:
        while stack and stack[-1].level >= s.level:
            stack.pop()
        parent_of[s.id] = stack[-1].id if stack else None
        stack.append(s)
    built: dict[str, Section] = {}
    for s in reversed(flat):
        built[s.id] = s.model_copy(update={"children": tuple(built[c.id] for c in children[s.id])})
        parent = parent_of[s.id]
        if parent is not None:
            children[parent].insert(0, s)
    for s in flat:
        if parent_of[s.id] is None:
            roots.append(built[s.id])
    return tuple(roots)
