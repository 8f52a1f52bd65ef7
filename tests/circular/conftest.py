"""Fixtures of the circular tests: the demo database (the five example plans, the bundled
real actuals, demo users), the 安徽省 circular for 2019年1—9月 in both layouts, and its files
written under build/circulars/ with PNG pages of the PDF (pdftoppm) for a person to look at.

Without the fonts or poppler-utils the tests skip locally, naming `sudo make circular-deps`;
with CI=true they fail (.ci/run installs them).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from circular.kit import Rendered, render
from demo_db import build_demo_db, cheap_settings
from planwatch.store import Store, open_store


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_db(tmp_path_factory.mktemp("circular") / "demo.db")


@pytest.fixture
def store(demo_db: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_db, copy)
    s = open_store(cheap_settings(f"sqlite:///{copy}"))
    yield s
    s.dispose()


@pytest.fixture(scope="session")
def tongbao(demo_db: Path) -> Rendered:
    """The 通报 (公文 layout) of 安徽省, 2019年1—9月, as DOCX, PDF and XLSX."""
    return render(demo_db, "tongbao")


@pytest.fixture(scope="session")
def jianbao(demo_db: Path) -> Rendered:
    """The same facts as a 简报 with 报头 and 期号."""
    return render(demo_db, "jianbao")
