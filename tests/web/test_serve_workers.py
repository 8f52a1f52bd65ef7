"""`planwatch serve --workers 2`: two processes answer one database over real HTTP, and a
login made through one is honoured by the other (sessions live in the database)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from demo_db import build_demo_db

EXE = Path(sys.executable).with_name("planwatch")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(url: str, payload: dict[str, str] | None = None, headers: dict[str, str] | None = None
          ) -> tuple[int, dict[str, object]]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_two_workers_share_the_sessions_of_one_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    build_demo_db(db)
    port = _free_port()
    env = {**os.environ, "PLANWATCH_ARGON2_TIME_COST": "1", "PLANWATCH_ARGON2_MEMORY_KIB": "8192"}
    proc = subprocess.Popen([str(EXE), "serve", "--db", f"sqlite:///{db}", "--port", str(port), "--workers", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):  # up to two minutes on a busy machine; nothing is timed
            if proc.poll() is not None:
                pytest.fail(f"serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                if _call(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        status, body = _call(f"{base}/api/login", {"username": "planner", "password": "planwatch-demo"})
        assert status == 200
        token = body["token"]
        for _ in range(40):
            status, body = _call(f"{base}/api/plans", headers={"Authorization": f"Bearer {token}"})
            assert status == 200 and body["plans"]
        answers = {_call(f"{base}/me.json", headers={"Authorization": f"Bearer {token}"})[0] for _ in range(20)}
        assert answers == {200}

    finally:
        proc.terminate()
        proc.wait(timeout=60)
