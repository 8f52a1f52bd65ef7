"""Plan extraction: a pipeline of pure finders over one normalised text.

Each finder is `find_x(ctx) -> list[X]`; `FINDERS` is their order. Finders never read
files or the clock, so extraction is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planwatch.document import Document
from planwatch.extract.context import Context
from planwatch.extract.indicators import find_indicators
from planwatch.extract.meta import find_meta
from planwatch.extract.milestones import find_milestones
from planwatch.extract.observations import find_observations
from planwatch.extract.pauses import collector_paused
from planwatch.extract.regions import find_region_focus
from planwatch.extract.sections import Heading, find_sections
from planwatch.extract.targets import find_targets
from planwatch.extract.tasks import find_tasks
from planwatch.extract.text import TextView
from planwatch.model import Plan, Span

FINDERS: tuple[tuple[str, Callable[[Context], list[Any]]], ...] = (
    ("indicators", find_indicators),
    ("targets", find_targets),
    ("observations", find_observations),
    ("tasks", find_tasks),
    ("milestones", find_milestones),
    ("region_focus", find_region_focus),
)


def context_of(text: str) -> Context:
    view = TextView.of(text)
    return Context(view=view, outline=find_sections(view))


def extract_plan(doc: Document) -> Plan:
    """Extract every kind of item from a document; all spans point into `doc.text`.

    The cyclic garbage collector is paused meanwhile (`pauses`): its passes over the many
    objects a long text keeps alive made the time per MB grow with the text's length."""
    with collector_paused():
        return _extract(doc)


def _extract(doc: Document) -> Plan:
    ctx = context_of(doc.text)
    found: dict[str, Any] = {name: tuple(finder(ctx)) for name, finder in FINDERS}
    meta = find_meta(ctx, targets=found["targets"], indicators=found["indicators"], tasks=found["tasks"])
    return Plan(
        doc=doc.name,
        source=doc.source,
        format=doc.format,
        meta=meta,
        sections=ctx.outline.nested(lambda h: _source_place(ctx, h)),
        **found,
    )


def _source_place(ctx: Context, h: Heading) -> tuple[Span, int]:
    """Sections are found in view coordinates; the plan reports source coordinates."""
    return ctx.view.source_span(h.span.start, h.span.end), ctx.view.to_source(h.end - 1) + 1 if h.end > 0 else 0


__all__ = ["FINDERS", "Context", "context_of", "extract_plan"]
