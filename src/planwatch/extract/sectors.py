"""The sectors of an industry list as a planner names them (电子信息、生物医药等高新技术产业 →
电子信息, 生物医药): every region-focus rule reads its list through `split_sectors`.

Pure string functions, split from `regions` so the rules and the list reading stay apart.
"""

from __future__ import annotations

import re

LIST_SEP = re.compile(r"[、,]")  # between the items of a list (folded text: ASCII comma)
_HEAD_OF_ITS_OWN = 3  # Chinese characters before 和/及/与 that make the part a sector of its own

_CONJ_SPLIT = re.compile(r"(和|及|与)")
_NUMBERS = {c: n for n, c in enumerate("二三四五六七八九", start=2)} | {"两": 2}  # a count of the list's items
_COUNTED = re.compile(f"([{''.join(_NUMBERS)}])[大个类][^、,]{{0,12}}$")
_AND_SPLIT = re.compile(r"(和)")  # the last item of a 、-list: only 和 closes the list
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Details in brackets after a sector (高端装备制造（工程机械、机器人…）) name its parts, not sectors.
_DETAILS = re.compile(r"\([^()]*\)")
# 等 inside the last item closes the list; what follows is the umbrella category (等高新技术产业,
# 等重点领域), not a sector of its own.
_ETC_CATEGORY = re.compile(r"(?<=[\u4e00-\u9fffA-Za-z0-9])等[\u4e00-\u9fff]{2,}$")


def split_sectors(phrase: str) -> list[str]:
    """Sectors of a list, split on 、 and on 和/及/与 between names with heads of their own;
    bracketed details dropped, and a category after 等 too.

    Where the list has 、, a planner names each sector as one item: an item joined inside by
    及/与/和 is one sector (先进计算和存储, 半导体及集成电路, 软件与信息服务业), save the last
    item's 和, which closes the list (智能装备、通用航空和新材料). Without 、, 和/及/与 between
    two names with heads of their own is the list (新能源汽车和智能制造, 有色金属及新型建材).

    >>> split_sectors("高端装备制造(工程机械、机器人)、汽车")
    ['高端装备制造', '汽车']
    >>> split_sectors("电子信息、生物医药等高新技术产业")
    ['电子信息', '生物医药']

    >>> split_sectors("新能源汽车和智能制造")
    ['新能源汽车', '智能制造']
    >>> split_sectors("镁基轻合金新材料、PVA和PVB新材料产业")
    ['镁基轻合金新材料', 'PVA和PVB新材料']
    >>> split_sectors("集成电路、先进计算和存储、软件与信息服务业")
    ['集成电路', '先进计算和存储', '软件与信息服务业']
    >>> split_sectors("智能装备、通用航空和新材料")
    ['智能装备', '通用航空', '新材料']
    >>> split_sectors("机械装备制造、高新技术及轻工三大产业")
    ['机械装备制造', '高新技术', '轻工']
    """
    out: list[str] = []
    phrase = _DETAILS.sub("", phrase)
    items = LIST_SEP.split(trim_sector(phrase))
    listed = len(items) > 1
    counted = _COUNTED.search(phrase)  # 机械装备制造、高新技术及轻工三大产业: the count says 及 closes it
    closes = listed and counted is not None and _NUMBERS[counted.group(1)] == len(items) + 1
    for i, item in enumerate(items):
        item = _ETC_CATEGORY.sub("", item)  # 生物医药等高新技术: 等 closes the list, a category follows
        if closes and i == len(items) - 1:
            out.extend(_CONJ_SPLIT.split(item)[::2])
            continue
        if listed and (i < len(items) - 1 or "和" not in item):
            out.append(item)  # 先进计算和存储、…: one item, one sector
            continue
        parts = (_AND_SPLIT if listed else _CONJ_SPLIT).split(item)
        cur = parts[0]
        for conj, nxt in zip(parts[1::2], parts[2::2], strict=True):
            if len(_HAN.findall(cur)) >= _HEAD_OF_ITS_OWN:
                out.append(cur)
                cur = nxt
            else:
                cur += conj + nxt
        out.append(cur)
    return [s for s in (trim_sector(s) for s in out) if len(s) >= 2]


# A count closing a list (…三大五百亿产业集群, …四大主导产业): it sizes the list, names no sector.
_COUNT_TAIL = re.compile(
    r"等?[一二两三四五六七八九十\d]+[大个类](?:[一二三四五六七八九十百千万\d]*亿元?级?)?(?:主导|重点|特色|优势|新兴|战略性新兴)?$"
)


def trim_sector(sector: str) -> str:
    """A sector without the list's tails (产业, 等, 为主导, a count such as 三大, 特色) and a leading 以
    or rank (国家, 省级)."""
    sector = sector.strip(" 等")
    for tail in ("等产业布局", "产业布局", "为主导产业", "为主导", "为首位产业", "为首位", "为支柱产业", "为支柱", "为重点", "为特色", "为主", "等产业", "等领域",
                 "产业集群", "产业", "领域", "等"):
        if sector.endswith(tail) and len(sector) > len(tail) + 1:
            sector = sector[: -len(tail)]
    counted = _COUNT_TAIL.search(sector)
    if counted and counted.start() >= 2:
        sector = sector[: counted.start()]
    if sector.endswith("特色") and len(sector) > 4:  # 汽车零部件特色(产业集群): a rank, no industry
        sector = sector[:-2]
    rank = _RANK_HEAD.match(sector)
    if rank and len(sector) - rank.end() >= 2:  # 国家钛金属新材料: the rank of the site, not its industry
        sector = sector[rank.end() :]
    return sector.removeprefix("以").strip(" 等")


_RANK_HEAD = re.compile("国家级|省级|市级|国家(?!安全)")


__all__ = ["LIST_SEP", "split_sectors", "trim_sector"]
