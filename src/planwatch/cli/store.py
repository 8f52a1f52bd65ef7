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

    from planwatch.store.backup import dump_database

    with open_db(db).transaction() as session:
        data = dump_database(session)
    file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"{file}: {sum(len(r) for r in data['tables'].values())} rows")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@reports_errors
def restore(file: Path, db: str | None) -> None:
    """Replace the database's contents with a backup FILE, after checking all of it."""
    import json

    from planwatch.errors import ValidationError
    from planwatch.store.backup import restore_database

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValidationError(file, [f"not JSON: {e}"]) from e
    with open_db(db).transaction() as session:
        counts = restore_database(session, data)
    click.echo(f"{file}: restored {sum(counts.values())} rows")


