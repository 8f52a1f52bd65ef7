"""The 重点项目 rates panel under load: a province-sized project library, 50 users at once on
one `planwatch serve` process on 127.0.0.1.

The database: the 3,219 bundled regions; one published plan per city of 安徽 (16); `--projects`
key projects (default 6,000, the size of a province's annual 省重点项目 list) spread over the
cities and their counties, with stages 储备 15% / 新建 35% / 续建 35% / 竣工 10% / 达产 5%, planned
and actual dates in 2025–2027, an annual plan each and monthly 1—N月 reports through October;
50 users: 10 planners of 安徽省 (the whole library), 16 planners and 20 viewers of cities, 4
admins. Every virtual user logs in BEFORE timing (Argon2 at its production cost), then loads
the rates panel `/projects/rates?period=2026-10` (its own scope, now and then with a city
filter), its `.json` twin and the library page, with a random think time, until the request
cap or the time cap (both bounded). With `--write-every S` a planner edits a project every S
seconds, so the panel's cached data is recomputed after each change.

Prints p50 / p95 per page, throughput, errors, and the time one panel takes to compute
without the cache. Goal: the rates panel's p95 ≤ 150 ms at 50 users.

Run:
  .venv/bin/python benchmarks/projects.py                   # SQLite file in build/bench/
  .venv/bin/python benchmarks/projects.py --warm            # panels computed once before timing
  .venv/bin/python benchmarks/projects.py --write-every 5   # with edits
  .venv/bin/python benchmarks/projects.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

import web  # benchmarks/web.py: the shared database set-up
from planwatch.config import Settings
from planwatch.model import Meta
from planwatch.model import Plan as PlanModel
from planwatch.services.auth import create_user, hasher, principal_of
from planwatch.services.plans import import_plan, publish_plan
from planwatch.services.projects_library import rates_panel, read_period
from planwatch.services.regions import ensure_regions, resolve_region
from planwatch.store import Store, open_store
from planwatch.store.auth_tables import User
from planwatch.store.tables import Plan, Region
from planwatch.store.work_tables import Project, ProjectProgress, ProjectStage, ProjectYearPlan

ROOT = Path(__file__).parents[1]
PASSWORD = "bench-password"
PERIOD = "period=2026-10&as_of=2026-11-15"
PAGES = {"rates": (6, "/projects/rates?" + PERIOD), "rates.json": (2, "/projects/rates.json?" + PERIOD),
         "library": (1, "/projects?" + PERIOD)}
GOAL_MS = 150.0
STAGES = (("储备", 15), ("新建", 35), ("续建", 35), ("竣工", 10), ("达产", 5))


def database_url(url: str | None, *, reuse: bool) -> str:
    """build/bench/projects.db, or the schema pw_projects on PostgreSQL (benchmarks/web.py)."""
    return web.database_url(url, reuse=reuse, name="projects")


def _day(rnd: random.Random, first: date, span: int) -> date:
    return first + timedelta(days=rnd.randrange(span))


def insert_projects(s: Session, rnd: random.Random, *, cities: list[int], counties: dict[int, list[int]],
                    plan_of: dict[int, int], n: int) -> None:
    """`n` projects over `cities` and their counties (bulk inserted, as a province's import
    leaves the library), with stages, planned and actual dates, the 2026 plan and monthly
    1—N月 reports; each belongs to the plan of its city (`plan_of`: region id → plan id).
    Shared with benchmarks/web.py, which puts a library beside its 100 plans."""
    rows: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    years: list[dict[str, Any]] = []
    months: list[dict[str, Any]] = []
    names = [st for st, w in STAGES for _ in range(w)]
    for i in range(n):
        city = cities[i % len(cities)]
        region = rnd.choice([city, *counties[city]])
        stage = rnd.choice(names)
        total = float(rnd.randrange(5_000, 500_000, 1_000))
        rows.append({"id": i + 1, "plan_id": plan_of[city], "name": f"重点项目{i:05d}", "enterprise": f"企业{i % 900:03d}",
                     "region_id": region, "planned_investment": total, "completed_investment": total * 0.3,
                     "stage": stage, "version": 1})
        start = _day(rnd, date(2025, 1, 1), 700)
        started = stage != "储备" and rnd.random() < 0.85
        actual = start + timedelta(days=rnd.randrange(-20, 60)) if started else None
        done = stage in ("竣工", "达产")
        stages += [{"project_id": i + 1, "stage": "新建", "planned_date": start,
                    "actual_date": actual if actual and actual <= date(2026, 11, 15) else None},
                   {"project_id": i + 1, "stage": "竣工", "planned_date": start + timedelta(days=400),
                    "actual_date": start + timedelta(days=380) if done else None},
                   {"project_id": i + 1, "stage": "达产", "planned_date": start + timedelta(days=600),
                    "actual_date": start + timedelta(days=590) if stage == "达产" else None}]
        if stage == "储备" or rnd.random() < 0.1:
            stages.append({"project_id": i + 1, "stage": "储备", "planned_date": None, "actual_date": None})
        plan = round(total * 0.3, 1)
        years.append({"project_id": i + 1, "year": 2026, "planned": plan, "completed": None})
        if started:
            pace = rnd.uniform(0.3, 1.2)
            months += [{"project_id": i + 1, "month": f"2026-{m:02d}", "cumulative": round(plan * pace * m / 12, 1),
                        "reported_by": "bench"} for m in range(1, 11)]
    for table, data in ((Project, rows), (ProjectStage, stages), (ProjectYearPlan, years),
                        (ProjectProgress, months)):
        for k in range(0, len(data), 5000):
            s.execute(insert(table), data[k:k + 5000])


def build(store: Store, *, projects: int) -> list[str]:
    """The plans, projects (bulk inserted: the library as a province's import leaves it) and users."""
    rnd = random.Random(2026)
    with store.transaction() as s:
        ensure_regions(s)
        province = resolve_region(s, name="安徽省").id
        cities = [(int(c), str(n)) for c, n in
                  s.execute(select(Region.id, Region.name).where(Region.parent_id == province).order_by(Region.id))]
        counties = {cid: list(s.scalars(select(Region.id).where(Region.parent_id == cid))) for cid, _ in cities}
    for n, (_cid, name) in enumerate(cities):
        with store.transaction() as s:
            import_plan(s, plan=PlanModel(doc=f"c{n}", meta=Meta(title=f"{name}重点项目计划", region=name)),
                        key=f"city{n:02d}", region=name)
        with store.transaction() as s:
            publish_plan(s, key=f"city{n:02d}")
    with store.transaction() as s:
        plan_of = {int(region): pid for pid, region in s.execute(select(Plan.id, Plan.region_id)) if region}
        insert_projects(s, rnd, cities=[c for c, _ in cities], counties=counties, plan_of=plan_of, n=projects)
    return make_users(store, cities)


def make_users(store: Store, cities: list[tuple[int, str]]) -> list[str]:
    pw = hasher(*(lambda st: (st.argon2_time_cost, st.argon2_memory_kib))(Settings.from_env()))
    logins: list[str] = []
    with store.transaction() as s:
        province = resolve_region(s, name="安徽省").id
        made = ([("admin", None)] * 4 + [("planner", province)] * 10 + [("planner", c) for c, _ in cities]
                + [("viewer", cities[i % len(cities)][0]) for i in range(20)])
        for role, region in made[:50]:
            login = f"{role}{sum(x.startswith(role) for x in logins):02d}"
            create_user(s, login=login, password=PASSWORD, role=role, region_id=region, pw=pw)
            logins.append(login)
    return logins


def cold_panel_ms(store: Store, login: str, n: int = 5) -> float:
    """One panel computed without the cache (the province planner's whole library), median of n."""
    period = read_period(start=None, end=None, period="2026-10", as_of="2026-11-15", today=date(2026, 11, 15))
    times = []
    with store.transaction() as s:
        who = principal_of(s.scalars(select(User).where(User.login == login)).one())
        for _ in range(n):
            started = time.perf_counter()
            rates_panel(s, who, region=None, plan=None, period=period)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


free_port, start_server = web.free_port, web.start_server  # the server set-up of benchmarks/web.py


_pct = web._pct  # p50 / p95 as benchmarks/web.py reports them


async def run(base: str, logins: list[str], args: argparse.Namespace) -> None:
    gate = asyncio.Semaphore(4)
    clients: list[httpx2.AsyncClient] = []

    async def log_in(login: str) -> httpx2.AsyncClient:
        async with gate:
            c = httpx2.AsyncClient(base_url=base, timeout=120)
            r = await c.post("/login", data={"login": login, "password": PASSWORD})
            if r.status_code != 303:
                raise SystemExit(f"{login} could not log in: {r.status_code}")
            return c

    clients = list(await asyncio.gather(*(log_in(u) for u in logins[: args.users])))
    print(f"logged in {len(clients)} users before timing")
    if args.warm:  # every scope's panel computed once before timing (what a day's first visitors do)
        started = time.perf_counter()

        async def warm(c: httpx2.AsyncClient) -> None:
            async with gate:
                await c.get(PAGES["rates"][1])

        await asyncio.gather(*(warm(c) for c in clients))
        for city in ("合肥市", "芜湖市", "蚌埠市", "安庆市"):
            await clients[0].get(PAGES["rates"][1] + f"&region={city}")
        print(f"warmed the panels of every scope in {time.perf_counter() - started:.1f} s")
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    budget = [args.requests]
    deadline = time.monotonic() + args.seconds
    cities = ["合肥市", "芜湖市", "蚌埠市", "安庆市"]

    async def browse(c: httpx2.AsyncClient, login: str, seed: int) -> None:
        rnd = random.Random(seed)
        labels = list(PAGES)
        await asyncio.sleep(rnd.uniform(0, 2 * args.think))
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            label = rnd.choices(labels, [PAGES[x][0] for x in labels])[0]
            path = PAGES[label][1]
            if login.startswith(("admin", "planner0")) and rnd.random() < 0.3:
                path += f"&region={rnd.choice(cities)}"
            started = time.perf_counter()
            r = await c.get(path)
            times[label].append((time.perf_counter() - started) * 1000)
            if r.status_code != 200:
                errors[label] += 1
            await asyncio.sleep(rnd.uniform(0, 2 * args.think))

    async def writer(c: httpx2.AsyncClient) -> None:
        n = 0
        while args.write_every and time.monotonic() < deadline and budget[0] > 0:
            await asyncio.sleep(args.write_every)
            pid = 1 + (n * 37) % args.projects
            page = (await c.get(f"/projects/{pid}.json")).json()
            started = time.perf_counter()
            r = await c.post(f"/projects/{pid}", data={"version": str(page["project"]["version"]),
                                                       "enterprise": f"改名{n}"}, follow_redirects=False)
            times["edit (POST)"].append((time.perf_counter() - started) * 1000)
            if r.status_code != 303:
                errors["edit (POST)"] += 1
            n += 1

    started = time.monotonic()
    try:
        await asyncio.wait_for(asyncio.gather(writer(clients[4]), *(browse(c, login, i) for i, (c, login)
                                                                    in enumerate(zip(clients, logins, strict=False)))),
                               timeout=args.seconds + 120)
    finally:
        wall = time.monotonic() - started
        for c in clients:
            await c.aclose()
    total = sum(len(v) for v in times.values())
    print(f"\n{total:,} requests by {len(clients)} users in {wall:.1f} s = {total / wall:.1f} requests/s; "
          f"errors {sum(errors.values())}")
    print(f"{'page':<14}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for label, values in times.items():
        print(f"{label:<14}{len(values):>6}{_pct(values, 50):>9.0f}{_pct(values, 95):>9.0f}{max(values):>9.0f}"
              f"{errors.get(label, 0):>8}")
    p95 = _pct(times["rates"], 95)
    print(f"goal p95 ≤ {GOAL_MS:.0f} ms, rates panel: {p95:.0f} ms {'met' if p95 <= GOAL_MS else 'NOT met'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", default=None)
    ap.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    ap.add_argument("--projects", type=int, default=6000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=90)
    ap.add_argument("--think", type=float, default=1.0, help="mean think time, s")
    ap.add_argument("--write-every", type=float, default=0.0, help="a planner edits a project every S seconds")
    ap.add_argument("--warm", action="store_true", help="load each user's panel once before timing")
    ap.add_argument("--workers", type=int, default=1, help="server processes (planwatch serve --workers)")
    args = ap.parse_args()
    url = database_url(args.url, reuse=args.reuse)
    store = open_store(Settings.from_env(database_url=url))
    with store.transaction() as s:
        have = s.scalar(select(func.count()).select_from(Project)) or 0
        logins = list(s.scalars(select(User.login).order_by(User.id)))
    if not (args.reuse and have >= args.projects and len(logins) >= 50):
        started = time.perf_counter()
        logins = build(store, projects=args.projects)
        print(f"database: {args.projects:,} projects in 16 cities, {len(logins)} users "
              f"in {time.perf_counter() - started:.0f} s")
    province_planner = next(u for u in logins if u.startswith("planner"))
    print(f"one rates panel of the whole province computed without the cache: "
          f"{cold_panel_ms(store, province_planner):.0f} ms (median of 5)")
    port = free_port()
    server = start_server(url, port, args.workers)
    print(f"database: {url.split(':')[0]}; serving on 127.0.0.1:{port} ({args.workers} worker(s)); {args.users} users, think {args.think} s, "
          f"edits every {args.write_every or '—'} s")
    try:
        asyncio.run(run(f"http://127.0.0.1:{port}", logins, args))
    finally:
        server.terminate()
        server.wait(timeout=30)
        store.dispose()


if __name__ == "__main__":
    main()
