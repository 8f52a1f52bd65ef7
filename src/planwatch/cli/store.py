"""Backup and restore of the whole database as one JSON file."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@reports_errors
def backup(file: Path, db: str | None) -> None:
    """Write every table to FILE as JSON (restorable into SQLite or PostgreSQL)."""
    import json

    from planwatch.services.backup import backup_document, row_count

    with open_db(db).transaction() as session:
        data = backup_document(session)
    file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"{file}: {row_count(data)} rows")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@reports_errors
def restore(file: Path, db: str | None) -> None:
    """Replace the database's contents with a backup FILE, after checking all of it."""
    from planwatch.services.backup import restore_file

    with open_db(db).transaction() as session:
        count = restore_file(session, path=file)
    click.echo(f"{file}: restored {count} rows")
