"""Reporting periods (2019, 2019-09, 2019-Q3, 2020H1) and where they sit on a year axis.

Progress maths needs one number per observation: its *position*, a fractional year at the
*end* of the period. The year 2019 ends at 2019.0; September 2019 ends at 2018.75 (nine
twelfths into 2019); so an annual figure and a December figure sit at the same place and a
target due "by 2020" is due at 2020.0. Months count as twelfths whatever their length, so
month ends land on exact fractions and 序时进度 for 1-9月 is exactly 75%.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from planwatch.errors import ValidationError

KINDS = ("year", "half", "quarter", "month", "ytd")

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(r"(?P<y>\d{4})年?(?:全年|年度)?")),
    ("month", re.compile(r"(?P<y>\d{4})(?:-|/|\.|年)(?P<m>\d{1,2})月?")),
    ("ytd", re.compile(r"(?P<y>\d{4})年?1(?:-|—|~|至)(?P<m>\d{1,2})月")),
    ("quarter", re.compile(r"(?P<y>\d{4})(?:-?Q|年第?)(?P<q>[1-4一二三四])(?:季度)?", re.I)),
    ("half", re.compile(r"(?P<y>\d{4})-?H(?P<h>[12])", re.I)),
    ("half", re.compile(r"(?P<y>\d{4})年(?P<h>上|下)半年")),
)


@dataclass(frozen=True)
class Period:
    """A reporting period: first and last day, and what kind of period it is.

    `ytd` is a running total from January (2019年1-9月): it ends where the month does, but
    its value covers the whole stretch from the start of the year.
    """

    start: date
    end: date
    kind: str

    @property
    def position(self) -> float:
        """Fractional-year position of the period's end (see the module doc)."""
        return position(self.end)

    @property
    def months(self) -> int:
        """Calendar months the period covers (a year 12, a quarter 3)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def position(d: date) -> float:
    """Fractional-year position of a day, months counted as twelfths.

    >>> position(date(2019, 12, 31))
    2019.0
    >>> position(date(2019, 9, 30))
    2018.75
    >>> round(position(date(2020, 1, 1)), 5)  # one day of a 31-day January: 1/372
    2019.00269
    """
    days = calendar.monthrange(d.year, d.month)[1]
    return d.year - 1 + (d.month - 1 + d.day / days) / 12


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period label; Chinese forms (2019年9月, 2019年1-9月, 2019年三季度,
    2020年上半年) are read too.

    >>> parse_period("2019")
    Period(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31), kind='year')
    >>> parse_period("2019-09").position
    2018.75
    >>> p = parse_period("2019-Q3"); (p.start, p.end, p.position)
    (datetime.date(2019, 7, 1), datetime.date(2019, 9, 30), 2018.75)
    >>> parse_period("2020H1").end, parse_period("2020H1").months
    (datetime.date(2020, 6, 30), 6)
    >>> parse_period("2019年1-9月").start, parse_period("2019年1-9月").kind
    (datetime.date(2019, 1, 1), 'ytd')
    """
    s = re.sub(r"\s+", "", str(text))
    for kind, pattern in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            return _build(kind, m, text)
    raise ValidationError("period", [f"{text!r}: expected 2019, 2019-09, 2019-Q3, 2020H1 or 2019年1-9月"])


def _build(kind: str, m: re.Match[str], text: str) -> Period:
    y = int(m["y"])
    if kind == "year":
        return Period(date(y, 1, 1), date(y, 12, 31), "year")
    if kind in ("month", "ytd"):
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValidationError("period", [f"{text!r}: month {month} is not 1-12"])
        first = 1 if kind == "ytd" else month
        return Period(date(y, first, 1), _month_end(y, month), kind)
    if kind == "quarter":
        q = _CN_DIGITS[m["q"]]
        return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
    h = 1 if m["h"] in ("1", "上") else 2
    return Period(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half")


def period_of_year(year: int) -> Period:
    """The calendar year as a Period: plan target years and baseline years are these."""
    return Period(date(year, 1, 1), date(year, 12, 31), "year")
