"""督查督办 from the command line: list tasks with their colours, record progress reports."""

from __future__ import annotations

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


@click.command()
@click.option("--plan", "plan_key", default=None, help="Only this plan (key).")
@click.option("--department", default=None, help="Only tasks naming this unit (lead or support).")
@click.option("--overdue", is_flag=True, help="Only tasks past their deadline and not done.")
@as_of_option
@format_option
@db_option
@reports_errors
def tasks(plan_key: str | None, department: str | None, overdue: bool, as_of: Any, fmt: str, db: str | None) -> None:
    """督查督办: tasks of published plans, their latest update, the deadline in force and the
    escalation colour. A deadline marked * was derived from the task's text or the plan's
    horizon, not set by a person."""
    from planwatch.services.tasks import list_tasks

    with open_db(db).transaction() as session:
        rows = list_tasks(session, plan=plan_key, department=department, overdue=overdue, as_of=on_day(as_of))
    if fmt == "json":
        echo_json([r.as_dict() for r in rows])
        return
    click.echo("plan\ttask\tdeadline\tstate\tpercent\tupdated\tcolour\tlead\ttitle")
    for r in rows:
        lead = "、".join(u.department or u.raw_name for u in r.lead) or "—"
        deadline = "—" if r.deadline is None else f"{r.deadline}{'*' if r.deadline_derived else ''}"
        click.echo("\t".join([r.plan, str(r.task_id), deadline, r.state,
                              "—" if r.percent is None else f"{r.percent:g}%", str(r.update_date or "—"),
                              r.colour or "—", lead, r.title]))


@click.command("task-update")
@click.argument("task_id", type=int)
@click.option("--state", required=True, help="未开始, 推进中 or 已完成.")
@click.option("--percent", type=float, default=None, help="Share done, 0 to 100 (已完成 without it: 100).")
@click.option("--department", default=None,
              help="The reporting department: a unit of the task or a planning office of the plan's region.")
@click.option("--text", default=None, help="What was done.")
@click.option("--date", "on_date", type=day_type, default=None, help="Date of the report (default: today).")
@click.option("--deadline", type=day_type, default=None,
              help="Also set the task's deadline, in force from the report date on (earlier days keep theirs).")
@db_option
@reports_errors
def task_update(task_id: int, state: str, percent: float | None, department: str | None, text: str | None,
                on_date: Any, deadline: Any, db: str | None) -> None:
    """Record a progress report on TASK_ID (and optionally move its deadline), in one transaction."""
    from sqlalchemy.orm import Session

    from planwatch.services.tasks import add_task_update, set_deadline

    day = on_day(on_date)

    def work(session: Session) -> int:
        if deadline is not None:
            set_deadline(session, task_id=task_id, deadline=on_day(deadline), effective_from=day,
                         note=f"task-update on {day}")
        return add_task_update(session, task_id=task_id, on_date=day, department=department, text=text,
                               percent=percent, state=state).id

    update_id = open_db(db).retrying(work)
    click.echo(f"task {task_id}: {state} on {day} (update {update_id})")


