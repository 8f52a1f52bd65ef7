"""Keeping the department list: add a local unit (or a standard body ahead of any plan),
rename one, list them, and list the unit names no department answers to yet.

Adding a department resolves the task units already stored under its name: a planner adds
合肥高新区管委会 once and every task naming it picks it up. Renaming keeps the old name as an
alias, and tasks keep pointing at the same row. Every change is audited. The CLI
(`planwatch departments`, `department-add`, `department-rename`) and the web app call these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.lexicon.directory import LEVEL_WORDS, is_generic
from planwatch.services.departments import (
    find_department,
    places,
    read_name,
    resolve_department,
    unresolved_kind,
)
from planwatch.store import audit
from planwatch.store.tables import Department, Plan, PlanVersion, Region
from planwatch.store.work_tables import Task, TaskUnit


@dataclass(frozen=True)
class Added:
    """What `add_department` did: the department, and how many stored task units it resolved."""

    department: Department
    resolved_units: int


def _region_for_local(session: Session, name: str, region_id: int | None) -> int | None:
    """A local unit written with a level word (市督查办) belongs to the region that word means."""
    word = next((w for w in LEVEL_WORDS if name.startswith(w) and len(name) > len(w) + 1), None)
    if word is None or region_id is None:
        return region_id
    place = places(session).for_word(word, region_id)
    return place.id if place is not None else region_id


def add_department(
    session: Session, *, name: str, region_id: int | None, aliases: Sequence[str] = ()
) -> Added:
    """Register a department of a region: a standard body of the directory (made now instead
    of at its first mention) or a local unit kept under the name given."""
    name = name.strip()
    problems = [f"alias {a!r}: names a class of units, not one department" for a in aliases if is_generic(a)]
    if not name or is_generic(name):
        problems.insert(0, f"name {name!r}: {'empty' if not name else 'names a class of units, not one department'}")
    if problems:
        raise ValidationError(f"department {name!r}", problems)
    if find_department(session, name=name, region_id=region_id) is not None:
        raise ValidationError(f"department {name!r}", [f"already registered as {_describe(session, name, region_id)}"])
    if read_name(session, name=name, region_id=region_id) is not None:
        dept = resolve_department(session, name=name, region_id=region_id)
        assert dept is not None
        if set(aliases) - {dept.name, *(dept.aliases or [])}:
            before = audit.row_dict(dept)
            dept.aliases = sorted({*(dept.aliases or []), *aliases} - {dept.name})
            audit.record(session, entity="departments", entity_id=dept.id, action="aliases", before=before,
                         after=audit.row_dict(dept))
    else:
        target = _region_for_local(session, name, region_id)
        dept = Department(region_id=target, name=name, body=name, aliases=sorted(set(aliases) - {name}), standard=None)
        session.add(dept)
        session.flush()
        audit.record(session, entity="departments", entity_id=dept.id, action="create", after=audit.row_dict(dept))
    return Added(dept, resolve_stored_units(session, names=[dept.name, *dept.aliases, name]))


def _describe(session: Session, name: str, region_id: int | None) -> str:
    dept = find_department(session, name=name, region_id=region_id)
    region = session.get(Region, dept.region_id) if dept and dept.region_id else None
    return f"{dept.name if dept else name} ({region.name if region else 'no region'})"


def resolve_stored_units(session: Session, *, names: Sequence[str]) -> int:
    """Resolve the stored task units written as one of `names` that resolve to no department
    yet, each in its plan's region; returns how many now do."""
    query = (select(TaskUnit, Plan.region_id).join(Task, Task.id == TaskUnit.task_id)
             .join(PlanVersion, PlanVersion.id == Task.plan_version_id).join(Plan, Plan.id == PlanVersion.plan_id)
             .where(TaskUnit.department_id.is_(None), TaskUnit.raw_name.in_(sorted(set(names)))))
    changed: list[int] = []
    for unit, plan_region in session.execute(query).all():
        dept = resolve_department(session, name=unit.raw_name, region_id=plan_region)
        if dept is not None:
            unit.department_id = dept.id
            changed.append(unit.id)
    if changed:
        audit.record(session, entity="task_units", entity_id=None, action="resolve",
                     after={"task_units": changed, "names": sorted(set(names))})
    session.flush()
    return len(changed)


def rename_department(session: Session, *, name: str, region_id: int | None, new_name: str) -> Department:
    """Give a department its new name; the old one stays an alias, its tasks stay with it."""
    dept = find_department(session, name=name, region_id=region_id)
    new_name = new_name.strip()
    if dept is None:
        raise NotFoundError(f"department {name!r}: not registered in this region (see `planwatch departments`)")
    if not new_name or is_generic(new_name):
        raise ValidationError(f"department {name!r}", [f"new name {new_name!r}: not a department's name"])
    other = find_department(session, name=new_name, region_id=region_id)
    if other is not None and other.id != dept.id:
        raise ValidationError(f"department {name!r}", [f"new name {new_name!r}: already the name of {other.name}"])
    before = audit.row_dict(dept)
    dept.aliases = sorted({*(dept.aliases or []), dept.name} - {new_name})
    dept.name = new_name
    if dept.standard is None:
        dept.body = new_name
    session.flush()
    audit.record(session, entity="departments", entity_id=dept.id, action="rename", before=before,
                 after=audit.row_dict(dept))
    return dept


@dataclass(frozen=True)
class DepartmentRow:
    """One line of `planwatch departments`."""

    id: int
    region: str | None
    name: str
    standard: str | None  # the directory body it is an instance of; None: a local unit
    aliases: list[str] = field(default_factory=list)
    task_units: int = 0


def list_departments(session: Session, *, region_id: int | None = None, local: bool = False) -> list[DepartmentRow]:
    """Registered departments (of one region when given; only local units with `local`)."""
    counts = dict(session.execute(select(TaskUnit.department_id, func.count()).group_by(TaskUnit.department_id)).all())
    query = select(Department, Region.name).outerjoin(Region, Region.id == Department.region_id)
    if region_id is not None:
        query = query.where(Department.region_id == region_id)
    if local:
        query = query.where(Department.standard.is_(None))
    rows = session.execute(query.order_by(Region.name, Department.name)).all()
    return [DepartmentRow(d.id, region, d.name, d.standard, list(d.aliases or []), counts.get(d.id, 0))
            for d, region in rows]


@dataclass(frozen=True)
class UnresolvedRow:
    """A unit name of current tasks that no department answers to, and why."""

    name: str
    kind: str  # 'local' (add it) or 'generic' (各有关部门: never a department)
    plans: list[str]
    task_units: int


def unresolved_units(session: Session, *, plan: str | None = None) -> list[UnresolvedRow]:
    """Unit names of the current versions' tasks that resolve to no department."""
    query = (select(TaskUnit.raw_name, Plan.key).join(Task, Task.id == TaskUnit.task_id)
             .join(Plan, Plan.current_version_id == Task.plan_version_id)
             .where(TaskUnit.department_id.is_(None), Task.retired_at.is_(None)))
    if plan is not None:
        query = query.where(Plan.key == plan)
    seen: dict[str, tuple[set[str], int]] = {}
    for raw, key in session.execute(query).all():
        keys, n = seen.get(raw, (set(), 0))
        seen[raw] = ({*keys, key}, n + 1)
    return [UnresolvedRow(raw, unresolved_kind(raw), sorted(keys), n)
            for raw, (keys, n) in sorted(seen.items(), key=lambda kv: (unresolved_kind(kv[0]), kv[0]))]
