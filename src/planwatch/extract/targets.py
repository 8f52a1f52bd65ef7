"""Finder for targets (to be written)."""

from __future__ import annotations

from planwatch.extract.context import Context
from planwatch.model import Target


def find_targets(ctx: Context) -> list[Target]:
    return []
