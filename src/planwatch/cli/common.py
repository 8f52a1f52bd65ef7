"""What every command module shares: error reporting, the --db option, opening the store,
dates from options and JSON output. The CLI is the only place (with the web app) that turns
`PlanwatchError` into an exit status; everything below it raises."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
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


db_option = click.option("--db", "db", metavar="URL", default=None,
                         help="Database URL (default $PLANWATCH_DATABASE_URL, else sqlite:///planwatch.db).")
day_type = click.DateTime(formats=["%Y-%m-%d"])
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True)
as_of_option = click.option("--as-of", "as_of", type=day_type, default=None,
                            help="The day judged at (default: today).")


def open_db(db: str | None) -> Any:
    """Settings from the environment (``--db`` wins), and the store, upgraded to the schema head."""
    from planwatch.config import Settings
    from planwatch.store import open_store

    return open_store(Settings.from_env(database_url=db))


def on_day(value: Any, default: date | None = None) -> date:
    """A click DateTime as a date; today only when the user gave none (the CLI reads the clock)."""
    return value.date() if value is not None else (default or date.today())


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))


def num(v: float | None) -> str:
    """A number as a table cell: — for none, no trailing zeros."""
    return "—" if v is None else f"{v:g}"
