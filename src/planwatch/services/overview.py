"""The dashboard (首页) of a user's scope: plans with their status counts, drafts awaiting
review, overdue tasks by colour, the latest figures entered; a reporter's own tasks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.progress.batch import STATUSES
from planwatch.progress.status import STATUS_LABELS
from planwatch.progress.timing import DATA_LAG_MONTHS
from planwatch.services.access import department_task_ids, visible_plans
from planwatch.services.auth import Principal
from planwatch.services.page_cache import FIGURE_ENTRY, PROJECTS, REPORTS
from planwatch.services.plans import list_plans
from planwatch.services.status import status_frame
from planwatch.services.tasks import TaskRow, list_tasks
from planwatch.store.tables import Indicator, Observation, PlanVersion, Region
from planwatch.store.tables import Plan as PlanRow

STATUS_ORDER = tuple(STATUS_LABELS)

# The 首页 reads plans, versions, indicators, figures, allocations, tasks and their reports,
# extensions and deadlines: not key projects, staged uploads, locks or files attached.
DASHBOARD_UNAFFECTED = PROJECTS | REPORTS | FIGURE_ENTRY | {"task_attachments"}


@dataclass
class PlanCard:
    key: str
    title: str | None
    region: str | None
    current_version: int | None
    draft_version: int | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def tracked(self) -> int:
        return sum(self.counts.values())


@dataclass
class Overview:
    plans: list[PlanCard]
    drafts: list[PlanCard]
    task_colours: dict[str, int]
    overdue: list[TaskRow]
    recent: list[dict[str, Any]]
    my_tasks: list[TaskRow]


def _draft_versions(session: Session, plan_ids: list[int]) -> dict[int, int]:
    """plan id → its newest draft's number, for drafts newer than the current version."""
    rows = session.execute(select(PlanVersion.plan_id, func.max(PlanVersion.version_no))
                           .where(PlanVersion.plan_id.in_(plan_ids), PlanVersion.status == "draft")
                           .group_by(PlanVersion.plan_id)).all()
    return dict(rows)


def status_counts(session: Session, plans: list[PlanRow], *, as_of: date,
                  lag_months: int = DATA_LAG_MONTHS) -> dict[str, Counter[str]]:
    """Plan key → rows of the progress table per status (`planwatch status`), for these plans
    only: one refresh over their indicators, counted from its columns (no row objects)."""
    counts: dict[str, Counter[str]] = {p.key: Counter() for p in plans if p.current_version_id}
    if not counts:
        return counts
    published = session.scalar(select(func.count()).select_from(PlanRow)
                                .where(PlanRow.current_version_id.is_not(None))) or 0
    ids: list[int] | None = None  # every published plan: no list of ids to send
    if len(counts) < published:
        versions = [p.current_version_id for p in plans if p.current_version_id]
        ids = [i for start in range(0, len(versions), 500) for i in session.scalars(
            select(Indicator.id).where(Indicator.plan_version_id.in_(versions[start:start + 500])))]
        if not ids:
            return counts
    frame = status_frame(session, as_of=as_of, lag_months=lag_months, indicator_ids=ids)
    codes = frame.status_codes().tolist()
    for i, row_indicator in enumerate(frame.row_indicator.tolist()):
        key = frame.plans[row_indicator]
        if key in counts:
            counts[key][STATUSES[codes[i]]] += 1
    return counts


def _cards(session: Session, plans: list[PlanRow], as_of: date, lag_months: int) -> list[PlanCard]:
    summary = {p.key: p for p in list_plans(session, keys={p.key for p in plans})}  # region, current version
    drafts = _draft_versions(session, [p.id for p in plans])
    counts = status_counts(session, plans, as_of=as_of, lag_months=lag_months)
    return [PlanCard(p.key, p.title, summary[p.key].region, summary[p.key].current_version, drafts.get(p.id),
                     {s: counts[p.key][s] for s in STATUS_ORDER if counts.get(p.key, Counter())[s]})
            for p in plans]


def _recent(session: Session, plan_keys: list[str], limit: int = 10) -> list[dict[str, Any]]:
    query = (select(PlanRow.key, Indicator.id, Indicator.metric, Region.name, Observation.period, Observation.value,
                    Observation.unit, Indicator.unit, Observation.source, Observation.created_at)
             .join(Indicator, Indicator.id == Observation.indicator_id)
             .join(PlanRow, PlanRow.current_version_id == Indicator.plan_version_id)
             .join(Region, Region.id == Observation.region_id)
             .where(PlanRow.key.in_(plan_keys)).order_by(Observation.created_at.desc(), Observation.id.desc())
             .limit(limit))
    keys = ("plan", "indicator_id", "metric", "region", "period", "value", "unit", "indicator_unit", "source", "at")
    return [dict(zip(keys, row, strict=True)) for row in session.execute(query)]


def overview(session: Session, *, who: Principal, as_of: date, lag_months: int = DATA_LAG_MONTHS) -> Overview:
    """What the user's 首页 shows, everything limited to what they may see. The status
    counts are those of `planwatch status` for each plan (`lag_months` as there)."""
    plans = visible_plans(session, who)
    cards = _cards(session, plans, as_of, lag_months)
    keys = [c.key for c in cards if c.current_version is not None]
    tasks = list_tasks(session, as_of=as_of, plan_keys=set(keys)) if keys else []
    mine: list[TaskRow] = []
    if who.role == "reporter" and who.department_id is not None:
        ids = department_task_ids(session, who.department_id)
        tasks = mine = [t for t in tasks if t.task_id in ids]
    colours = Counter(t.colour for t in tasks if t.colour)
    return Overview(
        plans=[c for c in cards if c.current_version is not None],
        drafts=[c for c in cards if c.draft_version is not None] if who.role in ("admin", "planner") else [],
        task_colours={c: colours[c] for c in ("red", "yellow", "blue") if colours[c]},
        overdue=sorted((t for t in tasks if t.overdue), key=lambda t: -(t.days or 0))[:20],
        recent=_recent(session, keys) if who.role != "reporter" else [],
        my_tasks=mine,
    )
