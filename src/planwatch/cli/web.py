"""`planwatch serve` (the web workspace) and `planwatch user` (accounts for it)."""

from __future__ import annotations

import os
import sys

import click

from planwatch.cli.common import db_option, open_db, reports_errors
from planwatch.errors import ValidationError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep 127.0.0.1 behind a proxy).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--demo", is_flag=True, help="First build the demo database (examples, actuals, demo users) and serve it.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each with its own connection pool); more than one suits PostgreSQL.")
@db_option
@reports_errors
def serve(host: str, port: int, demo: bool, workers: int, db: str | None) -> None:
    """Serve the web workspace on a database (with --demo: a fresh demo database)."""
    import uvicorn

    from planwatch.cli.demo import fresh_demo_db, load_demo
    from planwatch.config import Settings
    from planwatch.services.auth import hasher
    from planwatch.services.demo import DEMO_PASSWORD, create_demo_users
    from planwatch.web import create_app

    url = fresh_demo_db(db) if demo else db
    settings = Settings.from_env(database_url=url)
    store = open_db(url)
    if demo:
        load_demo(store, quiet=True)
        with store.transaction() as session:
            users = create_demo_users(session, pw=hasher(settings.argon2_time_cost, settings.argon2_memory_kib))
        click.echo(f"\n演示账号（密码均为 {DEMO_PASSWORD}）/ demo logins (password {DEMO_PASSWORD}):")
        for u in users:
            click.echo(f"  {u.login:<11} {u.role:<8} {u.scope}")
    click.echo(f"\nplanwatch 已启动 / serving at http://{host}:{port}/  (Ctrl+C 停止)")
    if workers > 1:  # each process builds its own app from the environment (planwatch.web.asgi)
        store.dispose()
        os.environ["PLANWATCH_DATABASE_URL"] = settings.database_url
        uvicorn.run("planwatch.web.asgi:app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
        return
    uvicorn.run(create_app(settings, store=store), host=host, port=port, log_level="warning")


@click.group()
def user() -> None:
    """Accounts of the web workspace: add, list, set a password, disable."""


@user.command("add")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice(["admin", "planner", "reporter", "viewer"]))
@click.option("--region", default=None, help="The region subtree of a planner or viewer.")
@click.option("--department", default=None, help="The department of a reporter (resolved in --region, if given).")
@click.option("--name", default=None, help="How pages greet the user.")
@db_option
@reports_errors
def user_add(login: str, role: str, region: str | None, department: str | None, name: str | None,
             db: str | None) -> None:
    """Add LOGIN; the password is read as one line from standard input."""
    from planwatch.config import Settings
    from planwatch.services.auth import add_user_named, hasher

    password = _password_from_stdin(login)
    settings = Settings.from_env(database_url=db)
    with open_db(db).transaction() as session:
        add_user_named(session, login=login, password=password, role=role, region=region, department=department,
                       name=name, pw=hasher(settings.argon2_time_cost, settings.argon2_memory_kib))
    click.echo(f"user {login}: added as {role}")


def _password_from_stdin(login: str) -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise ValidationError(f"user {login!r}", ["password: give it as one line on standard input"])
    return password


@user.command("list")
@db_option
@reports_errors
def user_list(db: str | None) -> None:
    """Every user: login, role, active."""
    from planwatch.services.auth import list_users

    with open_db(db).transaction() as session:
        for u in list_users(session):
            click.echo(f"{u.login}\t{u.role}\t{'active' if u.active else 'disabled'}")


@user.command("passwd")
@click.argument("login")
@db_option
@reports_errors
def user_passwd(login: str, db: str | None) -> None:
    """Set LOGIN's password (one line from standard input); their sessions end."""
    from planwatch.config import Settings
    from planwatch.services.auth import hasher, set_password

    password = _password_from_stdin(login)
    settings = Settings.from_env(database_url=db)
    with open_db(db).transaction() as session:
        set_password(session, login=login, password=password,
                     pw=hasher(settings.argon2_time_cost, settings.argon2_memory_kib))
    click.echo(f"user {login}: password set, sessions ended")


@user.command("disable")
@click.argument("login")
@db_option
@reports_errors
def user_disable(login: str, db: str | None) -> None:
    """Disable LOGIN: no more logins, every session and token ends."""
    from planwatch.services.auth import set_active

    with open_db(db).transaction() as session:
        set_active(session, login=login, active=False)
    click.echo(f"user {login}: disabled")
