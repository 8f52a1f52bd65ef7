"""Finder for region focus: which sub-region is assigned which industries.

Rules, in order (a later rule never re-reads text an earlier one used):

* ``assign``: X重点发展A、B和C / X以A、B为主导 / X着力打造A产业 / X主导产业为A、B — X a
  region right before the verb (or before a connector: X则聚焦打造…); the list runs to the
  next region of the same sentence or the clause end.
* ``at``: 在X(、Y和Z)发展壮大A产业集群 — regions after 在, industries after the verb.
* ``table``: an industry-layout table (区域 | 主导产业) as tab-separated rows.
* ``site``: place list + sector + facility — 淮南、宿州市大数据存储基地, 马鞍山铁基、铜陵铜基、
  蚌埠/滁州硅基、安庆化工4个特色新材料产业基地, 发展居巢经开区镁基轻合金新材料、PVA和PVB新材料产业.
* ``layout``: a plan for a region and the industries it lays out — 启动《合巢产业新城总体规划》
  编制工作，科学谋划A、B、C等产业布局.
* ``paired`` (`regions_paired`): 围绕闵行商业航天产业基地、浦东卫星互联网科研基地… and
  共建浦东新区、闵行区、嘉定区三个…集聚区 — places paired with industries without a verb.
* ``formed``, ``parks``, ``cored`` (`regions_paired`): 形成夏邑县、虞城县…4个…产业集群;
  “一区四园”…白鹤能源建材产业园、…; 形成以长株潭为核心，邵阳、永州等多点支撑的…格局.
* ``transfer``, ``as_pillar``, ``founding`` (`regions_subject`): X承接A等产业转移; X将A作为支柱
  产业; 推进八滩、滨淮创建…园，大力发展A、B.

Sectors split on 、 ; on 和/及/与 only where the part before has a head of its own (three or
more Chinese characters): 新能源汽车和智能制造 is two sectors, PVA和PVB新材料 and 节能和新能源汽车
are one (PVA and 节能 only modify the shared head).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterator

from planwatch.extract.context import Context
from planwatch.extract.regions_clauses import (
    LIST_LEAD,
    beside_closed,
    builds_industry,
    clusters_after,
    listed_lines,
)
from planwatch.extract.regions_paired import (
    district_at,
    find_colon_lines,
    find_cored,
    find_district_sites,
    find_formed,
    find_paired,
    find_parks,
)
from planwatch.extract.regions_subject import (
    find_as_pillar,
    find_based,
    find_founding,
    find_transfer,
    key_lines,
    opening_region,
)
from planwatch.extract.regions_words import PLACE_SEP, PLACES, is_region_word, region_at, region_ends
from planwatch.extract.sectors import LIST_SEP, split_sectors, trim_sector
from planwatch.extract.text import lines_with
from planwatch.extract.years import per_text
from planwatch.lexicon.places import (
    ASSIGN_VERBS,
    CITIES,
    CONNECTORS,
    FACILITIES,
    GENERIC_PREFIXES,
    NOT_IN_SECTOR,
    NOT_REGIONS,
    PROVINCES,
    REGION_COLUMNS,
    SECTOR_COLUMNS,
    SUFFIXES,
)
from planwatch.lexicon.wordlist import trie_pattern
from planwatch.model import RegionFocus

# 300+ names as a trie, for the place-list pattern; flat, as it runs on few lines, and the
# dispatch form cost 10 ms more to compile in every process (`trie_pattern`). A region word
# (a known name with an optional suffix, or a local name that a suffix marks) is read with
# set look-ups (`regions_words`).
_NAMES = trie_pattern({*CITIES, *PROVINCES}, second_char_gate=True, flat=True)
# A look-ahead on the possible first characters lets the engine skip most positions before
# it tries the place-list pattern (ten times faster on long documents).
_FIRST = "[" + "".join(sorted({n[0] for n in (*CITIES, *PROVINCES)})) + "]"
_ASSIGN = re.compile("|".join(ASSIGN_VERBS) + r"|以(?=[^,;。]{2,60}为(?:主导|重点|特色|主|首位|支柱))")
# Besides the lexicon's verbs, X首位产业为A / X特色产业是A: found by their literal tail and the head
# checked after, since more alternatives in `_ASSIGN` cost `re` its fast skip (20% slower).
_NAMED_TAIL = re.compile("产业[为是:]")
_NAMED_HEADS = ("首位", "特色", "重点", "支柱")
_CONNECTOR = re.compile(f"(?:{'|'.join(CONNECTORS)})+$")
_SUFFIX_START = re.compile(f"(?:{'|'.join(SUFFIXES)})")
_NOT_IN_SECTOR = re.compile("|".join(NOT_IN_SECTOR))
_SITE = re.compile(
    rf"(?={_FIRST})(?P<places>(?:(?:{_NAMES})(?:市|县|区)?[\u4e00-\u9fffA-Za-z]{{0,4}}?[、/])*(?:{_NAMES})(?:市|县|区)?)"
    rf"(?P<rest>[\u4e00-\u9fffA-Za-z0-9、/]{{1,30}}?)(?:{'|'.join(FACILITIES)})"
)
_SITE_VERB = re.compile(r"(?:发展|培育|壮大|打造|建设|做强|做大|优化|布局|形成|建成|构建|提升|加快|推进|实施|和|即)$")
_STOP = "在将要并和与及为以把对"
_BOUNDARY = ",;。:、\n(“"
_OWN_MIN = 3  # a plan names its own region again and again; a list names each place once
_MIN_SITE_SECTOR = 3  # 安庆智慧产业园: a two-character modifier names a park, not an industry
_UNIT_ENDS = ("局", "委", "厅", "办", "行")


def find_region_focus(ctx: Context) -> list[RegionFocus]:
    text = ctx.view.text
    own = own_region(text)
    used = _Used()
    found: list[RegionFocus] = []
    rules = (_table, _assign, _at, _develop, _site, _layout, _paired, _based, _colon_lines, _district_sites, _formed,
             _parks, _transfer, _as_pillar, _cored, _founding)
    for rule in rules:
        for start, end, region, found_sectors in rule(text):
            sectors = [s for s in found_sectors if not _NOT_IN_SECTOR.search(s)]
            if not sectors or region.removesuffix("市").removesuffix("省") == own:
                continue
            if used.overlaps_other(start, end):
                continue
            used.add(start, end)
            found.append(RegionFocus(**ctx.sourced(start, end), region=region, sectors=tuple(sectors)))
    return sorted(found, key=lambda r: r.span.start if r.span else 0)


class _Used:
    """Spans already read by a rule; a later match may reuse one exactly (several places of
    one 在X、Y发展… sentence), never overlap it otherwise.

    Kept sorted by start with the longest length seen, so a look-up reads only the spans that
    can overlap (those starting less than that length before the end), where testing every
    span was quadratic on long texts.
    """

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def overlaps_other(self, start: int, end: int) -> bool:
        """Whether a used span other than [start, end) itself overlaps [start, end)."""
        i = bisect_left(self._spans, (start - self._longest, -1))
        while i < len(self._spans) and self._spans[i][0] < end:
            a, b = self._spans[i]
            if start < b and (a, b) != (start, end):
                return True
            i += 1
        return False

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)


def own_region(text: str) -> str | None:
    """The region the plan governs, taken as its most-named place: never a sub-region of itself.

    >>> own_region("绍兴市…重点推进绍兴科创大走廊、绍兴生物医药产业基地,支持杭州")
    '绍兴'
    """
    ranked = Counter(name for _start, name in _named_places(text)).most_common(2)
    if not ranked or ranked[0][1] < _OWN_MIN or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def is_region(name: str) -> bool:
    """Whether a whole word names a particular region (桐城市, 居巢经开区; not 全市, 各有关乡镇).

    A known name is never generic, whatever it starts with (本溪市 is not 本+溪市).

    >>> [is_region(w) for w in ("全椒县", "本溪市", "全县", "各有关乡镇")]
    [True, True, False, False]
    """
    return (
        is_region_word(name)
        and name not in NOT_REGIONS
        and (PLACES.match(name) is not None or not name.startswith(GENERIC_PREFIXES))
        and not _NOT_IN_NAME.search(name)
    )


@per_text
def _named_places(text: str) -> list[tuple[int, str]]:
    """(start, name) of every known place name in the text, as re.finditer(_NAMES) finds them:
    `own_region` counts them and `_site` reads only the lines that hold one."""
    return [(m.start(), m.group()) for m in PLACES.finditer(text)]  # as re.finditer(_NAMES)


# Words and characters a place name never contains: a match holding them ran past the name.
_NOT_IN_NAME = re.compile(r"[的我和与及、,。在将]|发展|建设|推进|加快|打造|培育|重点|支持|推动|产业(?!新城|园|集聚区)")


_REGION_JOINS = "、与和及"  # between regions that share one verb
# 4个特色 / 等多个 / 等一批: a count of the sites (等多个汽车零部件特色产业集群)
_SITE_COUNT = re.compile(r"(?:等[市县区地]?)?(?:\d+个|多个|一批)(?:特色|省级|国家级|重点)?|等[市县区地]")
_TAB = re.compile("\t")


def _region_before(text: str, pos: int) -> tuple[int, str] | None:
    """The region word ending at `pos`, starting after a boundary (、安庆高新区|重点发展)."""
    start = pos
    while start > 0 and pos - start < 14 and text[start - 1] not in _BOUNDARY:
        start -= 1
    word = text[start:pos].strip()
    for cut in range(len(word) - 1):  # where a region may start (the cheap test) and does
        if (cut == 0 or word[cut - 1] in _STOP or word[:cut].endswith(("支持", "推动"))) and is_region(word[cut:]):
            return pos - len(word) + cut, word[cut:]
    return None


def _verbs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, verb) of each assigning verb, in text order."""
    found = [(m.start(), m.end(), m.group()) for m in _ASSIGN.finditer(text)]
    more = [(m.start() - 2, m.end(), text[m.start() - 2 : m.end()]) for m in _NAMED_TAIL.finditer(text)
            if text.startswith(_NAMED_HEADS, m.start() - 2)]
    return sorted(found + more) if more else found


def _assign(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    anchors: list[tuple[int, int, str, str]] = []
    for verb_start, verb_end, verb in _verbs(text):
        connector = _CONNECTOR.search(text, max(0, verb_start - 4), verb_start)
        found = _region_before(text, connector.start() if connector else verb_start)
        found = found or opening_region(text, verb_start, is_region=is_region)  # 长沙市，重点发展…
        if found:
            anchors.append((found[0], verb_end, found[1], verb))
    for i, (start, verb_end, name, verb) in enumerate(anchors):
        clause_end = re.compile(r"[,;。\n]").search(text, verb_end)
        end = clause_end.start() if clause_end else len(text)
        if i + 1 < len(anchors) and verb_end <= anchors[i + 1][0] < end:
            end = anchors[i + 1][0] - 1 if text[anchors[i + 1][0] - 1] in "、," else anchors[i + 1][0]
        if LIST_LEAD.fullmatch(text[verb_end:end].strip()):  # 重点发展以下产业：then one per line
            sectors, end = listed_lines(text, end)
        elif builds_industry(verb, text[verb_end:end]) or beside_closed(text, anchors, i, end):
            sectors = split_sectors(text[verb_end:end])
        else:
            continue
        if sectors and text.startswith(",", end):  # …，培育世界级钒钛材料产业集群: the same region's
            more, after = clusters_after(text, end + 1, end, is_region=is_region)
            if more and not (i + 1 < len(anchors) and anchors[i + 1][0] < after):
                sectors, end = [*sectors, *(s for s in more if s not in sectors)], after
        names = _listed_before(text, start, name)  # 临泉县、阜南县大力发展…: every region gets the list
        for _at, each in names if sectors else ():
            yield names[0][0], end, each, sectors


def _listed_before(text: str, start: int, name: str) -> list[tuple[int, str]]:
    """The region at `start` with the regions listed right before it (A、B、C重点发展…, 松江区与
    金山区重点发展…), in order."""
    out = [(start, name)]
    while start > 0 and text[start - 1] in _REGION_JOINS:
        found = _region_before(text, start - 1)
        if found is None or found[0] + len(found[1]) != start - 1:
            break
        start = found[0]
        out.insert(0, found)
    return out


_AT = re.compile(
    r"在(?P<places>[^,;。在]{2,40}?)(?:重点|集中|着力|大力|积极)?(?:发展壮大|培育壮大|布局发展|发展|打造|布局|培育|建设)"
    r"(?P<list>[^,;。]{2,60}?)(?:等)?产业(?:集群|基地|园)?(?=[,;。])"
)


# 在上海、江苏、浙江、山东和天津等地加快发展…等产业: read on the lines holding 等地 only.
_AT_LANDS = re.compile(
    r"在(?P<places>[^,;。在]{2,40}?)等地(?:重点|集中|着力|大力|积极|加快)?(?:发展壮大|培育壮大|布局发展|发展|打造|布局|培育|建设)"
    r"(?P<list>[^,;。]{2,60}?)(?:等)?产业(?:集群|基地|园)?(?=[,;。])"
)
_LANDS = re.compile("等地")


def _at(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """在大盂工业园发展壮大新能源产业集群 / 在上海、江苏和天津等地加快发展…等产业: each listed place
    gets the industries."""
    found = list(_AT.finditer(text))
    for start, end in lines_with(text, _LANDS):
        found.extend(_AT_LANDS.finditer(text, start, end))
    for m in sorted(found, key=lambda m: m.start()) if len(found) > 1 else found:
        places = PLACE_SEP.split(m.group("places"))
        if not places or not all(is_region(p) for p in places):
            continue
        sectors = split_sectors(m.group("list"))
        for place in places:
            yield m.start(), m.end(), place, sectors


def _table(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """Industry-layout tables: a header naming a region column and an industry column, then
    one row per region (桐城市\t先进环保装备、新材料)."""
    cols: tuple[int, int] | None = None
    for start, end in lines_with(text, _TAB):  # the lines holding a tab, as ^.*\t.*$ finds them
        line = text[start:end]
        cells = line.split("\t")
        header = _layout_columns(cells)
        if header:
            cols = header
            continue
        if cols is None or max(cols) >= len(cells):
            continue
        region = cells[cols[0]].strip()
        if is_region(region):
            yield start, end, region, split_sectors(cells[cols[1]])


def _layout_columns(cells: list[str]) -> tuple[int, int] | None:
    region = next((i for i, c in enumerate(cells) if c.strip() in REGION_COLUMNS or c.strip().endswith("名称")), None)
    sector = next((i for i, c in enumerate(cells) if any(w in c for w in SECTOR_COLUMNS)), None)
    return (region, sector) if region is not None and sector is not None else None


_FACILITY = re.compile("|".join(FACILITIES))


def _site(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    # A site list never crosses a line, ends in a facility word and starts with a known place
    # name: only the lines holding both are read. (A line holding a name holds a match of
    # the name scan, which cannot run past the line's end or start.)
    named = {text.rfind("\n", 0, start) + 1 for start, _name in _named_places(text)}
    for line_start, line_end in lines_with(text, _FACILITY):
        if line_start in named:
            yield from _sites_in(text, line_start, line_end)


def _sites_in(text: str, line_start: int, line_end: int) -> Iterator[tuple[int, int, str, list[str]]]:
    for m in _SITE.finditer(text, line_start, line_end):
        before = text[max(0, m.start() - 4) : m.start()]
        if m.start() > 0 and text[m.start() - 1] not in _BOUNDARY and not _SITE_VERB.search(before):
            continue
        if _SUFFIX_START.match(m.group("rest")):
            continue  # 芜湖|经开区…: the place is the start of a longer name, not a list item
        for region, sector in _site_pairs(m.group("places"), m.group("rest")):
            yield m.start(), m.end(), region, [sector]


def _site_pairs(places: str, rest: str) -> list[tuple[str, str]]:
    """(region, sector) pairs of a site list: items share the head; each may qualify it."""
    items = places.split("、")
    count = _SITE_COUNT.search(rest)
    last_qual, head = (rest[: count.start()], rest[count.end() :]) if count else ("", rest)
    head = trim_sector(head)
    if len(head) < _MIN_SITE_SECTOR or LIST_SEP.search(rest) or head.endswith(_UNIT_ENDS):
        return []
    pairs: list[tuple[str, str]] = []
    district = district_at(head) if len(items) == 1 and "/" not in places else 0
    if district and len(head) - district >= _MIN_SITE_SECTOR:  # 沈阳铁西|装备制造业聚集区: the city's district
        return [(places + head[:district], head[district:])] if is_region(places) else []
    for i, item in enumerate(items):
        parts = item.split("/")
        ends = [region_at(x) for x in parts]
        if None in ends:
            continue
        qual = parts[-1][ends[-1] :] + (last_qual if i == len(items) - 1 else "")
        pairs.extend((x[:end], trim_sector(qual + head)) for x, end in zip(parts, ends, strict=True))
    return [(p, s) for p, s in pairs if is_region(p) and len(s) >= 2]


# The verb, where the first clause mark after it has 产业 right before it, four or more
# characters on (a region and a list of two or more each): `_developed` says why only there.
_DEVELOP_VERB = re.compile("(?:发展|培育|壮大|做强|做大|打造)(?=[^,;。]{4,}产业[,;。])")
_CLAUSE_MARK = re.compile("[,;。]")
_LIST_MIN, _LIST_MAX = 2, 60


def _develop(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """发展居巢经开区镁基轻合金新材料、PVA和PVB新材料产业: region then its industries.

    What ``(?:发展|…|打造)(?P<region>REGION)(?P<list>[^,;。]{2,60}?)产业(?=[,;。])`` finds
    with `finditer`, the region's ends tried in the regex's order (`region_ends`)."""
    pos = 0
    while (verb := _DEVELOP_VERB.search(text, pos)) is not None:
        found = _developed(text, verb.end())
        if found is None:
            pos = verb.start() + 1
            continue
        end, stop = found
        region = text[verb.end() : end]
        if is_region(region):
            yield verb.end(), stop, region, split_sectors(text[end : stop - len("产业")])
        pos = stop


def _developed(text: str, start: int) -> tuple[int, int] | None:
    """Where the region after a develop verb ends and where its list's 产业 does.

    Neither a region nor a list holds a clause mark, so the 产业 can only be the one right
    before the first mark after the verb: most verbs fail there, before any region is read."""
    mark = _CLAUSE_MARK.search(text, start)
    if mark is None or text[mark.start() - 2 : mark.start()] != "产业":
        return None
    head = mark.start() - 2  # where 产业 starts
    for end in region_ends(text, start):
        if _LIST_MIN <= head - end <= _LIST_MAX:
            return end, mark.start()
    return None


def _paired(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """围绕闵行商业航天产业基地、浦东卫星互联网科研基地… / 共建浦东新区、闵行区三个…集聚区."""
    return find_paired(text, split=split_sectors)


def _district_sites(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    return find_district_sites(text, split=split_sectors)


def _transfer(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    return find_transfer(text, region_before=_region_before, split=split_sectors)


def _as_pillar(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    return find_as_pillar(text, region_before=_region_before, split=split_sectors)


def _founding(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    return find_founding(text, split=split_sectors, is_name=_is_town_name)


def _is_town_name(word: str) -> bool:
    """Whether a short word may name a town founding a park: no verb or mark in it, no generic
    prefix (各, 全市…), no actor (企业, 园区)."""
    return not (_NOT_IN_NAME.search(word) or word.startswith(GENERIC_PREFIXES) or word in NOT_REGIONS)


def _formed(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """形成夏邑县、虞城县、睢阳区、睢县4个…产业集群 (the industry before 形成, or after the count)."""
    return find_formed(text, split=split_sectors, lines=key_lines(text).get("formed", ()))


def _cored(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """全省新型显示器件产业链…，形成以长株潭为核心，邵阳、永州等多点支撑的…格局."""
    return find_cored(text, is_region=is_region, lines=key_lines(text).get("cored", ()))


def _parks(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """“一区四园”…园区分为：白鹤能源建材产业园、赵家食品轻工产业园…"""
    return find_parks(text, split=split_sectors, lines=key_lines(text).get("parks", ()))


def _colon_lines(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    return find_colon_lines(text, split=split_sectors, is_region=is_region)


def _based(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """以漕河泾开发区为主，形成电子信息产业基地."""
    return find_based(text, is_region=is_region, split=split_sectors)


_LAYOUT = re.compile(
    r"《(?P<region>[^《》]{2,12}?)(?:总体|产业|发展|空间)?规划》[^。]*》?[^。《》]*?(?:谋划|布局)"
    r"(?P<list>[^。;《》]{4,80}?)(?:等)?产业布局"
)


def _layout(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    for m in _LAYOUT.finditer(text):
        if is_region(m.group("region")):
            yield m.start(), m.end(), m.group("region"), split_sectors(m.group("list"))
