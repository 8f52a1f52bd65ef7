"""`planwatch extract DIR --out DIR --scheduler ADDRESS` on a real (local, two-process) Dask
cluster: the same files as the local batch, and bad documents fail alone there too."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import main

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).parent
EXAMPLES = ROOT.parent / "src" / "planwatch" / "examples"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _library(tmp: Path) -> Path:
    lib = tmp / "library"
    (lib / "formats").mkdir(parents=True)
    for f in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(f, lib / f.name)
    for name in ("002.docx", "004.pdf", "scanned.pdf"):
        shutil.copy(ROOT / "assets" / name, lib / "formats" / name)
    return lib


def test_the_cluster_writes_what_local_processes_write(tmp_path: Path, scheduler: str) -> None:
    lib = _library(tmp_path)
    local, remote = tmp_path / "local", tmp_path / "cluster"
    here = CliRunner().invoke(main, ["extract", str(lib), "--out", str(local), "--jobs", "1"])
    there = CliRunner().invoke(main, ["extract", str(lib), "--out", str(remote), "--scheduler", scheduler])
    assert here.exit_code == there.exit_code == 1  # the scanned PDF
    written = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(remote) for p in remote.rglob("*") if p.is_file())
    assert len(written) == 8  # 7 documents and the index
    for rel in written:
        assert (local / rel).read_bytes() == (remote / rel).read_bytes(), rel
    assert "formats/scanned.pdf: PDF has no text layer" in there.stderr


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    lib = _library(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(lib), "--out", str(tmp_path / "o"),
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith("planwatch: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.stderr.splitlines()) == 1
