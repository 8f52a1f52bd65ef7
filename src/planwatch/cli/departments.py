"""The department list from the command line: list departments and the unit names no
department answers to, add a local unit (or a standard body), rename a department."""

from __future__ import annotations

from typing import Any

import click

from planwatch.cli.common import db_option, echo_json, format_option, open_db, reports_errors


def _region_id(session: Any, name: str | None) -> int | None:
    from planwatch.services.regions import ensure_regions, resolve_region

    ensure_regions(session)
    return resolve_region(session, name=name).id if name else None


@click.command()
@click.option("--region", default=None, help="Only departments of this region.")
@click.option("--local", is_flag=True, help="Only local units (a 专班, a 园区管委会, an enterprise).")
@click.option("--unresolved", is_flag=True, help="List the unit names of current tasks no department answers to.")
@click.option("--plan", "plan_key", default=None, help="With --unresolved: only this plan's tasks.")
@format_option
@db_option
@reports_errors
def departments(region: str | None, local: bool, unresolved: bool, plan_key: str | None, fmt: str,
                db: str | None) -> None:
    """Registered departments with their region, kind (the directory body, or local) and aliases."""
    from dataclasses import asdict

    from planwatch.services.departments_admin import list_departments, unresolved_units

    with open_db(db).transaction() as session:
        if unresolved:
            rows: list[Any] = unresolved_units(session, plan=plan_key)
        else:
            rows = list_departments(session, region_id=_region_id(session, region), local=local)
    if fmt == "json":
        echo_json([asdict(r) for r in rows])
    elif unresolved:
        click.echo("name\tkind\tplans\ttask_units")
        for u in rows:
            click.echo(f"{u.name}\t{u.kind}\t{','.join(u.plans)}\t{u.task_units}")
    else:
        click.echo("id\tregion\tname\tstandard\ttask_units\taliases")
        for d in rows:
            click.echo(f"{d.id}\t{d.region or '—'}\t{d.name}\t{d.standard or 'local'}\t{d.task_units}\t"
                       f"{' '.join(d.aliases) or '—'}")


@click.command("department-add")
@click.argument("name")
@click.option("--region", required=True, help="The region it belongs to (合肥市, 巢湖市 …).")
@click.option("--alias", "aliases", multiple=True, help="Another name it is written as (repeatable).")
@db_option
@reports_errors
def department_add(name: str, region: str, aliases: tuple[str, ...], db: str | None) -> None:
    """Register NAME as a department of REGION, and resolve the stored task units written so."""
    from planwatch.services.departments_admin import add_department

    with open_db(db).transaction() as session:
        added = add_department(session, name=name, region_id=_region_id(session, region), aliases=aliases)
        dept, resolved = added.department, added.resolved_units
        click.echo(f"department {dept.id}: {dept.name} ({dept.standard or 'local'}); "
                   f"{resolved} stored task unit(s) now resolve to it")


@click.command("department-rename")
@click.argument("name")
@click.argument("new_name")
@click.option("--region", default=None, help="The region of the department (needed for 省/市/县 names).")
@db_option
@reports_errors
def department_rename(name: str, new_name: str, region: str | None, db: str | None) -> None:
    """Rename the department NAME to NEW_NAME; NAME stays an alias and its tasks stay with it."""
    from planwatch.services.departments_admin import rename_department

    with open_db(db).transaction() as session:
        dept = rename_department(session, name=name, region_id=_region_id(session, region), new_name=new_name)
        click.echo(f"department {dept.id}: {dept.name} (also {', '.join(dept.aliases)})")
