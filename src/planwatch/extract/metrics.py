"""How a target is named and whether it recurs: list members, plausible names, annual flows.

`targets._metric` words a single target from the words around its number; this module
adds what needs the neighbours: in ``A、B和C分别占比达30%、20%和10%`` each value takes its
own member's name, and ``每年新增…100家`` is marked an annual flow so that tracking can
treat it per year. Pure functions over the view text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.extract.mentions import Mention

# Words that name no indicator on their own: scope, time and verb words, numbers.
_BARE = re.compile(
    r"^(?:全省|全市|全区|全县|我省|我市|面向|每年|年均|其中|行业型|累计|新增|培育|建设|打造|形成|实现|达到|力争|"
    r"年内|全年|今年|[\d.,%]+|[^\u4e00-\u9fffA-Za-z]*)$"
)


def metric_ok(metric: str | None) -> bool:
    """A name a planner would give the indicator: two characters or more, and not a bare
    scope word, verb or number.

    >>> [metric_ok(m) for m in ("工业互联网专业人才", "全省", "年均", "30", None)]
    [True, False, False, False, False]
    """
    return metric is not None and len(metric) >= 2 and _BARE.match(metric) is None


_RESPECTIVELY = "分别"
_MEMBER_SPLIT = re.compile(r"、|和|及|与")
_MEMBER_LEAD = re.compile(r"^(?:(?:到|至)?(?:19|20)\d\d\s?年(?:底|末)?,?|力争|全市|全省|全区|全县|年内|全年|今年|其中,?)+")
_MAX_MEMBER = 24


def list_members(text: str, mentions: Sequence[Mention]) -> dict[int, str]:
    """Metric per mention index for 分别 lists whose members and values pair one to one
    (A、B和C分别达到X、Y和Z); other mentions are left to the single-target wording."""
    out: dict[int, str] = {}
    groups: dict[tuple[int, int], list[int]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(m.clause, []).append(i)
    for (start, _end), indexes in groups.items():
        first = mentions[indexes[0]].q
        cut = text.rfind(_RESPECTIVELY, start, first.start)
        if len(indexes) < 2 or cut < 0:
            continue
        subject = _MEMBER_LEAD.sub("", text[start:cut].strip())
        members = _share_head([part.strip() for part in _MEMBER_SPLIT.split(subject)])
        if len(members) == len(indexes) and all(0 < len(p) <= _MAX_MEMBER for p in members):
            out.update(zip(indexes, members, strict=True))
    return out


# The head noun a list writes once, after its last member (电子信息、装备制造、新材料产业产值).
_SHARED_HEAD = re.compile(r"(?:产业|行业|企业|工业)[\u4e00-\u9fff]*$")


def _share_head(members: list[str]) -> list[str]:
    """Members lacking the head noun the last one carries take it.

    >>> _share_head(["电子信息", "装备制造", "新材料产业产值"])
    ['电子信息产业产值', '装备制造产业产值', '新材料产业产值']
    """
    head = _SHARED_HEAD.search(members[-1]) if members else None
    if head is None or head.start() < 2 or any(_SHARED_HEAD.search(p) for p in members[:-1]):
        return members
    return [p + head.group() for p in members[:-1]] + [members[-1]]


_ANNUAL = re.compile(r"每年|年均(?:新增|新建|培育|引进|认定|新认定|实施|开展|推进|建设|打造)")
_RATIO_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "倍"})


def flow_of(text: str, m: Mention, change: str | None) -> str | None:
    """"annual" for an amount due every year (每年新增规上工业企业100家, 每年开展培训1万人次);
    rates (每年增长10%) and decreases are no flows, and other targets are left to review.

    Matches `services.materialise.flow_of`, which decides for targets left at None."""
    if change == "decrease" or m.q.unit in _RATIO_UNITS:
        return None
    return "annual" if _ANNUAL.search(text, m.clause[0], m.q.start) else None
