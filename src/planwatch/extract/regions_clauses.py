"""How far the industries after an assigning verb reach (`regions._assign`): a list set out
one per line after a lead (重点发展以下产业：), the cluster clause right after a region's list
(…，培育世界级钒钛材料产业集群), and whether an open verb (聚焦, 打造) names an industry.

Split from `regions`, which keeps the rules that find regions and verbs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planwatch.extract.regions_words import region_ends
from planwatch.extract.sectors import split_sectors, trim_sector
from planwatch.lexicon.places import NOT_IN_SECTOR, OPEN_ASSIGN_VERBS

_NOT_IN_SECTOR = re.compile("|".join(NOT_IN_SECTOR))
_INDUSTRY_END = re.compile(r"(?:产业|产业集群|产业链|集群|产业基地|制造业|服务业)$")
Anchor = tuple[int, int, str, str]  # region start, verb end, region, verb


# The clause right after a region's list that builds clusters with no subject of its own: the
# region's too (攀西经济区 大力发展先进材料、能源化工产业，培育世界级钒钛材料产业集群). Only a clause
# ending in 产业集群/产业基地 (打造全国重要的石化基地和…物流中心 names places, not industries).
_CLUSTERS = re.compile(r"(?:培育|打造|建设|壮大)(?P<list>[^,;。]{2,80}?)(?:产业集群|产业基地)(?=[,;。]|$)")
_CLUSTER_QUALIFIER = re.compile(
    r"世界级|国家级|国内领先的?|全国(?:重要|领先|一流)?的?|具有[^、,]{2,10}?的|[千百万]亿(?:元|级)?|以[^、,的]{1,8}为(?:主导|龙头|核心)的"
)
_CLUSTER_JOIN = re.compile(r"(?:产业集群|集群|基地)和")


def clusters_after(text: str, start: int, end: int, *, is_region: Callable[[str], bool]) -> tuple[list[str], int]:
    """The sectors of the cluster clause opening at `start` and where it ends; none and `end`
    when the clause is no such clause."""
    m = _CLUSTERS.match(text, start)
    if m is None:
        return [], end
    objects = _CLUSTER_QUALIFIER.sub("", _CLUSTER_JOIN.sub("、", m.group("list")))
    if any(is_region(objects[:cut]) for cut in region_ends(objects, 0)):
        return [], end  # 打造经开区新能源产业集群: another region's cluster
    sectors = [s for s in split_sectors(objects) if not _NOT_IN_SECTOR.search(s) and s not in _RANKS]
    return (sectors, m.end()) if sectors else ([], end)


# Words that rank a cluster, not name its industry (建设特色产业基地, 打造优势产业集群).
_RANKS = frozenset(("特色", "优势", "主导", "支柱", "新兴", "重点", "现代", "先进", "高端", "龙头", "一批", "若干"))


LIST_LEAD = re.compile(r"(?:以下|如下)(?:几大|几个|重点)?(?:产业|领域|方向|行业|产业集群)?:?")
_LIST_LINE = re.compile(r"[ \t\u3000]*(?:[-—–·•]+|\d{1,2}[.、)]|\(\d{1,2}\)|[①-⑳])[ \t\u3000]*(?P<item>[^\n]{2,40}?)[;。,]?[ \t]*$",
                        re.M)


def listed_lines(text: str, end: int) -> tuple[list[str], int]:
    """The items of a list set out one per line after a lead (…重点发展以下产业：): each line is
    one sector, so 新能源汽车及零部件 stays whole. Returns the sectors and where the list ends."""
    sectors: list[str] = []
    pos = end + 1 if text[end : end + 1] == "\n" else end
    while (m := _LIST_LINE.match(text, pos)) is not None and m.start() == pos:
        sector = trim_sector(m.group("item"))
        if len(sector) >= 2 and not _NOT_IN_SECTOR.search(sector):
            sectors.append(sector)
        end, pos = m.end(), m.end() + 1
    return sectors, end


_SIBLING_MAX = 12  # characters of the object of an open verb read by its sibling clause
# What an open verb's object names when it is work, not an industry (聚焦招商引资, 聚焦项目建设).
_NOT_AN_INDUSTRY = re.compile("招商|引资|项目|环境|改革|民生|人才|平台|机制|体制|工作|任务|目标|问题|创新|开放|主业")


def beside_closed(text: str, anchors: list[Anchor], i: int, end: int) -> bool:
    """Whether the open verb of anchor `i` sits in a series of region clauses of one sentence
    whose neighbour's verb names industries by itself (合肥偏向电子信息，芜湖聚焦汽车制造，马鞍山主打
    钢铁新材料): there 聚焦 names an industry too, where alone (聚焦招商引资) it names none."""
    verb_end = anchors[i][1]
    if end - verb_end > _SIBLING_MAX or _NOT_AN_INDUSTRY.search(text, verb_end, end):
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(anchors) and not any(w in anchors[j][3] for w in OPEN_ASSIGN_VERBS):
            lo, hi = sorted((anchors[i][0], anchors[j][0]))
            if "。" not in text[lo:hi] and "\n" not in text[lo:hi]:
                return True
    return False


def builds_industry(verb: str, objects: str) -> bool:
    """打造/聚焦 take any object (打造一流营商环境): after them, only an industry (…产业,
    …产业集群) is a focus; the other verbs (重点发展, 主导产业为) name industries by themselves."""
    return not any(w in verb for w in OPEN_ASSIGN_VERBS) or bool(_INDUSTRY_END.search(objects))


__all__ = ["LIST_LEAD", "beside_closed", "builds_industry", "clusters_after", "listed_lines"]
