"""Industry names as plans write them → 《战略性新兴产业分类（2018）》 levels 1 and 2.

Plans name the same industry differently (新能源汽车, 智能网联新能源汽车, 新能源与智能网联汽车),
and umbrella terms overlap rather than coincide (电子信息 vs 新一代信息技术产业). So names
are mapped onto the national classification (`data/sei2018.csv`) through a keyword table
(`data/industry_aliases.csv`), longest keyword first, and compared there:

* `same` — the name is the category (高端装备制造 → 2 高端装备制造产业);
* `narrower` — a part of it (铁基新材料 → 3.1 先进钢铁材料);
* `umbrella` — overlaps several categories only partly (电子信息 → 1.1 1.2 1.3);
* `outside` — a traditional industry the classification does not cover (精细化工).

A name no keyword matches stays as written at every level.

>>> ref = map_industry("智能网联新能源汽车")
>>> ref.level1, ref.level1_name, ref.relation
('5', '新能源汽车产业', 'narrower')
>>> key_at(map_industry("大数据存储"), "2"), key_at(map_industry("大数据存储"), "written")
('1.4', '大数据存储')
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal, cast

Level = Literal["written", "2", "1"]
Relation = Literal["same", "narrower", "umbrella", "outside", "unknown"]
LEVELS: tuple[Level, ...] = ("written", "2", "1")
_SUFFIX = re.compile(r"(?:产业集群|产业链|产业|制造业|制造|行业|业)$")


@dataclass(frozen=True)
class Category:
    code: str
    level: int
    name: str
    parent: str | None
    checked: str


@dataclass(frozen=True)
class IndustryRef:
    """One written industry name and where it sits in the classification."""

    written: str
    codes: tuple[str, ...] = ()  # level-2 codes (or one level-1 code) the name maps to
    relation: Relation = "unknown"
    keyword: str | None = None

    @property
    def level1(self) -> str | None:
        tops = {c.split(".")[0] for c in self.codes}
        return tops.pop() if len(tops) == 1 else None

    @property
    def level1_name(self) -> str | None:
        return classification()[self.level1].name if self.level1 else None

    @property
    def level2(self) -> str | None:
        return self.codes[0] if len(self.codes) == 1 and "." in self.codes[0] else None

    @property
    def level2_name(self) -> str | None:
        return classification()[self.level2].name if self.level2 else None


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("planwatch") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


@functools.cache
def classification() -> dict[str, Category]:
    """The categories of levels 1 and 2, by code."""
    return {r["code"]: Category(r["code"], int(r["level"]), r["name"], r["parent"] or None, r["checked"])
            for r in _rows("sei2018.csv")}


@functools.cache
def _aliases() -> tuple[tuple[str, tuple[str, ...], Relation], ...]:
    rows = [(r["keyword"], tuple(r["codes"].split()), cast(Relation, r["relation"]))
            for r in _rows("industry_aliases.csv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def normalise(name: str) -> str:
    """The name without 产业/制造业/业 endings and white space (高端装备制造业 → 高端装备).

    >>> normalise("高端装备制造业"), normalise(" 新材料产业 ")
    ('高端装备', '新材料')
    """
    text = re.sub(r"\s+", "", name or "")
    for _ in range(2):
        text = _SUFFIX.sub("", text) or text
    return text


@functools.lru_cache(maxsize=4096)
def map_industry(name: str) -> IndustryRef:
    """Where a written name sits (module doc)."""
    text = normalise(name)
    for cat in classification().values():  # a category's own name
        if normalise(cat.name) == text:
            return IndustryRef(name, (cat.code,), "same", cat.name)
    raw = re.sub(r"\s+", "", name or "")
    found = [a for a in _aliases() if a[0] in text or a[0] in raw]  # 智能制造 loses 制造 in `text`
    if not found:
        return IndustryRef(name, (), "unknown")
    # The most specific keyword wins: a level-2 category (铁基 → 3.1) over a level-1 one
    # (新材料 → 3), then the longest.
    keyword, codes, relation = max(found, key=lambda a: (any("." in c for c in a[1]), len(a[0])))
    if not codes:
        return IndustryRef(name, (), "outside", keyword)
    rel: Relation = relation if relation != "same" or keyword in (text, raw) else "narrower"
    return IndustryRef(name, codes, rel, keyword)


def key_at(ref: IndustryRef, level: Level) -> str:
    """The cell key at a granularity: the written name, the level-2 code or the level-1 code;
    a name the classification cannot place keeps its (normalised) written form."""
    if level == "written" or not ref.codes:
        return normalise(ref.written)
    if level == "1":
        return ref.level1 or " ".join(sorted({c.split(".")[0] for c in ref.codes}))
    return ref.level2 or (ref.codes[0] if len(ref.codes) == 1 else " ".join(ref.codes))


def label_of(key: str) -> str:
    """A readable name for a cell key (a code's category name, else the key itself)."""
    cats = classification()
    if key in cats:
        return cats[key].name
    parts = key.split()
    if parts and all(p in cats for p in parts):
        return "、".join(cats[p].name for p in parts)
    return key


def is_industry(name: str) -> bool:
    """Whether a target's sector reads as an industry (质量品牌 and 绿色制造 are not)."""
    text = normalise(name)
    if text in UMBRELLAS or any(ch in text for ch in "对将由把"):
        return False
    return map_industry(name).relation != "unknown" or (name.endswith("产业") and len(text) >= 3)


# Names of the whole set, not of one industry: a target of 战略性新兴产业 names no industry.
UMBRELLAS = frozenset({"战略性新兴", "新兴", "高新技术", "先进制造", "制造", "工业", "现代产业", "主导", "优势"})


TakeUp = Literal["taken_up", "partly", "not_mentioned"]
TAKE_UP_ZH = {"taken_up": "承接", "partly": "部分承接", "not_mentioned": "未提及"}


@dataclass(frozen=True)
class Uptake:
    """One parent industry and how the child takes it up."""

    parent: IndustryRef
    status: TakeUp
    child: tuple[IndustryRef, ...]
    rule: str


def _codes_overlap(a: IndustryRef, b: IndustryRef) -> bool:
    return bool(set(a.codes) & set(b.codes))


def take_up(parent: Sequence[str], child: Sequence[str]) -> tuple[list[Uptake], list[IndustryRef]]:
    """Each parent industry: taken up (same written name or same level-2 category, or a
    category the child names itself), partly (the child is narrower, broader or an
    overlapping umbrella: same level 1 only) or not mentioned; and the child's additions."""
    kids = [map_industry(c) for c in dict.fromkeys(child)]
    used: set[str] = set()
    out = []
    for name in dict.fromkeys(parent):
        p = map_industry(name)
        same = [k for k in kids if normalise(k.written) == normalise(p.written)
                or (p.codes and k.codes and set(k.codes) == set(p.codes))]
        if same:
            out.append(Uptake(p, "taken_up", tuple(same), "名称或分类（二级）相同"))
            used.update(k.written for k in same)
            continue
        near = [k for k in kids if p.codes and k.codes and (_codes_overlap(p, k) or (p.level1 and p.level1 == k.level1))]
        if near:
            out.append(Uptake(p, "partly", tuple(near), f"同属{p.level1_name or label_of(key_at(p, '1'))}，"
                              "范围不同（更窄、更宽或部分重叠）"))
            used.update(k.written for k in near)
            continue
        out.append(Uptake(p, "not_mentioned", (), "本级未列入同类产业"))
    extras = [k for k in kids if k.written not in used]
    return out, extras
