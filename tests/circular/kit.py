"""What the circular tests share: where the files go, the fixed generation time, the
check that fonts and poppler-utils are installed, and one rendered circular."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from demo_db import cheap_settings
from planwatch.circular import files, fonts
from planwatch.circular.model import Circular, CircularFacts
from planwatch.services import circular as service
from planwatch.store import open_store

OUT = Path(__file__).parents[2] / "build" / "circulars"
WHEN = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)  # one fixed generation time
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_tools() -> None:
    missing = []
    try:
        fonts.all_paths()
    except fonts.FontError as e:
        missing.append(str(e))
    if shutil.which("pdftoppm") is None or shutil.which("pdffonts") is None:
        missing.append("poppler-utils (pdftoppm, pdffonts)")
    if missing:
        message = "; ".join(missing) + " — install with `sudo make circular-deps`"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@dataclass(frozen=True)
class Rendered:
    facts: CircularFacts
    circular: Circular
    paths: dict[str, Path]


def render(demo_db: Path, layout: str) -> Rendered:
    require_tools()
    st = open_store(cheap_settings(f"sqlite:///{demo_db}"))
    try:
        with st.transaction() as s:
            facts = service.gather(s, region="安徽省", period="2019-09", generated_at=WHEN)
            c = service.make(s, region="安徽省", period="2019-09", layout=layout, generated_at=WHEN)
    finally:
        st.dispose()
    folder = OUT / layout / os.environ.get("PYTEST_XDIST_WORKER", "main")  # parallel workers: one folder each
    if folder.exists():
        shutil.rmtree(folder)
    written = files.write_all(c, folder, files.FORMATS)
    paths = {p.suffix[1:]: p for p in written}
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(paths["pdf"]), str(folder / "page")], check=True)
    return Rendered(facts, c, paths)
