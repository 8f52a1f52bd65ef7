"""Real-browser fixtures: Debian's chromium driven by Playwright (never `playwright install`,
which downloads from outside), the app served by uvicorn in a thread on 127.0.0.1 and a
free port over a fresh copy of the demo database, and screenshots in build/screenshots/.

Locally a missing chromium or CJK font skips these tests with the command that installs
them; with CI=true they must run, so a missing one fails (`make browser-deps` / .ci/run
install both).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from demo_db import build_demo_db, cheap_settings
from planwatch.store import Store, open_store
from planwatch.web import create_app

CHROMIUM = os.environ.get("PLANWATCH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).parents[2] / "build" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}  # the smallest screen the UI is made for
WAIT_MS = 90_000  # a bound for slow, shared CI machines; nothing asserts on durations
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(ok: bool, missing: str) -> None:
    """Skip locally when a browser prerequisite is missing; fail in CI, where it must be there."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{missing}: CI=true, so the browser tests must run (.ci/run installs it)")
    pytest.skip(f"{missing}: install it with `sudo make browser-deps` (Debian chromium, fonts-wqy-microhei)")


def chinese_fonts() -> list[str]:
    """Fonts fontconfig offers for Chinese (missing glyphs draw boxes yet pass text asserts)."""
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return [line for line in out.splitlines() if line.strip()]


settings_for = cheap_settings


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(Path(CHROMIUM).exists(), f"chromium not found at {CHROMIUM}")
    require(bool(chinese_fonts()), "no Chinese font (fc-list :lang=zh is empty)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dev dependency
        require(False, "the playwright package is not installed (pip install -e '.[dev]')")
        raise
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (examples, actuals, demo users with cheap hashes), built once."""
    return build_demo_db(tmp_path_factory.mktemp("browser-demo") / "demo.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    """The app being served: its address and its store (to check what was written)."""

    url: str
    store: Store
    port: int


def serve_in_thread(app: Any, port: int) -> tuple[uvicorn.Server, threading.Thread]:
    """uvicorn on 127.0.0.1:`port` in a daemon thread, once it has started (bounded wait)."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    for _ in range(WAIT_MS // 50):
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    if not server.started:
        pytest.fail(f"uvicorn did not start on port {port}")
    return server, thread


@pytest.fixture
def live(demo_db: Path, tmp_path: Path) -> Iterator[Live]:
    """The demo served fresh for one test: http://127.0.0.1:PORT."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_db, copy)
    url = f"sqlite:///{copy}"
    store = open_store(settings_for(url))
    port = free_port()
    server, thread = serve_in_thread(create_app(settings_for(url), store=store), port)
    yield Live(f"http://127.0.0.1:{port}", store, port)
    server.should_exit = True
    thread.join(timeout=WAIT_MS / 1000)
    store.dispose()


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot in build/screenshots/NAME.png, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Any, live: Live, login: str, password: str) -> None:
    page.goto(f"{live.url}/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("#login")
    page.wait_for_url(f"{live.url}/dashboard")
