"""The circular as files: one call per format, and writing without half-written files
(each file goes to a temporary name beside its target and is renamed when complete)."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from planwatch.circular.model import Circular

FORMATS = ("docx", "pdf", "xlsx")
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def render(c: Circular, fmt: str) -> bytes:
    if fmt == "docx":
        from planwatch.circular.docx import write_docx

        return write_docx(c)
    if fmt == "pdf":
        from planwatch.circular.pdf import write_pdf

        return write_pdf(c)
    if fmt == "xlsx":
        from planwatch.circular.xlsx import write_xlsx

        return write_xlsx(c)
    raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")


# Above this many table rows the PDF takes seconds (WeasyPrint lays out ~2,000 rows a second)
# and the DOCX and XLSX are drawn in a second process meanwhile; below it a process start
# costs more than it saves.
PARALLEL_ROWS = 400


def render_all(c: Circular, formats: Iterable[str]) -> dict[str, bytes]:
    """Every format of one circular. A large circular's DOCX and XLSX are rendered in a
    spawned process (not forked: the web app has threads) while this one lays out the PDF,
    so the three take about as long as the PDF alone on two cores. Same bytes either way."""
    wanted = list(formats)
    others = [fmt for fmt in wanted if fmt != "pdf"]
    rows = sum(len(t.rows) for t in c.tables())
    if "pdf" not in wanted or not others or rows < PARALLEL_ROWS or (os.cpu_count() or 1) < 2:
        return {fmt: render(c, fmt) for fmt in wanted}
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = pool.submit(_render_many, c, others)
        data = {"pdf": render(c, "pdf")}
        data.update(pending.result())
    return {fmt: data[fmt] for fmt in wanted}


def _render_many(c: Circular, formats: list[str]) -> dict[str, bytes]:
    return {fmt: render(c, fmt) for fmt in formats}


def stem(region: str, period_key: str, layout: str) -> str:
    """'合肥市-2026-10-通报' (the files' name without the suffix)."""
    return f"{region}-{period_key}-{'通报' if layout == 'tongbao' else '简报'}"


def file_name(c: Circular, fmt: str) -> str:
    """'合肥市-2026-10-通报.docx'."""
    return f"{stem(c.region, c.period.key, c.layout)}.{fmt}"


def write_all(c: Circular, folder: Path, formats: Iterable[str]) -> list[Path]:
    """Render every format first, then write each atomically: an error leaves no file behind."""
    return write_bytes(folder, stem(c.region, c.period.key, c.layout), render_all(c, formats))


def write_bytes(folder: Path, name: str, data: dict[str, bytes]) -> list[Path]:
    """Write rendered files `name.fmt`, each to a temporary name and renamed when complete."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt, content in data.items():
        target = folder / f"{name}.{fmt}"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        out.append(target)
    return out
