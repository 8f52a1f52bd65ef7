"""The circular as files: one call per format, and writing without half-written files
(each file goes to a temporary name beside its target and is renamed when complete)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from planwatch.circular import pdf_parts, pool
from planwatch.circular.model import Circular

FORMATS = ("docx", "pdf", "xlsx")
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

# From this many table rows a circular is large: its PDF takes seconds (WeasyPrint lays out
# ~2,000 cells a second on one core), so it is laid out in parts by the render pool, beside
# the DOCX and the XLSX. Below it the pool is never started (nor is it on one core).
PARALLEL_ROWS = 400


def render(c: Circular, fmt: str) -> bytes:
    """One format (the web page's download): a large circular's PDF from its parts."""
    if fmt == "pdf" and is_large(c):
        return render_all(c, ["pdf"])["pdf"]
    return render_here(c, fmt)


def render_here(c: Circular, fmt: str) -> bytes:
    """One format, laid out in this process (also what a pool worker runs for a DOCX or XLSX)."""
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


def is_large(c: Circular) -> bool:
    return sum(len(t.rows) for t in c.tables()) >= PARALLEL_ROWS and pool.size() >= 2


def render_all(c: Circular, formats: Iterable[str]) -> dict[str, bytes]:
    """Every format of one circular (what issuing and `write_all` use). A large circular's
    DOCX and XLSX go to the render pool first (they keep the workers busy while this process
    writes the PDF's HTML), then the PDF's parts; this process joins the parts. Without a
    pool the same files are rendered here, one after another."""
    wanted = list(formats)
    for fmt in wanted:
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    if not is_large(c):
        return {fmt: render_here(c, fmt) for fmt in wanted}
    workers = pool.executor()
    if workers is None:
        return _alone(c, wanted)
    try:
        pending = {fmt: workers.submit(render_here, c, fmt) for fmt in wanted if fmt != "pdf"}
        data = {"pdf": pdf_parts.write_pdf(c, submit=workers.submit)} if "pdf" in wanted else {}
        data.update({fmt: f.result() for fmt, f in pending.items()})
    except BrokenProcessPool as e:
        pool.discard(workers, e)
        return _alone(c, wanted)
    return {fmt: data[fmt] for fmt in wanted}


def _alone(c: Circular, wanted: list[str]) -> dict[str, bytes]:
    """A large circular without the pool: the PDF from the same parts (the same bytes)."""
    return {fmt: pdf_parts.write_pdf(c) if fmt == "pdf" else render_here(c, fmt) for fmt in wanted}


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
