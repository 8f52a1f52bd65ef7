"""`planwatch extract`: a document in, the structured plan out (JSON or a readable table);
or whole folders in, one JSON file per document and a JSONL index out (`--out DIR`)."""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planwatch.cli.common import reports_errors

if TYPE_CHECKING:
    from planwatch.extract.batch import Collected, Outcome

INDEX = "index.jsonl"


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE_OR_DIR...",
                type=click.Path(dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: the plan in the gold-label schema (a superset); table: a readable summary.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Extract every document under the paths into this folder: one JSON per document "
                   f"and {INDEX}.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="With --out: processes working in parallel (default: the number of CPUs).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --out: run on this Dask scheduler (tcp://host:8786) instead; "
                   "needs pip install 'planwatch[cluster]'.")
@reports_errors
def extract(paths: tuple[Path, ...], fmt: str, out: Path | None, jobs: int | None, scheduler: str | None) -> None:
    """Extract the structured plan from a policy document (.txt, .docx, .pdf, .html).

    With --out DIR, every document of the folders and files given is extracted in parallel,
    one JSON per document (the same as the single-file output) plus a JSONL index; a
    document that fails is reported at the end and the others go on (exit status 1)."""
    if out is None:
        if len(paths) > 1 or jobs is not None or scheduler is not None:
            raise click.UsageError("several paths, --jobs and --scheduler need --out DIR")
        _one(paths[0], fmt)
        return
    if fmt != "json":
        raise click.UsageError("--out writes JSON; --format table is for one document")
    failed = _folder(paths, out, jobs=jobs or os.cpu_count() or 1, scheduler=scheduler)
    sys.exit(1 if failed else 0)


def _one(path: Path, fmt: str) -> None:
    """One document to stdout, with the cyclic collector paused throughout and its passes at
    the process's exit skipped.

    Over a 2.7 MB document its passes are pure cost, some 65 ms of 900: 12 ms during the
    imports, 13 ms for one pass over everything the extraction left alive once it is back
    on, and 40 ms of passes at exit over the finders' per-text indexes, the patterns and
    the modules, which reference counting and the process's end free anyway. Pausing is
    what `extract_plan` already does for its own call; freezing at exit (`gc.freeze`)
    leaves every object to be freed as before, without the cycle search. The pause is
    written out here, not taken from `extract.pauses.collector_paused`: importing that
    module imports the whole `planwatch.extract` package, whose imports the pause must cover."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        _print_one(path, fmt)
    finally:
        if enabled:
            gc.enable()
    atexit.unregister(gc.freeze)  # once, however often the command runs in one process
    atexit.register(gc.freeze)


def _print_one(path: Path, fmt: str) -> None:
    from planwatch.extract import extract_plan
    from planwatch.extract.found import FOUND, nothing_found
    from planwatch.readers import read_document

    plan = extract_plan(read_document(path))
    if fmt == "json":
        click.echo(plan.to_json())
    else:
        from planwatch.summary import render_summary

        click.echo(render_summary(plan))
    if not any(getattr(plan, name) for name in FOUND):
        click.echo(nothing_found(str(path)), err=True)


def _folder(paths: tuple[Path, ...], out: Path, *, jobs: int, scheduler: str | None) -> int:
    """Extract, write each JSON as it comes, then the index; the number of failed documents."""
    from planwatch.errors import DocumentError
    from planwatch.extract.batch import collect, extract_many

    found = collect(paths)
    if not found.documents:
        raise DocumentError(", ".join(map(str, paths)), "no documents found (.txt, .docx, .pdf, .html)")
    out.mkdir(parents=True, exist_ok=True)
    outcomes: list[Outcome | None] = [None] * len(found.documents)
    stream = extract_many(found.documents, jobs=jobs, scheduler=scheduler)
    with _progress(len(found.documents)) as bar:
        for outcome in stream:
            outcomes[outcome.index] = outcome
            if outcome.json is not None:
                _write(out / f"{found.names[outcome.index]}.json", outcome.json)
            bar.update(1)
    done = [o for o in outcomes if o is not None]
    _write_index(out / INDEX, done, found)
    return _report(done, found, out)


def _progress(total: int) -> Any:
    """A bar on stderr when it is a terminal; nothing at all when it is a log file or a pipe."""
    if not sys.stderr.isatty():
        return _NoBar()
    return click.progressbar(length=total, label="extracting", file=sys.stderr, show_pos=True, show_eta=True)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_index(path: Path, outcomes: list[Outcome], found: Collected) -> None:
    """One line per document in input order: where its JSON is, what became of it."""
    lines = []
    for o in outcomes:
        output = f"{found.names[o.index]}.json" if o.json is not None else None
        lines.append(json.dumps({**o.record(), "output": output}, ensure_ascii=False))
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _report(outcomes: list[Outcome], found: Collected, out: Path) -> int:
    """Empty documents, then failures, each by name, then one summary line; all on stderr."""
    from planwatch.extract.found import nothing_found

    failed = [o for o in outcomes if o.status == "failed"]
    empty = [o for o in outcomes if o.status == "empty"]
    for o in empty:
        click.echo(nothing_found(o.source), err=True)
    for o in failed:
        click.echo(f"planwatch: failed: {o.error}", err=True)
    skipped = f", {len(found.skipped)} other files passed over" if found.skipped else ""
    click.echo(f"planwatch: {len(outcomes) - len(failed)} of {len(outcomes)} documents extracted into {out} "
               f"({len(empty)} with nothing found, {len(failed)} failed{skipped})", err=True)
    return len(failed)
