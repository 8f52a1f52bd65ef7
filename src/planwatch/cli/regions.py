"""`planwatch regions`: resolve a region name, or add a development zone."""

from __future__ import annotations

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command()
@click.argument("name")
@click.option("--within", default=None, help="A parent region that narrows an ambiguous name.")
@click.option("--add-under", "parent", default=None, help="Add NAME (a zone such as 安庆经开区) under this region.")
@db_option
@reports_errors
def regions(name: str, within: str | None, parent: str | None, db: str | None) -> None:
    """Resolve a region NAME (淮南 → 淮南市), or add a development zone with --add-under."""
    from planwatch.services.regions import add_region, ensure_regions, resolve_region

    with open_db(db).transaction() as session:
        ensure_regions(session)
        if parent:
            add_region(session, name=name, parent=parent)
        scope = resolve_region(session, name=within).id if within else None
        ref = resolve_region(session, name=name, within=scope)
        click.echo(f"{ref.name}\t{ref.level}\tid={ref.id}")


