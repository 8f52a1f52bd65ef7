"""Targets split among sub-regions (分解) and sub-region actuals rolled back up (汇总)."""

from __future__ import annotations

import click

from planwatch.cli.common import db_option, open_db, reports_errors


@click.command()
@click.argument("plan_key")
@click.argument("indicator")
@click.argument("parts", nargs=-1, required=True)
@click.option("--weights", is_flag=True, help="PARTS are weights (REGION=WEIGHT) to split the target by.")
@db_option
@reports_errors
def allocate(plan_key: str, indicator: str, parts: tuple[str, ...], weights: bool, db: str | None) -> None:
    """Split a target among sub-regions: PARTS as REGION=VALUE (or weights with --weights)."""
    from planwatch.services.allocations import allocate_target

    with open_db(db).transaction() as session:
        result = allocate_target(session, plan=plan_key, indicator=indicator, parts=parts, by_weight=weights)
    for name, value in result.parts.items():
        click.echo(f"{name}\t{value:g}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command()
@click.argument("plan_key")
@click.argument("indicator")
@click.option("--period", required=True, help="Period to roll up (2019, 2019-09, 2019-Q3).")
@db_option
@reports_errors
def rollup(plan_key: str, indicator: str, period: str, db: str | None) -> None:
    """Roll sub-region actuals of one period up to the plan's region (sum, or weighted mean for ratios)."""
    from planwatch.services.allocations import roll_up_actuals

    with open_db(db).transaction() as session:
        result = roll_up_actuals(session, plan=plan_key, indicator=indicator, period=period)
    click.echo(f"{result.region}\t{period}\t{result.value:g}{result.unit or ''}\t({result.how} of {result.parts} regions)")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
