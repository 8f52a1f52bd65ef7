"""The README's main job, as a user runs it: the installed console script, a fresh database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    exe = shutil.which("planwatch", path=str(Path(sys.executable).parent)) or "planwatch"
    out = subprocess.run([exe, "demo", "--as-of", "2021-03-31"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert "中国制造2025安徽篇" in out.stdout  # an extraction summary
    assert "anhui: published version 1" in out.stdout
    assert "recorded 8 actuals" in out.stdout
    assert "安徽名牌" in out.stdout and "已完成" in out.stdout
    assert (tmp_path / "planwatch-demo.db").exists()
