"""Who may see and change what: the role and scope rules of the web workspace, in one place.

* ``admin`` — everything.
* ``planner`` — plans whose region lies in their region subtree: read, import, review,
  publish, enter figures, run assessments.
* ``viewer`` — the published pages of plans in their region subtree; no drafts, no writes.
* ``reporter`` — the plans that have a task naming their department (lead or support, as
  resolved or as written), and on those only the tasks naming it.

Out of scope raises NotFoundError (the page answers 404, so keys of other regions do not
leak); in scope with the wrong role raises Forbidden (403).
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planwatch.errors import Forbidden, NotFoundError
from planwatch.services.auth import Principal
from planwatch.services.regions import children_map, is_within
from planwatch.store.tables import Department, Plan
from planwatch.store.work_tables import Task, TaskUnit

Need = Literal["read", "draft", "write"]


def subtree(session: Session, region_id: int) -> set[int]:
    """A region and every region under it, walked from the transaction's children map (one
    read of the (id, parent) pairs): a list page checks many plans against one subtree."""
    children = children_map(session)
    out, todo = {region_id}, [region_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def in_scope(session: Session, who: Principal, region_id: int | None) -> bool:
    """Whether a region lies in the user's subtree (admins: everywhere)."""
    if who.role == "admin":
        return True
    if who.region_id is None or region_id is None:
        return False
    return is_within(session, region_id=region_id, ancestor_id=who.region_id)


def department_task_ids(session: Session, department_id: int) -> set[int]:
    """Tasks of current versions naming the department, resolved or by one of its names."""
    dept = session.get(Department, department_id)
    if dept is None:
        return set()
    names = {dept.name, *dept.aliases}
    query = (select(TaskUnit.task_id).join(Task, Task.id == TaskUnit.task_id)
             .join(Plan, Plan.current_version_id == Task.plan_version_id)
             .where(or_(TaskUnit.department_id == department_id,
                        TaskUnit.department_id.is_(None) & TaskUnit.raw_name.in_(names))))
    return set(session.scalars(query))


def _reporter_plan_ids(session: Session, who: Principal) -> set[int]:
    if who.department_id is None:
        return set()
    ids = department_task_ids(session, who.department_id)
    if not ids:
        return set()
    query = select(Plan.id).join(Task, Task.plan_version_id == Plan.current_version_id).where(Task.id.in_(ids))
    return set(session.scalars(query))


def can_see_plan(session: Session, who: Principal, plan: Plan) -> bool:
    if who.role == "reporter":
        return plan.id in _reporter_plan_ids(session, who)
    return in_scope(session, who, plan.region_id)


def require_plan(session: Session, who: Principal, plan: Plan, need: Need = "read") -> Plan:
    """The plan if the user may do `need` to it ("draft": see unpublished versions)."""
    if not can_see_plan(session, who, plan) or (need == "read" and plan.current_version_id is None
                                                  and who.role not in ("admin", "planner")):
        raise NotFoundError(f"plan {plan.key!r}: no such plan")
    if need != "read" and who.role not in ("admin", "planner"):
        raise Forbidden(f"plan {plan.key!r}: a {who.role} may not {'review drafts' if need == 'draft' else 'change plans'}")
    return plan


def visible_plans(session: Session, who: Principal) -> list[Plan]:
    """The plans a user may open, by key (drafts-only plans for planners and admins only)."""
    plans = list(session.scalars(select(Plan).order_by(Plan.key)))
    if who.role == "reporter":
        ids = _reporter_plan_ids(session, who)
        return [p for p in plans if p.id in ids]
    if who.role != "admin":
        scope = subtree(session, who.region_id) if who.region_id is not None else set()
        plans = [p for p in plans if p.region_id in scope]
    return [p for p in plans if p.current_version_id is not None or who.role in ("admin", "planner")]


def require_region_write(session: Session, who: Principal, region_id: int | None, what: str) -> None:
    """Planners write only inside their subtree (a plan for 芜湖市 by a 合肥市 planner: 403)."""
    if who.role not in ("admin", "planner"):
        raise Forbidden(f"a {who.role} may not {what}")
    if not in_scope(session, who, region_id):
        raise Forbidden(f"{what}: outside your region")
