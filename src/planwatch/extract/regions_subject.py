"""The region a verb clause speaks of when no region stands right before its verb.

Plans set a place out first and then say what it develops, three ways:

* the place opens the sentence, a comma after it: ``长沙市，重点发展…`` /
  ``岳阳市，立足湖区资源…，重点发展…``;
* the place heads a numbered item, a bracket or colon after it, and a later sentence of the
  item names the industries: ``1、钟山经济开发区（即红桥新区）：…。主导产业：装备制造业…``;
* the place is a heading line of its own and the paragraph under it opens with the verb:
  ``攀西经济区`` / ``大力发展先进材料…``.

The verb must open its clause (a verb inside a clause has a subject of its own, or none).
`find_based` reads two more: the place as the base of a site or a list (``以漕河泾开发区为主，形成
电子信息产业基地``, ``以成都、绵阳等地开发区为重点，大力发展…``) and the place a plan supports in building
one (``支持雅安建设成渝地区大数据产业基地``), and the place named after its industries
(``汽车制造、工程机械将是长沙县未来的三大支柱性产业``).

Three more read a region right before a key word: ``X(省级)承接A、B等产业转移``, ``X将/把A作为
支柱产业``, and the places that found a park before the clause that develops its industries
(``推进八滩、滨淮创建市级临港工业园，大力发展…``). `key_lines` finds the lines holding the key
words of these and of three `regions_paired` rules, one literal-first scan per key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from planwatch.extract.regions_paired import PARK_CUE
from planwatch.extract.regions_words import PLACE_SEP
from planwatch.extract.regions_words import PLACES as _PLACES
from planwatch.extract.text import lines_with
from planwatch.extract.years import per_text

Found = Iterator[tuple[int, int, str, list[str]]]
RegionBefore = Callable[[str, int], "tuple[int, str] | None"]  # the region word ending at a position

_ITEM_NO = r"[ \t\u3000]*(?:\d{1,2}[.、)]|\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、|[①-⑳])?[ \t\u3000]*"
# A name opening a sentence or line and closed by a comma, colon, bracket or full stop.
_OPENING = re.compile(_ITEM_NO + r"(?P<name>[^\s,;:。()、“”]{2,14}?)(?P<close>[,:(。]|$)", re.M)
_CLAUSE_START = ",;:。\n"


def opening_region(text: str, verb: int, *, is_region: Callable[[str], bool]) -> tuple[int, str] | None:
    """(start, name) of the region the clause opening at `verb` speaks of, or None.

    >>> opening_region("长沙市,重点发展汽车", 4, is_region=lambda w: w.endswith("市"))
    (0, '长沙市')
    """
    if verb > 0 and text[verb - 1] not in _CLAUSE_START:
        return None
    line = text.rfind("\n", 0, verb) + 1
    sentence = max(line, text.rfind("。", 0, verb) + 1)
    m = _OPENING.match(text, sentence, verb)
    if m and _closed_by(m, ",:(") and is_region(m.group("name")):
        return m.start("name"), m.group("name")
    if sentence > line:  # the item's head: 1、钟山经济开发区（…）：
        m = _OPENING.match(text, line, verb)
        if m and _closed_by(m, ":(") and is_region(m.group("name")):
            return m.start("name"), m.group("name")
    if not text[line:verb].strip():
        return _heading_above(text, line, is_region=is_region)
    return None


def _heading_above(text: str, line: int, *, is_region: Callable[[str], bool]) -> tuple[int, str] | None:
    """The region that a heading line right above `line` (blank lines between) consists of."""
    end = line - 1
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    m = _OPENING.match(text, start, end)
    if m and m.end() == end and (_closed_by(m, "。:") or not m.group("close")) and is_region(m.group("name")):
        return m.start("name"), m.group("name")
    return None


def _closed_by(m: re.Match[str], marks: str) -> bool:
    close = m.group("close")
    return bool(close) and close in marks


# 以漕河泾开发区为主，形成电子信息产业基地 / 以A、B为核心，打造…产业集群 / 以成都、绵阳等地开发区为
# 重点，大力发展A、B等产业: the places named first take the industries after them — a site's
# (built by 形成/打造…, ending in a site word) or a list's (after a verb that develops).
# 以合肥、芜湖为龙头，大力发展… / 以广州、深圳为核心，推动半导体及集成电路、新型显示产业发展 too.
_BASED = re.compile(
    r"以(?P<places>[^,;。以为]{2,60}?)(?:等地?(?:开发区|园区)?)?为(?:主|核心|主体|依托|载体|重点|龙头|引领)[,:]"
    r"(?:(?:加快|着力|积极)?(?:形成|打造|建设|建成|培育|壮大)"
    r"(?P<list>[^;。]{2,80}?)(?:产业基地|产业集群|产业集聚区|集聚区|基地|集群)(?=[,;。(]|$)"
    r"|(?:推动|推进)?(?:重点|大力|积极|加快|着力)?(?:发展|培育)(?P<developed>[^,;。]{2,100}?)(?=[,;。]|$)"
    r"|(?:推动|推进|促进)(?P<pushed>[^,;。]{2,80}?)(?:产业集群|产业)(?:高质量|加快|集聚|集群化)?发展(?=[,;。]|$))",
    re.M,
)
# 支持乐山打造以光伏全产业链为重点的“中国绿色硅谷” / 支持雅安建设成渝地区大数据产业基地
_SUPPORTED = re.compile(
    r"支持(?P<places>[^,;。支]{2,30}?)(?:联合|共同)?(?:打造|建设|建成|创建|培育)"
    r"(?:以(?P<focus>[^,;。]{2,30}?)为(?:重点|主导|特色|核心)的|(?P<site>[^,;。“”]{2,30}?)"
    r"(?:产业发展基地|产业基地|产业集群|产业集聚区|集聚区|产业园|基地)(?=[,;。]|$))"
)
# The industries first, the place after: 汽车制造、工程机械、电子信息将是长沙县未来的三大支柱性产业 /
# 铝基新材料是濉溪县的首位产业. Read on the lines holding the key words only.
# Matched back from each key word (few stand after 的), not scanned for over whole lines.
_NAMED_KEY = re.compile(r"的(?:[一二三四五六七八九十两\d]+大)?(?:支柱性?产业|主导产业|首位产业)")
_NAMED_AS = re.compile(
    r"(?P<list>[^,;。:“”\n]{2,60}?)(?:将是|将成为|成为|是|为)(?P<place>[^,;。的、]{2,12}?)(?:未来|今后)?$"
)
_NAMED_REACH = 80
# Words that place or rank a site, not its industry: 成渝地区大数据 → 大数据, 国家级…, 全国重要的…
_SITE_QUALIFIER = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}地区|国家级|省级|区域性|全国(?:重要|领先|一流)?的?|世界级)")


def find_based(
    text: str, *, is_region: Callable[[str], bool], split: Callable[[str], list[str]]
) -> Iterator[tuple[int, int, str, list[str]]]:
    """(start, end, region, sectors) of each 以X为主，形成A产业基地 clause whose X are all
    regions, and of each 支持X打造…基地 clause."""
    for m in _BASED.finditer(text):
        places = PLACE_SEP.split(m.group("places"))
        if not all(is_region(p) for p in places):
            continue
        sectors = split(m.group("list") or m.group("developed") or m.group("pushed"))
        for place in places if sectors else ():
            yield m.start(), m.end(), place, sectors
    for start, _end in lines_with(text, _NAMED_KEY):
        for key in _NAMED_KEY.finditer(text, start, _end):
            named = _NAMED_AS.search(text, max(start, key.start() - _NAMED_REACH), key.start())
            if named is None or not is_region(named.group("place")):
                continue
            sectors = split(named.group("list"))
            if sectors:
                yield named.start(), key.end(), named.group("place"), sectors
    for m in _SUPPORTED.finditer(text):
        places = PLACE_SEP.split(m.group("places"))
        focus = m.group("focus") or _SITE_QUALIFIER.sub("", m.group("site") or "")
        sectors = split(focus) if all(is_region(p) for p in places) else []
        for place in places if sectors else ():
            yield m.start(), m.end(), place, sectors


# X(省级)承接A、B等产业转移(示范区): the industries a region takes over (随州市随县省级承接香菇产业转移示范区).
# Found by the literal 产业转移 and read back; where the industry moves from (承接长三角产业转移,
# 承接东部沿海地区产业转移) names a place, not an industry.
_TRANSFER = re.compile("产业转移")
_TRANSFER_BACK = re.compile(r"(?:(?:重点|积极|主动|有序)?(?:省级|国家级)?承接)(?P<list>[^,;。:承]{2,40}?)等?$")
_TRANSFER_FROM = re.compile(r"东部|西部|中部|沿海|地区|国际|国内|境外|海外|三角|大湾区|京津|发达")


# The key word of each rule below: the rule then reads only the lines holding it. One pattern
# per key, each opening with a plain character (`re` skips to it in C): one alternation of all
# the keys was tried at every 产, 为 and 区 of a text and cost more than the rules it fed.
# 形成以A为核心 opens with the key of 形成…集群, so `cored` reads the lines of `formed`.
_KEYS: dict[str, re.Pattern[str]] = {
    "transfer": re.compile("产业转移"), "pillar": re.compile("作为"), "founding": re.compile("创[建成]"),
    "formed": re.compile("形成"), "parks": PARK_CUE,
}


@per_text
def key_lines(text: str) -> dict[str, list[tuple[int, int]]]:
    """The lines holding each rule's key word, by rule, in order, each line once per rule."""
    found: dict[str, list[tuple[int, int]]] = {}
    for rule, key in _KEYS.items():
        lines = list(lines_with(text, key))
        if lines:
            found[rule] = lines
    if "formed" in found:
        found["cored"] = found["formed"]
    return found


def find_transfer(text: str, *, region_before: RegionBefore, split: Callable[[str], list[str]]) -> Found:
    """(start, end, region, sectors) of each X承接A、B等产业转移, X right before the verb."""
    for start, end in key_lines(text).get("transfer", ()):
        for key in _TRANSFER.finditer(text, start, end):
            verb = text.rfind("承接", max(start, key.start() - 44), key.start())
            m = _TRANSFER_BACK.search(text, max(start, verb - 6), key.start()) if verb >= 0 else None
            if m is None or _TRANSFER_FROM.search(m.group("list")) or _PLACES.match(m.group("list")):
                continue
            found = region_before(text, m.start())
            if found is None or found[0] + len(found[1]) != m.start():
                continue
            stop = key.end() + 3 if text.startswith("示范区", key.end()) else key.end()
            yield found[0], stop, found[1], split(m.group("list"))


# X将/把A、B作为支柱产业(重点培育): the region right before 将/把 (德阳将电子信息作为支柱产业重点培育).
_AS_PILLAR = re.compile(
    r"[将把](?P<list>[^,;。将把]{2,40}?)作为(?:全[市县区省]的?|[一二三四五六七八九十两\d]+大)?"
    r"(?:支柱|主导|首位|重点|特色|优势)(?:性)?产业"
)


def find_as_pillar(text: str, *, region_before: RegionBefore, split: Callable[[str], list[str]]) -> Found:
    """(start, end, region, sectors) of each X将A、B作为支柱产业, X right before 将/把."""
    for start, end in key_lines(text).get("pillar", ()):
        for m in _AS_PILLAR.finditer(text, start, end):
            found = region_before(text, m.start())
            if found is None or found[0] + len(found[1]) != m.start() or _PLACES.match(m.group("list")):
                continue
            yield found[0], m.end(), found[1], split(m.group("list"))


# 推进八滩、滨淮创建市级临港工业园，大力发展A、B、C三大产业: places (towns, below the division
# list) that found a park, then the industries the next clause develops. The places are read as
# such only in this frame: a lead, a 、-list of short names, 创建/建设 a park, a develop verb.
_FOUNDING = re.compile(
    r"(?:推进|支持|推动|鼓励)(?P<places>[\u4e00-\u9fff]{2,6}(?:、[\u4e00-\u9fff]{2,6})+)(?:创建|创成|建设)"
    r"(?:市级|省级|国家级)?[\u4e00-\u9fff]{0,8}?(?:工业园区|工业园|产业园区|产业园|开发区|园区),"
    r"(?:大力|重点|加快|着力|积极)?发展(?P<list>[^,;。]{2,60}?)(?=[,;。]|$)"
)


# Who founds a park besides a place (推进园区、企业创建绿色园区): never the place of a focus.
_ACTORS = frozenset(("企业", "高校", "院所", "园区", "乡镇", "街道", "社区", "村镇", "县区", "市县", "各地", "开发区", "龙头企业",
                     "科研院所", "重点企业"))


def find_founding(text: str, *, split: Callable[[str], list[str]], is_name: Callable[[str], bool]) -> Found:
    """(start, end, region, sectors) of each place of a 推进A、B创建…园，大力发展… clause."""
    for start, end in key_lines(text).get("founding", ()):
        for m in _FOUNDING.finditer(text, start, end):
            places = m.group("places").split("、")
            if any(p in _ACTORS or not is_name(p) for p in places):
                continue
            sectors = split(m.group("list"))
            for place in places if sectors else ():
                yield m.start("places"), m.end(), place, sectors
