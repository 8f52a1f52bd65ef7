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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from planwatch.extract.text import lines_with

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
_BASED = re.compile(
    r"以(?P<places>[^,;。以为]{2,60}?)(?:等地?(?:开发区|园区)?)?为(?:主|核心|主体|依托|载体|重点)[,:]"
    r"(?:(?:加快|着力|积极)?(?:形成|打造|建设|建成|培育|壮大)"
    r"(?P<list>[^;。]{2,80}?)(?:产业基地|产业集群|产业集聚区|集聚区|基地|集群)(?=[,;。(]|$)"
    r"|(?:重点|大力|积极|加快|着力)?(?:发展|培育)(?P<developed>[^,;。]{2,100}?)(?=[,;。]|$))",
    re.M,
)
_PLACE_SEP = re.compile("[、和及]")
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
        places = _PLACE_SEP.split(m.group("places"))
        if not all(is_region(p) for p in places):
            continue
        sectors = split(m.group("list") or m.group("developed"))
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
        places = _PLACE_SEP.split(m.group("places"))
        focus = m.group("focus") or _SITE_QUALIFIER.sub("", m.group("site") or "")
        sectors = split(focus) if all(is_region(p) for p in places) else []
        for place in places if sectors else ():
            yield m.start(), m.end(), place, sectors
