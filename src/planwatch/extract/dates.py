"""Calendar dates as official documents write them, to ISO yyyy-mm-dd."""

from __future__ import annotations

import re

from planwatch.extract.numbers import parse_number

_CN_DIGIT = "〇零一二三四五六七八九十"
DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d|[一二][〇零一二三四五六七八九]{3})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{_CN_DIGIT}]{{1,2}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})\s*日"
)
NUMERIC_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")


def parse_date(text: str) -> str | None:
    """ISO date of the first date in `text`, or None.

    >>> parse_date("2015年11月18日")
    '2015-11-18'
    >>> parse_date("二〇一五年十一月十八日")
    '2015-11-18'
    >>> parse_date("二〇一七年二月二十日")
    '2017-02-20'
    >>> parse_date("2017-2-20")
    '2017-02-20'
    >>> parse_date("2017年13月1日") is None
    True
    """
    m = DATE.search(text) or NUMERIC_DATE.search(text)
    if not m:
        return None
    parts = [parse_number(m.group(k)) for k in ("y", "m", "d")]
    if any(p is None for p in parts):
        return None
    y, mo, d = (int(p) for p in parts if p is not None)
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
