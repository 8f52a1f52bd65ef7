"""Commands of the progress side: status (进度) and assessment (考核); thin: parse, call a
service, print."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from planwatch.cli.common import db_option, num, open_db, reports_errors
from planwatch.errors import ValidationError
from planwatch.progress.status import METHODS

as_of_option = click.option(
    "--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="The date progress is judged at (default: today).",
)
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


def _day(value: object) -> date:
    return value.date() if value is not None else date.today()  # type: ignore[attr-defined]


@click.command()
@click.option("--plan", "plan_key", default=None, help="Only this plan (key).")
@click.option("--region", default=None, help="Only this region (a row per indicator, figures or not).")
@click.option("--method", type=click.Choice(METHODS), default="cagr", show_default=True, envvar="PLANWATCH_STATUS_METHOD",
              help="How on_track/moderate/limited are decided (also $PLANWATCH_STATUS_METHOD).")
@click.option("--lag-months", "lag_months", type=click.IntRange(0, 24), default=None,
              help="Months after a year's end its figures are due: before that a target is 待数据, not 未完成 "
                   "(default $PLANWATCH_DATA_LAG_MONTHS, else 3).")
@as_of_option
@format_option
@db_option
@reports_errors
def status(plan_key: str | None, region: str | None, method: str, lag_months: int | None, as_of: object, fmt: str,
           db: str | None) -> None:
    """Progress of every target of the published plans: latest actual, status, forecast."""
    from planwatch.config import Settings
    from planwatch.services.status import plan_status

    lag = lag_months if lag_months is not None else Settings.from_env().data_lag_months
    with open_db(db).transaction() as session:
        rows = plan_status(session, plan=plan_key, region=region, as_of=_day(as_of), method=method, lag_months=lag)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1))
        return
    click.echo("plan\tid\tmetric\tregion\ttarget\tfrom\tyear\tlatest\tperiod\tachievement\telapsed\tgap\tstatus"
               "\tforecast")
    for r in rows:
        target = f"{r.target['comparator'] if r.target['comparator'] != '=' else ''}{num(r.target['value'])}{r.unit or ''}"
        if r.target["flow"] == "annual":
            target += "/年"
        click.echo("\t".join([r.plan, str(r.indicator_id), r.metric[:30], r.region or "—", target, r.target["source"],
                              str(r.target["judged_year"] or r.target["year"]), num(r.latest["value"]),
                              r.latest["period"] or "—", _share(r.achievement), _share(r.elapsed),
                              "—" if r.gap is None else f"{r.gap:+.1f}", r.status_label, num(r.forecast)]))


def _share(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


@click.command()
@click.argument("scheme_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_of_option
@format_option
@db_option
@reports_errors
def assess(scheme_file: Path, as_of: object, fmt: str, db: str | None) -> None:
    """Score and rank regions on an assessment scheme (考核, YAML)."""
    import yaml  # here, not at start-up

    from planwatch.services.assessment import run_assessment

    try:
        data = yaml.safe_load(scheme_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ValidationError(scheme_file, [f"not YAML: {e}"]) from e
    with open_db(db).transaction() as session:
        result = run_assessment(session, data=data, source=str(scheme_file), as_of=_day(as_of))
    scores = result.scores
    if fmt == "json":
        click.echo(json.dumps({"scores": [s.__dict__ for s in scores], "warnings": result.warnings},
                              ensure_ascii=False, indent=1))
        return
    items = list(scores[0].items) if scores else []
    click.echo("\t".join(["rank", "region", "total", *items]))
    for s in scores:
        click.echo("\t".join([str(s.rank), s.region, f"{s.total:g}", *(f"{s.items[i]:g}" for i in items)]))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


