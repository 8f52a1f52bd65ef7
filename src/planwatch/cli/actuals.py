"""`planwatch observe`: record actual figures from a CSV or XLSX file, all rows or none."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--accept-suspect", is_flag=True,
              help="Store figures that fail the plausibility checks, flagged with the reasons.")
@db_option
@reports_errors
def observe(file: Path, accept_suspect: bool, db: str | None) -> None:
    """Record actuals from a CSV/XLSX file (plan,indicator,region,period,value,unit,source): all or none."""
    from planwatch.services.observations import observe_file

    result = open_db(db).retrying(lambda s: observe_file(s, path=file, accept_suspect=accept_suspect))
    for line, reasons in result.flagged:
        click.echo(f"row {line}: stored flagged: {reasons}")
    click.echo(f"{file}: recorded {result.count} observation(s)"
               + (f", {len(result.flagged)} flagged" if result.flagged else ""))
