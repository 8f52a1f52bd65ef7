"""Tracking at scale: regions × indicators × years of observations loaded, then status.

Default: 3,000 regions × 200 indicators (20 plans of 10) × 10 years = 6,000,000 observations.
Prints the load rate, the full status refresh time, and one plan's status (its own region,
and all regions). Goal: refresh ≤ 5 s; one plan's status ≤ 100 ms.

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
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, text

from planwatch.config import Settings
from planwatch.services.regions import ensure_regions
from planwatch.services.status import plan_status
from planwatch.store import open_store
from planwatch.store.tables import Indicator, Observation, Plan, PlanVersion, Region

FIRST_YEAR = 2011


def _setup(store: object, *, regions: int, plans: int, per_plan: int) -> tuple[list[int], list[int]]:
    with store.transaction() as s:  # type: ignore[attr-defined]
        ensure_regions(s)
        region_ids = list(s.scalars(select(Region.id).where(Region.level == "county").order_by(Region.id).limit(regions)))
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
                                unit="亿元", value=200.0, target_year=2020, baseline_year=2015, baseline_value=100.0)
                s.add(ind)
                s.flush()
                indicator_ids.append(ind.id)
    return region_ids, indicator_ids


def _load(store: object, region_ids: list[int], indicator_ids: list[int], years: int) -> int:
    rng = random.Random(7)
    engine = store.engine  # type: ignore[attr-defined]
    rows = 0
    batch: list[dict[str, object]] = []
    with engine.begin() as conn:
        for ind in indicator_ids:
            for reg in region_ids:
                level = 100.0
                for y in range(FIRST_YEAR, FIRST_YEAR + years):
                    level *= 1 + rng.uniform(-0.02, 0.2)
                    batch.append({"indicator_id": ind, "region_id": reg, "period": str(y), "period_start": date(y, 1, 1),
                                  "period_end": date(y, 12, 31), "value": round(level, 2), "unit": "亿元"})
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
    url = args.url or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    if url.startswith("postgresql"):
        from sqlalchemy import create_engine

        admin = create_engine(url)
        with admin.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS pw_bench CASCADE; CREATE SCHEMA pw_bench"))
        admin.dispose()
        url += "?options=-csearch_path%3Dpw_bench"
    store = open_store(Settings(database_url=url, actor="bench"))
    region_ids, indicator_ids = _setup(store, regions=args.regions, plans=args.plans, per_plan=args.per_plan)
    t0 = time.perf_counter()
    rows = _load(store, region_ids, indicator_ids, args.years)
    load = time.perf_counter() - t0
    print(f"database: {url.split(':')[0]}; {len(region_ids)} regions × {len(indicator_ids)} indicators × {args.years} years")
    print(f"load: {rows:,} observations in {load:.1f} s = {rows / load:,.0f} rows/s")
    as_of = date(2021, 6, 30)
    for label, kwargs in (
        ("full refresh (every plan, every region)", {}),
        ("one plan, all its regions", {"plan": "bench0"}),
    ):
        t0 = time.perf_counter()
        with store.transaction() as s:
            out = plan_status(s, as_of=as_of, **kwargs)  # type: ignore[arg-type]
        secs = time.perf_counter() - t0
        print(f"{label}: {len(out):,} statuses in {secs:.3f} s ({len(out) / secs:,.0f}/s)")
    with store.transaction() as s:
        own = s.get(Region, region_ids[0])
        assert own is not None
        t0 = time.perf_counter()
        out = plan_status(s, as_of=as_of, plan="bench0", region=own.name)
        secs = time.perf_counter() - t0
    print(f"one plan, its own region: {len(out)} statuses in {secs * 1000:.0f} ms")
    store.dispose()


if __name__ == "__main__":
    main()
