"""Regions: the national province → city → county list, user-added zones, and resolving a
name as plans write it (淮南, 淮南市, 安徽, 居巢经开区) to one region.

The list ships in ``planwatch/data/regions.csv`` (see data/README.md) and is bulk-loaded on
first use. Short names are aliases: the full name less its administrative suffix.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.store import audit
from planwatch.store.session import reset_id_sequences
from planwatch.store.tables import Region

# Longest first: 内蒙古自治区 must lose 自治区, not 区.
SUFFIXES: tuple[str, ...] = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
    "经济技术开发区", "高新技术产业开发区", "经开区", "高新区", "开发区", "新区", "地区", "盟",
    "省", "市", "县", "区", "旗",
)
ZONE_SUFFIXES: tuple[str, ...] = ("经济技术开发区", "高新技术产业开发区", "经开区", "高新区", "开发区", "新区")
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "zone": 3}
_INDEX_KEY = "planwatch.region_index"
_LOOKED_UP = "planwatch.regions.looked_up"


@dataclass(frozen=True)
class RegionRef:
    """What resolution needs to know of a region, detached from any session."""

    id: int
    name: str
    level: str
    parent_id: int | None


def short_name(name: str) -> str | None:
    """淮南市 → 淮南, 安徽省 → 安徽; None when nothing of two characters or more would remain.

    >>> short_name("淮南市"), short_name("内蒙古自治区"), short_name("城区")
    ('淮南', '内蒙古', None)
    """
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def region_rows() -> list[dict[str, str]]:
    """The bundled national list: code, name, level, parent code."""
    text = (resources.files("planwatch") / "data" / "regions.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def ensure_regions(session: Session) -> int:
    """Load the national list when the table has none of it; returns how many were inserted."""
    if session.scalar(select(func.count()).select_from(Region).where(Region.code.is_not(None))):
        return 0
    rows = region_rows()
    ids = {row["code"]: i for i, row in enumerate(rows, start=1)}
    offset = session.scalar(select(func.coalesce(func.max(Region.id), 0))) or 0
    values = [
        {
            "id": offset + ids[row["code"]],
            "code": row["code"],
            "name": row["name"],
            "level": row["level"],
            "parent_id": offset + ids[row["parent"]] if row["parent"] else None,
            "aliases": [s] if (s := short_name(row["name"])) else [],
        }
        for row in rows
    ]
    for level in ("province", "city", "county"):  # parents before children
        session.execute(insert(Region), [v for v in values if v["level"] == level])
    reset_id_sequences(session, [Region.__table__])  # type: ignore[list-item]
    audit.record(session, entity="regions", entity_id=None, action="load", after={"count": len(values)})
    session.info.pop(_INDEX_KEY, None)
    return len(values)


def _index(session: Session) -> dict[str, list[RegionRef]]:
    """name or alias → regions, cached on the session (the list is read once per transaction)."""
    cached = session.info.get(_INDEX_KEY)
    if cached is not None:
        return cached
    index: dict[str, list[RegionRef]] = {}
    columns = select(Region.id, Region.name, Region.level, Region.parent_id, Region.aliases)  # no ORM objects: 5× faster
    for region_id, region_name, level, parent_id, aliases in session.execute(columns):
        ref = RegionRef(region_id, region_name, level, parent_id)
        for name in {region_name, *aliases}:
            index.setdefault(name, []).append(ref)
    session.info[_INDEX_KEY] = index
    return index


def _ancestors(refs: dict[int, RegionRef], ref: RegionRef) -> set[int]:
    seen: set[int] = set()
    while ref.parent_id is not None and ref.parent_id not in seen:
        seen.add(ref.parent_id)
        ref = refs[ref.parent_id]
    return seen


def candidates(session: Session, *, name: str) -> list[RegionRef]:
    """Every region the name could mean: exact names first, then aliases and short forms."""
    name = name.strip()
    # The first look-up of a transaction goes by name (a status page asks once); later ones
    # (an import of many rows) read the 3,000 regions once into an index.
    if _INDEX_KEY not in session.info and not session.info.get(_LOOKED_UP):
        session.info[_LOOKED_UP] = True
        rows = session.execute(select(Region.id, Region.name, Region.level, Region.parent_id)
                               .where(Region.name == name)).all()
        if len(rows) == 1:
            return [RegionRef(*rows[0])]
    index = _index(session)
    exact = [r for r in index.get(name, []) if r.name == name]
    if exact:
        return exact
    found = index.get(name, [])
    short = short_name(name)
    if not found and short and not name.endswith(ZONE_SUFFIXES):  # 广西自治区 → 广西壮族自治区
        found = [r for r in index.get(short, []) if short_name(r.name) == short]
    return _highest_level(found)


def _highest_level(found: list[RegionRef]) -> list[RegionRef]:
    """A bare short name means the larger place: 朝阳 is 朝阳市 before any 朝阳区, 吉林 the province."""
    if not found:
        return found
    top = min(LEVEL_RANK.get(r.level, 9) for r in found)
    return [r for r in found if LEVEL_RANK.get(r.level, 9) == top]


def resolve_region(session: Session, *, name: str, within: int | None = None) -> RegionRef:
    """The one region `name` means, searching under region id `within` when given.

    Raises NotFoundError when nothing matches and ValidationError listing the candidates
    when two regions share the name (两个 朝阳区) and no parent narrows it.
    """
    found = candidates(session, name=name)
    if within is not None and len(found) > 1:
        refs = {r.id: r for rs in _index(session).values() for r in rs}
        found = [r for r in found if r.id == within or within in _ancestors(refs, r)] or found
    if not found:
        raise NotFoundError(f"region {name!r}: not in the region list (add it with a parent)")
    if len(found) > 1:
        raise ValidationError(f"region {name!r}", [f"ambiguous: could be {_describe(session, found)}"])
    return found[0]


def _describe(session: Session, refs: list[RegionRef]) -> str:
    parents = {r.id: r.name for r in session.scalars(select(Region).where(Region.id.in_(
        [ref.parent_id for ref in refs if ref.parent_id is not None])))}
    return ", ".join(f"{r.name} ({parents.get(r.parent_id or -1, '-')})" for r in refs)


def add_region(
    session: Session, *, name: str, parent: str, level: str = "zone", aliases: tuple[str, ...] = ()
) -> Region:
    """Add a user-defined area (a development zone: 安庆经开区 under 安庆市)."""
    parent_ref = resolve_region(session, name=parent)
    existing = [r for r in candidates(session, name=name) if r.parent_id == parent_ref.id]
    if existing:
        raise ValidationError(f"region {name!r}", [f"already exists under {parent_ref.name}"])
    region = Region(name=name, level=level, parent_id=parent_ref.id, aliases=list(aliases))
    session.add(region)
    session.flush()
    audit.record(session, entity="regions", entity_id=region.id, action="create", after=audit.row_dict(region))
    session.info.pop(_INDEX_KEY, None)
    return region
