"""The directory of standard government bodies: how plans write them and what they are called.

``planwatch/data/departments.csv`` lists the bodies every province, city and county has after
the 2018 institutional reform (发展和改革委员会, 经济和信息化厅/局, 应急管理厅/局, 市场监督管理局…),
the party departments (组织部, 宣传部…), the central vertical bodies named after a place
(合肥海关, 国家税务总局安徽省税务局, 人民银行合肥中心支行) and the people's organisations (科协,
工商联, 贸促会). Each row gives the canonical body at province / city / county level, the
abbreviations people write (发改委), the other official names some regions use (工业和信息化厅,
大数据局 — kept as the region's own name when a plan writes them) and the pre-reform names that
now mean the successor (质监局 → 市场监督管理局). See ``data/README.md`` for the columns.

A canonical body is the department's name after the region's name (安徽省 + 发展和改革委员会);
one with a placeholder is a whole name: ``{name}`` the region's full name (安徽省), ``{short}``
its short one (安徽), ``{lv}`` the level word of its name (省). This module only reads the
file and matches written names against it; which region a name means is the caller's
(`planwatch.services.departments`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LEVELS = ("province", "city", "county")
# How a written name may start, saying which region it means: longest first (自治区 before 区).
LEVEL_WORDS: tuple[str, ...] = ("自治区", "省", "市", "州", "盟", "县", "区", "旗")
# Role of a written form, strongest first: a name listed as old and as another region's
# official name (经济和信息化委员会) is read as old, so it maps to the successor.
ROLES = ("canonical", "alias", "predecessor", "variant")
_PLACEHOLDER = re.compile(r"\{(name|short|lv)\}")
# Units that stand for "whoever is concerned", not one department (各有关乡镇, 省有关部门).
GENERIC = re.compile(
    r"^各|有关|相关|其他|其它|^全[省市县区]|各(?:部门|单位|直属|级|成员)"
    r"|^(?:[省市县区](?:直|级)?)?(?:部门|单位|成员单位|机构|街道|乡镇|镇|乡)$"
)


@dataclass(frozen=True)
class Entry:
    """One standard body: its key (`departments.standard`), kind and canonical body per level."""

    key: str
    kind: str
    levels: dict[str, str] = field(hash=False)

    def body(self, level: str) -> str:
        """The canonical body at `level` ('' when the body does not exist there)."""
        return self.levels.get(level, "")


@dataclass(frozen=True)
class Form:
    """How a plan may write an entry: its role, and for a variant the full official name."""

    entry: Entry
    role: str
    full: str | None = None  # a variant's official name (for 工信厅: 工业和信息化厅)


@dataclass(frozen=True)
class Template:
    """A written form that embeds a region: 人行{short}中心支行, {short}海关, 团{lv}委."""

    pattern: re.Pattern[str]
    form: Form


@dataclass(frozen=True)
class Directory:
    entries: tuple[Entry, ...]
    bodies: dict[str, list[Form]]  # written body (no region in it) → forms, in file order
    templates: tuple[Template, ...]

    def entry(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)


def _variants(cell: str) -> Iterator[tuple[str, str]]:
    """(written, official name) of a variants cell: 工业和信息化厅:工信厅 → both mean 工业和信息化厅."""
    for item in cell.split():
        full, *short = item.split(":")
        for written in (full, *short):
            yield written, full


def _template(written: str) -> re.Pattern[str]:
    parts = []
    for piece in _PLACEHOLDER.split(written):
        if piece in ("name", "short"):
            parts.append(r"(?P<r>[\u4e00-\u9fff]{2,12}?)")
        elif piece == "lv":
            parts.append("(?P<lv>" + "|".join(LEVEL_WORDS) + ")")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts))


def parse_directory(text: str) -> Directory:
    """The directory from the CSV text (columns: see ``data/README.md``)."""
    entries: list[Entry] = []
    best: dict[tuple[str, str], Form] = {}  # (written, key) → its strongest form
    for row in csv.DictReader(text.splitlines()):
        entry = Entry(row["key"], row["kind"], {lv: row[lv] for lv in LEVELS if row[lv]})
        entries.append(entry)
        written: list[tuple[str, Form]] = [(b, Form(entry, "canonical")) for b in entry.levels.values()]
        written += [(a, Form(entry, "alias")) for a in row["aliases"].split()]
        written += [(p, Form(entry, "predecessor")) for p in row["predecessors"].split()]
        written += [(w, Form(entry, "variant", full)) for w, full in _variants(row["variants"])]
        for name, form in written:
            old = best.get((name, entry.key))
            if old is None or ROLES.index(form.role) < ROLES.index(old.role):
                best[(name, entry.key)] = form
    bodies: dict[str, list[Form]] = {}
    templates: list[Template] = []
    for (name, _key), form in best.items():  # dicts keep file order
        if _PLACEHOLDER.search(name):
            templates.append(Template(_template(name), form))
        else:
            bodies.setdefault(name, []).append(form)
    return Directory(tuple(entries), bodies, tuple(templates))


@cache
def directory() -> Directory:
    """The bundled directory, read once."""
    text = (resources.files("planwatch") / "data" / "departments.csv").read_text(encoding="utf-8")
    return parse_directory(text)


def splits(name: str) -> Iterator[tuple[str, list[Form]]]:
    """(prefix, forms) for each way `name` ends in a known body, the longest body first.

    The prefix is what names the region: '' (the plan's own), a level word or a region name.

    >>> [(p, [f.entry.key for f in fs]) for p, fs in splits("省发改委")]
    [('省', ['发展改革'])]
    >>> [(p, f[0].role) for p, f in splits("安徽省经济和信息化委")]
    [('安徽省', 'predecessor')]
    >>> [p for p, _ in splits("市场监管局")]
    ['']
    >>> [(p, f[0].entry.key) for p, f in splits("省委宣传部")]
    [('省', '宣传部'), ('省委', '宣传部')]
    """
    bodies = directory().bodies
    for cut in range(len(name)):
        forms = bodies.get(name[cut:])
        if forms:
            yield name[:cut], forms


def template_matches(name: str) -> Iterator[tuple[str | None, str | None, Form]]:
    """(region as written, level word, form) for each placeholder form `name` matches.

    >>> [(r, f.entry.key) for r, _lv, f in template_matches("人行合肥中心支行")]
    [('合肥', '人民银行'), ('合肥中心', '人民银行')]
    >>> [(r, f.entry.key, f.role) for r, _lv, f in template_matches("安徽银监局")]
    [('安徽', '金融监管总局', 'predecessor')]
    >>> [(lv, f.entry.key) for _r, lv, f in template_matches("团省委")]
    [('省', '共青团')]
    """
    seen: set[tuple[str | None, str | None, Form]] = set()
    for template in directory().templates:
        m = template.pattern.fullmatch(name)
        found = (m.groupdict().get("r"), m.groupdict().get("lv"), template.form) if m else None
        if found and found not in seen:
            seen.add(found)
            yield found


def instance_name(form: Form, level: str, *, name: str, short: str, word: str) -> str | None:
    """The name of the form's body in a region: its full name, short name and level word.

    >>> d = directory()
    >>> fgw = d.bodies["发改委"][0]
    >>> instance_name(fgw, "province", name="安徽省", short="安徽", word="省")
    '安徽省发展和改革委员会'
    >>> instance_name(d.bodies["工信厅"][0], "province", name="山东省", short="山东", word="省")
    '山东省工业和信息化厅'
    >>> customs = next(t.form for t in d.templates if t.form.entry.key == "海关")
    >>> instance_name(customs, "city", name="合肥市", short="合肥", word="市")
    '合肥海关'
    >>> instance_name(customs, "province", name="安徽省", short="安徽", word="省") is None
    True
    """
    if not form.entry.body(level):
        return None  # no such body at this level (海关 of a province)
    body = form.full if form.role == "variant" and form.full else form.entry.body(level)
    if not _PLACEHOLDER.search(body):
        return name + body
    return body.format(name=name, short=short, lv=word)


def written_forms(entry: Entry, word: str, level: str) -> list[str]:
    """The short forms a region's instance goes by, for listings and look-ups (省发改委 …):
    its level word before the level's canonical body and before each abbreviation that
    reads as that level (no 厅 below a province).

    >>> written_forms(directory().entry("组织部"), "省", "province")
    ['省委组织部', '省组织部']
    >>> written_forms(directory().entry("科技"), "市", "city")
    ['市科学技术局', '市科技局', '市科学技术']
    """
    if not word:
        return []
    own = entry.body(level)
    out = [word + own] if own and not _PLACEHOLDER.search(own) else []
    for written, forms in directory().bodies.items():
        alias = any(f.entry is entry and f.role == "alias" for f in forms)
        if alias and written != own and (level == "province" or not written.endswith("厅")):
            out.append(word + written)
    return out


def is_generic(name: str) -> bool:
    """Whether a unit name stands for a class of units rather than one department.

    >>> [is_generic(n) for n in ("各有关乡镇", "街道", "省有关部门", "省政府各部门", "市发改委", "黄麓镇")]
    [True, True, True, True, False, False]
    """
    return bool(GENERIC.search(name.strip()))
