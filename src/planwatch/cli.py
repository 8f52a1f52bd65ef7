"""The `planwatch` command line. The only place (with the web app) that turns
`PlanwatchError` into an exit status; everything else raises."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
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


# --- 督查督办 tasks and 四督四保 projects: tasks, task-update, projects, projects-import, -from-plan

work_day = click.DateTime(formats=["%Y-%m-%d"])
work_format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                                  show_default=True)
work_as_of_option = click.option("--as-of", "as_of", type=work_day, default=None,
                                 help="The day judged at (default: today).")


def _on(value: Any, default: date | None = None) -> date:
    """A click DateTime as a date; today only when the user gave none (the CLI reads the clock)."""
    return value.date() if value is not None else (default or date.today())


def _echo_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


@main.command()
@click.option("--plan", "plan_key", default=None, help="Only this plan (key).")
@click.option("--department", default=None, help="Only tasks naming this unit (lead or support).")
@click.option("--overdue", is_flag=True, help="Only tasks past their deadline and not done.")
@work_as_of_option
@work_format_option
@db_option
@reports_errors
def tasks(plan_key: str | None, department: str | None, overdue: bool, as_of: Any, fmt: str, db: str | None) -> None:
    """督查督办: tasks of published plans, their latest update and escalation colour."""
    from planwatch.services.tasks import list_tasks

    with open_db(db).transaction() as session:
        rows = list_tasks(session, plan=plan_key, department=department, overdue=overdue, as_of=_on(as_of))
    if fmt == "json":
        _echo_json([r.as_dict() for r in rows])
        return
    click.echo("plan\ttask\tdeadline\tstate\tpercent\tupdated\tcolour\tlead\ttitle")
    for r in rows:
        lead = "、".join(u.department or u.raw_name for u in r.lead) or "—"
        click.echo("\t".join([r.plan, str(r.task_id), str(r.deadline or "—"), r.state,
                              "—" if r.percent is None else f"{r.percent:g}%", str(r.update_date or "—"),
                              r.colour or "—", lead, r.title]))


@main.command("task-update")
@click.argument("task_id", type=int)
@click.option("--state", required=True, help="未开始, 推进中 or 已完成.")
@click.option("--percent", type=float, default=None, help="Share done, 0 to 100.")
@click.option("--department", default=None, help="The reporting department (resolved in the plan's region).")
@click.option("--text", default=None, help="What was done.")
@click.option("--date", "on_date", type=work_day, default=None, help="Date of the report (default: today).")
@click.option("--deadline", type=work_day, default=None, help="Also set the task's deadline.")
@db_option
@reports_errors
def task_update(task_id: int, state: str, percent: float | None, department: str | None, text: str | None,
                on_date: Any, deadline: Any, db: str | None) -> None:
    """Record a progress report on TASK_ID (and optionally set its deadline), in one transaction."""
    from sqlalchemy.orm import Session

    from planwatch.services.tasks import add_task_update, set_deadline

    day = _on(on_date)

    def work(session: Session) -> int:
        if deadline is not None:
            set_deadline(session, task_id=task_id, deadline=_on(deadline))
        return add_task_update(session, task_id=task_id, on_date=day, department=department, text=text,
                               percent=percent, state=state).id

    update_id = open_db(db).retrying(work)
    click.echo(f"task {task_id}: {state} on {day} (update {update_id})")


def _echo_project_list(rows: list[Any], fmt: str) -> None:
    if fmt == "json":
        _echo_json([r.as_dict() for r in rows])
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
        _echo_json({"from": str(rates.start), "to": str(rates.end), "as_of": str(as_of),
                    "rates": {k: v.as_dict() for k, v in named.items()}, "三未": lists})
        return
    click.echo(f"period {rates.start} – {rates.end}, 三未 as of {as_of}")
    for name, rate in named.items():
        click.echo(f"{name}\t{rate.label()}")
    for name, items in lists.items():
        click.echo(f"{name}\t{len(items)}\t{'、'.join(items) or '—'}")


@main.command()
@click.option("--plan", "plan_key", default=None, help="Only this plan (key).")
@click.option("--rates", is_flag=True, help="Show 开工/竣工/达产/转化/投资完成率 and the 三未 lists instead.")
@click.option("--from", "start", type=work_day, default=None, help="Period start (default: 1 January of --as-of's year).")
@click.option("--to", "end", type=work_day, default=None, help="Period end (default: --as-of).")
@work_as_of_option
@work_format_option
@db_option
@reports_errors
def projects(plan_key: str | None, rates: bool, start: Any, end: Any, as_of: Any, fmt: str, db: str | None) -> None:
    """四督四保: key projects with their stage dates, or their rates over a period."""
    from planwatch.services.projects import list_projects, project_report

    day = _on(as_of)
    with open_db(db).transaction() as session:
        if not rates:
            _echo_project_list(list_projects(session, plan=plan_key), fmt)
            return
        period = _on(start, date(day.year, 1, 1)), _on(end, day)
        report = project_report(session, plan=plan_key, start=period[0], end=period[1], as_of=day)
    _echo_project_rates(*report, as_of=day, fmt=fmt)


def _echo_outcome(source: object, outcome: Any) -> None:
    click.echo(f"{source}: {outcome.created} created, {outcome.updated} updated, {outcome.unchanged} unchanged")
    for item in outcome.undated:
        click.echo(f"  no stage date (action names no 开工/竣工/投产): {item}")


@main.command("projects-import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@reports_errors
def projects_import(file: Path, db: str | None) -> None:
    """Create or update projects from a CSV/XLSX file, all rows or none."""
    from planwatch.services.projects import import_projects

    _echo_outcome(file, open_db(db).retrying(lambda s: import_projects(s, path=file)))


@main.command("projects-from-plan")
@click.argument("key")
@db_option
@reports_errors
def projects_from_plan(key: str, db: str | None) -> None:
    """One 储备 project per milestone of KEY's current version, with planned stage dates."""
    from planwatch.services.projects import create_projects_from_plan

    _echo_outcome(key, open_db(db).retrying(lambda s: create_projects_from_plan(s, key=key)))


def _register() -> None:
    """Commands living in their own modules add themselves to `main` on import."""
    from planwatch import cli_demo, cli_progress  # noqa: F401


_register()

if __name__ == "__main__":
    main()
