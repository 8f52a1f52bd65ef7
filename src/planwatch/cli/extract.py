"""`planwatch extract`: a document in, the structured plan out (JSON or a readable table)."""

from __future__ import annotations

from pathlib import Path

import click

from planwatch.cli.common import reports_errors


@click.command()
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
