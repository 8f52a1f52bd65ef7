"""Per-request dependencies: the store the app was built with, and who is asking.

No state lives in the process beyond the engine pool: a session is a row in the database,
so several workers behind a proxy serve one PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from planwatch.config import Settings
from planwatch.errors import NotLoggedIn
from planwatch.services.auth import Principal, session_user
from planwatch.store import Store

COOKIE = "planwatch_session"


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def secret_of(request: Request) -> str | None:
    """The bearer token of a script, else the browser's session cookie."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(COOKIE) or None


def optional_principal(request: Request) -> Principal | None:
    secret = secret_of(request)
    if secret is None:
        return None
    idle = timedelta(minutes=settings_of(request).session_idle_minutes)
    with store_of(request).transaction() as s:
        who = session_user(s, secret=secret, idle=idle)
    request.state.who = who
    return who


def principal(request: Request) -> Principal:
    """The logged-in user; NotLoggedIn sends pages to the login form and JSON to a 401."""
    who = optional_principal(request)
    if who is None:
        raise NotLoggedIn("请先登录 (log in first)")
    return who


Who = Annotated[Principal, Depends(principal)]
MaybeWho = Annotated[Principal | None, Depends(optional_principal)]


@contextmanager
def unit_of_work(request: Request, who: Principal | None) -> Iterator[Session]:
    """One transaction, audited as the logged-in user."""
    with store_of(request).transaction(actor=who.login if who else None) as session:
        yield session
