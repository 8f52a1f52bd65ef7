"""Regions: the national province → city → county list, user-added zones, and resolving a
name as plans write it (淮南, 淮南市, 安徽, 达茂旗, 居巢经开区) to one region.

The list ships in ``planwatch/data/regions.csv`` and is bulk-loaded on first use. A name
resolves only to a region of exactly that name or to one that accepts it as an alias:

* the short name, the full name less its own suffix (淮南 = 淮南市, 安徽 = 安徽省);
* for an ethnic autonomous unit, the place less the peoples too (恩施州 and 恩施 =
  恩施土家族苗族自治州, 长阳县 = 长阳土家族自治县);
* the bundled list ``planwatch/data/region_aliases.csv`` of forms documents use (达茂旗,
  土右旗, 广西自治区), and aliases given to a zone when it is added.

A name is never cut to its stem to match a region with another suffix: 合肥县 is not 合肥市.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
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
_PEOPLES_LONG = ("蒙古", "维吾尔", "布依", "朝鲜", "土家", "哈尼", "哈萨克", "傈僳", "拉祜", "东乡", "纳西",
                 "景颇", "柯尔克孜", "达斡尔", "仫佬", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
                 "塔吉克", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "塔塔尔", "独龙", "鄂伦春",
                 "赫哲", "门巴", "珞巴", "基诺", "高山")
_PEOPLES_SHORT = "回藏苗彝壮满侗瑶白傣黎佤畲水土羌怒京各"  # one character: only with 族 (白沙 is not 白族)
_AUTONOMOUS = re.compile(
    rf"(?P<place>.{{2,}}?)(?:(?:{'|'.join(_PEOPLES_LONG)})族?|[{_PEOPLES_SHORT}]族)+自治(?P<kind>[州县旗])")
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "zone": 3}
_INDEX_KEY = "planwatch.region_index"
_CHILDREN_KEY = "planwatch.region_children"
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


@cache
def derived_aliases(name: str) -> tuple[str, ...]:
    """The short forms a region's own name gives it (the bundled list adds more).

    >>> derived_aliases("淮南市"), derived_aliases("城区")
    (('淮南',), ())
    >>> derived_aliases("恩施土家族苗族自治州")
    ('恩施土家族苗族', '恩施州', '恩施')
    >>> derived_aliases("白沙黎族自治县"), derived_aliases("东乡族自治县")
    (('白沙黎族', '白沙县', '白沙'), ('东乡族',))
    """
    found = [s] if (s := short_name(name)) else []
    if m := _AUTONOMOUS.fullmatch(name):
        found += [m["place"] + m["kind"], m["place"]]
    return tuple(found)


@cache
def bundled_aliases() -> dict[str, tuple[str, ...]]:
    """Region code → the aliases ``data/region_aliases.csv`` gives it."""
    text = (resources.files("planwatch") / "data" / "region_aliases.csv").read_text(encoding="utf-8")
    found: dict[str, tuple[str, ...]] = {}
    for row in csv.DictReader(text.splitlines()):
        found[row["code"]] = (*found.get(row["code"], ()), row["alias"])
    return found


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
    bundled = bundled_aliases()
    values = [
        {
            "id": offset + ids[row["code"]],
            "code": row["code"],
            "name": row["name"],
            "level": row["level"],
            "parent_id": offset + ids[row["parent"]] if row["parent"] else None,
            "aliases": [*derived_aliases(row["name"]), *bundled.get(row["code"], ())],
        }
        for row in rows
    ]
    for level in ("province", "city", "county"):  # parents before children
        session.execute(insert(Region), [v for v in values if v["level"] == level])
    reset_id_sequences(session, [Region.__table__])  # type: ignore[list-item]
    audit.record(session, entity="regions", entity_id=None, action="load", after={"count": len(values)})
    _forget(session)
    return len(values)


def _forget(session: Session) -> None:
    """Drop the transaction's cached region reads after the region list changed."""
    session.info.pop(_INDEX_KEY, None)
    session.info.pop(_CHILDREN_KEY, None)


def children_map(session: Session) -> dict[int, list[int]]:
    """Every region's direct children by id, from one read of the (id, parent) pairs, cached
    on the transaction: a page asks for several subtrees, each walked from this map."""
    return _tree(session)[0]


def parent_map(session: Session) -> dict[int, int]:
    """Every region's parent by id (the same one read as `children_map`)."""
    return _tree(session)[1]


def ancestors(session: Session, region_id: int) -> list[int]:
    """The region and the regions above it, nearest first (from `parent_map`)."""
    parents, out = parent_map(session), []
    current: int | None = region_id
    while current is not None and current not in out:
        out.append(current)
        current = parents.get(current)
    return out


def _tree(session: Session) -> tuple[dict[int, list[int]], dict[int, int]]:
    cached: tuple[dict[int, list[int]], dict[int, int]] | None = session.info.get(_CHILDREN_KEY)
    if cached is not None:
        return cached
    children: dict[int, list[int]] = {}
    parents: dict[int, int] = {}
    for child, parent in session.execute(select(Region.id, Region.parent_id).where(Region.parent_id.is_not(None))):
        if parent is not None:
            children.setdefault(parent, []).append(child)
            parents[child] = parent
    session.info[_CHILDREN_KEY] = (children, parents)
    return children, parents


@dataclass(frozen=True)
class _Index:
    """Every region by id, by exact name and by alias; read once per transaction."""

    by_id: dict[int, RegionRef]
    by_name: dict[str, list[RegionRef]]
    by_alias: dict[str, list[RegionRef]]


def _index(session: Session) -> _Index:
    """The index, cached on the session. Aliases are derived here as well as stored, so a
    database loaded before an alias rule or list entry existed resolves it too."""
    cached = session.info.get(_INDEX_KEY)
    if cached is not None:
        return cached
    index = _Index({}, {}, {})
    bundled = bundled_aliases()
    columns = select(Region.id, Region.name, Region.level, Region.parent_id, Region.code, Region.aliases)
    for region_id, region_name, level, parent_id, code, aliases in session.execute(columns):  # no ORM: 5× faster
        ref = RegionRef(region_id, region_name, level, parent_id)
        index.by_id[region_id] = ref
        index.by_name.setdefault(region_name, []).append(ref)
        # Zones (no code) have only the aliases given when they were added: 安庆经开区 is not 安庆.
        extra = (*bundled.get(code, ()), *derived_aliases(region_name)) if code else ()
        for alias in {*(aliases or ()), *extra} - {region_name}:
            index.by_alias.setdefault(alias, []).append(ref)
    session.info[_INDEX_KEY] = index
    return index


def _ancestors(refs: dict[int, RegionRef], ref: RegionRef) -> set[int]:
    seen: set[int] = set()
    while ref.parent_id is not None and ref.parent_id not in seen and ref.parent_id in refs:
        seen.add(ref.parent_id)
        ref = refs[ref.parent_id]
    return seen


def _highest_level(found: list[RegionRef]) -> list[RegionRef]:
    """A bare short name means the larger place: 朝阳 is 朝阳市 before any 朝阳区, 吉林 the province."""
    if not found:
        return found
    top = min(LEVEL_RANK.get(r.level, 9) for r in found)
    return [r for r in found if LEVEL_RANK.get(r.level, 9) == top]


def candidates(session: Session, *, name: str) -> list[RegionRef]:
    """Every region the name could mean: exact names if any, else the highest-level aliases."""
    index = _index(session)
    name = name.strip()
    return list(index.by_name.get(name, [])) or _highest_level(index.by_alias.get(name, []))


def _quick(session: Session, name: str) -> RegionRef | None:
    """The first look-up of a transaction goes by exact name (a status page asks once); later
    ones (an import of many rows) read the 3,000 regions once into the index."""
    if _INDEX_KEY in session.info or session.info.get(_LOOKED_UP):
        return None
    session.info[_LOOKED_UP] = True
    rows = session.execute(select(Region.id, Region.name, Region.level, Region.parent_id)
                           .where(Region.name == name)).all()
    return RegionRef(*rows[0]) if len(rows) == 1 else None


def resolve_region(session: Session, *, name: str, within: int | None = None, inside: int | None = None) -> RegionRef:
    """The one region `name` means.

    `within` (a region id) narrows an ambiguous name to the regions under it, and is ignored
    when none is. `inside` is a requirement: the region must be that region or lie under it
    (an observation of an 安徽 plan cannot be for 南京市), and it narrows an ambiguous name too.
    Exact names are tried before aliases, in scope first: 朝阳 inside 北京市 is its 朝阳区.

    Raises NotFoundError when no region has the name or alias; ValidationError when the
    region is outside `inside`, or when two regions share the name (两个 鼓楼区) and neither
    parameter narrows it to one.
    """
    name = name.strip()
    quick = _quick(session, name)
    if quick is not None and (inside is None or is_within(session, region_id=quick.id, ancestor_id=inside)):
        return quick
    index = _index(session)
    outside: list[RegionRef] = []
    exact = index.by_name.get(name, [])
    for pool in (exact, [r for r in index.by_alias.get(name, []) if r not in exact]):
        found = [r for r in pool if inside is None or _in(index, r, inside)]
        if within is not None and len(found) > 1:
            found = [r for r in found if _in(index, r, within)] or found
        found = found if pool is exact else _highest_level(found)
        if len(found) > 1:
            raise ValidationError(f"region {name!r}", [f"ambiguous: could be {_describe(index, found)}"])
        if found:
            return found[0]
        outside = outside or pool
    if outside and inside is not None:
        scope = index.by_id[inside].name if inside in index.by_id else f"region #{inside}"
        raise ValidationError(f"region {name!r}", [f"region {name!r} ({_describe(index, outside)}) is not within "
                                                   f"{scope}, the plan's region"])
    raise NotFoundError(f"region {name!r}: not in the region list or its aliases "
                        "(write the full name, or add it with `planwatch regions NAME --add-under PARENT`)")


def _in(index: _Index, ref: RegionRef, ancestor_id: int) -> bool:
    return ref.id == ancestor_id or ancestor_id in _ancestors(index.by_id, ref)


def is_within(session: Session, *, region_id: int, ancestor_id: int) -> bool:
    """Whether region `region_id` is `ancestor_id` or lies under it, at any depth.

    Uses the transaction's index or region tree when one is loaded, else walks up the
    parents (four levels at most: province → city → county → zone), one query each.
    """
    index: _Index | None = session.info.get(_INDEX_KEY)
    if index is not None and region_id in index.by_id:
        return _in(index, index.by_id[region_id], ancestor_id)
    if _CHILDREN_KEY in session.info:  # the tree is read already: no query
        return ancestor_id in ancestors(session, region_id)
    current: int | None = region_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        current = session.scalar(select(Region.parent_id).where(Region.id == current))
    return False


def sub_regions(session: Session, *, region_id: int) -> list[RegionRef]:
    """The direct sub-regions of a region, by code then name: a province's cities (and the
    counties directly under it, as 仙桃市), a city's counties and the zones added under it.
    Deeper levels are not included: ask again for each child to go down."""
    rows = session.execute(select(Region.id, Region.name, Region.level, Region.parent_id)
                           .where(Region.parent_id == region_id)
                           .order_by(Region.code.is_(None), Region.code, Region.name, Region.id))
    return [RegionRef(*row) for row in rows]


def _describe(index: _Index, refs: list[RegionRef]) -> str:
    def parent(ref: RegionRef) -> str:
        found = index.by_id.get(ref.parent_id) if ref.parent_id is not None else None
        return found.name if found else "-"

    return ", ".join(f"{r.name} ({parent(r)})" for r in refs)


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
    _forget(session)
    return region
