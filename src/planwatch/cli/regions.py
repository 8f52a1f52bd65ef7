"""`planwatch regions`: resolve a region name, list its sub-regions, or add a development zone."""

from __future__ import annotations

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command()
@click.argument("name")
@click.option("--within", default=None, help="A parent region that narrows an ambiguous name.")
@click.option("--inside", default=None, help="A region NAME must be in (an error when it is not).")
@click.option("--add-under", "parent", default=None, help="Add NAME (a zone such as 安庆经开区) under this region.")
@click.option("--sub", "sub", is_flag=True, help="Also list NAME's direct sub-regions.")
@db_option
@reports_errors
def regions(name: str, within: str | None, inside: str | None, parent: str | None, sub: bool, db: str | None) -> None:
    """Resolve a region NAME (淮南 → 淮南市, 达茂旗 → 达尔罕茂明安联合旗), or add a development
    zone with --add-under. Prints name, level and id; with --sub, one line per sub-region."""
    from planwatch.services.regions import add_region, ensure_regions, resolve_region, sub_regions

    with open_db(db).transaction() as session:
        ensure_regions(session)
        if parent:
            add_region(session, name=name, parent=parent)
        scope = resolve_region(session, name=within).id if within else None
        bound = resolve_region(session, name=inside).id if inside else None
        ref = resolve_region(session, name=name, within=scope, inside=bound)
        click.echo(f"{ref.name}\t{ref.level}\tid={ref.id}")
        for child in sub_regions(session, region_id=ref.id) if sub else []:
            click.echo(f"  {child.name}\t{child.level}\tid={child.id}")
