"""The `planwatch` command line. The only place (with the web app) that turns
`PlanwatchError` into an exit status; everything else raises."""

from __future__ import annotations

import sys
from collections.abc import Callable
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


@main.command()
@reports_errors
def demo() -> None:
    """The main job: extract every bundled example plan and print a summary of each."""
    from planwatch.extract import extract_plan
    from planwatch.readers import read_document
    from planwatch.summary import render_summary

    for path in example_paths():
        click.echo(render_summary(extract_plan(read_document(path))))
        click.echo()


if __name__ == "__main__":
    main()
