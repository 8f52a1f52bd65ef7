"""四督四保 key projects from the command line: list, rates and 三未, imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from planwatch.cli.common import (
    as_of_option,
    day_type,
    db_option,
    echo_json,
    format_option,
    on_day,
    open_db,
    reports_errors,
)


def _echo_project_list(rows: list[Any], fmt: str) -> None:
    if fmt == "json":
        echo_json([r.as_dict() for r in rows])
        return
    click.echo("plan\tname\tstage\tregion\tplanned_inv\tcompleted_inv\tplanned_start\tactual_start"
               "\tplanned_completion\tactual_completion\tplanned_production\tactual_production")
    for r in rows:
        f = r.facts
        values = [f.plan, f.name, f.stage, r.region, f.planned_investment, f.completed_investment,
                  f.planned_start, f.actual_start, f.planned_completion, f.actual_completion,
                  f.planned_production, f.actual_production]
        click.echo("\t".join("—" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in values))


def _echo_project_rates(rates: Any, nots: Any, as_of: date, fmt: str) -> None:
    named = {"开工率": rates.started, "竣工率": rates.completed, "达产率": rates.producing,
             "转化率": rates.converted, "投资完成率": rates.investment}
    lists = {"立项未开工": nots.approved_not_started, "开工未建设": nots.started_not_building,
             "建设未竣工": nots.building_not_completed}
    if fmt == "json":
        echo_json({"from": str(rates.start), "to": str(rates.end), "as_of": str(as_of),
                    "rates": {k: v.as_dict() for k, v in named.items()}, "三未": lists})
        return
    click.echo(f"period {rates.start} – {rates.end}, 三未 as of {as_of}")
    for name, rate in named.items():
        click.echo(f"{name}\t{rate.label()}")
    for name, items in lists.items():
        click.echo(f"{name}\t{len(items)}\t{'、'.join(items) or '—'}")


@click.command()
@click.option("--plan", "plan_key", default=None, help="Only this plan (key).")
@click.option("--rates", is_flag=True, help="Show 开工/竣工/达产/转化/投资完成率 and the 三未 lists instead.")
@click.option("--from", "start", type=day_type, default=None, help="Period start (default: 1 January of --as-of's year).")
@click.option("--to", "end", type=day_type, default=None, help="Period end (default: --as-of).")
@as_of_option
@format_option
@db_option
@reports_errors
def projects(plan_key: str | None, rates: bool, start: Any, end: Any, as_of: Any, fmt: str, db: str | None) -> None:
    """四督四保: key projects with their stage dates, or their rates over a period."""
    from planwatch.services.projects import list_projects, project_report

    day = on_day(as_of)
    with open_db(db).transaction() as session:
        if not rates:
            _echo_project_list(list_projects(session, plan=plan_key), fmt)
            return
        period = on_day(start, date(day.year, 1, 1)), on_day(end, day)
        report = project_report(session, plan=plan_key, start=period[0], end=period[1], as_of=day)
    _echo_project_rates(*report, as_of=day, fmt=fmt)


def _echo_outcome(source: object, outcome: Any) -> None:
    click.echo(f"{source}: {outcome.created} created, {outcome.updated} updated, {outcome.unchanged} unchanged")
    for item in outcome.undated:
        click.echo(f"  no stage date (action names no 开工/竣工/投产): {item}")


@click.command("projects-import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@reports_errors
def projects_import(file: Path, db: str | None) -> None:
    """Create or update projects from a CSV/XLSX file, all rows or none."""
    from planwatch.services.projects import import_projects

    _echo_outcome(file, open_db(db).retrying(lambda s: import_projects(s, path=file)))


@click.command("projects-from-plan")
@click.argument("key")
@db_option
@reports_errors
def projects_from_plan(key: str, db: str | None) -> None:
    """One 储备 project per milestone of KEY's current version, with planned stage dates."""
    from planwatch.services.projects import create_projects_from_plan

    _echo_outcome(key, open_db(db).retrying(lambda s: create_projects_from_plan(s, key=key)))


