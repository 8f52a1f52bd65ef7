"""月报 / 通报 from the command line: the circular of a region (or one plan) for a period,
as DOCX, PDF and XLSX; `--issue` numbers it, keeps it and advances the profile's counter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from planwatch.cli.common import as_of_option, db_option, on_day, open_db, reports_errors


@click.command("circular")
@click.option("--region", required=True, help="The region reported on (its plans, its sub-regions ranked).")
@click.option("--plan", "plan_key", default=None, help="Only this plan (key); default: every plan of the region.")
@click.option("--period", required=True,
              help="2026-10 (1—10月), 2026-10m (10月 alone), 2026-Q3, 2026-H1 or 2026.")
@click.option("--layout", type=click.Choice(["tongbao", "jianbao"]), default="tongbao", show_default=True,
              help="tongbao: a 通报 as a 公文 (发文字号, 版记); jianbao: a 简报 with 报头 and 期号.")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "xlsx", "all"]), default="all", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder the files are written to (created if missing).")
@click.option("--issue", is_flag=True,
              help="Issue it: take the profile's next 发文字号/期号, keep the files and advance the counter.")
@click.option("--compare", is_flag=True,
              help="Add the 对标情况表 (附件) and its sentence for each plan with a confirmed parent link.")
@click.option("--actor", default=None, help="Who issues it, for the audit log (default $PLANWATCH_USER).")
@as_of_option
@db_option
@reports_errors
def circular(region: str, plan_key: str | None, period: str, layout: str, fmt: str, out_dir: Path, issue: bool,
             compare: bool, actor: str | None, as_of: Any, db: str | None) -> None:
    """月报/推进情况通报: indicators against 序时进度, 督办 tasks, 四督四保 projects, the ranking
    of sub-regions, problems and requirements, in GB/T 9704 format. --as-of defaults to the
    period's last day."""
    from planwatch.circular import files
    from planwatch.services import circular as service

    formats = list(files.FORMATS) if fmt == "all" else [fmt]
    now = datetime.now(UTC).replace(microsecond=0)
    when = on_day(as_of) if as_of is not None else None
    store = open_db(db)
    if issue:
        who = actor or store.actor
        with store.transaction(actor=who) as s:
            row = service.issue(s, region=region, period=period, plan=plan_key, as_of=when, layout=layout,
                                generated_at=now, actor=who, compare=compare)
            data = {f: service.issued_file(s, issue_id=row.id, fmt=f)[1] for f in formats}
            name = files.stem(service.region_name(s, row.region_id), row.period, layout)
            doc_number, issue_id = row.doc_number, row.id
        paths = files.write_bytes(out_dir, name, data)
        click.echo(f"issued {doc_number} (id {issue_id})")
    else:
        with store.transaction() as s:
            c = service.make(s, region=region, period=period, plan=plan_key, as_of=when, layout=layout,
                             generated_at=now, compare=compare)
        paths = files.write_all(c, out_dir, formats)
    for p in paths:
        click.echo(str(p))


LAYOUTS = {"notice": "tongbao", "bulletin": "jianbao"}


@click.command("report")
@click.option("--plan", "plan_key", default=None, help="The plan (key); its region is reported on unless --region.")
@click.option("--region", default=None, help="The region reported on (every plan of it, its sub-regions ranked).")
@click.option("--period", required=True,
              help="2026-10 (1—10月), 2026-10m (10月 alone), 2026-Q3, 2026-H1 or 2026.")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "xlsx"]), default=None,
              help="Default: the output file's suffix.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file written (its suffix names the format: .docx, .pdf or .xlsx).")
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="notice", show_default=True,
              help="notice: a 通报 as a 公文 (发文字号, 版记); bulletin: a 简报/月报 with 报头 and 期号.")
@click.option("--compare", is_flag=True, help="Add the 对标情况表 for each plan with a confirmed parent link.")
@as_of_option
@db_option
@reports_errors
def report(plan_key: str | None, region: str | None, period: str, fmt: str | None, output: Path, layout: str,
           compare: bool, as_of: Any, db: str | None) -> None:
    """One file of the 月报/推进情况通报 of a plan or a region for a period (the same circular
    as `planwatch circular`, written to -o FILE; nothing is issued or numbered)."""
    from planwatch.circular import files
    from planwatch.services import circular as service
    from planwatch.services.plans import get_plan

    suffix = output.suffix.lower().lstrip(".")
    fmt = fmt or suffix
    if fmt not in files.FORMATS:
        raise click.UsageError(f"-o {output}: name a .docx, .pdf or .xlsx file, or give --format")
    if suffix != fmt:
        raise click.UsageError(f"-o {output}: a {fmt} file must end in .{fmt}")
    if not (plan_key or region):
        raise click.UsageError("give --plan KEY or --region NAME (or both)")
    now = datetime.now(UTC).replace(microsecond=0)
    when = on_day(as_of) if as_of is not None else None
    store = open_db(db)
    with store.transaction() as s:
        where = region or get_plan(s, key=plan_key or "").region_name
        if not where:
            raise click.UsageError(f"plan {plan_key!r} has no region: give --region")
        c = service.make(s, region=where, period=period, plan=plan_key, as_of=when, layout=LAYOUTS[layout],
                         generated_at=now, compare=compare)
    (path,) = files.write_bytes(output.parent, output.stem, {fmt: files.render(c, fmt)})
    click.echo(str(path))
