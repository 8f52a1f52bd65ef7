"""Whole folders at once: documents in, one outcome per document out, in parallel.

A think tank feeds a province's whole policy library: thousands of files, a few of them
scans, renamed spreadsheets or files that crash a parser. One bad file must not stop the
others, so every document becomes an `Outcome` (ok, empty or failed, with the reason) and
nothing here raises for a document. The work runs in this process (`jobs=1`), in a pool of
local processes, or on a Dask cluster (`scheduler=ADDRESS`, the optional `cluster` extra);
the outcome of a document is the same whichever runs it. Nothing here writes files or
prints: the CLI does, as outcomes arrive.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from planwatch.extract.found import FOUND

# What a policy library holds that may be a plan. Old Office formats are taken so that the
# reader says why they cannot be read (save as .docx) instead of their being passed over.
DOCUMENT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm", ".shtml", ".xhtml", ".doc", ".wps"})
_IN_FLIGHT_PER_WORKER = 4  # enough queued to keep workers busy, few enough to bound memory

Status = Literal["ok", "empty", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What became of one document. `json` is exactly what `planwatch extract FILE` prints."""

    index: int  # position in the input order
    source: str
    status: Status
    json: str | None = None
    error: str | None = None
    title: str | None = None
    counts: tuple[tuple[str, int], ...] = ()
    size: int = 0  # bytes read

    def record(self) -> dict[str, Any]:
        """The document's line in the JSONL index (the JSON text itself is left out)."""
        return {"source": self.source, "status": self.status, "error": self.error, "title": self.title,
                "bytes": self.size, **dict(self.counts)}


@dataclass(frozen=True)
class Collected:
    """The documents found under the paths given, and the files passed over."""

    documents: tuple[Path, ...]
    names: tuple[str, ...]  # output name of each document, relative, without .json
    skipped: tuple[Path, ...]


def collect(paths: Sequence[Path]) -> Collected:
    """Every document under `paths`, in the order given, each folder walked in sorted order.

    A file named on the command line is taken whatever its suffix (the reader judges it); in
    a folder only document suffixes are, hidden files and Office lock files (~$x.docx) never.
    Each document gets an output name: its path below the folder given, so the JSON files
    mirror the library; a clash (x.txt beside x.pdf) keeps the suffix, then counts."""
    found: list[tuple[Path, str]] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        for path, rel in _walk(given, skipped):
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.append((path, rel))
    return Collected(tuple(p for p, _ in found), tuple(_unique_names([r for _, r in found])), tuple(skipped))


def _walk(given: Path, skipped: list[Path]) -> Iterator[tuple[Path, str]]:
    if not given.is_dir():
        yield given, given.name
        return
    for root, dirs, files in os.walk(given):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith((".", "~$")) or path.suffix.lower() not in DOCUMENT_SUFFIXES:
                skipped.append(path)
            else:
                yield path, path.relative_to(given).as_posix()


def _unique_names(rels: list[str]) -> list[str]:
    """x.txt → x; a second x (x.pdf) → x.pdf; a third → x.pdf-2. Case-blind: file systems are."""
    taken: set[str] = set()
    names = []
    for rel in rels:
        stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
        name, n = stem, 1
        while name.lower() in taken:
            n += 1
            name = rel if n == 2 else f"{rel}-{n - 1}"
        taken.add(name.lower())
        names.append(name)
    return names


def extract_one(index: int, source: str, data: bytes | None = None) -> Outcome:
    """Read and extract one document, never raising: the file's path, or its bytes as read
    from that path (a cluster worker may not see the file)."""
    from planwatch.errors import PlanwatchError
    from planwatch.extract import extract_plan
    from planwatch.readers import read_bytes, read_document

    size = len(data) if data is not None else _size(source)
    try:
        doc = read_document(source) if data is None else read_bytes(data, path=source)
        plan = extract_plan(doc)
    except PlanwatchError as e:
        return Outcome(index, source, "failed", error=str(e), size=size)
    except Exception as e:  # a parser's bug must not stop the library
        error = f"{source}: internal error ({type(e).__name__}: {e})"
        return Outcome(index, source, "failed", error=error, size=size)
    counts = tuple((name, len(getattr(plan, name))) for name in FOUND)
    status: Status = "ok" if any(n for _, n in counts) else "empty"
    return Outcome(index, source, status, json=plan.to_json() + "\n", title=plan.meta.title, counts=counts,
                   size=size)


def _size(source: str) -> int:
    try:
        return os.path.getsize(source)
    except OSError:
        return 0


def extract_many(
    documents: Sequence[Path], *, jobs: int = 1, scheduler: str | None = None
) -> Iterator[Outcome]:
    """Outcomes of `documents` as they finish (not in input order; `Outcome.index` tells)."""
    sources = [str(p) for p in documents]
    if scheduler is not None:
        from planwatch.extract.cluster import on_cluster

        yield from on_cluster(sources, address=scheduler)
    elif jobs <= 1 or len(sources) <= 1:
        for i, source in enumerate(sources):
            yield extract_one(i, source)
    else:
        yield from _in_processes(sources, jobs)


def _in_processes(sources: list[str], jobs: int) -> Iterator[Outcome]:
    """A pool of `jobs` processes. A worker that dies (a crash inside a parser) breaks the
    pool: the documents then in flight are tried again one by one, each alone in a process,
    so only the one that kills its process fails; a new pool takes the rest."""
    todo = list(enumerate(sources))
    while todo:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            in_flight, todo = yield from _windowed(pool, todo, jobs * _IN_FLIGHT_PER_WORKER)
        for item in in_flight:
            yield _alone(item)


def _alone(item: tuple[int, str]) -> Outcome:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(extract_one, *item).result()
        except BrokenProcessPool:
            return Outcome(item[0], item[1], "failed", error=f"{item[1]}: the process reading it died")


Item = tuple[int, str]


def _windowed(
    pool: ProcessPoolExecutor, items: list[Item], window: int
) -> Generator[Outcome, None, tuple[list[Item], list[Item]]]:
    """Keep at most `window` documents submitted and yield each outcome as it finishes. If
    the pool breaks, return the documents then in flight and those not yet submitted."""
    pending: dict[Future[Outcome], Item] = {}
    queue = iter(items)
    for item in islice(queue, window):
        pending[pool.submit(extract_one, *item)] = item
    broken: list[Item] = []
    while pending:
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: pending[f][0]):
            item = pending.pop(future)
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(item)
                continue
            if not broken and (nxt := next(queue, None)) is not None:
                pending[pool.submit(extract_one, *nxt)] = nxt
    return sorted(broken), list(queue)
