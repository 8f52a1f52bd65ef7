"""Traditional characters (繁體) as simplified ones, one character for one.

Plans reposted in Hong Kong or Taiwan, and Taiwan's and Hong Kong's own plans, write 產業,
億元, 實現. Every rule and word list of the finders is written in simplified characters, so
the finders' view (`extract.text.TextView`) maps a traditional text to simplified before
matching. The map is character for character (OpenCC's character table, first candidate;
`data/ts_characters.txt`), never phrase for phrase, so offsets are unchanged and every span
still slices the original text: the quote a user sees is the text as printed.

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


def simplified(text: str) -> str:
    """`text` in simplified characters if it is traditional, else `text` itself; same length."""
    if not is_traditional(text):
        return text
    return text.translate(_table()[0])
