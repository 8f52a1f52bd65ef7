"""Periods of an actual value as stored, and reading them as actuals files write them.

Five kinds, each with one canonical label (parsing is `progress.periods.parse_period`'s):

| kind | label | covers |
|---|---|---|
| year | `2019` | the calendar year |
| half | `2019H1`, `2019H2` | January–June, July–December |
| quarter | `2019-Q3` | July–September |
| month | `2019-09` | September alone (当月) |
| ytd | `2019年1-9月` | January to the end of September, cumulative (累计) |

The label says whether a figure is cumulative: `2019年1-9月` (and `9月累计`) is the running
total from January, `2019-09` (`2019年9月`, `9月当月`) the single month. No separate
"cumulative" column is needed, and none is read.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from planwatch.errors import ValidationError
from planwatch.progress.periods import Period
from planwatch.progress.periods import parse_period as _parse
from planwatch.services.cells import normalise, parse_date

STORED_KINDS = ("year", "half", "quarter", "month", "ytd")
EXPECTED = ("expected 2019, 2019-09, 2019-Q3, 2019H1 or 2019年1-9月 (1-9月, 9月, 上半年 or 三季度 "
            "with a 年份/year column)")
_HAS_YEAR = re.compile(r"\d{4}")
_BARE_CODE = re.compile(r"(?:Q[1-4]|H[12])", re.I)  # Q3, H1: joined to a year column with "-"
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[–－~～]"), "-"),  # 1–9月, 1～9月
    (re.compile(r"月份"), "月"),  # 1-9月份
    (re.compile(r"年?前三季度$"), "年1-9月"),
    (re.compile(r"年?(?:1-)?(\d{1,2})月累计$"), r"年1-\1月"),  # 9月累计 = 1-9月
    (re.compile(r"月当月$"), "月"),
)


def label(p: Period) -> str:
    """The stored label of a parsed period.

    >>> from planwatch.progress.periods import parse_period as p
    >>> label(p("2019年三季度")), label(p("2020年上半年")), label(p("2019年1—9月")), label(p("2019/9"))
    ('2019-Q3', '2020H1', '2019年1-9月', '2019-09')
    """
    y, m = p.end.year, p.end.month
    return {"year": str(y), "half": f"{y}H{m // 6}", "quarter": f"{y}-Q{m // 3}", "month": f"{y}-{m:02d}",
            "ytd": f"{y}年1-{m}月"}[p.kind]


def parse_period(text: str) -> tuple[str, date, date] | None:
    """(label, first day, last day), or None when the text is not a stored period.

    >>> parse_period("2019-Q3")
    ('2019-Q3', datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
    >>> parse_period("2019-9")[0], parse_period("2019")[2], parse_period("2019-13"), parse_period("2020H1")[0]
    ('2019-09', datetime.date(2019, 12, 31), None, '2020H1')
    >>> parse_period("２０１９年１－９月份")
    ('2019年1-9月', datetime.date(2019, 1, 1), datetime.date(2019, 9, 30))
    """
    s = normalise(text)
    for pattern, replacement in _REWRITES:
        s = pattern.sub(replacement, s)
    try:
        p = _parse(s)
    except ValidationError:
        return None
    if p.kind not in STORED_KINDS:
        return None
    return label(p), p.start, p.end


def period_kind(text: str) -> str:
    """The kind of a stored label (or any period text this module reads): year, half,
    quarter, month or ytd. A ytd figure is cumulative from January: 序时进度 applies to it.

    >>> period_kind("2019年1-9月"), period_kind("2019-09"), period_kind("2019H1"), period_kind("2019")
    ('ytd', 'month', 'half', 'year')
    """
    parsed = parse_period(text)
    if parsed is None:
        raise ValidationError("period", [f"{text!r}: {EXPECTED}"])
    return _parse(parsed[0]).kind


@lru_cache(maxsize=4096)  # an import of thousands of rows repeats a few dozen periods
def read_period(text: str, *, year: str = "") -> tuple[str, date, date] | str:
    """The stored period a file row gives in its period cell and its optional year cell
    (年份: 2019 beside 1-9月, 上半年, Q3), or a problem saying what to write.

    A date (an Excel date cell, 2021/6/30, 2021年6月30日) is the month it ends when it is the
    month's last day; any other date is a problem, since a day is not a reporting period.

    >>> read_period("1-9月", year="2019")[0], read_period("上半年", year="2019")[0], read_period("", year="2019")[0]
    ('2019年1-9月', '2019H1', '2019')
    >>> read_period("2021/6/30")[0], read_period("2021-06-15")
    ('2021-06', "period '2021-06-15': a day, not a period; write 2021-06 for the month, 2021年1-6月 for January to June")
    """
    s, y = normalise(text), normalise(year)
    if y and not _HAS_YEAR.fullmatch(y):
        return f"year {year!r}: expected a four-digit year such as 2019"
    if y and _HAS_YEAR.search(s) and not s.startswith(y):
        return f"period {text!r}: its year disagrees with the year column ({year})"
    if y and not _HAS_YEAR.search(s):
        s = y if not s else f"{y}-{s}" if _BARE_CODE.fullmatch(s) else f"{y}年{s}"
    if not s:
        return f"period: empty; {EXPECTED}"
    if (day := parse_date(s)) is not None:
        parsed = parse_period(f"{day.year}-{day.month}")
        if parsed is not None and parsed[2] == day:
            return parsed
        return (f"period {text!r}: a day, not a period; write {day:%Y-%m} for the month, "
                f"{day.year}年1-{day.month}月 for January to {day:%B}")
    return parse_period(s) or f"period {text!r}: {EXPECTED}"
