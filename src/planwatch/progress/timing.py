"""When a figure is due, where progress is measured, and what kind of period a figure covers.

Statistics for year T come out in the first months of T+1 (统计公报 in February–April), so on
2024-02-15 the 2023 figure is not late and a 2023 target cannot yet be judged 未完成. The
*lag* (`PLANWATCH_DATA_LAG_MONTHS`, default 3) says how many months after the end of a
period its figure is due: year T's by the last day of month `lag` of T+1 (31 March).

Pace is measured at the **measure point**: the end of the last year whose figure is due by
`as_of` (for within-year running totals, the last month), or the latest figure when that is
newer. So a region whose latest figure is old is judged against the time that has passed
since, and a region is never marked behind for a figure that is not out yet.

Pure: positions are fractional years (`periods.position`), the lag a whole number of months.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from planwatch.errors import ValidationError
from planwatch.progress.periods import Period, parse_period

DATA_LAG_MONTHS = 3  # statistics for year T are due by 31 March of T+1
EPS = 1e-9


def due_position(year: float, lag_months: int) -> float:
    """Position of the day year `year`'s figure is due (its end plus the lag).

    >>> due_position(2023, 3)
    2023.25
    """
    return year + lag_months / 12


def due_date(year: int, lag_months: int) -> date:
    """The day year `year`'s figure is due: the last day of the month `lag_months` after
    December (3 → 31 March of the next year; 0 → 31 December of the year itself).

    >>> due_date(2023, 3), due_date(2023, 0), due_date(2023, 14)
    (datetime.date(2024, 3, 31), datetime.date(2023, 12, 31), datetime.date(2025, 2, 28))
    """
    months = year * 12 + 11 + lag_months  # December of `year`, counted in months from year 0
    y, m = divmod(months, 12)
    nxt = date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def due_floor(now: float, lag_months: int, *, cumulative: bool) -> float:
    """End of the last year (months, for running totals) whose figure is due at position `now`.

    >>> due_floor(2023.125, 3, cumulative=False)  # 2024-02-15: 2022's figure is due, 2023's not yet
    2022.0
    >>> due_floor(2023.5, 3, cumulative=False), due_floor(2018.75, 3, cumulative=True)
    (2023.0, 2018.5)
    """
    if cumulative:
        return math.floor((now - lag_months / 12) * 12 + EPS) / 12
    return float(math.floor(now - lag_months / 12 + EPS))


def measured_at(now: float, lag_months: int, *, latest: float | None, cumulative: bool) -> float:
    """The measure point (module doc): the due floor, or the latest figure when newer.

    >>> measured_at(2023.5, 3, latest=2020.0, cumulative=False)
    2023.0
    >>> measured_at(2023.125, 3, latest=2023.0, cumulative=False)  # 2023's figure out early
    2023.0
    """
    floor = due_floor(now, lag_months, cumulative=cumulative)
    return floor if latest is None else max(latest, floor)


def check_lag(lag_months: int) -> None:
    if not isinstance(lag_months, int) or isinstance(lag_months, bool) or not 0 <= lag_months <= 24:
        raise ValueError(f"lag_months must be a whole number of months from 0 to 24, not {lag_months!r}")


@lru_cache(maxsize=8192)
def period_of(label: str) -> Period | None:
    """The period a figure's label names, None for labels that are not periods (tests use
    bare positions; such figures count as whatever their position says)."""
    if not label:
        return None
    try:
        return parse_period(label)
    except ValidationError:
        return None


def is_partial_ytd(label: str) -> bool:
    """A running total from January that stops before December (2019年1-9月): a figure of
    part of a year, comparable only with an annual target of that same year.

    >>> is_partial_ytd("2019年1-9月"), is_partial_ytd("2019年1-12月"), is_partial_ytd("2019-09")
    (True, False, False)
    """
    p = period_of(label)
    return p is not None and p.kind == "ytd" and p.end.month < 12


def to_date_year(label: str, at: float) -> int | None:
    """The year a figure counts towards when it covers that year from 1 January (the year
    itself, 1-9月, 上半年, 一季度, January); None for a figure of a later stretch only (Q3,
    September alone, H2), which says nothing about the year so far. Unlabelled figures count
    for the year their position falls in.

    >>> to_date_year("2019年1-9月", 2018.75), to_date_year("2019H1", 2018.5), to_date_year("2019-Q3", 2018.75)
    (2019, 2019, None)
    >>> to_date_year("", 2019.0), to_date_year("", 2018.75)
    (2019, 2019)
    """
    p = period_of(label)
    if p is None:
        return math.ceil(at - EPS)
    if (p.start.month, p.start.day) != (1, 1) or p.end.year != p.start.year:
        return None
    return p.start.year


__all__ = ["DATA_LAG_MONTHS", "check_lag", "due_date", "due_floor", "due_position", "is_partial_ytd",
           "measured_at", "period_of", "to_date_year"]
