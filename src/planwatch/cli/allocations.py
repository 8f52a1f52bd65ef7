"""Targets split among sub-regions (分解), the stored splits, and sub-region actuals rolled
back up (汇总)."""

from __future__ import annotations

import click

from planwatch.cli.common import db_option, num, open_db, reports_errors
from planwatch.errors import ValidationError


@click.command()
@click.argument("plan_key")
@click.argument("indicator")
@click.argument("parts", nargs=-1)
@click.option("--weights", is_flag=True, help="PARTS are weights (REGION=WEIGHT) to split the target by.")
@click.option("--remove", "remove", multiple=True, metavar="REGION", help="Remove REGION's allocation (repeatable).")
@db_option
@reports_errors
def allocate(plan_key: str, indicator: str, parts: tuple[str, ...], weights: bool, remove: tuple[str, ...],
             db: str | None) -> None:
    """Split a target among sub-regions: PARTS as REGION=VALUE (or weights with --weights);
    --remove REGION takes a region's part away. Prints every stored part afterwards."""
    from planwatch.services.allocations import allocate_target, remove_allocations

    if bool(parts) == bool(remove):
        raise ValidationError("allocate", ["give either PARTS (REGION=VALUE …) or --remove REGION, not both or neither"])
    with open_db(db).transaction() as session:
        if remove:
            result = remove_allocations(session, plan=plan_key, indicator=indicator, regions=remove)
        else:
            result = allocate_target(session, plan=plan_key, indicator=indicator, parts=parts, by_weight=weights)
    for name in remove:
        click.echo(f"removed\t{name}")
    for name, value in result.parts.items():
        click.echo(f"{name}\t{value:g}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command()
@click.argument("plan_key")
@click.argument("indicator", required=False)
@db_option
@reports_errors
def allocations(plan_key: str, indicator: str | None, db: str | None) -> None:
    """List the stored allocations of PLAN_KEY's targets (or of one INDICATOR), checked against each target."""
    from planwatch.services.allocations import list_allocations

    with open_db(db).transaction() as session:
        found = list_allocations(session, plan=plan_key, indicator=indicator)
    click.echo("indicator\tmetric\ttarget\tregion\tvalue\tweight")
    for item in found:
        for region, (value, weight) in item.parts.items():
            click.echo(f"{item.indicator_id}\t{item.metric}\t{num(item.target)}{item.unit or ''}\t{region}\t"
                       f"{num(value)}\t{num(weight)}")
        for warning in item.warnings:
            click.echo(f"warning: #{item.indicator_id} {item.metric}: {warning}", err=True)


@click.command()
@click.argument("plan_key")
@click.argument("indicator")
@click.option("--period", required=True, help="Period to roll up (2019, 2019-09, 2019-Q3).")
@click.option("--denominator", default=None, metavar="INDICATOR",
              help="Rates: weigh each region by its actual of this indicator in the same period.")
@db_option
@reports_errors
def rollup(plan_key: str, indicator: str, period: str, denominator: str | None, db: str | None) -> None:
    """Roll sub-region actuals of one period up to the plan's region (sum, or weighted mean for rates)."""
    from planwatch.services.allocations import roll_up_actuals

    with open_db(db).transaction() as session:
        result = roll_up_actuals(session, plan=plan_key, indicator=indicator, period=period, denominator=denominator)
    click.echo(f"{result.region}\t{period}\t{result.value:g}{result.unit or ''}\t({result.how} of {result.parts} regions)")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
