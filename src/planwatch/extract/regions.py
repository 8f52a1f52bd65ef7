"""Finder for region focus (to be written)."""

from __future__ import annotations

from planwatch.extract.context import Context
from planwatch.model import RegionFocus


def find_region_focus(ctx: Context) -> list[RegionFocus]:
    return []
