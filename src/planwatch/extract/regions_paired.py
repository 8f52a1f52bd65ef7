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
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from planwatch.extract.regions_of_text import divisions
from planwatch.extract.regions_words import PLACE_SEP
from planwatch.extract.sectors import trim_sector
from planwatch.extract.text import lines_with
from planwatch.lexicon.places import CITIES, PROVINCES
from planwatch.lexicon.wordlist import WordFinder

Found = Iterator[tuple[int, int, str, list[str]]]
Lines = Iterable[tuple[int, int]]  # [start, end) of the lines a rule reads

# Short names that are common words before they are places (东方红, 和平发展, 长安汽车…).
_COMMON = frozenset(
    ("东方", "和平", "新华", "长安", "城关", "城中", "城东", "城西", "城南", "城北", "市中", "郊区", "矿区", "新城",
     "开发", "中心", "河东", "河西", "东区", "西区", "南区", "北区", "白云", "青山", "前进", "向阳", "红旗", "建设",
     "友谊", "新兴", "永和", "平安", "太平", "安定", "长城")
)
_DISTRICT_SUFFIXES = ("新区", "区", "县", "市")  # 市: county-level cities (即墨市, 莱西市)


@cache
def _places() -> WordFinder:
    """Districts, counties, cities and provinces, short or full: the places an item opens with."""
    return WordFinder(_place_names())


@cache
def _place_names() -> frozenset[str]:
    shorts = {*CITIES, *PROVINCES}
    shorts.update(s for d in divisions() if d.level == "county" and (s := _short(d.name)))
    # 萧县, 沛县, 睢县: a one-character short name is no name, the full one is
    shorts.update(d.name for d in divisions() if d.level == "county" and len(d.name) == 2 and d.name.endswith("县"))
    return frozenset(shorts)


@cache
def _place_firsts() -> frozenset[str]:
    """The characters a place can start with: a cheap test before the word look-up."""
    return frozenset(name[0] for name in _place_names())


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
# and a list after 首位产业:/主导产业: with no region before it (每个县区发展1-2个首位产业:濉溪县铝基新材料、…)
_LEAD = re.compile(
    r"(?:围绕|结合|依托|立足|共建|基地[,:]?包括:?|园区[,:]?包括:?|集群[,:]?包括:?|中心[,:]?包括:?"
    r"|首位产业:|主导产业:|特色产业:|产业定位:)"
)
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


# 产业定位 lists, one place a line: 涡阳县:装备制造、食品加工. A line counts under a heading that
# names industries by place (各县区产业定位:, 主导产业) within the three lines above, or beside
# another such line; a line with a number or a verb (安庆市:推进…, 责任单位:…) is no such item.
_COLON_LINE = re.compile(
    r"^[ \t\u3000]*(?:\d{1,2}[.、)]|\(\d{1,2}\)|[一二三四五六七八九十]{1,2}、|[-—·•]+)?[ \t\u3000]*"
    r"(?P<name>[^\s:,;。、()“”]{2,14}):[ \t\u3000]*(?P<list>[^\n:;。]{2,80}?)[;。]?[ \t]*$",
    re.M,
)
_COLON_CUE = re.compile(r"产业定位|主导产业|首位产业|重点产业|特色产业|产业布局|发展方向|产业分工")
_NOT_A_LIST = re.compile(
    r"\d|[“”《》]|发展|建设|推进|加快|实施|打造|负责|牵头|配合|完成|开展|支持|推动|培育|提升|实现|形成|达到"
)
_NAME_ENDS = "县区市旗州盟"  # how the region naming a line ends (涡阳县:, 鸠江经开区:)
_NAME_REACH = 24  # where a line's colon stands at most (item number, blanks, a 14-character name)
_CUE_REACH = 3  # lines above a list line where its heading may stand
_MAX_ITEM = 12


def find_colon_lines(text: str, *, split: Callable[[str], list[str]], is_region: Callable[[str], bool]) -> Found:
    """(start, end, region, sectors) of each 产业定位 line (region:sector、sector)."""
    lines = [m for m in _colon_line_matches(text) if _is_item(m, is_region)]
    if not lines or _COLON_CUE.search(text) is None:  # the cue's scan only when a line may count
        return
    for i, m in enumerate(lines):
        beside = (i > 0 and _next_line(text, lines[i - 1].end()) == m.start()) or (
            i + 1 < len(lines) and _next_line(text, m.end()) == lines[i + 1].start())
        if beside or _cued(text, m.start()):
            sectors = split(m.group("list"))
            if sectors and all(len(s) <= _MAX_ITEM for s in sectors):
                yield m.start("name"), m.end("list"), m.group("name"), sectors


def _colon_line_matches(text: str) -> Iterator[re.Match[str]]:
    """`_COLON_LINE` matches, tried only on lines with a colon near their start (fast: few are)."""
    pos = text.find(":")
    while pos >= 0:
        line = text.rfind("\n", 0, pos) + 1
        near = 2 <= pos - line <= _NAME_REACH and text[pos - 1] in _NAME_ENDS
        m = _COLON_LINE.match(text, line) if near else None
        if m is not None:
            yield m
        nxt = text.find("\n", pos)
        pos = -1 if nxt < 0 else text.find(":", nxt)


def _is_item(m: re.Match[str], is_region: Callable[[str], bool]) -> bool:
    return _NOT_A_LIST.search(m.group("list")) is None and is_region(m.group("name"))


def _next_line(text: str, end: int) -> int:
    return end + 1 if text.startswith("\n", end) else -1


def _cued(text: str, start: int) -> bool:
    lo = start
    for _ in range(_CUE_REACH):
        lo = text.rfind("\n", 0, max(lo - 1, 0)) + 1 if lo > 0 else 0
    return _COLON_CUE.search(text, lo, start) is not None


# Sites named by district and industry (即墨汽车产业集聚区, 龙泉驿汽车产业功能区, 金山化工园区): the
# district's short name, the industry, a site word; the item starts after a boundary or a lead
# (如/以/和). Two-character industries only from a short list (安庆智慧产业园 names a park).
# 化工园区 / 制造园区: the site word holds the end of the industry (金山化工园区, 金山机械制造园区).
# Each core, the heads it may take and whether it needs one; 产业园 before 区 is left to 园区.
_SITE_CORES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("集聚区", ("产业",), False), ("功能区", ("产业",), True), ("园区", ("产业", "化工", "制造"), True),
    ("产业园", (), False), ("产业基地", (), False),
)
_ITEM_START = ",;。:、\n“(如以和及与"
_SITE_HEAD = {"化工园区": "化工", "制造园区": "制造"}
_SITE_REACH = 16
_ITEM_BACK = re.compile(r"[^,;。:、\n“(如以和及与]{2,16}")
_NOT_AN_INDUSTRY = re.compile(
    r"[\d“”《》]|^等|个$|发展|建设|形成|打造|推进|加快|特色|重点|国家|省级|市级|现代|综合|高新|生态|科技|创新|新区|开发区|经开区|工业"
)
_SHORT_INDUSTRIES = frozenset(
    ("化工", "汽车", "钢铁", "光伏", "纺织", "医药", "食品", "物流", "航空", "建材", "家居", "家电", "服装", "电子", "能源", "机械")
)


def find_district_sites(text: str, *, split: Callable[[str], list[str]]) -> Found:
    """(start, end, region, sectors) of each site a district and an industry name."""
    for at, site_end, word in _site_words(text):
        line = text.rfind("\n", 0, at) + 1
        window = text[max(line, at - _SITE_REACH) : at][::-1]  # read back from the site word
        back = _ITEM_BACK.match(window)
        if back is None or back.group()[-1] not in _place_firsts():
            continue
        lo, item = at - back.end(), back.group()[::-1]
        place = _place_end(item)
        industry = item[place:] + _SITE_HEAD.get(word, "")
        if not place or _NOT_AN_INDUSTRY.search(industry) or not _names_industry(industry):
            continue
        sectors = split(industry)
        if sectors:
            yield lo, site_end, item[:place], sectors


def _site_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each site word (产业集聚区, 化工园区, 产业园…), in text order: found
    by five `str.find` passes over their cores, then their heads read, several times faster
    here than a regex over the whole text."""
    found: list[tuple[int, int, str]] = []
    for core, heads, needed in _SITE_CORES:
        i = text.find(core)
        while i >= 0:
            head = text[i - 2 : i] if text[i - 2 : i] in heads else ""
            if (head or not needed) and not (core == "产业园" and text.startswith("区", i + len(core))):
                found.append((i - len(head), i + len(core), head + core))
            i = text.find(core, i + len(core))
    return sorted(found)


def _names_industry(word: str) -> bool:
    return word in _SHORT_INDUSTRIES or 3 <= len(word) <= 10


# Places listed after 形成 with a count and the clusters they hold: 形成安庆、宣城、滁州、马鞍山等多个
# 汽车零部件特色产业集群 (the cities are read by `site` first), and with districts and counties too —
# 纺织服装制鞋产业形成夏邑县、虞城县、睢阳区、睢县4个超200亿元产业集群, where the count is followed by a
# size only and the industry is the subject before 形成.
_FORMED = re.compile(
    r"形成了?(?P<places>[^,;。:()、“”]{2,12}(?:、[^,;。:()、“”]{2,12})+)"
    r"(?:等?(?:\d{1,2}|[一二三四五六七八九十两]{1,3})个|等多个|等)"
    r"(?P<rest>[^,;。、“”]{0,24}?)(?:产业集群|集群|产业基地|基地|产业集聚区|集聚区)(?=[,;。]|$)"
)
_SIZE = re.compile(r"^(?:超过?|近|约)?(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万]+)(?:亿元?|万亿元?)?级?(?:以上)?的?")
_SUBJECT = re.compile(r"^(?:其中|目前|全市|全省|我市|我省)?(?P<sector>[\u4e00-\u9fff]{2,10}?)(?:产业)?$")
_CLAUSE_BACK = ",;。:\n"
_SUBJECT_REACH = 16


def find_formed(text: str, *, split: Callable[[str], list[str]], lines: Lines) -> Found:
    """(start, end, region, sectors) of each place listed after 形成 with a count and a cluster,
    on `lines`, the lines holding 形成."""
    firsts = _place_firsts()
    for start, end in lines:
        pos = text.find("形成", start, end)
        while pos >= 0:
            at = pos + 3 if text.startswith("了", pos + 2) else pos + 2
            listed = text[at : at + 1] in firsts and text.find("、", at + 2, at + 13) >= 0  # a place, a list
            m = _FORMED.match(text, pos, end) if listed else None
            if m is not None:
                yield from _formed(text, m, split=split)
            pos = text.find("形成", pos + 2, end)


def _formed(text: str, m: re.Match[str], *, split: Callable[[str], list[str]]) -> Found:
    places = m.group("places").split("、")
    if not all(_place_end(p) == len(p) for p in places):
        return
    rest = _SIZE.sub("", m.group("rest"))
    start = m.start()
    if len(rest) < 2:  # 纺织服装制鞋产业形成…4个超200亿元产业集群: the industry is the subject
        back = max((text.rfind(c, 0, m.start()) for c in _CLAUSE_BACK), default=-1) + 1
        subject = _SUBJECT.match(text[back : m.start()]) if m.start() - back <= _SUBJECT_REACH else None
        if subject is None or not text[back : m.start()].endswith("产业"):
            return
        rest, start = subject.group("sector"), back + subject.start("sector")
    sectors = split(rest)
    for place in places if sectors else ():
        yield start, m.end(), place, sectors


# The parks of a "一区四园" layout, each named by its place and industry: 园区分为：白鹤能源建材产业园、
# 赵家食品轻工产业园、平桥高新技术产业园、开州临港工业园. The places are towns, below the division list:
# a park's first two characters are its place, read only under the layout's cue, in a list that
# names a known place somewhere (开州), and never when they open an industry name (智能装备产业园).
# The cue found by its literal 区 (a fast scan; a leading class costs a test at every position).
PARK_CUE = re.compile(r"区[一二三四五六七八九十两多\d]园")
_PARK_COUNT = "一二三四五六七八九十两0123456789"
_PARK_LIST = re.compile(r"(?:分为|包括|即|由)[:]?(?P<list>[^。;:]{6,200}?)(?=[。;]|$)", re.M)
_PARK = re.compile(r"(?P<place>[\u4e00-\u9fff]{2})(?P<sector>[\u4e00-\u9fff]{2,8}?)产业园(?:\([^()]*\))?")
_NOT_A_PLACE = frozenset(
    ("智能", "新能", "电子", "生物", "高新", "现代", "绿色", "先进", "食品", "汽车", "装备", "新材", "化工", "医药", "物流",
     "文化", "科技", "创新", "数字", "信息", "农产", "机械", "纺织", "航空", "轻工", "机电", "临港", "临空", "总部", "电商",
     "光电", "精细", "生态", "循环", "冶金", "能源", "建材", "家居", "服装", "特色", "综合", "产业", "工业", "加工", "商贸")
)


def find_parks(text: str, *, split: Callable[[str], list[str]], lines: Lines) -> Found:
    """(start, end, region, sectors) of each park of a 一区N园 layout named by place and industry,
    on `lines`, the lines holding a cue."""
    for cue in (c for start, end in lines for c in PARK_CUE.finditer(text, start, end)):
        if text[cue.start() - 1 : cue.start()] not in _PARK_COUNT or cue.start() == 0:
            continue
        m = _PARK_LIST.search(text, cue.end(), min(len(text), cue.end() + 60))
        if m is None or text.find("。", cue.end(), m.start()) >= 0:
            continue
        items = m.group("list").split("、")
        if len(items) < 2 or not any(_place_end(item) for item in items):
            continue
        at = m.start("list")
        for item in items:
            park = _PARK.fullmatch(item.strip())
            if park and park.group("place") not in _NOT_A_PLACE and (sectors := split(park.group("sector"))):
                yield at, at + len(item), park.group("place"), sectors
            at += len(item) + 1


# 形成以A(、B)为核心，(带动)C、D等多点支撑/协同发展的…格局: a layout of one industry, named as the
# subject of the sentence (全省新型显示器件产业链…，形成以长株潭为核心，邵阳、永州等多点支撑的…格局 /
# 广东省半导体与集成电路产业呈现…，全省基本形成以广州、深圳为核心，带动佛山、东莞等地协同发展的…);
# every place named, core or not, gets it. City groups (长株潭) count as places here.
_CORED = re.compile(
    r"形成了?以(?P<core>[^,;。以为]{2,30}?)为(?:核心|龙头|引领|主体)[,、]?(?:带动|辐射|联动)?"
    r"(?P<rest>[^,;。]{2,40}?)等(?:地|市|城市)?(?:多点支撑|多极支撑|协同发展|联动发展|多点联动)"
)
_CORED_SUBJECT = re.compile(r"(?:全省|全市|我省|我市|[\u4e00-\u9fff]{2,3}[省市])(?P<sector>[\u4e00-\u9fff]{2,12}?)产业")
_CITY_GROUPS = frozenset(("长株潭", "成德眉资", "宁镇扬", "厦漳泉", "广佛肇", "深莞惠", "珠中江", "合六淮", "郑汴洛", "呼包鄂"))


def find_cored(text: str, *, is_region: Callable[[str], bool], lines: Lines) -> Found:
    """(start, end, region, sectors) of each place of a 形成以A为核心，B、C等多点支撑 layout, on
    `lines`, the lines holding 形成."""
    for start, end in lines:
        for m in _CORED.finditer(text, start, end):
            places = [p for part in (m.group("core"), m.group("rest")) for p in PLACE_SEP.split(part)]
            if not all(p in _CITY_GROUPS or is_region(p) or _place_end(p) == len(p) for p in places):
                continue
            sentence = max(text.rfind(c, start, m.start()) for c in "。;") + 1
            subject = _CORED_SUBJECT.search(text, max(start, sentence), m.start())
            if subject is None:
                continue
            sector = trim_sector(subject.group("sector"))  # one industry, not a list: 半导体与集成电路
            for place in places if len(sector) >= 2 else ():
                yield subject.start("sector"), m.end(), place, [sector]

