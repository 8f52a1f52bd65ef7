"""Matrix rows of the `audit` page group (see `matrix_parts/__init__.py`): the audit log is
for admins and planners (their region's rows: tests/web/test_audit.py checks which)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planwatch.store import Store

from ..matrix_kit import Body, Row, only

ROWS: tuple[Row, ...] = (
    Row("GET", "/admin/audit", "/admin/audit", only({"admin": 200, "planner_hf": 200, "planner_ah": 200})),
    Row("GET", "/admin/audit.json", "/admin/audit.json", only({"admin": 200, "planner_hf": 200, "planner_ah": 200},
                                                              anon=401)),
)
BODIES: dict[str, Body] = {}


def extend(store: Store, folder: Path, ids: dict[str, Any]) -> dict[str, Any]:
    """The world's own writes (imports, publishes, users) are the rows to see."""
    return {}
