"""Periods of an actual value: a year (2019), a month (2019-09) or a quarter (2019-Q3)."""

from __future__ import annotations

import calendar
import re
from datetime import date

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|[Qq](?P<quarter>[1-4])))?$")


def parse_period(text: str) -> tuple[str, date, date] | None:
    """(normalised period, first day, last day), or None when not a period.

    >>> parse_period("2019-Q3")
    ('2019-Q3', datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
    >>> parse_period("2019-9")[0], parse_period("2019")[2], parse_period("2019-13")
    ('2019-09', datetime.date(2019, 12, 31), None)
    """
    m = _PERIOD.match(text.strip())
    if not m:
        return None
    year = int(m["year"])
    if m["quarter"]:
        q = int(m["quarter"])
        first, last = 3 * q - 2, 3 * q
        return f"{year}-Q{q}", date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            return None
        return f"{year}-{month:02d}", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return str(year), date(year, 1, 1), date(year, 12, 31)
