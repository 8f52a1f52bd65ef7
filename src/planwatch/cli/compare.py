"""`planwatch compare` (对标: a plan against the plan it implements) and `planwatch overlap`
(同质化: which sub-regions of a region chose the same industries)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planwatch.cli.common import db_option, echo_json, open_db, reports_errors

formats = click.Choice(["table", "json", "xlsx"])


def _write_xlsx(sheets: list[Any], output: Path | None, default: str) -> None:
    from planwatch.services.xlsx_export import workbook_bytes

    path = output or Path(default)
    path.write_bytes(workbook_bytes(sheets))
    click.echo(f"wrote {path}")


def _print_comparison(data: dict[str, Any]) -> None:
    if data["parent"] is None:
        click.echo(f"{data['child']['key']}: no parent plan found (give PARENT, or import the plan it implements)")
        return
    click.echo(data["top_line"])
    if not data["confirmed"]:
        click.echo("(上级规划未经确认: confirm with --confirm)")
    for r in data["rows"]:
        child = r["child"]["quote"] if r["child"] else "—"
        click.echo(f"{r['verdict_zh']}\t{r['parent']['quote']}\t{child}\t{r['rule']}")
    for i in data["industries"]:
        status = {"taken_up": "承接", "partly": "部分承接", "not_mentioned": "未提及"}[i["status"]]
        click.echo(f"产业\t{i['parent']}\t{status}\t{'、'.join(i['child']) or '—'}")
    if data["additions"]:
        click.echo(f"本级新增产业\t{'、'.join(data['additions'])}")


@click.command("compare")
@click.argument("child")
@click.argument("parent", required=False)
@click.option("--format", "fmt", type=formats, default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The .xlsx file to write (with --format xlsx; default CHILD-compare.xlsx).")
@click.option("--confirm", is_flag=True, help="Store PARENT (or the best candidate) as CHILD's confirmed parent.")
@db_option
@reports_errors
def compare(child: str, parent: str | None, fmt: str, output: Path | None, confirm: bool, db: str | None) -> None:
    """对标: compare plan CHILD with the plan it implements (its confirmed parent, else the
    stored plan its 为贯彻落实《…》 names by 文号 or title), or with PARENT. Every row says
    missing / weaker / equal / stronger / not comparable / to review, with both quotes and
    the rule that decided it; then the parent's key industries taken up or not."""
    from planwatch.services.compare import compare_plans, comparison_json, comparison_sheets, set_link

    with open_db(db).transaction() as session:
        result = compare_plans(session, key=child, parent_key=parent)
        if confirm and result.parent is not None:
            set_link(session, key=child, parent_key=result.parent.key)
            result = compare_plans(session, key=child, parent_key=result.parent.key)
        data = comparison_json(result)
    if fmt == "json":
        echo_json(data)
    elif fmt == "xlsx":
        _write_xlsx(comparison_sheets(data), output, f"{child}-compare.xlsx")
    else:
        _print_comparison(data)


@click.command("overlap")
@click.argument("region")
@click.option("--level", type=click.Choice(["written", "2", "1"]), default="2", show_default=True,
              help="Granularity: the names as written, or 战略性新兴产业分类（2018） level 2 or 1.")
@click.option("--plans", "keys", default=None, help="Compare these plans (comma-separated keys) with each other instead.")
@click.option("--format", "fmt", type=formats, default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The .xlsx file to write (with --format xlsx; default REGION-overlap.xlsx).")
@db_option
@reports_errors
def overlap(region: str, level: str, keys: str | None, fmt: str, output: Path | None, db: str | None) -> None:
    """同质化: for the sub-regions of REGION, how many chose each industry (k of N; flagged at
    half or more), pairwise Jaccard and, where plans give 产值 by industry, the UNIDO
    coefficient. With --plans, the named plans against each other (REGION is then a label)."""
    from planwatch.services.overlap import overlap_for_region, overlap_json, overlap_of_plans, overlap_sheets

    with open_db(db).transaction() as session:
        if keys:
            view = overlap_of_plans(session, keys=[k.strip() for k in keys.split(",") if k.strip()], level=level)
        else:
            view = overlap_for_region(session, region=region, level=level)
        data = overlap_json(view)
    if fmt == "json":
        echo_json(data)
        return
    if fmt == "xlsx":
        _write_xlsx(overlap_sheets(data), output, f"{region}-overlap.xlsx")
        return
    n = len(data["regions"])
    click.echo(f"{data['region']}：{n}个地区，{data['level_zh']}，平均Jaccard {data['mean_jaccard']}")
    for i in data["industries"]:
        mark = " ⚑过半" if i["flagged"] else ""
        mark += " 分工" if i["differentiated"] else ""
        click.echo(f"{i['k']}/{n}\t{i['label']}{mark}\t{'、'.join(i['regions'])}")
    for p in data["pairs"][:10]:
        unido = "" if p["unido"] is None else f"\tUNIDO {p['unido']}"
        click.echo(f"{p['a']}—{p['b']}\tJaccard {p['jaccard']} ({p['shared']}/{p['union']}){unido}")
    if data["note"]:
        click.echo(data["note"])
