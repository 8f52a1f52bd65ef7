"""The application for an ASGI server that starts its own processes: `uvicorn --factory
planwatch.web.asgi:app --workers 4` (or `planwatch serve --workers 4`), or gunicorn with
uvicorn workers behind a proxy. Each process builds its app from the environment
(`PLANWATCH_DATABASE_URL` and the other settings), since nothing else crosses a fork; the
sessions live in the database, so any worker answers any user."""

from __future__ import annotations

from fastapi import FastAPI

from planwatch.config import Settings
from planwatch.web.app import create_app


def app() -> FastAPI:
    """The app over the database the environment names (its schema upgraded if behind)."""
    return create_app(Settings.from_env())
