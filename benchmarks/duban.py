"""督查督办 under load: 50 users at once on one uvicorn process on 127.0.0.1.

The database is `benchmarks/web.py`'s (100 published plans over the cities of 安徽 and 浙江,
the 3,219 regions, 50 users of every role; built in its own file build/bench/duban.db, or a
PostgreSQL schema pw_duban), plus a report history: three reports on every task (one
returned) and a pending extension on every fifth. Every virtual user logs in before timing,
then loads the board, its JSON twin, task pages and (planners, viewers) the department table
with a random think time, until the request cap or the time cap (both bounded).

Prints p50 / p95 per page. Goal: p95 ≤ 150 ms for the board and task pages at 50 users.

Run:
  .venv/bin/python benchmarks/duban.py
  .venv/bin/python benchmarks/duban.py --url postgresql+psycopg://postgres@127.0.0.1:5432/test
  .venv/bin/python benchmarks/duban.py --reuse
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

sys.path.insert(0, str(Path(__file__).parent))
import web as base
from planwatch.config import Settings
from planwatch.store import Store, open_store
from planwatch.store.duban_tables import TaskExtension
from planwatch.store.tables import Plan
from planwatch.store.work_tables import Task, TaskUpdate

PAGES = {"tasks": 3, "tasks.json": 1, "task": 3, "task.json": 1, "departments": 1}
GOAL_MS, GOAL_PAGES = 150.0, ("tasks", "tasks.json", "task", "task.json")


def database_url(url: str | None, *, reuse: bool) -> str:
    """build/bench/duban.db, or the schema pw_duban on PostgreSQL (benchmarks/web.py)."""
    return base.database_url(url, reuse=reuse, name="duban")


def history(store: Store, today: date) -> int:
    """Three reports per task (the second returned), a pending extension on every fifth task."""
    with store.transaction() as s:
        if s.scalar(select(func.count()).select_from(TaskUpdate)):
            return 0
        ids = list(s.scalars(select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id)))
        updates = [{"task_id": t, "on_date": today - timedelta(days=90 - 30 * n), "state": "推进中",
                    "percent": 20.0 * (n + 1), "text": f"第{n + 1}次报告", "kind": "progress",
                    "review": "returned" if n == 1 else "accepted", "author": "bench"}
                   for t in ids for n in range(3)]
        s.execute(insert(TaskUpdate), updates)
        s.execute(insert(TaskExtension), [
            {"task_id": t, "requested_by": "bench", "reason": "bench", "on_date": today, "new_deadline": today +
             timedelta(days=60), "state": "pending"} for t in ids[::5]])
        return len(ids)


def prepare(args: argparse.Namespace) -> tuple[str, Store, list[str], list[int]]:
    url = database_url(args.url, reuse=args.reuse)
    store = open_store(Settings.from_env(database_url=url))
    with store.transaction() as s:
        have = s.scalar(select(func.count()).select_from(Plan)) or 0
        logins = list(s.scalars(text("SELECT login FROM users ORDER BY login")))
    if have < args.plans or len(logins) < 50:
        started = time.perf_counter()
        base.build(store, plans=args.plans)
        logins = base.make_users(store, Settings.from_env(database_url=url))
        print(f"database built in {time.perf_counter() - started:.0f} s")
    tasks = history(store, date.today())
    with store.transaction() as s:
        ids = list(s.scalars(select(Task.id).join(Plan, Plan.current_version_id == Task.plan_version_id)))
        n_updates = s.scalar(select(func.count()).select_from(TaskUpdate))
    print(f"{have or args.plans} plans, {len(ids):,} tasks, {n_updates:,} reports ({tasks:,} given a history now)")
    return url, store, logins[:50], ids


async def browse(user: base.VUser, tasks: list[int], tally: base.Tally, deadline: float,
                 args: argparse.Namespace, seed: int) -> None:
    rnd = random.Random(seed)
    labels = [p for p in PAGES if not (p == "departments" and user.login.startswith("reporter"))]
    await asyncio.sleep(rnd.uniform(0, 2 * args.think))
    while time.monotonic() < deadline and tally.take():
        label = rnd.choices(labels, [PAGES[p] for p in labels])[0]
        if label.startswith("task."):
            path = f"/tasks/{rnd.choice(tasks)}.json" if tasks else "/tasks.json"
        elif label == "task":
            path = f"/tasks/{rnd.choice(tasks)}" if tasks else "/tasks"
        else:
            path = "/" + label
        started = time.perf_counter()
        r = await user.client.get(path)
        tally.times[label].append((time.perf_counter() - started) * 1000)
        if r.status_code != 200:
            tally.errors[label] += 1
        await asyncio.sleep(rnd.uniform(0, 2 * args.think))


async def load(url: str, logins: list[str], args: argparse.Namespace) -> None:
    port = base.free_port()
    server = base.start_server(url, port)
    root = f"http://127.0.0.1:{port}"
    try:
        users = [(await base.log_in(root, login, {}))[0] for login in logins[: args.users]]
        visible = {}
        for u in users:  # each user's own tasks (a reporter's are few)
            visible[u.login] = [t["task_id"] for t in (await u.client.get("/tasks.json")).json()["tasks"]][:200]
        tally = base.Tally(budget=args.requests)
        started = time.monotonic()
        await asyncio.wait_for(asyncio.gather(*(browse(u, visible[u.login], tally, started + args.seconds, args, i)
                                                for i, u in enumerate(users))), timeout=args.seconds + 120)
        wall = time.monotonic() - started
        for u in users:
            await u.client.aclose()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{len(users)} users, {sum(len(v) for v in tally.times.values())} requests in {wall:.0f} s")
    for label, times in sorted(tally.times.items()):
        p95 = base._pct(times, 95)
        goal = f"  (goal ≤ {GOAL_MS:.0f} ms: {'met' if p95 <= GOAL_MS else 'NOT met'})" if label in GOAL_PAGES else ""
        print(f"  {label:12s} n={len(times):5d}  p50 {base._pct(times, 50):6.0f} ms  p95 {p95:6.0f} ms"
              f"  errors {tally.errors.get(label, 0)}{goal}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default=None, help="database URL (PostgreSQL: a schema pw_duban of its own)")
    ap.add_argument("--reuse", action="store_true", help="keep the database of the last run if it is complete")
    ap.add_argument("--plans", type=int, default=100)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000, help="cap on timed requests (all users)")
    ap.add_argument("--seconds", type=float, default=90, help="cap on the timed phase")
    ap.add_argument("--think", type=float, default=1.0, help="mean think time between a user's requests, s")
    args = ap.parse_args()
    url, store, logins, _ = prepare(args)
    store.dispose()
    asyncio.run(load(url, logins, args))


if __name__ == "__main__":
    main()
