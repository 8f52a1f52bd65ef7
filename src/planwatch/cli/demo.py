"""`planwatch demo`: the README's main job, end to end on the bundled examples.

Extract each example plan and print its summary; import and publish them into an embedded
database; record the bundled real actuals; print the progress table.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import click

from planwatch.cli.common import open_db, reports_errors
from planwatch.cli.extract import example_paths

# Keys the bundled actuals use, by example document.
EXAMPLE_KEYS = {
    "000_ed164e653cac975c": "anqing",
    "001_e1ad1d33f2229fbe": "anhui-2025",
    "002_7230ec801b983216": "anhui",
    "003_6f0a94d0c08b789a": "shaoxing",
    "004_9bd38e287df014c8": "chaohu",
}


@click.command()
@click.option("--db", "db", metavar="URL", default=None,
              help="Database for the demo (default: a fresh planwatch-demo.db in the working directory).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default="2021-03-31", show_default=True,
              help="Date the progress table is judged at.")
@click.option("--quiet", is_flag=True, help="Skip the per-plan extraction summaries.")
@reports_errors
def demo(db: str | None, as_of: object, quiet: bool) -> None:
    """The main job: extract the example plans, track them with real actuals, print progress."""
    from planwatch.extract import extract_plan
    from planwatch.readers import read_document
    from planwatch.services.observations import record_file
    from planwatch.services.plans import import_plan, publish_plan
    from planwatch.services.status import plan_status
    from planwatch.summary import render_summary

    if db is None:
        path = Path("planwatch-demo.db")
        path.unlink(missing_ok=True)
        db = f"sqlite:///{path}"
    store = open_db(db)
    for doc_path in example_paths():
        plan = extract_plan(read_document(doc_path))
        if not quiet:
            click.echo(render_summary(plan) + "\n")
        key = EXAMPLE_KEYS.get(doc_path.stem, doc_path.stem)
        with store.transaction() as session:
            import_plan(session, plan=plan, key=key, source_file=doc_path.name)
        with store.transaction() as session:
            done = publish_plan(session, key=key)
        click.echo(f"{key}: published version {done.version.version_no}: {done.indicators} indicators, {done.tasks} tasks")
    actuals = Path(str(resources.files("planwatch") / "data" / "example_actuals.csv"))
    with store.transaction() as session:
        click.echo(f"recorded {record_file(session, path=actuals)} actuals from {actuals.name}\n")
    day = as_of.date() if hasattr(as_of, "date") else date.today()
    with store.transaction() as session:
        rows = [r for r in plan_status(session, as_of=day) if r.latest["value"] is not None]
    click.echo(f"Progress as of {day} (targets with actuals)")
    for r in rows:
        click.echo(f"  {r.plan:<9} {r.metric[:22]:<22} {r.target['year']}  target {r.target['value']:g}{r.unit or ''}"
                   f"  latest {r.latest['value']:g} ({r.latest['period']})  {r.status_label}")
    store.dispose()
