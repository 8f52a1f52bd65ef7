"""Traditional characters (繁體) as simplified ones, one character for one.

Plans reposted in Hong Kong or Taiwan, and Taiwan's and Hong Kong's own plans, write 產業,
億元, 實現. Every rule and word list of the finders is written in simplified characters, so
the finders' view (`extract.text.TextView`) maps a traditional text to simplified before
matching. The map is character for character (OpenCC's character table, first candidate;
`data/ts_characters.txt`), and then a few Taiwan words for the genre's own (計畫 → 计划, 數位
→ 数字, `TAIWAN_WORDS`), each of the same length: offsets are unchanged and every span still
slices the original text, so the quote a user sees is the text as printed.

Only a text that is written in traditional characters is mapped: a simplified plan that
happens to hold 乾 (乾隆) or 於 (a surname) is left exactly as it is.

>>> simplified("到2025年，產業規模達到1000億元")
'到2025年，产业规模达到1000亿元'
>>> simplified("到2025年，产业规模达到1000亿元，乾坤")
'到2025年，产业规模达到1000亿元，乾坤'
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from itertools import islice

# A text is traditional when its traditional-only forms (產) outnumber its simplified-only
# forms (产) this many times: a simplified text quoting a name (乾隆, 於) or a Taiwan title
# has far more 产 than 產, a traditional one next to none, a repost with a simplified
# site menu above a traditional body still more 產.
_RATIO = 2
_AT_LEAST = 2


@cache
def _table() -> tuple[dict[int, int], re.Pattern[str], re.Pattern[str]]:
    """The mapping for str.translate, and patterns matching a traditional-only and a
    simplified-only character."""
    text = (resources.files("planwatch") / "data" / "ts_characters.txt").read_text(encoding="utf-8")
    table: dict[int, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            table.update(str.maketrans(trad, simp))
    # The patterns hold the basic CJK block only: a character class holding code points
    # beyond the BMP is eight times slower to scan, and running text uses none of them.
    trad_only = "".join(chr(c) for c in table if 0x4E00 <= c <= 0x9FFF)
    simp_only = "".join(sorted({chr(c) for c in table.values() if 0x4E00 <= c <= 0x9FFF and c not in table}))
    return table, re.compile(f"[{trad_only}]"), re.compile(f"[{simp_only}]")


def is_traditional(text: str) -> bool:
    """Whether `text` is written in traditional characters (not merely holds a few).

    >>> is_traditional("實現產業發展"), is_traditional("实现产业发展，於某某")
    (True, False)
    """
    _, trad, simp = _table()
    text = _sample(text)
    found = len(trad.findall(text))
    if found < _AT_LEAST:
        return False
    # Count simplified forms only as far as needed: a simplified text has them everywhere.
    enough = found // _RATIO + 1
    return sum(1 for _ in islice(simp.finditer(text), enough)) < enough


def _sample(text: str, size: int = 10_000, parts: int = 10) -> str:
    """A long text judged on `parts` slices spread over it: the script is the document's."""
    if len(text) <= size * parts:
        return text
    step = len(text) // parts
    return "".join(text[i : i + size] for i in range(0, step * parts, step))


# Taiwan's words for what the mainland genre says otherwise, after the character map: each
# pair has the same length, so offsets still hold (計畫 → 计画 → 计划, 資訊 → 资讯 → 信息).
TAIWAN_WORDS: dict[str, str] = {
    "计画": "计划", "规画": "规划", "资讯": "信息", "软体": "软件", "硬体": "硬件", "网路": "网络",
    "数位": "数字", "奈米": "纳米", "晶片": "芯片",
}
_TAIWAN = re.compile("|".join(k for k, v in TAIWAN_WORDS.items() if k != v))


def simplified(text: str) -> str:
    """`text` in simplified characters if it is traditional, else `text` itself; same length.

    >>> simplified("精密機械產業推動計畫，發展數位經濟")
    '精密机械产业推动计划，发展数字经济'
    """
    if not is_traditional(text):
        return text
    mapped = text.translate(_table()[0])
    return _TAIWAN.sub(lambda m: TAIWAN_WORDS[m.group()], mapped)
