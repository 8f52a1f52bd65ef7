"""What every finder receives: the normalised text and its outline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planwatch.extract.sections import Outline
from planwatch.extract.text import TextView


@dataclass(frozen=True)
class Context:
    view: TextView
    outline: Outline

    def sourced(self, start: int, end: int) -> dict[str, Any]:
        """The provenance fields (span, quote, section) for view range [start, end)."""
        span, quote = self.view.quote(start, end)
        section = self.outline.at(start)
        return {"span": span, "quote": quote, "section": section.id if section else None}
