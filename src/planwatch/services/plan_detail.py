"""One plan as its page shows it: the version shown (the current one, else the newest
draft), the versions, the progress table for a region, date and method, and how many of
its indicators have figures (数据齐全度).

The progress rows are exactly those of `planwatch status --plan KEY` for the same
`as_of`, `region` and `method` (`services.status.status_frame`), each with what the
explanation of its status needs (`services.indicators.Measure`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.progress.timing import DATA_LAG_MONTHS
from planwatch.services.indicators import Measure, measures_of
from planwatch.services.page_cache import FIGURE_ENTRY, PROJECTS, REPORTS, TASK_WORK
from planwatch.services.status import StatusRow, status_frame
from planwatch.store.tables import Plan, PlanVersion, Region

# The plan and indicator pages read plans, versions, indicators, figures, allocations and
# regions: not tasks and their work, key projects, staged uploads and locks, or reports.
PROGRESS_UNAFFECTED = PROJECTS | REPORTS | FIGURE_ENTRY | TASK_WORK | {"tasks", "task_units", "departments"}


@dataclass(frozen=True)
class VersionRow:
    version: int
    status: str
    current: bool
    source_file: str | None
    created_at: datetime
    published_at: datetime | None
    changes: dict[str, Any] | None
    has_text: bool


@dataclass(frozen=True)
class Completeness:
    """数据齐全度: tracked indicators with at least one figure up to `as_of`, and without."""

    tracked: int
    with_figures: int
    without: list[str]  # metrics (target year) of the indicators without figures

    @property
    def share(self) -> float | None:
        return self.with_figures / self.tracked if self.tracked else None


@dataclass(frozen=True)
class PlanDetail:
    key: str
    title: str | None
    region: str | None
    shown: VersionRow
    extracted: dict[str, Any]
    versions: list[VersionRow]
    rows: list[StatusRow]
    measures: list[Measure]  # per row: the level its target asks for, the indicator's change …
    completeness: Completeness


def _version_row(v: PlanVersion, plan: Plan) -> VersionRow:
    return VersionRow(v.version_no, v.status, v.id == plan.current_version_id, v.source_file, v.created_at,
                      v.published_at, v.changes, v.source_text is not None)


def versions_of(session: Session, plan: Plan, *, drafts: bool) -> list[PlanVersion]:
    """The plan's versions in order (published ones only unless `drafts`)."""
    query = select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.version_no)
    if not drafts:
        query = query.where(PlanVersion.status == "published")
    return list(session.scalars(query))


def completeness(rows: list[StatusRow]) -> Completeness:
    """Indicators with a figure in any region of the table, and the others by name."""
    seen: dict[int, tuple[str, bool]] = {}
    for r in rows:
        label = f"{r.metric}（{r.target['year']}年）"
        seen[r.indicator_id] = (label, seen.get(r.indicator_id, (label, False))[1] or r.latest["value"] is not None)
    return Completeness(len(seen), sum(has for _l, has in seen.values()),
                        [label for label, has in seen.values() if not has])


def plan_detail(session: Session, *, plan: Plan, drafts: bool, as_of: date, region: str | None = None,
                method: str = "cagr", lag_months: int = DATA_LAG_MONTHS) -> PlanDetail:
    """The plan page's data; `drafts` includes unpublished versions (planners and admins)."""
    versions = versions_of(session, plan, drafts=drafts)
    shown = session.get(PlanVersion, plan.current_version_id) if plan.current_version_id else None
    if shown is None:  # never published: the newest draft (only planners and admins get here)
        shown = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                                .order_by(PlanVersion.version_no.desc()).limit(1)).one()
    rows: list[StatusRow] = []
    measures: list[Measure] = []
    if plan.current_version_id is not None:
        frame = status_frame(session, as_of=as_of, plan=plan.key, region=region, method=method, lag_months=lag_months)
        rows, measures = frame.rows(session), measures_of(frame)
    place = session.get(Region, plan.region_id) if plan.region_id else None
    return PlanDetail(key=plan.key, title=plan.title or shown.extracted.get("meta", {}).get("title"),
                      region=place.name if place else plan.region_name, shown=_version_row(shown, plan),
                      extracted=shown.extracted, versions=[_version_row(v, plan) for v in versions], rows=rows,
                      measures=measures, completeness=completeness(rows))


__all__ = ["PROGRESS_UNAFFECTED", "Completeness", "PlanDetail", "VersionRow", "completeness", "plan_detail", "versions_of"]
