"""The web workspace from the terminal: `planwatch user add` makes the first admin (the
password read as one line from standard input), and `planwatch serve` serves a database —
started for real as a subprocess on a free port, waited for on /healthz, used, stopped."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from planwatch.cli import main
from planwatch.services.demo import DEMO_PASSWORD
from planwatch.store import open_store
from planwatch.web import create_app

from .conftest import settings_for
from .matrix import HEFEI, _import_text

CHEAP_ENV = {"PLANWATCH_ARGON2_TIME_COST": "1", "PLANWATCH_ARGON2_MEMORY_KIB": "8192"}
PLANWATCH = Path(sys.executable).parent / "planwatch"


def _user_add(db: str, *args: str, password: str | None = "first-admin-pw") -> tuple[int, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["user", "add", *args, "--db", db], input=None if password is None else password + "\n",
                           env=CHEAP_ENV)
    return result.exit_code, result.output


def _can_log_in(db: str, login: str, password: str) -> bool:
    store = open_store(settings_for(db))
    try:
        with TestClient(create_app(settings_for(db), store=store), base_url="http://testserver") as c:
            r = c.post("/login", data={"login": login, "password": password}, follow_redirects=False)
            return r.status_code == 303 and c.get("/me.json").json().get("login") == login
    finally:
        store.dispose()


def test_user_add_makes_the_first_admin_who_can_log_in(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, out = _user_add(db, "boss", "--role", "admin", "--name", "系统管理员")
    assert code == 0 and "user boss: added as admin" in out
    assert _can_log_in(db, "boss", "first-admin-pw")
    assert not _can_log_in(db, "boss", "first-admin-pw ")  # the line, exactly: no trailing space trimmed in


def test_user_add_takes_a_planners_region_and_a_reporters_department(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    store = open_store(settings_for(db))
    _import_text(store, tmp_path, "hefei", HEFEI, publish=True)  # registers 合肥市发展和改革委员会
    store.dispose()
    assert _user_add(db, "hf", "--role", "planner", "--region", "合肥市")[0] == 0
    code, out = _user_add(db, "d1", "--role", "reporter", "--region", "合肥市", "--department", "市发改委")
    assert code == 0, out
    assert _can_log_in(db, "hf", "first-admin-pw") and _can_log_in(db, "d1", "first-admin-pw")


@pytest.mark.parametrize(("args", "password", "message"), [
    (("boss", "--role", "admin"), None, "password: give it as one line on standard input"),
    (("boss", "--role", "admin"), "", "password: give it as one line on standard input"),
    (("boss", "--role", "admin"), "short", "password: at least 8 characters"),
    (("hf", "--role", "planner"), "long-enough-pw", "a planner needs a region"),
    (("d1", "--role", "reporter", "--department", "不存在的局"), "long-enough-pw", "not a registered department"),
    (("x", "--role", "planner", "--region", "火星市"), "long-enough-pw", "火星市"),
    (("a b", "--role", "admin"), "long-enough-pw", "without spaces or slashes"),
])
def test_user_add_refuses_with_exit_2_and_a_reason(tmp_path: Path, args: tuple[str, ...], password: str | None,
                                                   message: str) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, out = _user_add(db, *args, password=password)
    assert code == 2 and message in out and "Traceback" not in out
    assert _user_add(db, "boss", "--role", "admin")[0] == 0  # nothing half-made: the name is still free


def test_user_add_twice_is_refused(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _user_add(db, "boss", "--role", "admin")[0] == 0
    code, out = _user_add(db, "boss", "--role", "admin")
    assert code == 2 and "already taken" in out


# --- planwatch serve, for real -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(args: list[str], cwd: Path, port: int) -> Iterator[subprocess.Popen[str]]:
    """`planwatch serve ARGS` until /healthz answers (polled, generously bounded), then stopped."""
    env = {**os.environ, **CHEAP_ENV, "PYTHONUNBUFFERED": "1"}
    env.pop("PLANWATCH_DATABASE_URL", None)
    proc = subprocess.Popen([str(PLANWATCH), "serve", "--port", str(port), *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, port)
        yield proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_healthy(proc: subprocess.Popen[str], port: int, tries: int = 1200) -> None:
    for _ in range(tries):  # up to ~10 minutes on a loaded machine: a bound, not a timing
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"planwatch serve exited with {proc.returncode}:\n{out}")
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail("planwatch serve did not answer /healthz")


def _output_so_far(proc: subprocess.Popen[str]) -> str:
    """What the server printed before it started serving (it prints nothing after)."""
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    return out


@pytest.mark.slow
def test_serve_demo_builds_the_demo_prints_the_address_and_logins_and_serves(tmp_path: Path) -> None:
    port = free_port()
    with serving(["--demo"], tmp_path, port) as proc:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as c:
            r = c.post("/login", data={"login": "planner", "password": DEMO_PASSWORD})
            assert r.status_code == 200 and "首页" in r.text
            assert c.get("/plans.json").json()["plans"]
        out = _output_so_far(proc)
    assert f"http://127.0.0.1:{port}/" in out
    assert DEMO_PASSWORD in out
    for login in ("admin", "planner", "planner-sx", "viewer", "reporter"):
        assert re.search(rf"^\s+{re.escape(login)}\s", out, re.M), out
    assert (tmp_path / "planwatch-demo.db").exists()  # in the working directory, as documented


def test_serve_db_serves_that_database_to_its_admin(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'site.db'}"
    assert _user_add(db, "boss", "--role", "admin")[0] == 0
    port = free_port()
    with serving(["--db", db, "--host", "127.0.0.1"], tmp_path, port) as proc:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}") as c:
            assert c.get("/dashboard", follow_redirects=False).status_code == 303
            r = c.post("/login", data={"login": "boss", "password": "first-admin-pw"}, follow_redirects=False)
            assert r.status_code == 303
            assert c.get("/admin/users.json").json()["users"][0]["login"] == "boss"
        out = _output_so_far(proc)
    assert f"http://127.0.0.1:{port}/" in out and "demo" not in out.lower()
