"""Calendar dates as official documents write them, to ISO yyyy-mm-dd.

Signature dates come in Arabic (2015年11月18日), in Chinese numerals (二〇一五年十一月十八日,
often typed with ○ or O for the zero), with stray spaces from justified PDF lines, and on web
pages' metadata blocks as 2015-11-18 or 2015/11/18. A date needs all three parts: 2020年 or
12月底前 are deadlines, not dates, and are left to the target and milestone finders.
"""

from __future__ import annotations

import re

from planwatch.extract.numbers import parse_number
from planwatch.extract.text import fold

_ZERO = "〇○Ｏ0OО零"  # the zero of a Chinese-numeral year, as typists write it
_CN_DIGIT = _ZERO + "一二三四五六七八九十"
DATE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[一二][{_CN_DIGIT}]{{3}})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{_CN_DIGIT}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*日"
)
NUMERIC_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])"
)
_ZEROS = str.maketrans({z: "〇" for z in _ZERO if z != "0"} | {"0": "〇"})


def _part(text: str) -> int | None:
    """One date part: Arabic as is; Chinese with any zero look-alike read as 〇."""
    value = parse_number(text if text.isascii() else text.translate(_ZEROS))
    return int(value) if value is not None else None


def iso_date(match: re.Match[str]) -> str | None:
    """ISO form of a DATE or NUMERIC_DATE match, or None if it is no calendar date."""
    parts = [_part(match.group(k)) for k in ("y", "m", "d")]
    if any(p is None for p in parts):
        return None
    y, mo, d = (p for p in parts if p is not None)
    if not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def parse_date(text: str) -> str | None:
    """ISO date of the first date in `text`, or None.

    >>> parse_date("2015年11月18日")
    '2015-11-18'
    >>> parse_date("二〇一五年十一月十八日")
    '2015-11-18'
    >>> parse_date("二○一六年 五月 三十一日")
    '2016-05-31'
    >>> parse_date("2017年2月20日")
    '2017-02-20'
    >>> parse_date("2015-11-18")
    '2015-11-18'
    >>> parse_date("2017/2/20")
    '2017-02-20'
    >>> parse_date("２０１５年１１月１８日")
    '2015-11-18'
    >>> parse_date("2017年13月1日") is None
    True
    >>> parse_date("到2020年底") is None
    True
    """
    folded = fold(text)
    for rule in (DATE, NUMERIC_DATE):
        for m in rule.finditer(folded):
            found = iso_date(m)
            if found:
                return found
    return None
