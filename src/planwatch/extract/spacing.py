"""The blank a typesetter puts between Chinese and a number or a Latin word: 到 2025 年,
达到 1.5 万亿元, 增长 8% 以上, 占 GDP 比重.

Official PDFs and Word files are often set this way, and text taken from them keeps the
blanks, so 到 2025 年 was not read as a due year and 1200 亿元 came out of a sentence as a
past value. `TextView` drops each such single blank from the view it matches on (quotes are
still cut from the source as printed). A run of blanks is left alone: in a table copied out
of a PDF it separates columns (`mark_columns`), and a spaced-out line (安 徽 省) has blanks
between Chinese characters only.
"""

from __future__ import annotations

import re

# A blank between Chinese and a digit, a Latin letter or %, found from the Chinese side and
# from the other side. Each pattern opens with a character class, which `re` scans for in C.
_CHINESE_FIRST = re.compile(r"[\u4e00-\u9fff] (?=[0-9A-Za-z])")
_LATIN_FIRST = re.compile(r"[0-9A-Za-z%] (?=[\u4e00-\u9fff])")
# A blank before a character that may stand on its other side; its left neighbour is checked after.
_BLANK = re.compile(r" (?=[0-9A-Za-z\u4e00-\u9fff])")
_FEW_BLANKS = 50  # at most one blank in this many characters: look at each blank instead


def typeset_spaces(text: str) -> list[tuple[int, int]]:
    """[start, end) of each blank set between Chinese and a number or Latin word, in order.

    Most texts hold few blanks, and each is looked at (a search for the blank itself is the
    fastest scan `re` makes); a spaced-out text is scanned by the two patterns instead, which
    are a few times slower per character but do not stop at every blank.

    >>> text = "到 2025 年,工业增加值达到 1.5 万亿元,年均增长 8% 以上,占 GDP 比重 30%"
    >>> "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in typeset_spaces(text)))
    '到2025年,工业增加值达到1.5万亿元,年均增长8%以上,占GDP比重30%'
    >>> typeset_spaces("安 徽 省 人 民 政 府"), typeset_spaces("产值  1250  2000"), typeset_spaces("Micro LED")
    ([], [], [])
    """
    blanks = text.count(" ")
    if not blanks:
        return []
    if blanks * _FEW_BLANKS > len(text):
        found = [m.start() + 1 for m in _CHINESE_FIRST.finditer(text)]
        found += [m.start() + 1 for m in _LATIN_FIRST.finditer(text)]
        return [(i, i + 1) for i in sorted(found)]
    out = []
    for m in _BLANK.finditer(text):
        i = m.start()
        if i == 0:
            continue
        left, right = text[i - 1], text[i + 1]
        if _chinese(left) != _chinese(right) and (left == "%" or _chinese(left) or _latin(left)) and (
                _chinese(right) or _latin(right)):
            out.append((i, i + 1))
    return out


def _chinese(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


__all__ = ["typeset_spaces"]
