"""Periods of an actual value as stored: a year (2019), a month (2019-09) or a quarter (2019-Q3).

Parsing is `progress.periods.parse_period`'s; this adapter keeps the three kinds the
`observe` file format allows and gives each its canonical label.
"""

from __future__ import annotations

from datetime import date

from planwatch.errors import ValidationError
from planwatch.progress.periods import parse_period as _parse

STORED_KINDS = ("year", "month", "quarter")


def parse_period(text: str) -> tuple[str, date, date] | None:
    """(normalised period, first day, last day), or None when not a stored period.

    >>> parse_period("2019-Q3")
    ('2019-Q3', datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
    >>> parse_period("2019-9")[0], parse_period("2019")[2], parse_period("2019-13"), parse_period("2020H1")
    ('2019-09', datetime.date(2019, 12, 31), None, None)
    """
    try:
        p = _parse(text)
    except ValidationError:
        return None
    if p.kind not in STORED_KINDS:
        return None
    if p.kind == "year":
        label = str(p.end.year)
    elif p.kind == "month":
        label = f"{p.end.year}-{p.end.month:02d}"
    else:
        label = f"{p.end.year}-Q{p.end.month // 3}"
    return label, p.start, p.end
