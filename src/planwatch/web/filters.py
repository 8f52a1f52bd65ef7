"""The filters of the progress pages — region, date (as_of) and method — read from the
query string of a plain GET form, so the choice stays in the URL
(``?region=合肥市&as_of=2021-03-31&method=escap``).

An empty field means the default (a form sends ``region=`` when left blank). Every bad
value is reported together as one ValidationError (a 422 page naming the field), never a
500: an unknown region, a region outside the plan's, a date that is not a date, a method
that is not one of the three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.progress.status import METHODS
from planwatch.services.regions import resolve_region

METHOD_NAMES = {"cagr": "年均增速法（CAGR）", "escap": "ESCAP现状指数法", "elapsed": "序时进度法"}
FIRST_YEAR, LAST_YEAR = 1949, 2100

RegionParam = Annotated[str | None, Query(max_length=64, description="地区 (a region inside the plan's)")]
AsOfParam = Annotated[str | None, Query(max_length=32, description="截至日期 YYYY-MM-DD (default: today)")]
MethodParam = Annotated[str | None, Query(max_length=16, description="cagr | escap | elapsed (default cagr)")]


@dataclass(frozen=True)
class Filters:
    as_of: date
    region: str | None  # the region's name as stored
    region_id: int | None
    method: str
    lag_months: int = 3  # months after a year's end its figures are due (Settings.data_lag_months)
    dated: bool = True  # as_of was chosen (else today's: links then keep following the day)

    def query(self, **changes: str | None) -> str:
        """The query string of these filters (with `changes`), for links that keep them.

        >>> Filters(date(2021, 3, 31), "合肥市", 7, "escap").query()
        'region=%E5%90%88%E8%82%A5%E5%B8%82&as_of=2021-03-31&method=escap'
        >>> Filters(date(2026, 1, 5), None, None, "cagr", dated=False).query(region="芜湖市")
        'region=%E8%8A%9C%E6%B9%96%E5%B8%82&method=cagr'
        """
        values = {"region": self.region, "as_of": self.as_of.isoformat() if self.dated else None,
                  "method": self.method, **changes}
        return urlencode({k: v for k, v in values.items() if v})


def parse_day(text: str | None, *, today: date) -> date | str:
    """A date from the form, or a problem.

    >>> parse_day("2021-03-31", today=date(2026, 1, 1)), parse_day("", today=date(2026, 1, 1))
    (datetime.date(2021, 3, 31), datetime.date(2026, 1, 1))
    >>> parse_day("2021-13-01", today=date(2026, 1, 1))
    "as_of: '2021-13-01' is not a date (write YYYY-MM-DD, e.g. 2021-03-31)"
    """
    text = (text or "").strip()
    if not text:
        return today
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"as_of: {text!r} is not a date (write YYYY-MM-DD, e.g. 2021-03-31)"
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return f"as_of: {text!r}: expected a year from {FIRST_YEAR} to {LAST_YEAR}"
    return day


def read_filters(session: Session, *, region: str | None, as_of: str | None, method: str | None,
                 plan_region_id: int | None, today: date, lag_months: int) -> Filters:
    """The filters, or a ValidationError listing every bad field. `lag_months` is the
    setting (`PLANWATCH_DATA_LAG_MONTHS`), not a field of the form."""
    problems: list[str] = []
    day = parse_day(as_of, today=today)
    if isinstance(day, str):
        problems.append(day)
    chosen = (method or "").strip() or "cagr"
    if chosen not in METHODS:
        problems.append(f"method: {chosen!r}: expected one of {', '.join(METHODS)}")
    name, region_id = None, None
    if region and region.strip():
        try:
            ref = resolve_region(session, name=region, within=plan_region_id, inside=plan_region_id)
            name, region_id = ref.name, ref.id
        except ValidationError as e:
            problems += [f"region: {p}" for p in e.problems]
        except NotFoundError:
            problems.append(f"region: {region.strip()!r}: no region has this name")
    if problems:
        raise ValidationError("筛选条件 (filters)", problems)
    assert isinstance(day, date)
    return Filters(as_of=day, region=name, region_id=region_id, method=chosen, lag_months=lag_months,
                   dated=bool((as_of or "").strip()))


__all__ = ["METHOD_NAMES", "AsOfParam", "Filters", "MethodParam", "RegionParam", "parse_day", "read_filters"]
