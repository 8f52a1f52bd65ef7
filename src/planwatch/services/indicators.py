"""One tracked indicator as its page shows it: the indicator, its figures by region with
their sources, its allocations to sub-regions, its status in each region, and the sentence
of the plan it came from.

The status rows are those of the progress table (`services.status.status_frame`, the rows
`planwatch status` prints) restricted to the indicator, so the page and the table never
disagree; each comes with the level its target asks for (`Progress.target_level`: a change
target converted at the baseline) for the chart and the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch import drafts
from planwatch.errors import NotFoundError
from planwatch.progress.status import EPS, level_target, position
from planwatch.progress.timing import DATA_LAG_MONTHS
from planwatch.services import series
from planwatch.services.allocations import allocations_of
from planwatch.services.lookup import current_plan
from planwatch.services.status import StatusFrame, StatusRow, status_frame
from planwatch.services.status_series import target_spec
from planwatch.store.tables import Indicator, Observation, Plan, PlanVersion, Region

INDICATOR_FIELDS = ("id", "position", "kind", "metric", "category", "unit", "direction", "comparator", "value",
                    "value_max", "target_year", "change", "baseline_year", "baseline_value", "quote", "sector",
                    "flow", "start_year")
CONTEXT_CHARS = 120  # of the paragraph shown either side of the quote


@dataclass(frozen=True)
class Figure:
    """One observation: what was reported, for where and when, and where it came from."""

    period: str
    region: str
    region_id: int
    value: float
    unit: str | None
    source: str | None
    flag: str | None
    at: float  # fractional-year position of the period's end (`progress.periods.position`)
    period_end: date


@dataclass(frozen=True)
class Share:
    """A sub-region's allocation of the target, with that region's status row."""

    region: str
    value: float | None
    weight: float | None
    status: StatusRow | None


@dataclass(frozen=True)
class Source:
    """Where the indicator is in the document: its quote, span and the paragraph around it."""

    quote: str
    start: int | None
    end: int | None
    before: str
    after: str
    section: str | None  # the heading above it, as "二、指导思想、基本原则和目标 › (三)发展目标"
    version: int
    has_text: bool
    item_id: str | None  # the item's id in the version's review page (`#mark-ID` is its sentence)


@dataclass(frozen=True)
class Measure:
    """What the status maths measured a row with, beyond the row: the level its target asks
    for (a change target converted at the baseline) and where its baseline and latest figure
    sit on the year axis."""

    level: float | None
    base_at: float | None
    latest_at: float | None
    change: str | None  # the indicator's: "increase" / "decrease" from the baseline, or None


def measures_of(frame: StatusFrame) -> list[Measure]:
    """Per row of the frame, in its order (that of `frame.rows`). A row without figures has
    no level from the maths; its target's own level is used (none for a change target)."""
    out = []
    for i in range(len(frame)):
        p = frame.progress(i)
        ind = frame.indicators[int(frame.row_indicator[i])]
        level = p.target_level
        if level is None:
            spec = target_spec(ind, value=float(frame.target_value[i]), allocated=bool(frame.allocated[i]),
                               baseline=None)
            level = level_target(spec, None)
        out.append(Measure(level, p.baseline.at if p.baseline else None, p.latest.at if p.latest else None,
                           ind.change))
    return out


@dataclass(frozen=True)
class IndicatorDetail:
    plan: str
    plan_title: str | None
    plan_region: str | None
    indicator: dict[str, Any]
    figures: list[Figure]
    rows: list[StatusRow]  # one per region with figures or an allocation (else the plan's region)
    measures: list[Measure]  # per row
    allocations: list[Share]
    allocation_warnings: list[str]
    source: Source


def tracked_indicator(session: Session, *, plan: str, indicator_id: int) -> Indicator:
    """The indicator if it belongs to the current version of the plan and is not retired."""
    return _tracked(session, current_plan(session, plan), indicator_id)


def _tracked(session: Session, row: Plan, indicator_id: int) -> Indicator:
    plan = row.key
    ind = session.get(Indicator, indicator_id)
    if ind is None or ind.plan_version_id != row.current_version_id or ind.retired_at is not None:
        raise NotFoundError(f"indicator #{indicator_id}: not an indicator of plan {plan!r}'s current version")
    return ind


def figures_of(session: Session, *, indicator_id: int, as_of: date | None = None) -> list[Figure]:
    """The indicator's observations by region then time (up to `as_of` when given)."""
    o = Observation
    query = (select(o, Region.name).join(Region, Region.id == o.region_id)
             .where(o.indicator_id == indicator_id, series.counted())  # accepted figures only (数据填报)
             .order_by(Region.name, o.at, o.period))
    if as_of is not None:  # as the status maths does: figures ending after `as_of` are not seen yet
        query = query.where(o.at <= position(as_of) + EPS)
    return [Figure(ob.period, name, ob.region_id, ob.value, ob.unit, ob.source, ob.flag, ob.at, ob.period_end)
            for ob, name in session.execute(query)]


def _status(session: Session, *, plan: str, ind: Indicator, as_of: date, method: str, lag_months: int,
            region_ids: list[int] | None = None) -> tuple[list[StatusRow], list[Measure]]:
    if ind.value is None or ind.target_year is None:
        return [], []  # not tracked: nothing to measure against
    frame = status_frame(session, as_of=as_of, plan=plan, method=method, lag_months=lag_months, indicator_ids=[ind.id],
                         region_ids=region_ids)
    return frame.rows(session), measures_of(frame)


def _sections(extracted: dict[str, Any]) -> dict[str, str]:
    """Section id → its path of headings."""
    out: dict[str, str] = {}

    def walk(items: list[dict[str, Any]], path: str) -> None:
        for s in items:
            here = f"{path} › {s['marker']}{s['title']}" if path else f"{s['marker']}{s['title']}"
            out[s["id"]] = here
            walk(s.get("children") or [], here)

    walk(extracted.get("sections") or [], "")
    return out


def _item_of(version: PlanVersion, ind: Indicator) -> tuple[str | None, dict[str, Any]]:
    """The id (`planwatch.drafts`: t3, i5 — the review page's anchors) and the extracted item
    the indicator was made from: same kind, same quote, not rejected."""
    draft = drafts.unpack(version.extracted, version.review)
    for entry in draft.entries.get("targets" if ind.kind == "target" else "indicators", []):
        if not entry.rejected and entry.item.get("quote") == ind.quote:
            return entry.id, entry.item
    return None, {}


def source_of(version: PlanVersion, ind: Indicator) -> Source:
    """The quote, its span (checked against the text: a span that does not slice back to the
    quote is looked up again by the quote) and the paragraph around it."""
    item_id, item = _item_of(version, ind)
    quote, text = ind.quote or item.get("quote") or "", version.source_text
    span = item.get("span") or {}
    start, end = span.get("start"), span.get("end")
    if text is not None and quote and (start is None or text[start:end] != quote):
        found = text.find(quote)
        start, end = (found, found + len(quote)) if found >= 0 else (None, None)
    before = after = ""
    if text is not None and start is not None and end is not None:
        para_start = max(text.rfind("\n", 0, start) + 1, start - CONTEXT_CHARS)
        para_end = text.find("\n", end)
        para_end = min(len(text) if para_end < 0 else para_end, end + CONTEXT_CHARS)
        before, after = text[para_start:start].lstrip(), text[end:para_end].rstrip()
    section = _sections(version.extracted).get(item.get("section") or "")
    return Source(quote, start, end, before, after, section, version.version_no, text is not None, item_id)


def indicator_detail(session: Session, *, plan: str, indicator_id: int, as_of: date, method: str = "cagr",
                     region_id: int | None = None, lag_months: int = DATA_LAG_MONTHS) -> IndicatorDetail:
    """Everything the indicator page shows, as of `as_of` by `method`. `region_id` adds a
    status row for that region when it has neither figures nor an allocation."""
    row = current_plan(session, plan)
    ind = _tracked(session, row, indicator_id)
    version = session.get(PlanVersion, ind.plan_version_id)
    assert version is not None
    rows, measures = _status(session, plan=plan, ind=ind, as_of=as_of, method=method, lag_months=lag_months)
    if region_id is not None and all(r.region_id != region_id for r in rows):
        more, more_measures = _status(session, plan=plan, ind=ind, as_of=as_of, method=method, lag_months=lag_months,
                                      region_ids=[region_id])
        rows, measures = rows + more, measures + more_measures
    stored = allocations_of(session, ind)
    by_region = {r.region: r for r in rows}
    shares = [Share(name, value, weight, by_region.get(name)) for name, (value, weight) in stored.parts.items()]
    region = session.get(Region, row.region_id) if row.region_id else None
    return IndicatorDetail(
        plan=plan, plan_title=row.title or version.extracted.get("meta", {}).get("title"),
        plan_region=region.name if region else row.region_name,
        indicator={name: getattr(ind, name) for name in INDICATOR_FIELDS},
        figures=figures_of(session, indicator_id=ind.id, as_of=as_of), rows=rows, measures=measures,
        allocations=shares, allocation_warnings=stored.warnings, source=source_of(version, ind),
    )


__all__ = ["Figure", "IndicatorDetail", "Measure", "Share", "Source", "figures_of", "indicator_detail", "measures_of",
           "source_of", "tracked_indicator"]
