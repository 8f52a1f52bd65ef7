"""planwatch: read Chinese industrial-development plans, extract them, and track them.

Public API: `read_document`, `extract_plan`, `Plan`.
"""

from __future__ import annotations

from planwatch.document import Document
from planwatch.extract import extract_plan
from planwatch.model import Plan
from planwatch.readers import read_document

__all__ = ["Document", "Plan", "extract_plan", "read_document"]
__version__ = "0.1.0"
