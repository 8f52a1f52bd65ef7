"""Finder for indicators (to be written)."""

from __future__ import annotations

from planwatch.extract.context import Context
from planwatch.model import IndicatorRow


def find_indicators(ctx: Context) -> list[IndicatorRow]:
    return []
