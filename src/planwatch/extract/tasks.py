"""Finder for tasks (to be written)."""

from __future__ import annotations

from planwatch.extract.context import Context
from planwatch.model import Task


def find_tasks(ctx: Context) -> list[Task]:
    return []
