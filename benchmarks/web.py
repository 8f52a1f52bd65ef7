"""The web workspace under load: 50 users at once on `planwatch serve` on 127.0.0.1.

The database: 100 plans (the five example documents imported and published again and again
under new keys, spread over the cities of 安徽 and 浙江, each with actuals for its own city),
a key-project library and the 3,219 bundled regions; 50 users of every role. The server is
`planwatch serve --workers N` in a subprocess on a free port (N: one per core, at most 2, as
a deployment would run it). Every virtual user logs in BEFORE timing starts (Argon2 at its
production cost: logins are reported apart), then loads a mix of pages — dashboard, plans
list, plan page, indicator page, their JSON twins, the 督查督办 board, the data-entry grid and
the project rates panel — with a random think time, until the request cap or the time cap
is reached (both bounded; it always stops by itself).

Prints p50 / p95 per page, throughput and errors, and p95 by third of the run: a fresh
database computes each scope's cached pages on their first visit, and those first visits
all fall in the first third. Goal: p95 ≤ 100 ms for the dashboard, plan and indicator
pages, ≤ 150 ms for the board, the grid and the rates panel.

Run:
  .venv/bin/python benchmarks/web.py                      # SQLite file in build/bench/
  .venv/bin/python benchmarks/web.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
  .venv/bin/python benchmarks/web.py --reuse              # keep the database of the last run
  .venv/bin/python benchmarks/web.py --warm               # first visits before timing, reported apart
  .venv/bin/python benchmarks/web.py --write-every 5      # an edit every 5 s (cached pages recomputed)
  .venv/bin/python benchmarks/web.py --workers 1          # one server process
  .venv/bin/python benchmarks/web.py --profile plan       # where one page's time goes (cProfile)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx2
from sqlalchemy import create_engine, func, select, text

from planwatch.config import Settings
from planwatch.services.actuals_file import ActualRow
from planwatch.services.auth import create_user, hasher
from planwatch.services.demo import example_paths
from planwatch.services.observations import record_rows
from planwatch.services.plans import import_plan, publish_plan
from planwatch.services.regions import ensure_regions, resolve_region
from planwatch.store import Store, open_store
from planwatch.store.tables import Department, Indicator, Plan, Region
from planwatch.store.work_tables import TaskUnit

ROOT = Path(__file__).parents[1]
PASSWORD = "bench-password"
PAGES = {  # label: (weight, path template); {key} a visible plan, {ind} one of its indicators
    "dashboard": (3, "/dashboard"), "dashboard.json": (1, "/dashboard.json"),
    "plans": (2, "/plans"), "plans.json": (1, "/plans.json"),
    "plan": (3, "/plans/{key}"), "plan.json": (1, "/plans/{key}.json"),
    "indicator": (3, "/plans/{key}/indicators/{ind}"), "indicator.json": (1, "/plans/{key}/indicators/{ind}.json"),
    # the tracking pages (issue #9): the 督查督办 board, the data-entry grid, the 重点项目 rates panel
    "board": (2, "/tasks"), "entry": (2, "/actuals?plan={key}"), "rates": (2, "/projects/rates?period=2026-10"),
}
GOALS = {"dashboard": 100.0, "plan": 100.0, "indicator": 100.0, "board": 150.0, "entry": 150.0, "rates": 150.0}
NOT_FOR_REPORTERS = {"entry": "/tasks/mine", "rates": "/tasks/mine"}  # a reporter's page instead (403 otherwise)


# --- the database -------------------------------------------------------------------------------

def database_url(url: str | None, *, reuse: bool, name: str = "web") -> str:
    """SQLite build/bench/NAME.db by default; on PostgreSQL a schema `pw_NAME` of its own
    (each benchmark its own, so they never undo each other's databases)."""
    if url is None:
        path = ROOT / "build" / "bench" / f"{name}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not reuse:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            if not reuse:
                conn.execute(text(f"DROP SCHEMA IF EXISTS pw_{name} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS pw_{name}"))
        engine.dispose()
        return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3Dpw_{name}"
    return url


def _cities(store: Store, province: str) -> list[str]:
    with store.transaction() as s:
        parent = resolve_region(s, name=province).id
        return list(s.scalars(select(Region.name).where(Region.parent_id == parent).order_by(Region.id)))


def build(store: Store, *, plans: int) -> None:
    """`plans` copies of the examples over the cities of their province, published, with actuals."""
    from planwatch.extract import extract_plan
    from planwatch.readers import read_document

    with store.transaction() as s:
        ensure_regions(s)
    cities = {"安徽": _cities(store, "安徽省"), "浙江": _cities(store, "浙江省")}
    docs = [read_document(p) for p in example_paths()]
    extracted = [extract_plan(d) for d in docs]
    for i in range(plans):
        doc, plan, path = docs[i % len(docs)], extracted[i % len(docs)], example_paths()[i % len(docs)]
        province = "浙江" if (plan.meta.region or "").startswith(("绍兴", "浙江")) else "安徽"
        region = cities[province][(i // len(docs)) % len(cities[province])]
        key = f"p{i:03d}-{path.stem[:3]}"
        with store.transaction() as s:
            import_plan(s, plan=plan, key=key, source_file=path.name, region=region, source_text=doc.text)
        with store.transaction() as s:
            publish_plan(s, key=key)
        _actuals(store, key, region)
        if (i + 1) % 20 == 0:
            print(f"  built {i + 1}/{plans} plans", flush=True)


def library(store: Store, *, projects: int) -> None:
    """A key-project library beside the plans (the rates panel's data): `projects` projects
    over the cities of 安徽 and 浙江 that have a plan, generated as benchmarks/projects.py does."""
    from projects import insert_projects  # benchmarks/projects.py (this folder is on sys.path)

    with store.transaction() as s:
        plan_of: dict[int, int] = {}
        for pid, region in s.execute(select(Plan.id, Plan.region_id).order_by(Plan.id)):
            if region is not None:
                plan_of.setdefault(int(region), pid)
        cities = sorted(plan_of)
        counties = {c: [int(r) for r in s.scalars(select(Region.id).where(Region.parent_id == c))] for c in cities}
        insert_projects(s, random.Random(2026), cities=cities, counties=counties, plan_of=plan_of, n=projects)


def _actuals(store: Store, key: str, region: str) -> None:
    """Yearly figures for the plan's own city: each target's baseline climbing towards it."""
    with store.transaction() as s:
        version = s.scalar(select(Plan.current_version_id).where(Plan.key == key))
        rows, seen = [], set()
        for ind in s.scalars(select(Indicator).where(Indicator.plan_version_id == version)):
            if ind.value is None or not ind.target_year or not ind.metric or ind.metric in seen:
                continue
            seen.add(ind.metric)  # one series per metric (a 2020 and a 2025 target share it)
            start = ind.baseline_value if ind.baseline_value else ind.value * 0.6
            first = max(2016, ind.start_year or ind.baseline_year or 2016)
            for n, year in enumerate(range(first, min(ind.target_year, 2024) + 1)):
                value = round(start + (ind.value - start) * 0.12 * n, 2)
                rows.append(ActualRow(len(rows) + 2, key, ind.metric, region, str(year), str(value), ind.unit or "",
                                      "bench"))
    try:
        with store.transaction() as s:
            record_rows(s, rows=rows, source="bench", accept_suspect=True)
    except Exception as e:  # a copy whose rows the checks refuse keeps no actuals; say so
        print(f"\n  {key}: actuals not recorded ({str(e)[:120]})")


def make_users(store: Store, settings: Settings) -> list[str]:
    """50 users: 4 admins, 16 planners and 20 viewers of provinces and cities, 10 reporters."""
    pw = hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    scopes = ["安徽省", "浙江省", "合肥市", "芜湖市", "安庆市", "杭州市", "绍兴市", "宁波市"]
    with store.transaction() as s:
        depts = list(s.scalars(select(Department.id).join(TaskUnit, TaskUnit.department_id == Department.id)
                               .where(TaskUnit.role == "lead").group_by(Department.id)
                               .order_by(func.count().desc()).limit(10)))
        regions = {name: resolve_region(s, name=name).id for name in scopes}
        made = [("admin", None, None)] * 4 + [("planner", regions[scopes[i % 8]], None) for i in range(16)]
        made += [("viewer", regions[scopes[i % 8]], None) for i in range(20)]
        made += [("reporter", None, depts[i % len(depts)]) for i in range(10)]
        logins: list[str] = []
        for role, region, dept in made:
            login = f"{role}{sum(x.startswith(role) for x in logins):02d}"  # admin00, planner00 …
            create_user(s, login=login, password=PASSWORD, role=role, region_id=region, department_id=dept, pw=pw)
            logins.append(login)
    return logins


def prepare(args: argparse.Namespace) -> tuple[str, Store, list[str]]:
    url = database_url(args.url, reuse=args.reuse)
    settings = Settings.from_env(database_url=url)
    store = open_store(settings)
    with store.transaction() as s:
        have = s.scalar(select(func.count()).select_from(Plan)) or 0
        logins = [u for u in s.scalars(text("SELECT login FROM users ORDER BY login"))]
    if have >= args.plans and len(logins) >= 50:
        print(f"reusing {have} plans and {len(logins)} users")
        return url, store, logins[:50]
    started = time.perf_counter()
    build(store, plans=args.plans)
    library(store, projects=args.projects)
    logins = make_users(store, settings)
    with store.transaction() as s:
        regions = s.scalar(select(func.count()).select_from(Region))
    print(f"database: {args.plans} plans, {regions:,} regions, {len(logins)} users "
          f"in {time.perf_counter() - started:.0f} s")
    return url, store, logins


# --- the server and the virtual users ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    """`planwatch serve` on 127.0.0.1 (`workers` processes), once /healthz answers (bounded wait).
    Its warnings and errors go to build/bench/server-PORT.log (a pipe nobody reads would fill
    and stall the server); `server_log` prints their tail."""
    exe = Path(sys.executable).parent / "planwatch"
    log = ROOT / "build" / "bench" / f"server-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        proc = subprocess.Popen([str(exe), "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", str(workers)],
                                stdout=subprocess.DEVNULL, stderr=sink, env={**os.environ})
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"planwatch serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx2.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("planwatch serve did not come up")


def server_log(port: int, lines: int = 20) -> None:
    """The tail of the server's warnings and errors, if it wrote any."""
    log = ROOT / "build" / "bench" / f"server-{port}.log"
    text = log.read_text(errors="replace").strip() if log.exists() else ""
    if text:
        print(f"\nthe server wrote ({log.relative_to(ROOT)}):\n" + "\n".join(text.splitlines()[-lines:]))


@dataclass
class VUser:
    login: str
    client: httpx2.AsyncClient
    plans: dict[str, list[int]]  # visible plan key -> its indicator ids


@dataclass
class Tally:
    budget: int
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    dropped: list[str] = field(default_factory=list)  # transport errors, by page
    log: list[tuple[float, str, float]] = field(default_factory=list)  # (started, page, ms) for the phases
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def take(self) -> bool:
        self.budget -= 1
        return self.budget >= 0


def indicator_ids(store: Store) -> dict[str, list[int]]:
    with store.transaction() as s:
        rows = s.execute(select(Plan.key, Indicator.id).join(Indicator, Indicator.plan_version_id == Plan.current_version_id)
                         .where(Indicator.retired_at.is_(None), Indicator.value.is_not(None)))
        out: dict[str, list[int]] = defaultdict(list)
        for key, ind in rows:
            out[key].append(ind)
        return out


async def log_in(base: str, login: str, indicators: dict[str, list[int]]) -> tuple[VUser, float]:
    client = httpx2.AsyncClient(base_url=base, timeout=120)
    started = time.perf_counter()
    r = await client.post("/login", data={"login": login, "password": PASSWORD})
    took = (time.perf_counter() - started) * 1000
    if r.status_code != 303:
        raise SystemExit(f"{login} could not log in: {r.status_code} {r.text[:200]}")
    listed = (await client.get("/plans.json")).json()["plans"]
    plans = {p["key"]: indicators.get(p["key"], []) for p in listed if p["current_version"]}
    return VUser(login, client, plans), took


def _path(label: str, user: VUser, rnd: random.Random) -> str:
    if user.login.startswith("reporter") and label in NOT_FOR_REPORTERS:
        return NOT_FOR_REPORTERS[label]
    template = PAGES[label][1]
    if "{key}" not in template:
        return template
    with_ind = [k for k, ids in user.plans.items() if ids] if "{ind}" in template else list(user.plans)
    if not with_ind:
        return "/dashboard"
    key = rnd.choice(with_ind)
    return template.format(key=key, ind=rnd.choice(user.plans[key]) if "{ind}" in template else "")


async def browse(user: VUser, tally: Tally, deadline: float, args: argparse.Namespace, seed: int) -> None:
    rnd, think = random.Random(seed), args.think
    labels = args.mix
    weights = [PAGES[label][0] for label in labels]
    await asyncio.sleep(rnd.uniform(0, 2 * think))  # arrive spread out, not in one burst
    while time.monotonic() < deadline and tally.take():
        label = rnd.choices(labels, weights)[0]
        path = _path(label, user, rnd)
        label = label if path != "/dashboard" or label.startswith("dashboard") else "dashboard"
        started = time.perf_counter()
        try:
            status = (await user.client.get(path)).status_code
        except httpx2.TransportError as e:  # a dropped connection is an error the user sees, not the end of the run
            status = 0
            tally.dropped.append(f"{label}: {type(e).__name__}")
        tally.times[label].append((time.perf_counter() - started) * 1000)
        tally.log.append((started, label, tally.times[label][-1]))
        if status != 200:
            tally.errors[label] += 1
        await asyncio.sleep(rnd.uniform(0, 2 * think))


async def first_visits(users: list[VUser], args: argparse.Namespace) -> None:
    """Every user opens each page of the mix once, four at a time, before timing: the first
    visits of a morning, when each scope's cached pages are computed. Reported apart."""
    gate, times = asyncio.Semaphore(4), []

    async def visit(user: VUser, label: str) -> None:
        async with gate:
            started = time.perf_counter()
            await user.client.get(_path(label, user, random.Random(label)))
            times.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(visit(u, label) for u in users for label in args.mix))
    print(f"first visits before timing (--warm): {len(times)} pages in {time.perf_counter() - started:.1f} s, "
          f"p50 {_pct(times, 50):.0f} ms, p95 {_pct(times, 95):.0f} ms, max {max(times):.0f} ms")


async def edit_projects(user: VUser, tally: Tally, deadline: float, args: argparse.Namespace) -> None:
    """An admin renames a key project every `--write-every` seconds: each edit is a change, so
    every cached page is computed again after it (the page cache's stamp is global)."""
    n = 0
    while time.monotonic() < deadline and tally.budget > 0:
        await asyncio.sleep(args.write_every)
        pid = 1 + (n * 37) % max(1, args.projects)
        page = (await user.client.get(f"/projects/{pid}.json")).json()
        started = time.perf_counter()
        r = await user.client.post(f"/projects/{pid}", data={"version": str(page["project"]["version"]),
                                                             "enterprise": f"改名{n}"}, follow_redirects=False)
        tally.times["edit (POST)"].append((time.perf_counter() - started) * 1000)
        if r.status_code != 303:
            tally.errors["edit (POST)"] += 1
        n += 1


async def load(base: str, logins: list[str], indicators: dict[str, list[int]], args: argparse.Namespace) -> None:
    gate = asyncio.Semaphore(4)  # logins in small groups: Argon2 is meant to be slow

    async def one(login: str) -> tuple[VUser, float]:
        async with gate:
            return await log_in(base, login, indicators)

    logged = await asyncio.gather(*(one(login) for login in logins[: args.users]))
    users, login_ms = [u for u, _ in logged], [ms for _, ms in logged]
    print(f"logged in {len(users)} users before timing: login p50 {_pct(login_ms, 50):.0f} ms, "
          f"p95 {_pct(login_ms, 95):.0f} ms (Argon2, {min(len(users), 4)} at a time)")
    if args.warm:
        await first_visits(users, args)
    tally = Tally(budget=args.requests)
    started = time.monotonic()
    deadline = started + args.seconds
    writers = [u for u in users if u.login.startswith("admin")][:1] if args.write_every else []
    try:
        await asyncio.wait_for(asyncio.gather(*(browse(u, tally, deadline, args, i) for i, u in enumerate(users)),
                                              *(edit_projects(u, tally, deadline, args) for u in writers)),
                               timeout=args.seconds + 120)
    finally:
        wall = time.monotonic() - started
        for u in users:
            await u.client.aclose()
    report(tally, wall, len(users))


def _pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(tally: Tally, wall: float, users: int) -> None:
    total = sum(len(v) for v in tally.times.values())
    print(f"\n{total:,} requests by {users} users in {wall:.1f} s = {total / wall:.1f} requests/s; "
          f"errors {sum(tally.errors.values())}" + (f" ({len(tally.dropped)} dropped connections: "
                                                    f"{', '.join(sorted(set(tally.dropped)))})" if tally.dropped else ""))
    print(f"{'page':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}")
    for label in [*PAGES, "edit (POST)"]:
        times = tally.times.get(label, [])
        if times:
            print(f"{label:<16}{len(times):>6}{_pct(times, 50):>9.0f}{_pct(times, 95):>9.0f}{max(times):>9.0f}"
                  f"{tally.errors.get(label, 0):>8}")
    phases(tally)
    for label, goal in GOALS.items():
        if label in tally.times:
            p95 = _pct(tally.times[label], 95)
            print(f"goal p95 ≤ {goal:.0f} ms, {label}: {p95:.0f} ms {'met' if p95 <= goal else 'NOT met'}")


def phases(tally: Tally, parts: int = 3) -> None:
    """p95 per page in each third of the timed phase: a tail that sits in the first third is
    pages computed for the first time (cold caches), one spread over all three is load."""
    if not tally.log:
        return
    first, last = min(t for t, _, _ in tally.log), max(t for t, _, _ in tally.log)
    width = (last - first) / parts or 1.0
    cut: list[list[float]] = [[] for _ in range(parts)]
    per: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in range(parts)])
    for started, label, ms in tally.log:
        per[label][min(parts - 1, int((started - first) / width))].append(ms)
        cut[min(parts - 1, int((started - first) / width))].append(ms)
    print(f"p95 ms by third of the run ({width:.0f} s each): " + "  ".join(
        f"all {i + 1}: {_pct(c, 95):.0f}" for i, c in enumerate(cut)))
    for label in PAGES:
        if label in per:
            print(f"  {label:<16}" + "".join(f"{_pct(p, 95):>9.0f}" for p in per[label]))


# --- where the time goes ------------------------------------------------------------------------

def profile(url: str, store: Store, login: str, label: str, indicators: dict[str, list[int]], n: int) -> None:
    """`n` requests of one page in this process, the app called in the profiled thread
    (sync routes run inline instead of in anyio's worker threads), top functions printed."""
    import cProfile
    import pstats

    import anyio.to_thread

    from planwatch.web import create_app

    async def inline(func, *args, **kwargs):  # type: ignore[no-untyped-def]
        return func(*args)

    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    app = create_app(Settings.from_env(database_url=url), store=store)

    async def run() -> None:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://bench") as c:
            r = await c.post("/login", data={"login": login, "password": PASSWORD})
            assert r.status_code == 303, r.text[:200]
            listed = (await c.get("/plans.json")).json()["plans"]
            user = VUser(login, c, {p["key"]: indicators.get(p["key"], []) for p in listed if p["current_version"]})
            rnd = random.Random(1)
            paths = [_path(label, user, rnd) for _ in range(n)]
            await c.get(paths[0])  # warm caches once
            started = time.perf_counter()
            for path in paths[: n // 3]:
                await c.get(path)
            plain = (time.perf_counter() - started) * 1000 / (n // 3)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for path in paths:
                assert (await c.get(path)).status_code == 200, path
            profiler.disable()
            print(f"{label} as {login}, in process: {plain:.1f} ms a request; profiled {n} requests: "
                  f"{(time.perf_counter() - started) * 1000 / n:.1f} ms each")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"planwatch|sqlalchemy/orm/query|jinja2/environment", 30)

    asyncio.run(run())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", default=None, help="database URL (PostgreSQL: a schema pw_web of its own)")
    ap.add_argument("--reuse", action="store_true", help="keep the database of the last run if it is complete")
    ap.add_argument("--plans", type=int, default=100)
    ap.add_argument("--projects", type=int, default=3000, help="key projects in the library (the rates panel)")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000, help="cap on timed requests (all users)")
    ap.add_argument("--seconds", type=float, default=120, help="cap on the timed phase")
    ap.add_argument("--think", type=float, default=1.0, help="mean think time between a user's requests, s")
    ap.add_argument("--pages", default=",".join(PAGES), help=f"the mix, comma-separated (default: {','.join(PAGES)})")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                    help="server processes (planwatch serve --workers; default: one per core, at most 2)")
    ap.add_argument("--warm", action="store_true", help="every user opens each page once before timing (reported apart)")
    ap.add_argument("--write-every", type=float, default=0.0,
                    help="an admin edits a key project every S seconds (each edit invalidates the cached pages)")
    ap.add_argument("--profile", choices=list(PAGES), default=None, help="profile one page in process instead")
    ap.add_argument("--as", dest="who", default="planner00", help="the user --profile logs in as")
    ap.add_argument("--n", type=int, default=30, help="requests --profile makes")
    args = ap.parse_args()
    args.mix = [p for p in args.pages.split(",") if p]
    if unknown := set(args.mix) - set(PAGES):
        ap.error(f"--pages: unknown {', '.join(sorted(unknown))} (choose from {', '.join(PAGES)})")
    url, store, logins = prepare(args)
    indicators = indicator_ids(store)
    kind = url.split(":")[0].split("+")[0]
    if args.profile:
        profile(url, store, args.who, args.profile, indicators, n=args.n)
        return
    port = free_port()
    server = start_server(url, port, args.workers)
    print(f"database: {kind}; serving on 127.0.0.1:{port} ({args.workers} worker(s)); {args.users} users, think {args.think} s, "
          f"cap {args.requests} requests / {args.seconds:.0f} s; pages {','.join(args.mix)}")
    try:
        asyncio.run(load(f"http://127.0.0.1:{port}", logins, indicators, args))
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_log(port)
        store.dispose()


if __name__ == "__main__":
    main()
