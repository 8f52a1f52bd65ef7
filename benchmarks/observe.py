"""Import throughput of `planwatch observe`: a CSV of actuals validated row by row (plan,
indicator, region inside the plan's, period, unit, plausibility, duplicates) and stored all or
nothing with an audit row each. The rows are monthly figures for every region of 安徽省.

Run: .venv/bin/python benchmarks/observe.py [--rows 10000] [--url URL]
Prints rows per second (SQLite file in a tmp dir by default).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_db import bench_url
from sqlalchemy import select

from planwatch.config import Settings
from planwatch.services.observations import record_file
from planwatch.services.plans import import_plan, load_plan_file, publish_plan
from planwatch.services.regions import ensure_regions
from planwatch.store import open_store
from planwatch.store.tables import Region

GOLD_PLAN = Path(__file__).parents[1] / "tests" / "gold" / "002_7230ec801b983216.json"  # 中国制造2025安徽篇


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--url", default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    url = bench_url(args.url, tmp=tmp, schema="pw_observe")
    store = open_store(Settings(database_url=url, actor="bench"))
    with store.transaction() as s:
        import_plan(s, plan=load_plan_file(GOLD_PLAN), key="anhui", source_file=GOLD_PLAN.name)
    with store.transaction() as s:
        publish_plan(s, key="anhui")
        ensure_regions(s)
        names = list(s.scalars(select(Region.name).where(Region.code.like("34%"))))  # inside the plan's 安徽省
    unique = [n for n, k in Counter(names).items() if k == 1]  # names that need no parent to resolve
    periods = [f"{y}-{m:02d}" for y in range(2015, 2026) for m in range(1, 13)]
    per_region = max(1, args.rows // len(unique))
    lines = ["plan,indicator,region,period,value,unit,source"]
    for name in unique:
        lines += [f"anhui,安徽名牌,{name},{p},{100 + i},个,bench" for i, p in enumerate(periods[:per_region])]
    path = tmp / "actuals.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    with store.transaction() as s:
        stored = record_file(s, path=path)
    secs = time.perf_counter() - t0
    print(f"database: {url.split(':')[0]}; observe: {stored:,} rows in {secs:.1f} s = {stored / secs:,.0f} rows/s")
    store.dispose()


if __name__ == "__main__":
    main()
