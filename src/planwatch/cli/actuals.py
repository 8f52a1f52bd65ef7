"""`planwatch observe`: record actual figures from a CSV or XLSX file, all rows or none."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@reports_errors
def observe(file: Path, db: str | None) -> None:
    """Record actuals from a CSV/XLSX file (plan,indicator,region,period,value,unit,source): all or none."""
    from planwatch.services.observations import record_file

    count = open_db(db).retrying(lambda s: record_file(s, path=file))
    click.echo(f"{file}: recorded {count} observation(s)")


