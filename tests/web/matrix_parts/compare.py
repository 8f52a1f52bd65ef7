"""Matrix rows of the `compare` page group (see `matrix_parts/__init__.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planwatch.store import Store

from ..matrix_kit import Body, Row

ROWS: tuple[Row, ...] = ()
BODIES: dict[str, Body] = {}


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """This group's objects in the matrix world; the ids its rows' paths use."""
    return {}
