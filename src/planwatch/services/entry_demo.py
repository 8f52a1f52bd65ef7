"""The demo's 数据填报: a county planner of 巢湖市 who has entered two figures for the
chaohu plan, waiting for the province planner (`planner`, 安徽省) to accept them, so the
review queue of a new demo user is not empty."""

from __future__ import annotations

from datetime import date

from pwdlib import PasswordHash
from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.services import entry
from planwatch.services.actuals_file import ActualRow
from planwatch.services.auth import Principal, create_user
from planwatch.services.entry_grid import periods_due
from planwatch.services.observations import observe_rows
from planwatch.services.regions import resolve_region
from planwatch.store.auth_tables import User as UserRow
from planwatch.store.tables import Plan

DEMO_LOGIN = "planner-ch"
FIGURES = (("规模以上工业企业数", "212", "家", "巢湖市统计局 统计月报"),
           ("制造业产值", "520.3", "亿元", "巢湖市统计局 统计月报"))


def seed_entry_demo(session: Session, *, password: str, today: date, pw: PasswordHash | None = None) -> UserRow | None:
    """The 巢湖市 planner and its two pending figures (nothing when the chaohu plan is absent)."""
    plan = session.scalars(select(Plan).where(Plan.key == "chaohu")).one_or_none()
    if plan is None or plan.current_version_id is None:
        return None
    region = resolve_region(session, name="巢湖市")
    user = create_user(session, login=DEMO_LOGIN, password=password, role="planner", region_id=region.id,
                       name="巢湖市发展改革委", pw=pw)
    who = Principal(user_id=user.id, login=user.login, name=user.name or user.login, role="planner",
                    region_id=region.id, department_id=None)
    period = periods_due(session, plan, today=today)[0]
    rows = [ActualRow(line=i, plan="chaohu", indicator=metric, region=region.name, period=period, value=value,
                      unit=unit, source=source) for i, (metric, value, unit, source) in enumerate(FIGURES, start=2)]
    actor = session.info.get("actor")
    session.info["actor"] = who.login
    try:
        observe_rows(session, rows=rows, source="demo", entrant=entry.entrant(session, who))
    finally:
        session.info["actor"] = actor
    return user
