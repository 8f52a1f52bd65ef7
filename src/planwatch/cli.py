"""The `planwatch` command line. The only place (with the web app) that turns
`PlanwatchError` into an exit status; everything else raises."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from planwatch.errors import PlanwatchError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(fn: F) -> F:
    """Turn domain errors into one line on stderr and exit status 2, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PlanwatchError as e:
            click.echo(f"planwatch: {e}", err=True)
            sys.exit(e.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planwatch")
def main() -> None:
    """planwatch: turn industrial-development plan documents into tracked plans."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: the plan in the gold-label schema (a superset); table: a readable summary.")
@reports_errors
def extract(file: Path, fmt: str) -> None:
    """Extract the structured plan from a policy document (.txt, .docx, .pdf, .html)."""
    from planwatch.extract import extract_plan
    from planwatch.readers import read_document
    from planwatch.summary import render_summary

    plan = extract_plan(read_document(file))
    click.echo(plan.to_json() if fmt == "json" else render_summary(plan))


def example_paths() -> list[Path]:
    """The sample plans shipped inside the package."""
    root = resources.files("planwatch") / "examples"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".txt"))


# --- tracking database: import, publish, plans, observe, backup, restore, regions -------------

db_option = click.option("--db", "db", metavar="URL", default=None,
                         help="Database URL (default $PLANWATCH_DATABASE_URL, else sqlite:///planwatch.db).")


def open_db(db: str | None) -> Any:
    """Settings from the environment (``--db`` wins), and the store, upgraded to the schema head."""
    from planwatch.config import Settings
    from planwatch.store import open_store

    return open_store(Settings.from_env(database_url=db))


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", default=None, help="Plan key (default: the file's stem).")
@click.option("--region", default=None, help="The plan's region when the document does not say.")
@db_option
@reports_errors
def import_command(file: Path, key: str | None, region: str | None, db: str | None) -> None:
    """Store a plan document or plan JSON as a new draft version of KEY."""
    from planwatch.services.plans import import_plan, load_plan_file

    plan = load_plan_file(file)
    store = open_db(db)
    version = store.retrying(lambda s: import_plan(s, plan=plan, key=key or file.stem,
                                                   source_file=file.name, region=region))
    click.echo(f"{key or file.stem}: imported version {version.version_no} (draft)")


@main.command()
@click.argument("key")
@db_option
@reports_errors
def publish(key: str, db: str | None) -> None:
    """Make KEY's latest draft current; materialise its indicators and tasks."""
    from planwatch.services.plans import publish_plan

    with open_db(db).transaction() as session:
        done = publish_plan(session, key=key)
        click.echo(f"{key}: published version {done.version.version_no}: "
                   f"{done.indicators} indicators, {done.tasks} tasks")
        for name in done.unresolved:
            click.echo(f"  unresolved unit (kept as written): {name}")


@main.command()
@db_option
@reports_errors
def plans(db: str | None) -> None:
    """List stored plans: key, title, region, versions, current version, indicators."""
    from planwatch.services.plans import list_plans

    with open_db(db).transaction() as session:
        for p in list_plans(session):
            click.echo("\t".join(str(v if v is not None else "-") for v in
                                  (p.key, p.title, p.region, p.versions, p.current_version, p.indicators)))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@reports_errors
def observe(file: Path, db: str | None) -> None:
    """Record actuals from a CSV/XLSX file (plan,indicator,region,period,value,unit,source): all or none."""
    from planwatch.services.observations import record_file

    count = open_db(db).retrying(lambda s: record_file(s, path=file))
    click.echo(f"{file}: recorded {count} observation(s)")


@main.command()
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


@main.command()
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


@main.command()
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


def _register() -> None:
    """Commands living in their own modules add themselves to `main` on import."""
    from planwatch import cli_demo, cli_progress  # noqa: F401


_register()

if __name__ == "__main__":
    main()
