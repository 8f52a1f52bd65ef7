"""Tracking at scale: regions × indicators × years of observations loaded, then status.

Default: 3,000 regions × 200 indicators (20 plans of 10) × 10 years = 6,000,000 observations.
Prints the load rate, the time to compute the series summaries after the bulk load (the
import service keeps them up to date as it writes; a bulk load rebuilds them once), the
full status refresh time (every series of every plan, evaluated in columns), and one plan's
status as rows (its own region, and all regions). Goal: refresh ≤ 5 s; one plan ≤ 100 ms.

Run:
  .venv/bin/python benchmarks/tracking.py                       # SQLite file in a tmp dir
  .venv/bin/python benchmarks/tracking.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
  .venv/bin/python benchmarks/tracking.py --regions 300         # a tenth of the size
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from bench_db import bench_url
from sqlalchemy import insert, select, text

from planwatch.config import Settings
from planwatch.services import series
from planwatch.services.regions import ensure_regions
from planwatch.services.status import plan_status, status_frame
from planwatch.store import open_store
from planwatch.store.tables import Indicator, Observation, Plan, PlanVersion, Region

FIRST_YEAR = 2011


def _setup(store: object, *, regions: int, plans: int, per_plan: int) -> tuple[list[int], list[int]]:
    with store.transaction() as s:  # type: ignore[attr-defined]
        ensure_regions(s)
        # Counties first (2,851 in the national list), then cities, up to the number asked.
        region_ids = list(s.scalars(select(Region.id).where(Region.level.in_(("county", "city")))
                                    .order_by(Region.level.desc(), Region.id).limit(regions)))
        indicator_ids = []
        for p in range(plans):
            plan = Plan(key=f"bench{p}", title=f"benchmark plan {p}", region_id=region_ids[p % len(region_ids)])
            s.add(plan)
            s.flush()
            version = PlanVersion(plan_id=plan.id, version_no=1, status="published", extracted={})
            s.add(version)
            s.flush()
            plan.current_version_id = version.id
            for k in range(per_plan):
                ind = Indicator(plan_version_id=version.id, position=k, kind="target", metric=f"指标{p}-{k}",
                                unit="亿元", value=200.0 + 40 * (k % 3), target_year=2022 + k % 4, baseline_year=2015,
                                baseline_value=100.0)
                s.add(ind)
                s.flush()
                indicator_ids.append(ind.id)
    return region_ids, indicator_ids


def _series(region_ids: list[int], indicator_ids: list[int], years: int) -> Iterator[tuple[int, int, int, float]]:
    rng = random.Random(7)
    for ind in indicator_ids:
        for reg in region_ids:
            level = 100.0
            for y in range(FIRST_YEAR, FIRST_YEAR + years):
                level *= 1 + rng.uniform(-0.02, 0.2)
                yield ind, reg, y, round(level, 2)


def _load(store: object, region_ids: list[int], indicator_ids: list[int], years: int) -> int:
    """Bulk load: PostgreSQL's COPY, or batched multi-row INSERTs on SQLite."""
    engine = store.engine  # type: ignore[attr-defined]
    rows = 0
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            cursor = conn.connection.dbapi_connection.cursor()
            columns = "indicator_id, region_id, period, period_start, period_end, at, value, unit, created_at"
            now = datetime.now(UTC)
            with cursor.copy(f"COPY observations ({columns}) FROM STDIN") as copy:
                for ind, reg, y, value in _series(region_ids, indicator_ids, years):
                    copy.write_row((ind, reg, str(y), date(y, 1, 1), date(y, 12, 31), float(y), value, "亿元", now))
                    rows += 1
            return rows
        batch: list[dict[str, object]] = []
        for ind, reg, y, value in _series(region_ids, indicator_ids, years):
            batch.append({"indicator_id": ind, "region_id": reg, "period": str(y), "period_start": date(y, 1, 1),
                          "period_end": date(y, 12, 31), "value": value, "unit": "亿元"})
            if len(batch) >= 100_000:
                conn.execute(insert(Observation), batch)
                rows += len(batch)
                batch = []
        if batch:
            conn.execute(insert(Observation), batch)
            rows += len(batch)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None)
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--plans", type=int, default=20)
    ap.add_argument("--per-plan", type=int, default=10)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = bench_url(args.url, tmp=Path(tmp.name), schema="pw_bench")
    store = open_store(Settings(database_url=url, actor="bench"))
    region_ids, indicator_ids = _setup(store, regions=args.regions, plans=args.plans, per_plan=args.per_plan)
    t0 = time.perf_counter()
    rows = _load(store, region_ids, indicator_ids, args.years)
    load = time.perf_counter() - t0
    print(f"database: {url.split(':')[0]}; {len(region_ids)} regions × {len(indicator_ids)} indicators × {args.years} years")
    print(f"load: {rows:,} observations in {load:.1f} s = {rows / load:,.0f} rows/s")
    if url.startswith("postgresql"):
        with store.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.execute(text("ANALYZE"))  # fresh statistics after a bulk load, as autovacuum would
    t0 = time.perf_counter()
    with store.transaction() as s:
        kept = series.rebuild(s)
    secs = time.perf_counter() - t0
    print(f"summaries: {kept:,} series summarised in {secs:.1f} s (once, after the bulk load)")
    as_of = date(2021, 6, 30)
    for _ in range(2):  # the second run shows the steady state (database pages cached)
        t0 = time.perf_counter()
        with store.transaction() as s:
            frame = status_frame(s, as_of=as_of)
        secs = time.perf_counter() - t0
        print(f"full refresh (every plan, every region): {len(frame):,} statuses in {secs:.2f} s "
              f"({len(frame) / secs:,.0f}/s); {frame.counts()}")
    t0 = time.perf_counter()
    with store.transaction() as s:
        frame = status_frame(s, as_of=date(2018, 6, 30))
    secs = time.perf_counter() - t0
    print(f"full refresh as of 2018-06-30 (older figures re-summarised): {len(frame):,} statuses in {secs:.2f} s")
    t0 = time.perf_counter()
    with store.transaction() as s:
        out = plan_status(s, as_of=as_of, plan="bench0")
    secs = time.perf_counter() - t0
    print(f"one plan, all its regions, as rows: {len(out):,} statuses in {secs:.3f} s")
    with store.transaction() as s:
        own = s.get(Region, region_ids[0])
        assert own is not None
        name = own.name
    for _ in range(2):
        t0 = time.perf_counter()
        with store.transaction() as s:
            out = plan_status(s, as_of=as_of, plan="bench0", region=name)
        secs = time.perf_counter() - t0
    print(f"one plan, its own region: {len(out)} statuses in {secs * 1000:.0f} ms")
    store.dispose()


if __name__ == "__main__":
    main()
