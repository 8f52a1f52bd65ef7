"""Plans in the store: import a document or plan JSON as a draft, publish it, list plans."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", default=None, help="Plan key (default: the file's stem, lower-cased).")
@click.option("--region", default=None, help="The plan's region when the document does not say.")
@db_option
@reports_errors
def import_command(file: Path, key: str | None, region: str | None, db: str | None) -> None:
    """Store a plan document or plan JSON as a new draft version of KEY."""
    from planwatch.services.plans import import_plan, key_from_name, load_plan_source

    plan, text = load_plan_source(file)
    name = key or key_from_name(file.name)
    store = open_db(db)
    version = store.retrying(lambda s: import_plan(s, plan=plan, key=name, source_file=file.name, region=region,
                                                   source_text=text))
    click.echo(f"{name}: imported version {version.version_no} (draft)")


@click.command()
@click.argument("key")
@db_option
@reports_errors
def publish(key: str, db: str | None) -> None:
    """Make KEY's latest draft current, carrying tracked data over from the current version."""
    from planwatch.services.departments import unresolved_kind
    from planwatch.services.plans import publish_plan

    store = open_db(db)
    with store.transaction() as session:
        done = publish_plan(session, key=key)
    # Printed only once the transaction has committed: a reader that goes away (a broken
    # pipe) can no longer undo a publish that was reported as done.
    changes = done.changes
    click.echo(f"{key}: published version {done.version.version_no}: {done.indicators} indicators, {done.tasks} tasks")
    for kind in ("indicators", "tasks"):
        click.echo(f"  {kind}: {len(changes.carried[kind])} carried over, {len(changes.new[kind])} new, "
                   f"{len(changes.retired[kind])} retired")
        for label in changes.retired[kind]:
            click.echo(f"    retired (kept with its data, no longer tracked): {label}")
    for line in changes.converted:
        click.echo(f"  figures converted: {line}")
    for name in done.unresolved:
        if unresolved_kind(name) == "generic":
            click.echo(f"  unit kept as written (a class of units, not one department): {name}")
        else:
            click.echo(f"  unresolved unit (kept as written; add it with `planwatch department-add`): {name}")


@click.command()
@db_option
@reports_errors
def plans(db: str | None) -> None:
    """List stored plans: key, title, region, versions, current version, indicators."""
    from planwatch.services.plans import list_plans

    with open_db(db).transaction() as session:
        for p in list_plans(session):
            click.echo("\t".join(str(v if v is not None else "-") for v in
                                  (p.key, p.title, p.region, p.versions, p.current_version, p.indicators)))


