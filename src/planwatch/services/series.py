"""Series summaries: what the status maths needs of each (indicator, region) series.

`progress.batch` evaluates statuses from a summary per series (count, first and latest
point, least-squares sums). The database computes those summaries with one GROUP BY, so the
observations themselves never travel to Python, and keeps them in `series_summaries` so a
refresh of every status reads one row per series. Whoever writes observations calls
`refresh` for what they touched in the same transaction (`services.observations` does);
`rebuild` recomputes everything (after a bulk load or a restore).

A status "as of" a date before a series' latest figure needs the summary of the older
figures only: `summaries` computes those on the fly for the series concerned.

Each summary also counts the series' within-year running totals (`ytd_count`: figures
labelled like 2019年1-9月, the only stored labels ending in 月, `services.periods`): those
few series are judged one by one from their figures (序时进度), not in columns.

Only accepted figures count (`counted`): a figure entered on the web that waits for a
planner above to accept it (数据填报, `services.entry`) moves no status, chart or report.
Every query of figures for the maths goes through that one filter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Double, Select, String, case, cast, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from planwatch.progress.batch import ORIGIN
from planwatch.progress.status import EPS
from planwatch.store.tables import Indicator, Observation, SeriesSummary

_CHUNK = 500  # ids per IN list
YTD_LABELS = "%月"  # LIKE pattern of the stored labels of running totals (2019年1-9月), and of no other kind
ACCEPTED = "accepted"  # the review state of figures that count (`observations.review_state`)


def counted(table: Any = Observation) -> ColumnElement[bool]:
    """The one filter of figures that count in status, series, charts and reports: accepted
    ones (pending and returned figures wait). `table` is the ORM class or an alias of its table."""
    column = table.review_state if table is Observation else table.c.review_state
    return column == ACCEPTED


# The fields of a summary row, in order (as `series_summaries` stores them).
FIELDS = ("indicator_id", "region_id", "n", "first_at", "first_value", "first_period", "last_at", "last_value",
          "last_period", "sum_x", "sum_y", "sum_xy", "sum_xx", "base_value", "base_seen", "ytd_count")
Row = Sequence[Any]  # one summary: values in FIELDS order


def _aggregate(*, upto: float | None, indicator_ids: Collection[int] | None,
               region_ids: Collection[int] | None) -> Select[tuple[object, ...]]:
    """One row per series: GROUP BY for counts and sums, then the first and the latest point
    looked up through the (indicator, region, period) index; ties on a position go to the
    later period label, as a sorted list of points would."""
    o = Observation
    x = o.at - ORIGIN
    where = [counted(o)]
    if upto is not None:
        where.append(o.at <= upto + EPS)
    if indicator_ids is not None:
        where.append(o.indicator_id.in_(list(indicator_ids)))
    if region_ids is not None:
        where.append(o.region_id.in_(list(region_ids)))
    g = (
        select(o.indicator_id.label("indicator_id"), o.region_id.label("region_id"), func.count().label("n"),
               func.min(o.at).label("first_at"), func.max(o.at).label("last_at"),
               func.sum(x).label("sum_x"), func.sum(o.value).label("sum_y"), func.sum(x * o.value).label("sum_xy"),
               func.sum(x * x).label("sum_xx"),
               func.sum(case((o.period.like(YTD_LABELS), 1), else_=0)).label("ytd_count"))
        .where(*where)
        .group_by(o.indicator_id, o.region_id)
        .subquery("g")
    )

    def point(column: str, at: Any, latest: bool) -> Any:
        inner = Observation.__table__.alias("p")
        order = inner.c.period.desc() if latest else inner.c.period.asc()
        return (
            select(inner.c[column])
            .where(inner.c.indicator_id == g.c.indicator_id, inner.c.region_id == g.c.region_id, inner.c.at == at,
                   counted(inner))
            .order_by(order)
            .limit(1)
            .scalar_subquery()
        )

    # The indicator's baseline year: the figure labelled with it (比2015年 → the "2015" actual,
    # as the status method reads a baseline) and whether any figure ends that year (then the
    # forecast line does not add the stated baseline point again). Indicators never change
    # once published, so these are facts of the series like the others.
    p = Observation.__table__.alias("b")
    base_value = (
        select(p.c.value)
        .where(p.c.indicator_id == g.c.indicator_id, p.c.region_id == g.c.region_id,
               p.c.period == cast(Indicator.baseline_year, String), counted(p))
        .limit(1)
        .scalar_subquery()
    )
    base_seen = exists().where(p.c.indicator_id == g.c.indicator_id, p.c.region_id == g.c.region_id,
                               p.c.at == cast(Indicator.baseline_year, Double), counted(p))
    return select(
        g.c.indicator_id, g.c.region_id, g.c.n,
        g.c.first_at, point("value", g.c.first_at, False).label("first_value"),
        point("period", g.c.first_at, False).label("first_period"),
        g.c.last_at, point("value", g.c.last_at, True).label("last_value"),
        point("period", g.c.last_at, True).label("last_period"),
        g.c.sum_x, g.c.sum_y, g.c.sum_xy, g.c.sum_xx, base_value.label("base_value"), base_seen.label("base_seen"),
        g.c.ytd_count,
    ).join(Indicator, Indicator.id == g.c.indicator_id)


def _chunks(ids: Collection[int] | None) -> Iterator[Collection[int] | None]:
    if ids is None:
        yield None
        return
    items = sorted(ids)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def summaries(session: Session, *, upto: float | None = None, indicator_ids: Collection[int] | None = None,
              region_ids: Collection[int] | None = None) -> list[Row]:
    """Summaries computed from the observations now (up to position `upto` if given)."""
    out: list[Row] = []
    for chunk in _chunks(indicator_ids):
        out.extend(_rows(session, _aggregate(upto=upto, indicator_ids=chunk, region_ids=region_ids)))
    return out


def stored(session: Session, *, indicator_ids: Collection[int] | None = None,
           region_ids: Collection[int] | None = None) -> list[Row]:
    """The kept summaries (one row per series with at least one observation)."""
    out: list[Row] = []
    for chunk in _chunks(indicator_ids):
        out.extend(_rows(session, _kept(chunk, region_ids)))
    return out


def _kept(indicator_ids: Collection[int] | None, region_ids: Collection[int] | None) -> Select[tuple[Any, ...]]:
    table = SeriesSummary.__table__
    query = select(*(table.c[f] for f in FIELDS))
    if indicator_ids is not None:
        query = query.where(table.c.indicator_id.in_(list(indicator_ids)))
    if region_ids is not None:
        query = query.where(table.c.region_id.in_(list(region_ids)))
    return query


# One series per element, as the refresh needs it: no NULLs (numpy reads the driver's tuples
# straight into this layout, which halves the cost of turning 600,000 rows into columns).
FRAME = np.dtype([
    ("indicator_id", "i8"), ("region_id", "i8"), ("n", "i8"), ("first_at", "f8"), ("first_value", "f8"),
    ("last_at", "f8"), ("last_value", "f8"), ("last_period", "U10"), ("sum_x", "f8"), ("sum_y", "f8"),
    ("sum_xy", "f8"), ("sum_xx", "f8"), ("base_value", "f8"), ("base_known", "?"), ("base_seen", "?"),
    ("ytd_count", "i8"),
])


def frame(session: Session, *, indicator_ids: Collection[int], region_ids: Collection[int] | None = None,
          upto: float | None = None) -> npt.NDArray[np.void]:
    """Summaries as a FRAME array: the kept ones, or computed now up to position `upto`."""
    parts = []
    for chunk in _chunks(indicator_ids):
        source = (_kept(chunk, region_ids) if upto is None
                  else _aggregate(upto=upto, indicator_ids=chunk, region_ids=region_ids))
        s = source.subquery("s")
        query = select(s.c.indicator_id, s.c.region_id, s.c.n, s.c.first_at, s.c.first_value, s.c.last_at,
                       s.c.last_value, s.c.last_period, s.c.sum_x, s.c.sum_y, s.c.sum_xy, s.c.sum_xx,
                       func.coalesce(s.c.base_value, 0.0), s.c.base_value.is_not(None), s.c.base_seen, s.c.ytd_count)
        rows = _rows(session, query)
        parts.append(np.fromiter(rows, dtype=FRAME, count=len(rows)))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=FRAME)


def _rows(session: Session, query: Select[tuple[Any, ...]]) -> list[Row]:
    """Plain tuples straight from the driver: hundreds of thousands of summary rows need
    neither ORM loading nor SQLAlchemy rows (the driver's tuples are three times cheaper)."""
    conn = session.connection()
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args: Any = tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params
    raw: Any = conn.connection.dbapi_connection
    # psycopg's binary protocol sends floats as 8 bytes instead of text to parse.
    cursor = raw.cursor(binary=True) if conn.dialect.name == "postgresql" else raw.cursor()
    try:
        cursor.execute(str(compiled), args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def refresh(session: Session, *, indicator_ids: Iterable[int], region_ids: Iterable[int] | None = None) -> None:
    """Recompute the kept summaries of these indicators (in these regions), in the caller's
    transaction: a failed import rolls its summaries back with its observations."""
    ids, regions = set(indicator_ids), (set(region_ids) if region_ids is not None else None)
    for chunk in _chunks(ids) if ids else ():
        assert chunk is not None
        gone = delete(SeriesSummary).where(SeriesSummary.indicator_id.in_(list(chunk)))
        if regions is not None:
            gone = gone.where(SeriesSummary.region_id.in_(list(regions)))
        session.execute(gone)
        query = _aggregate(upto=None, indicator_ids=chunk, region_ids=regions)
        session.execute(insert(SeriesSummary).from_select(list(FIELDS), query))


def rebuild(session: Session) -> int:
    """Recompute every kept summary from the observations (after a bulk load or restore);
    returns how many series there are."""
    session.execute(delete(SeriesSummary))
    session.execute(insert(SeriesSummary).from_select(
        list(FIELDS), _aggregate(upto=None, indicator_ids=None, region_ids=None)))
    return session.scalar(select(func.count()).select_from(SeriesSummary)) or 0


def in_step(session: Session) -> bool:
    """Whether the kept summaries match the observations (for tests and checks)."""
    kept = {(r[0], r[1]): r for r in stored(session)}
    fresh = {(r[0], r[1]): r for r in summaries(session)}
    return kept.keys() == fresh.keys() and all(_close(kept[k], fresh[k]) for k in kept)


def _close(a: Row, b: Row) -> bool:
    """Equal, the sums to rounding (the database may add in another order)."""
    if list(a[:9]) != list(b[:9]) or a[13] != b[13] or bool(a[14]) != bool(b[14]) or a[15] != b[15]:
        return False
    return all(abs(x - y) <= 1e-9 * max(1.0, abs(y)) for x, y in zip(a[9:13], b[9:13], strict=True))


__all__ = ["ACCEPTED", "FIELDS", "FRAME", "Row", "counted", "frame", "in_step", "rebuild", "refresh", "stored", "summaries"]
