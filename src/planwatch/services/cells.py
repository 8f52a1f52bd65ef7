"""Cells of an imported spreadsheet read as a person sees them: numbers, percentages, dates.

A CSV cell is text already. An XLSX cell is turned into the text Excel shows for it
(`excel_text`), so both formats go through the same parsers: a percent-formatted cell that
holds 0.236 reads "23.6%", a date cell "2021-06-30" (or "2021-06" when its format shows
no day). Full-width digits, spaces and thousands separators are accepted everywhere.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, time

_DATE = re.compile(r"(?P<y>\d{4})(?:[-/.]|年)(?P<m>\d{1,2})(?:[-/.]|月)(?P<d>\d{1,2})日?")
_TIME = re.compile(r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_MONTH = re.compile(r"(?P<y>\d{4})(?:[-/.]|年)(?P<m>\d{1,2})月?(?:份)?")
_SPACE = re.compile(r"\s+")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text and colours in a number format


def normalise(text: str) -> str:
    """Full-width forms folded (２０１９ → 2019, ％ → %, （ → (), and no spaces at all.

    >>> normalise(" ２０１９年 １-９月 "), normalise("1\u3000234")
    ('2019年1-9月', '1234')
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def parse_number(text: str) -> tuple[float, bool] | None:
    """(value, written as a percentage) of a cell, or None when it is not a number.

    >>> parse_number("1,234.5"), parse_number("２３.６％"), parse_number("−3"), parse_number("n/a")
    ((1234.5, False), (23.6, True), (-3.0, False), None)
    """
    s = normalise(text).replace(",", "").replace("\u2212", "-")
    percent = s.endswith("%")
    try:
        return float(s.removesuffix("%")), percent
    except ValueError:
        return None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str, *, month_means_end: bool = False) -> date | None:
    """A written or spreadsheet date: 2021-06-30, 2021/6/30, 2021.6.30, 2021年6月30日,
    2021-06-30 00:00:00. With `month_means_end`, a month alone (2021-06, 2021年6月) is its
    last day. None when the text is not such a date or the day does not exist.

    >>> parse_date("2021年6月30日"), parse_date("2021/6/31"), parse_date("2021年6月", month_means_end=True)
    (datetime.date(2021, 6, 30), None, datetime.date(2021, 6, 30))
    >>> parse_date("2019-03-01 00:00:00"), parse_date("2019-03")
    (datetime.date(2019, 3, 1), None)
    """
    s = normalise(_TIME.sub("", unicodedata.normalize("NFKC", text).strip()))
    try:
        if m := _DATE.fullmatch(s):
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        if month_means_end and (m := _MONTH.fullmatch(s)):
            return month_end(int(m["y"]), int(m["m"]))
    except ValueError:
        return None
    return None


def excel_text(value: object, number_format: str | None) -> str:
    """The text Excel shows for a cell's value: percentages scaled (0.236 in a "0.0%" cell is
    "23.6%"), dates as ISO dates (or year-month when the format shows no day), whole floats
    without ".0".

    >>> excel_text(0.236, "0.0%"), excel_text(datetime(2019, 9, 1), 'yyyy"年"m"月"'), excel_text(5.0, "General")
    ('23.6%', '2019-09', '5')
    """
    fmt = _QUOTED.sub("", number_format or "").lower()
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(value, datetime) and value.time() != time(0):
            return value.isoformat(sep=" ")
        return day.isoformat()[:7] if fmt and "d" not in fmt else day.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in fmt:
            return f"{value * 100:.10g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
    return str(value)
