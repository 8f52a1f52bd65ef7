"""Numbers as plan documents write them: Arabic (1,500 / 9530.9) and Chinese (两 / 二十 / 一百五十).

Pure parsing; finding numbers in context is the job of `quantities`.
"""

from __future__ import annotations

import re

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
    s = s.replace("两", "二")
    plain = _plain_chinese(s)
    if plain is not None:
        return plain
    import cn2an  # a tenth of a second to import: only for the numbers _PLAIN does not read

    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


# Numbers below ten thousand written out in full, each place named down to the last one
# (二十, 一百五十, 三千二百四十五; 十五 too), read as cn2an reads them (all 8,299 such forms
# were compared with cn2an 0.5.24). Anything else — 零, 万/亿 inside, a place left out
# (一千五) — goes to cn2an.
_PLAIN = re.compile(
    r"(?:(?P<k>[一二三四五六七八九])千(?:(?P<h>[一二三四五六七八九])百(?:(?P<t>[一二三四五六七八九])十(?P<u>[一二三四五六七八九])?)?)?"
    r"|(?P<h2>[一二三四五六七八九])百(?:(?P<t2>[一二三四五六七八九])十(?P<u2>[一二三四五六七八九])?)?"
    r"|(?P<t3>[一二三四五六七八九])?十(?P<u3>[一二三四五六七八九])?)"
)
_VALUE = dict(zip("一二三四五六七八九", range(1, 10), strict=True))


def _plain_chinese(s: str) -> float | None:
    """Value of a number written out in full (see `_PLAIN`), or None for cn2an to read.

    >>> _plain_chinese("一百五十"), _plain_chinese("十五"), _plain_chinese("三千"), _plain_chinese("一千五")
    (150.0, 15.0, 3000.0, None)
    """
    m = _PLAIN.fullmatch(s)
    if m is None:
        return None
    g = m.groupdict()

    def digit(*names: str, default: int = 0) -> int:
        for name in names:
            if g[name] is not None:
                return _VALUE[g[name]]
        return default

    if g["k"] is not None:
        return float(digit("k") * 1000 + digit("h") * 100 + digit("t") * 10 + digit("u"))
    if g["h2"] is not None:
        return float(digit("h2") * 100 + digit("t2") * 10 + digit("u2"))
    return float(digit("t3", default=1) * 10 + digit("u3"))
