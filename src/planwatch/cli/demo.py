"""`planwatch demo`: the README's main job in the terminal, end to end on the bundled examples.

Extract each example plan and print its summary; import and publish them into an embedded
database; record the bundled real actuals; print the progress table. `planwatch serve
--demo` builds the same database through the same services and serves it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planwatch.cli.common import open_db, reports_errors

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic) is imported when a command opens it
    from planwatch.store import Store


def fresh_demo_db(db: str | None) -> str:
    """The demo's database URL: `db`, else a fresh planwatch-demo.db in the working directory."""
    if db is not None:
        return db
    path = Path("planwatch-demo.db")
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def load_demo(store: Store, *, quiet: bool) -> None:
    """Import, publish and record the examples, printing what was done."""
    from planwatch.extract import extract_plan
    from planwatch.readers import read_document
    from planwatch.services.demo import example_paths, load_example, record_example_actuals
    from planwatch.summary import render_summary

    for doc_path in example_paths():
        document = read_document(doc_path)
        plan = extract_plan(document)
        if not quiet:
            click.echo(render_summary(plan) + "\n")
        with store.transaction() as session:
            key, done = load_example(session, path=doc_path, document=document, plan=plan)
        click.echo(f"{key}: published version {done.version.version_no}: {done.indicators} indicators, {done.tasks} tasks")
    with store.transaction() as session:
        click.echo(f"recorded {record_example_actuals(session)} actuals from example_actuals.csv\n")


@click.command()
@click.option("--db", "db", metavar="URL", default=None,
              help="Database for the demo (default: a fresh planwatch-demo.db in the working directory).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default="2021-03-31", show_default=True,
              help="Date the progress table is judged at.")
@click.option("--quiet", is_flag=True, help="Skip the per-plan extraction summaries.")
@reports_errors
def demo(db: str | None, as_of: object, quiet: bool) -> None:
    """The main job: extract the example plans, track them with real actuals, print progress."""
    from planwatch.services.status import plan_status

    store = open_db(fresh_demo_db(db))
    load_demo(store, quiet=quiet)
    day = as_of.date() if hasattr(as_of, "date") else date.today()
    with store.transaction() as session:
        rows = [r for r in plan_status(session, as_of=day) if r.latest["value"] is not None]
    click.echo(f"Progress as of {day} (targets with actuals)")
    for r in rows:
        click.echo(f"  {r.plan:<9} {r.metric[:22]:<22} {r.target['year']}  target {r.target['value']:g}{r.unit or ''}"
                   f"  latest {r.latest['value']:g} ({r.latest['period']})  {r.status_label}")
    store.dispose()
