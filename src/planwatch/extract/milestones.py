"""Finder for milestones (to be written)."""

from __future__ import annotations

from planwatch.extract.context import Context
from planwatch.model import Milestone


def find_milestones(ctx: Context) -> list[Milestone]:
    return []
