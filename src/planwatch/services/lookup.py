"""Finding a plan's current indicators by what a user types (an id, a metric, a phrase)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.services.observations import match_indicator
from planwatch.store.tables import Indicator, Plan


def current_plan(session: Session, key: str) -> Plan:
    plan = session.scalars(select(Plan).where(Plan.key == key)).one_or_none()
    if plan is None:
        raise NotFoundError(f"plan {key!r}: no such plan (see `planwatch plans`)")
    if plan.current_version_id is None:
        raise NotFoundError(f"plan {key!r}: not published yet (run `planwatch publish {key}`)")
    return plan


def find_indicator(session: Session, *, plan: Plan, text: str, year: int) -> Indicator:
    indicators = tuple(session.scalars(select(Indicator).where(Indicator.plan_version_id == plan.current_version_id)))
    found = match_indicator(indicators, text, year=year)
    if isinstance(found, str):
        raise ValidationError(f"plan {plan.key}", [found])
    return found
