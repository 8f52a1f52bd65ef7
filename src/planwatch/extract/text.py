"""A normalised view of a document's text that finders can match on simply.

Three things make raw plan text awkward for rules:

* full-width forms (０-９, （）, ，, ：, ％) mixed with ASCII ones in the same document;
* hard line breaks inside sentences (text copied out of PDFs, or web pages that wrap);
* pinyin glosses a mirror site prints after characters (創新(xīn)发展, `glosses`), and the
  blank a typesetter puts around numbers (到 2025 年, `spacing`).

`TextView` folds full-width forms to ASCII one character for one character, joins
lines that a sentence runs across, and drops the glosses and those blanks. It keeps a map back to the
source, so every span a finder reports in view coordinates is translated back
(`source_span`) and the quote is cut from the untouched source text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from planwatch.extract.glosses import pinyin_glosses
from planwatch.extract.spacing import typeset_spaces
from planwatch.lexicon.traditional import simplified
from planwatch.model import Span

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD[0xFE55] = ord(":")  # small colon
_FOLD[0x2236] = ord(":")  # ratio sign used as colon
_FOLD[0x00A0] = 0x20
_FOLD[0x2212] = ord("-")  # minus sign
_FOLD[0xFE52] = ord(".")  # small full stop, an item marker on some sites: 1﹒全省生产总值…

# A break between lines, with the blanks around it and any empty lines: what [ \t]*\n\s*
# finds. `_breaks` finds it from the line feed, which `re` skips to in C; a pattern opening
# with the optional blanks is tried at every position of the text.
_NEWLINE = re.compile(r"\n\s*")


def _breaks(text: str) -> Iterator[tuple[int, int]]:
    r"""[start, end) of each line break with the blanks before it and the white space after.

    The white space after a break is read to its end, so the blank run before the next
    line feed starts after the previous break: stepping back over it finds where
    ``[ \t]*\n\s*`` starts.

    >>> list(_breaks("a \n\n b\t\nc\n"))
    [(1, 5), (6, 8), (9, 10)]
    """
    end = 0
    for m in _NEWLINE.finditer(text):
        start = m.start()
        while start > end and text[start - 1] in " \t":
            start -= 1
        end = m.end()
        yield start, end
# Line starts that begin a new block: outline markers, list items, table rows.
_BLOCK_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、](?!\d)|\(\d{1,2}\)|"
    r"专栏|附件|附表|第[一二三四五六七八九十]+[章节部分条]|[①-⑳]|[一二三四五六七八九十]是)"
)
_SENTENCE_END = tuple("。;!?:…”）)")
_MIN_WRAPPED_LINE = 18  # shorter lines are titles, headings or table fragments
_LABEL_VALUE = re.compile(r"[^:,;。]{2,24}:[^:,;。]{0,16}\d[^:,;。]{0,8}")


_FOLDABLE = re.compile("[" + "".join(chr(c) for c in _FOLD) + "]")


def fold(text: str) -> str:
    """Map full-width ASCII forms to ASCII, keeping the length.

    A text uses few of the foldable characters (，（）：％ and some digits), each many times:
    replacing each one present over the whole text is several times faster than
    translating the text, or its foldable runs one by one. Every target is plain ASCII,
    which is never folded, so the order of the replacements does not matter.

    >>> fold("２０２０年（一）１５％，")
    '2020年(一)15%,'
    """
    # Each search stops at the first character not yet replaced: the searches together read
    # the text about once, and no list of every occurrence is built (findall built one as
    # long as the text's punctuation).
    pos = 0
    while (m := _FOLDABLE.search(text, pos)) is not None:
        ch = m.group()
        text = text.replace(ch, chr(_FOLD[ord(ch)]))
        pos = m.start()
    return text


# Text copied out of an unruled PDF table keeps its columns as runs of spaces.
_SPACED_ROW = re.compile(r"(?m)^[^\n\t]*\S {2,}[^\n]*\S {2,}\S[^\n]*$")
_COLUMN_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
_DOUBLE_SPACE = re.compile("  ")


def mark_columns(text: str) -> str:
    r"""Turn the first space of each column gap of a spaced table row into a tab, keeping the
    length, so spaced tables read like the tab-separated rows of Word and web tables. A row
    is a line with two or more inner gaps of two or more spaces; Chinese prose has none.

    >>> mark_columns("规上工业增加值(亿元)  1250  2000") == "规上工业增加值(亿元)\t 1250\t 2000"
    True
    >>> mark_columns("正文 只有 一个空格")
    '正文 只有 一个空格'
    """
    if "  " not in text:
        return text
    # A row is one whole line holding a double space: only such lines are tried, since the
    # row pattern backtracks over every character of every other line (long paragraphs).
    parts: list[str] = []
    pos = 0
    for start, end in lines_with(text, _DOUBLE_SPACE):
        # A row has two gaps, so two double spaces: a line with one is no row, and the row
        # pattern, which backtracks over the whole line, is not tried on it.
        row = _SPACED_ROW.match(text, start, end) if text.count("  ", start, end) >= 2 else None
        if row is not None:
            parts += (text[pos:start], _COLUMN_GAP.sub(lambda g: "\t" + g.group()[1:], row.group()))
            pos = end
    parts.append(text[pos:])
    return "".join(parts)


def wrap_width(text: str) -> int | None:
    r"""The width a hard-wrapped text (PDF copy) was broken at, if it was.

    Such text has many lines of (nearly) the same length; a line that long ending in 。
    may still run on into the next one, which is a paragraph's continuation unless it
    opens a block.

    >>> wrap_width("\n".join(["甲" * 30] * 8 + ["乙" * 12]))
    30
    >>> wrap_width("一行。\n另一行。") is None
    True
    """
    lengths = [n for n in map(len, (ln.strip() for ln in text.split("\n"))) if n >= _MIN_WRAPPED_LINE]
    if len(lengths) < 5:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    width, _ = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    near = sum(c for n, c in counts.items() if abs(n - width) <= 2)
    return width if near >= 0.3 * len(lengths) else None


def is_menu(line: str) -> bool:
    """A web page's menu or breadcrumb (首 页 区县招商 产业园区 新闻中心): short words apart by
    blanks. Prose has no blanks; a PDF that spaces every character has one-character words."""
    words = line.split()
    return len(words) >= 4 and all(len(w) <= 6 for w in words) and sum(len(w) >= 2 for w in words) >= 3


def _should_join(line: str, after: str, width: int | None) -> bool:
    """Whether `line` runs on into the line starting with `after`."""
    line = line.strip()
    if len(line) < _MIN_WRAPPED_LINE or "\t" in line or not after or "\t" in after.split("\n", 1)[0]:
        return False
    if is_menu(line) or (":" in line and _LABEL_VALUE.fullmatch(line) and (width is None or len(line) < width - 2)):
        return False  # 10G-PON及以上端口数：1200万个 — a label and its value, a line of its own
    if _BLOCK_START.match(after):
        return False
    if line.endswith(_SENTENCE_END):
        return width is not None and len(line) >= width - 2
    return not (_BLOCK_START.match(line) and "。" not in line)  # a heading line, however long


def _joins(folded: str) -> list[tuple[int, int]]:
    """[start, end) of each line break (with its blanks) that a sentence runs across."""
    width = wrap_width(folded)
    found: list[tuple[int, int]] = []
    line_start = 0
    for brk, after in _breaks(folded):
        start, line_start = line_start, after
        if brk - start < _MIN_WRAPPED_LINE:
            continue  # too short to run on, however it is stripped (see _should_join)
        if after >= len(folded) or not _should_join(folded[start:brk], folded[after : after + 40], width):
            continue
        found.append((brk, after))
    return found


@dataclass(frozen=True)
class TextView:
    """Folded, line-joined text plus the offset map back to the source."""

    source: str
    text: str
    # The source with full-width forms folded only: same offsets and lines as the source,
    # for finders that read the document as printed (meta reads the letterhead lines).
    folded: str = field(default="", repr=False)
    # Sorted view positions at which source characters were removed, and the cumulative
    # number removed up to and including each: source = view + removed[i].
    _cuts: tuple[int, ...] = field(default=(), repr=False)
    _removed: tuple[int, ...] = field(default=(), repr=False)
    # Whether the source carries pinyin glosses (`glosses`): names cut from it drop them.
    glossed: bool = field(default=False, repr=False)

    @classmethod
    def of(cls, source: str) -> TextView:
        plain = fold(simplified(source))  # 產業 → 产业 in a traditional text, one for one
        folded = mark_columns(plain)
        dropped = _joins(folded)
        glosses = pinyin_glosses(folded)  # 創新(xīn): a mirror site's annotation, never the text's
        spaces = typeset_spaces(folded)  # 到 2025 年: a typesetter's blank, never a word's
        if glosses or spaces:
            dropped = sorted(dropped + glosses + spaces)
        parts: list[str] = []
        cuts: list[int] = []
        removed: list[int] = []
        pos = gone = 0
        for a, b in dropped:
            parts.append(folded[pos:a])
            cuts.append(a - gone)
            gone += b - a
            removed.append(gone)
            pos = b
        parts.append(folded[pos:])
        return cls(source=source, text="".join(parts), folded=plain, _cuts=tuple(cuts), _removed=tuple(removed),
                   glossed=bool(glosses))

    def to_source(self, pos: int) -> int:
        """Source offset of the view character at `pos`."""
        i = bisect_right(self._cuts, pos) - 1
        return pos + (self._removed[i] if i >= 0 else 0)

    def source_span(self, start: int, end: int) -> Span:
        """Source span of view range [start, end); a join inside it is kept in the source."""
        if end <= start:
            s = self.to_source(start)
            return Span(start=s, end=s)
        return Span(start=self.to_source(start), end=self.to_source(end - 1) + 1)

    def quote(self, start: int, end: int) -> tuple[Span, str]:
        """Source span and exact source text for view range [start, end)."""
        span = self.source_span(start, end)
        return span, self.source[span.start : span.end]

    def source_text(self, start: int, end: int) -> str:
        """Exact source text for view range [start, end), as `quote` cuts it, for callers
        that want the words only (building the Span model is most of the cost)."""
        if end <= start:
            return ""
        return self.source[self.to_source(start) : self.to_source(end - 1) + 1]


def lines_with(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    r"""[start, end) of each line holding a match of `pattern`, in order, each line once.

    A finder whose matches never cross a line and always hold a key word (牵头, 基地) runs
    its costly pattern on these lines only: `pattern.finditer(text, start, end)` finds
    exactly what a scan of the whole text would, at a fraction of the cost.

    >>> text = "a\nb牵头\nc牵头牵头"
    >>> [text[a:b] for a, b in lines_with(text, re.compile("牵头"))]
    ['b牵头', 'c牵头牵头']
    """
    end = -1
    for m in pattern.finditer(text):
        if m.start() < end:
            continue
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        yield start, end


def line_runs_with(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    r"""[start, end) of runs of whole lines holding the matches of `pattern`, in order, disjoint.

    Like `lines_with`, for a key pattern whose matches may run over a line break (a label,
    a line break, then its colon): each run reaches from the line where a match starts to
    the end of the line where it ends, and runs that share a line are merged.

    >>> text = "a\nb牵头\n:c\nd\ne牵头:牵头:"
    >>> [text[a:b] for a, b in line_runs_with(text, re.compile(r"牵头\s*:"))]
    ['b牵头\n:c', 'e牵头:牵头:']
    """
    run: tuple[int, int] | None = None
    for m in pattern.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if run is not None and start < run[1]:
            run = (run[0], max(run[1], end))
            continue
        if run is not None:
            yield run
        run = (start, end)
    if run is not None:
        yield run
