"""planwatch: read Chinese industrial-development plans, extract them, and track them.

Public API: `read_document`, `extract_plan`, `Plan`.

The names are imported on first use (PEP 562), so a command that needs none of them — the
`planwatch` command line starts by importing this package — does not pay for the
extractor, its vocabulary and pydantic at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planwatch.document import Document
    from planwatch.extract import extract_plan
    from planwatch.model import Plan
    from planwatch.readers import read_document

_HOMES = {
    "Document": "planwatch.document",
    "extract_plan": "planwatch.extract",
    "Plan": "planwatch.model",
    "read_document": "planwatch.readers",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'planwatch' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


__all__ = ["Document", "Plan", "extract_plan", "read_document"]
__version__ = "0.1.0"
