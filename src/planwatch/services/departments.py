"""Departments: a per-region registry of government bodies and the names they go by.

Plans write the same body many ways (市发改委 = 市发展改革委 = 市发展和改革委员会). A name is
split into a level prefix (省/市/县/区) and a body; the body is normalised with the table in
``planwatch/data/department_names.csv``; the prefix picks the region (省 → the province of
the plan's region, 市 → its city, 县/区 → the county). Known bodies are registered on first
mention; anything else must be added, and until then is kept as written and reported.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store import audit
from planwatch.store.tables import Department, Region

LEVEL_PREFIXES: tuple[tuple[str, str], ...] = (
    ("省委", "province"), ("市委", "city"), ("县委", "county"), ("区委", "county"),
    ("省", "province"), ("市", "city"), ("县", "county"), ("区", "county"),
)


@cache
def body_aliases() -> dict[str, str]:
    """written body → canonical body, from the bundled abbreviation table."""
    text = (resources.files("planwatch") / "data" / "department_names.csv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        table[row["canonical"]] = row["canonical"]
        for alias in (row["aliases"] or "").split():
            table.setdefault(alias, row["canonical"])
    return table


def split_name(name: str) -> tuple[str | None, str, str]:
    """(level, prefix as written, canonical-or-written body).

    >>> split_name("市发改委")
    ('city', '市', '发展和改革委员会')
    >>> split_name("省经济和信息化委")
    ('province', '省', '经济和信息化委员会')
    """
    name = name.strip()
    if name in body_aliases():  # 市场监管局 starts with 市 but has no prefix
        return None, "", body_aliases()[name]
    for prefix, level in LEVEL_PREFIXES:
        body = name[len(prefix):]
        if name.startswith(prefix) and len(body) >= 2:
            written = body if prefix[-1] != "委" else "委" + body
            return level, prefix, body_aliases().get(written, body_aliases().get(body, body))
    return None, "", name


def region_for_level(session: Session, *, region_id: int | None, level: str | None) -> int | None:
    """The region at `level` on the way up from `region_id` (itself when no level is written)."""
    if region_id is None or level is None:
        return region_id
    region = session.get(Region, region_id)
    while region is not None:
        if region.level == level or (level == "county" and region.level == "zone"):
            return region.id
        region = session.get(Region, region.parent_id) if region.parent_id else None
    return None


def find_department(session: Session, *, name: str, region_id: int | None) -> Department | None:
    """A registered department of the region by canonical body, full name or alias."""
    level, _prefix, body = split_name(name)
    target = region_for_level(session, region_id=region_id, level=level)
    rows = session.scalars(select(Department).where(Department.region_id.is_(target) if target is None
                                                    else Department.region_id == target)).all()
    for dept in rows:
        if dept.body == body or dept.name == name or name in dept.aliases:
            return dept
    return None


def add_department(
    session: Session, *, name: str, region_id: int | None, aliases: tuple[str, ...] = ()
) -> Department:
    """Register a body of a region (its canonical body computed from `name`)."""
    level, prefix, body = split_name(name)
    target = region_for_level(session, region_id=region_id, level=level)
    dept = Department(region_id=target, name=prefix + body, body=body,
                      aliases=sorted({name, *aliases} - {prefix + body}))
    session.add(dept)
    session.flush()
    audit.record(session, entity="departments", entity_id=dept.id, action="create", after=audit.row_dict(dept))
    return dept


def resolve_department(
    session: Session, *, name: str, region_id: int | None, register_known: bool = True
) -> Department | None:
    """The department `name` means in the region, registering a known body on first mention;
    None when the body is not known (the caller keeps the name as written and reports it)."""
    found = find_department(session, name=name, region_id=region_id)
    if found is not None:
        if name != found.name and name not in found.aliases:
            found.aliases = sorted({*found.aliases, name})
        return found
    level, _prefix, body = split_name(name)
    known = body in body_aliases().values()
    if not (register_known and known):
        return None
    if level is not None and region_for_level(session, region_id=region_id, level=level) is None:
        return None  # 市X in a province-wide plan: which city is not written
    return add_department(session, name=name, region_id=region_id)
