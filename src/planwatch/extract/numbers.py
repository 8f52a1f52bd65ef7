"""Numbers as plan documents write them: Arabic (1,500 / 9530.9) and Chinese (两 / 二十 / 一百五十).

Pure parsing; finding numbers in context is the job of `quantities`.
"""

from __future__ import annotations

import re

import cn2an

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Chinese numerals as a value (not as part of a name such as 五个一百: callers check context).
CHINESE = r"[零〇一二两三四五六七八九十百千]+(?:[万亿][零〇一二两三四五六七八九十百千]*)*"
_CHINESE_RE = re.compile(rf"^{CHINESE}$")
_NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿")
_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


def parse_number(text: str) -> float | None:
    """Value of an Arabic or Chinese numeral string, or None.

    >>> parse_number("1,500")
    1500.0
    >>> parse_number("9530.9")
    9530.9
    >>> parse_number("两")
    2.0
    >>> parse_number("一百五十")
    150.0
    >>> parse_number("二〇二〇")
    2020.0
    >>> parse_number("百")
    100.0
    >>> parse_number("abc") is None
    True
    """
    s = text.strip()
    if not s:
        return None
    if s[0] not in _NUMERAL_CHARS:  # a Chinese numeral is never a float literal: skip the raise
        try:
            return float(s.replace(",", ""))
        except ValueError:
            pass
    if not _CHINESE_RE.match(s):
        return None
    if all(ch in _DIGITS for ch in s):  # digit-by-digit form: 二〇一五
        return float(int("".join(str(_DIGITS[ch]) for ch in s)))
    if s[0] in "百千万亿":
        s = "一" + s
    try:
        return float(cn2an.cn2an(s.replace("两", "二"), "smart"))
    except (ValueError, KeyError, IndexError):
        return None
