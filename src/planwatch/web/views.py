"""Page data assembled from the services: plain dicts, the same for a page and its twin."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.services.auth import Principal
from planwatch.services.plans import list_plans
from planwatch.services.status import plan_status
from planwatch.store.tables import Plan, PlanVersion


def plan_list(session: Session, plans: list[Plan]) -> list[dict[str, Any]]:
    keys = {p.key for p in plans}
    return [s.__dict__ for s in list_plans(session) if s.key in keys]


def _versions(session: Session, plan: Plan) -> list[dict[str, Any]]:
    rows = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.version_no))
    return [{"version": v.version_no, "status": v.status, "current": v.id == plan.current_version_id,
             "source_file": v.source_file, "created_at": v.created_at, "published_at": v.published_at,
             "changes": v.changes} for v in rows]


def plan_view(session: Session, plan: Plan, *, who: Principal, as_of: date | None = None,
              region: str | None = None, method: str = "cagr") -> dict[str, Any]:
    """The plan page: meta of the current version (else the newest draft), versions, status."""
    versions = _versions(session, plan)
    if who.role not in ("admin", "planner"):
        versions = [v for v in versions if v["status"] == "published"]
    shown = session.get(PlanVersion, plan.current_version_id) if plan.current_version_id else None
    if shown is None:
        shown = session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                                .order_by(PlanVersion.version_no.desc()).limit(1)).one()
    extracted = shown.extracted
    day = as_of or date.today()
    rows = [r.as_dict() for r in plan_status(session, plan=plan.key, as_of=day, region=region, method=method)] \
        if plan.current_version_id else []
    return {"key": plan.key, "title": plan.title, "region": plan.region_name, "meta": extracted.get("meta", {}),
            "sections": extracted.get("sections", []), "versions": versions, "as_of": day, "method": method,
            "status": rows, "counts": _counts(rows)}


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        out[row["status"]] = out.get(row["status"], 0) + 1
    return out
