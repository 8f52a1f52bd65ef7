"""`planwatch extract DIR --out DIR` throughput at 1 and 2 jobs: documents/s, MB/s and the
speed-up, on a library made of the bundled samples and test assets (txt, docx, pdf, html)
copied N times. Also the whole-process time of `planwatch extract` on a 2.7 MB text.

Run: .venv/bin/python benchmarks/extract_folder.py [--copies N] [--repeat N]
Prints figures only. On this shared 2-core machine runs swing by 30%: best of --repeat.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "src" / "planwatch" / "examples"
ASSETS = ROOT / "tests" / "assets"
FORMATS = ("000.html", "002.docx", "004.pdf", "indicators.pdf", "merged_cells.docx", "rowspan.html")
PLANWATCH = Path(sys.executable).parent / "planwatch"


def _library(root: Path, copies: int) -> tuple[int, int]:
    """`copies` copies of every sample and format asset; (documents, bytes)."""
    files = [*sorted(EXAMPLES.glob("*.txt")), *(ASSETS / name for name in FORMATS)]
    size = 0
    for i in range(copies):
        folder = root / f"copy{i:03d}"
        folder.mkdir(parents=True)
        for f in files:
            shutil.copy(f, folder / f.name)
            size += f.stat().st_size
    return copies * len(files), size


def _run(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lib = Path(tmp) / "library"
        docs, size = _library(lib, args.copies)
        print(f"library: {docs} documents, {size / 1e6:.2f} MB (samples and format assets x {args.copies})")
        best: dict[int, float] = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            best[jobs] = min(_run([str(PLANWATCH), "extract", str(lib), "--out", str(out), "--jobs", str(jobs)])
                             for _ in range(args.repeat))
            print(f"jobs={jobs}: {best[jobs]:.2f} s  {docs / best[jobs]:6.1f} docs/s  {size / 1e6 / best[jobs]:5.2f} MB/s")
        print(f"speed-up at 2 jobs: {best[1] / best[2]:.2f}x")
        big = Path(tmp) / "big.txt"
        text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))
        big.write_text("\n".join([text] * (2_700_000 // len(text.encode("utf-8")) + 1)), encoding="utf-8")
        whole = min(_run([str(PLANWATCH), "extract", str(big)]) for _ in range(args.repeat))
        help_ = min(_run([str(PLANWATCH), "--help"]) for _ in range(args.repeat))
        print(f"whole process: planwatch --help {help_:.2f} s; "
              f"planwatch extract of {big.stat().st_size / 1e6:.1f} MB {whole:.2f} s")


if __name__ == "__main__":
    main()
