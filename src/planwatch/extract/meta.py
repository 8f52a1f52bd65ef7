"""Finder for meta (to be written)."""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.extract.context import Context
from planwatch.model import IndicatorRow, Meta, Target


def find_meta(ctx: Context, *, targets: Sequence[Target] = (), indicators: Sequence[IndicatorRow] = ()) -> Meta:
    return Meta()
