"""Departments: which body of which region a unit name in a plan means.

A name is read against the bundled directory (`planwatch.lexicon.directory`): the body it
ends in (发改委 = 发展改革委 = 发展和改革委员会; 质监局, an old name, = 市场监督管理局) and what
names the region before it:

* a level word picks a region on the way up from the plan's region — 省 its province, 市 the
  nearest 市 (the plan's own county-level city, else its prefecture city), 县/区 the county;
* a region's name (安徽省, 合肥, 绍兴市) picks that region — also inside central vertical names
  (合肥海关, 人行巢湖中心支行, 安徽银监局, 国家税务总局安徽省税务局);
* nothing picks the plan's own region; a bare region name (合肥市) is its 人民政府.

A standard body is registered the first time a plan of the region names it, named from the
region (安徽省发展和改革委员会), with the forms it goes by as aliases; later mentions find the
same row. Local units (a 专班, a 园区管委会, an enterprise) are not in the directory: they are
kept as written until a planner adds them (`add_department`), and generic ones (各有关乡镇,
省有关部门) are never departments. Adding, renaming and listing live in `departments_admin`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planwatch.lexicon.directory import (
    LEVEL_WORDS,
    Form,
    directory,
    instance_name,
    is_generic,
    splits,
    template_matches,
)
from planwatch.lexicon.directory import written_forms as directory_forms
from planwatch.services.regions import short_name
from planwatch.store import audit
from planwatch.store.tables import Department, Region

_CACHE = "planwatch.departments.regions"
# Which regions a level word may mean: the name's suffix, and the levels allowed.
_WORD_LEVELS: dict[str, tuple[str, ...]] = {
    "自治区": ("province",), "省": ("province",), "市": ("province", "city", "county"), "州": ("city",),
    "盟": ("city",), "县": ("county",), "区": ("county", "zone"), "旗": ("county",),
}


@dataclass(frozen=True)
class Place:
    """A region as resolution needs it, detached from the session."""

    id: int
    name: str
    level: str
    parent_id: int | None
    short: str

    @property
    def word(self) -> str:
        """The level word of its name (省, 市, 县, 自治区 …), '' for a zone."""
        return next((w for w in LEVEL_WORDS if self.name.endswith(w) and self.level != "zone"), "")

    @property
    def directory_level(self) -> str:
        """Which column of the directory applies: a municipality's bodies are city ones (北京市商务局)."""
        if self.level == "province":
            return "city" if self.name.endswith("市") else "province"
        return "city" if self.level == "city" else "county"


class Places:
    """The region list, read once per session: by id, by name or alias, and up the tree."""

    def __init__(self, rows: list[tuple[int, str, str, int | None, list[str]]]) -> None:
        self.by_id: dict[int, Place] = {}
        self.by_name: dict[str, list[Place]] = {}
        for region_id, name, level, parent_id, aliases in rows:
            place = Place(region_id, name, level, parent_id, short_name(name) or name)
            self.by_id[region_id] = place
            for written in {name, *(aliases or [])}:
                self.by_name.setdefault(written, []).append(place)
        self.count = len(rows)

    def chain(self, region_id: int | None) -> list[Place]:
        """The region and its ancestors, nearest first."""
        out: list[Place] = []
        while region_id is not None and region_id in self.by_id and len(out) < 8:
            out.append(self.by_id[region_id])
            region_id = self.by_id[region_id].parent_id
        return out

    def rank(self, place: Place, region_id: int | None) -> int | None:
        """How near `place` is to the plan's region: 0 itself, 1.. its ancestors, 10.. its
        descendants; None when neither (or no plan region: every place is as near)."""
        if region_id is None:
            return 0
        ups = [p.id for p in self.chain(region_id)]
        if place.id in ups:
            return ups.index(place.id)
        downs = [p.id for p in self.chain(place.id)]
        return 10 + downs.index(region_id) if region_id in downs else None

    def named(self, text: str, region_id: int | None) -> Place | None:
        """The one region `text` names, the nearest to the plan's region when several do."""
        found = self.by_name.get(text, [])
        ranked = sorted((r, p.id, p) for p in found if (r := self.rank(p, region_id)) is not None)
        if ranked and (len(ranked) == 1 or ranked[0][0] < ranked[1][0]):
            return ranked[0][2]
        return found[0] if len(found) == 1 else None  # 杭州海关 in a 绍兴 plan: unique, not above it

    def for_word(self, word: str, region_id: int | None) -> Place | None:
        """The region a level word means from the plan's region: 市 in a 巢湖市 plan is 巢湖市."""
        levels = _WORD_LEVELS[word]
        return next((p for p in self.chain(region_id) if p.name.endswith(word) and p.level in levels), None)


def places(session: Session) -> Places:
    """The session's region list, read again when regions were added since."""
    cached: Places | None = session.info.get(_CACHE)
    count = session.scalar(select(func.count()).select_from(Region)) or 0
    if cached is None or cached.count != count:
        rows = session.execute(select(Region.id, Region.name, Region.level, Region.parent_id, Region.aliases)).all()
        cached = Places([tuple(r) for r in rows])  # type: ignore[misc]
        session.info[_CACHE] = cached
    return cached


def _strip(name: str) -> str:
    name = name.strip()
    return name[2:] if name.startswith("中共") and len(name) > 4 else name


def _region_of_prefix(pl: Places, prefix: str, region_id: int | None) -> Place | None:
    if prefix == "":
        return pl.by_id.get(region_id) if region_id is not None else None
    if prefix in _WORD_LEVELS:
        return pl.for_word(prefix, region_id)
    return pl.named(prefix, region_id)


def read_name(session: Session, *, name: str, region_id: int | None) -> tuple[Place, Form] | None:
    """The (region, directory form) a written unit name means in a plan of `region_id`."""
    pl = places(session)
    written = _strip(name)
    for text, word, form in template_matches(written):
        place = pl.named(text, region_id) if text else pl.for_word(word, region_id) if word else None
        if place is not None and form.entry.body(place.directory_level):
            return place, form
    for prefix, forms in splits(written):
        place = _region_of_prefix(pl, prefix, region_id)
        usable = [f for f in forms if place is not None and f.entry.body(place.directory_level)]
        if place is not None and usable:
            return place, usable[0]
    for open_mark in ("（", "("):  # 省数据资源局（省政务服务管理局）: the first name
        if open_mark in written and written.index(open_mark) >= 2:
            return read_name(session, name=written[:written.index(open_mark)], region_id=region_id)
    if region_id is not None and written in pl.by_name:  # 合肥市: its government
        place = pl.named(written, region_id)
        gov = directory().entry("人民政府")
        if place is not None and gov is not None and place.level != "zone":
            return place, Form(gov, "canonical")
    return None


def _local(session: Session, *, name: str, region_id: int | None) -> Department | None:
    """A planner-added unit (or a renamed department) by its exact name or alias, in the
    region its level word designates, else the nearest region related to the plan's."""
    pl = places(session)
    word = next((w for w in LEVEL_WORDS if name.startswith(w) and len(name) > len(w) + 1), None)
    target = pl.for_word(word, region_id) if word else None
    best: tuple[int, int, Department] | None = None
    for dept in session.scalars(select(Department).where(or_(Department.name == name, Department.standard.is_(None)))):
        if not (name == dept.name or (dept.standard is None and name in (dept.aliases or []))):
            continue
        if word and target is not None and dept.region_id != target.id and dept.standard is None:
            continue
        place = pl.by_id.get(dept.region_id) if dept.region_id is not None else None
        rank = 50 if place is None else pl.rank(place, region_id)
        if rank is not None and (best is None or (rank, dept.id) < best[:2]):
            best = (rank, dept.id, dept)
    return best[2] if best else None


def _instance(session: Session, place: Place, form: Form, written: str) -> Department:
    """The region's department of the form's body, registered on first mention."""
    key = form.entry.key
    found = session.scalars(select(Department).where(Department.region_id == place.id,
                                                     Department.standard == key)).first()
    if found is not None:
        return found
    full = instance_name(form, place.directory_level, name=place.name, short=place.short, word=place.word)
    assert full is not None  # read_name only returns forms the level has
    body = full[len(place.name):] if full.startswith(place.name) and len(full) > len(place.name) else full
    same = session.scalars(select(Department).where(Department.region_id == place.id, Department.body == body)).first()
    if same is not None and same.standard is None:  # a unit a planner added under this very name
        before = audit.row_dict(same)
        same.standard = key
        audit.record(session, entity="departments", entity_id=same.id, action="standard", before=before,
                     after=audit.row_dict(same))
    if same is not None:
        return same
    aliases = {written, *directory_forms(form.entry, place.word, place.directory_level)} - {full}
    dept = Department(region_id=place.id, name=full, body=body, aliases=sorted(aliases), standard=key)
    session.add(dept)
    session.flush()
    audit.record(session, entity="departments", entity_id=dept.id, action="create", after=audit.row_dict(dept))
    return dept


def resolve_department(
    session: Session, *, name: str, region_id: int | None, register_known: bool = True
) -> Department | None:
    """The department `name` means in a plan of `region_id`, registering a standard body on
    first mention; None for a local unit nobody added yet and for generic names (the caller
    keeps the name as written and reports it)."""
    name = name.strip()
    if not name or is_generic(name):
        return None
    found = _local(session, name=name, region_id=region_id)
    if found is None:
        hit = read_name(session, name=name, region_id=region_id)
        if hit is None:
            return None
        place, form = hit
        if not register_known:
            return session.scalars(select(Department).where(Department.region_id == place.id,
                                                            Department.standard == form.entry.key)).first()
        found = _instance(session, place, form, name)
    if name != found.name and name not in (found.aliases or []):
        found.aliases = sorted({*(found.aliases or []), name})
    return found


def find_department(session: Session, *, name: str, region_id: int | None) -> Department | None:
    """The registered department `name` means in the region, registering nothing."""
    return resolve_department(session, name=name, region_id=region_id, register_known=False)


def unresolved_kind(name: str) -> str:
    """Why a unit name resolved to no department: 'generic' (各有关部门: a class of units,
    never a department) or 'local' (a 专班, a 园区管委会, an enterprise: add it)."""
    return "generic" if is_generic(name) else "local"
