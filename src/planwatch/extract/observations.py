"""Finder for observations (to be written)."""

from __future__ import annotations

from planwatch.extract.context import Context
from planwatch.model import Observation


def find_observations(ctx: Context) -> list[Observation]:
    return []
