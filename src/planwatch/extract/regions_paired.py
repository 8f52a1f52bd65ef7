"""Region focus in lists that pair places with industries without an assigning verb.

Plans of large cities lay out an industry by naming where each part of it sits:

* 围绕闵行商业航天产业基地、浦东卫星互联网科研基地…形成布局 / 结合嘉定空间科学、宝山卫星大数据等优势 —
  after 围绕/结合/依托, each 、-item is a place followed by its sector (and maybe a site word);
* 共建浦东新区、闵行区、嘉定区三个商业航天产业集聚区 — a list of places, a count, then the sector
  and site they share.

The places are the short or full names of districts and counties (闵行, 浦东新区, 嘉定区) from the
national list of divisions shipped with planwatch, besides the province and city names
`regions` knows. A list counts only when every item starts with a place: 围绕产业链…、创新链…
pairs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from planwatch.extract.regions_of_text import divisions
from planwatch.extract.text import lines_with
from planwatch.lexicon.places import CITIES, PROVINCES
from planwatch.lexicon.wordlist import WordFinder

Found = Iterator[tuple[int, int, str, list[str]]]

# Short names that are common words before they are places (东方红, 和平发展, 长安汽车…).
_COMMON = frozenset(
    ("东方", "和平", "新华", "长安", "城关", "城中", "城东", "城西", "城南", "城北", "市中", "郊区", "矿区", "新城",
     "开发", "中心", "河东", "河西", "东区", "西区", "南区", "北区", "白云", "青山", "前进", "向阳", "红旗", "建设",
     "友谊", "新兴", "永和", "平安", "太平", "安定", "长城")
)
_DISTRICT_SUFFIXES = ("新区", "区", "县")


@cache
def _places() -> WordFinder:
    """Districts, counties, cities and provinces, short or full: the places an item opens with."""
    shorts = {*CITIES, *PROVINCES}
    shorts.update(s for d in divisions() if d.level == "county" and (s := _short(d.name)))
    return WordFinder(shorts)


def _place_at(text: str, pos: int) -> int | None:
    """Where a place standing at `pos` ends, its zone word included (西安经开区…), else None:
    what ``(?:names)(?:zone)?`` matches there (the longest name, then the first zone word)."""
    name = _places().match(text, pos)
    if name is None:
        return None
    zone = _ZONE_AT.match(text, name.end())
    return zone.end() if zone else name.end()


def district_at(text: str, pos: int = 0) -> int:
    """Length of the place name (a district or county, short or full) at `pos`, else 0.

    >>> district_at("铁西装备制造业")
    2
    """
    end = _place_at(text, pos)
    return end - pos if end is not None else 0


def _place_end(item: str) -> int:
    """Where the place opening an item ends, the city's district right after it included
    (西安阎良, 沈阳铁西); 0 if no place opens it."""
    end = district_at(item)
    return end + district_at(item, end) if end else 0


def _short(name: str) -> str | None:
    for suffix in _DISTRICT_SUFFIXES:
        short = name.removesuffix(suffix)
        if short != name and len(short) >= 2 and short not in _COMMON:
            return short
    return None


_ZONE = "经济技术开发区|高新技术产业开发区|经济开发区|经开区|高新区|开发区|新区|新片区|区|县|市"
_ZONE_AT = re.compile(f"(?:{_ZONE})")
# 围绕/结合/依托/立足/共建 A、B…; and 包括 after a count of sites (建设好9大产业基地，包括A、B…)
# The site words spelt out in four alternatives (not one (?:基地|园区|…) group): a flat
# alternation of literals lets `re` skip in C to a possible first character, four times faster.
_LEAD = re.compile(r"(?:围绕|结合|依托|立足|共建|基地[,:]?包括:?|园区[,:]?包括:?|集群[,:]?包括:?|中心[,:]?包括:?)")
_LIST = re.compile(r"(?P<list>[^,;。:()《》]{4,160}?)(?=等|形成|打造|建设|构建|为|,|;|。|$)", re.M)
_SITE_WORDS = ("科研基地", "产业基地", "产业园区", "产业园", "集聚区", "示范区", "基地", "园区", "中心", "优势", "资源")
_NOT_A_SECTOR = re.compile(r"[“”\"《》\d]|(?:部署|规划|要求|精神|战略|实际|目标|定位|布局|方案)$")
_COUNT = re.compile(r"(?:[一二三四五六七八九十两]|\d{1,2})[个大]")


def find_paired(text: str, *, split: Callable[[str], list[str]]) -> Found:
    """(start, end, region, sectors) of each place paired with its industry in a list."""
    for start, end in lines_with(text, _LEAD):
        for lead in _LEAD.finditer(text, start, end):
            m = _LIST.match(text, lead.end(), end)
            if m:
                yield from _items(m, split=split)


def _items(m: re.Match[str], *, split: Callable[[str], list[str]]) -> Found:
    body, at = m.group("list"), m.start("list")
    count = _COUNT.search(body)
    places_part, shared = (body[: count.start()], body[count.end() :]) if count else (body, "")
    pairs: list[tuple[str, str]] = []
    for item in _split_items(places_part):
        end = _place_end(item)
        if not end:
            return
        pairs.append((item[:end], item[end:]))
    if shared:  # 共建A、B、C三个…集聚区: the places share one sector
        if any(rest for _p, rest in pairs):
            return
        pairs = [(p, shared) for p, _rest in pairs]
    if any(_NOT_A_SECTOR.search(rest) for _p, rest in pairs):
        return  # 结合合肥“制造强市”部署 / 依托合肥“1331”空间规划: a policy, not an industry
    for place, rest in pairs:
        sectors = split(_drop_site(rest))  # 安康有色金属及新型建材: two; 南沙汽车及零部件: one
        if sectors:  # every place was read by the place pattern
            yield at, m.end(), place, sectors


def _split_items(part: str) -> list[str]:
    """Items of a list: split on 、, and on 和/及/与 only before a place (闵行区和嘉定区), so
    汽车及零部件 stays one sector."""
    items: list[str] = []
    for item in part.split("、"):
        cut = next((m.start() for m in _JOIN.finditer(item) if _place_at(item, m.end()) is not None), None)
        items.extend([item[:cut], item[cut + 1 :]] if cut is not None and cut > 0 else [item])
    return items


_JOIN = re.compile("[和及与]")


def _drop_site(rest: str) -> str:
    for word in _SITE_WORDS:
        if rest.endswith(word) and len(rest) > len(word) + 1:
            return rest[: -len(word)]
    return rest
