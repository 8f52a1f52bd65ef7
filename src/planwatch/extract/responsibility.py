"""Who is responsible: unit lists and responsibility notes, parsed into (lead, support).

Every layout of a task (closing note, labelled lines, annex table, prose) ends up naming
units in one of two shapes: a labelled list (牵头单位:市发改委;配合单位:市科技局、…) or a
verbal one (市经信委牵头,市发改委、市财政局等部门配合). Both are parsed here, once, so the
finders in `tasks` and `task_tables` only find *where* a note is.

Units are kept as written, minus what is not part of a name: boilerplate verbs after the
list (按职责分工负责) and the class noun after 等 (市财政局等部门 → 市财政局).
"""

from __future__ import annotations

import re

from planwatch.extract.context import Context
from planwatch.extract.text import fold
from planwatch.lexicon.departments import (
    LEAD_VERBS,
    OWNER_VERBS,
    ROLE_LABELS,
    SUPPORT_VERBS,
    TRAILING,
    TRAILING_CLASS,
    UNIT_CONJUNCTIONS,
    UNIT_ENDINGS,
)

Units = tuple[str, ...]

_LABELS = "|".join(sorted((w for w, _ in ROLE_LABELS), key=len, reverse=True))
_LABEL = re.compile(rf"({_LABELS})\s*:")
_ROLE = dict(ROLE_LABELS)
_SEPARATORS = "、,;， \n"
_OPENERS = "(“《〔[【"
_CLOSERS = ")”》〕]】"
_BRACKET = re.compile("[" + re.escape(_OPENERS + _CLOSERS) + "]")
_SEPARATOR = re.compile("[" + re.escape(_SEPARATORS) + "]")
_CLASS_TAIL = re.compile(rf"等(?:{'|'.join(TRAILING_CLASS)})$")
_CONJ = re.compile("|".join(UNIT_CONJUNCTIONS))
_CONJ_CHARS = frozenset("".join(UNIT_CONJUNCTIONS))  # a conjunction holds one of them
_MAX_UNIT = 30
# Another label that is no role (完成时限:, 时间节点:) ends the list before it.
_OTHER_LABEL = re.compile(r"[;,。\n]\s*[^;,。:\s]{2,8}:")


def split_units(value: str) -> Units:
    """Units of a list as written, split on 、 , ; and blanks outside brackets and quotes.

    >>> split_units("市发改委、居巢经开区,各有关乡镇、街道按职责分工负责")
    ('市发改委', '居巢经开区', '各有关乡镇', '街道')
    >>> split_units("市发改委、市财政局等部门")
    ('市发改委', '市财政局')
    >>> split_units("市级各有关部门及各县(市、区)人民政府")
    ('市级各有关部门', '各县(市、区)人民政府')
    """
    # Without a bracket to stay inside, every separator splits: one C-level split.
    units = _SEPARATOR.split(value) if _BRACKET.search(value) is None else _split_outside_brackets(value)
    return tuple(u for part in units for u in _split_joined(_clean_unit(part)) if u)


def _split_outside_brackets(value: str) -> list[str]:
    units: list[str] = []
    depth, cur = 0, list[str]()
    for ch in value:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if ch in _SEPARATORS and depth == 0:
            units.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    units.append("".join(cur))
    return units


# A bracket after a unit that remarks on the list, not a part of the name (区商务局(区药发中心) is
# an alias and stays): 市财政局(第一责任单位为牵头单位,下同), 市工信局(列第一位的为牵头单位), 市财政局(负责资金保障).
_REMARK = re.compile(r"\((?=[^()]*(?:下同|牵头|负责|配合|列第|排第|按职责|分工|以下|注:))[^()]*\)$")


def _clean_unit(unit: str) -> str:
    """Drop blanks, a trailing remark in brackets, trailing boilerplate (按职责分工负责) and
    等 with its class noun (等部门).

    >>> _clean_unit("市财政局(第一责任单位为牵头单位,下同)"), _clean_unit("区商务局(区药发中心)")
    ('市财政局', '区商务局(区药发中心)')
    """
    unit = unit.strip(" \t\n\u3000。.:")
    if unit.endswith(")") and (remark := _REMARK.search(unit)) is not None and remark.start() >= 2:
        unit = unit[: remark.start()].rstrip()
    if unit.endswith(TRAILING):  # one test for the usual unit that ends in none of them
        for tail in TRAILING:
            if unit.endswith(tail) and len(unit) > len(tail):
                unit = unit[: -len(tail)]
                break
    cut = _CLASS_TAIL.search(unit) if "等" in unit else None
    if cut and cut.start() >= 2:
        unit = unit[: cut.start()]
    return unit.strip(" \t\n\u3000。.:")


def _split_joined(unit: str) -> list[str]:
    """Split 市级各有关部门及各县市区政府 on 和/及/以及/与 only where both sides are whole
    units: 省工业和信息化厅 and 市住房和城乡建设局 stay one name, since 省工业 and 市住房 are not."""
    if _CONJ_CHARS.isdisjoint(unit):
        return [unit]  # most units hold no conjunction: no matches to look for
    for m in _CONJ.finditer(unit):
        left, right = unit[: m.start()], unit[m.end() :]
        if _is_whole_unit(left) and _is_whole_unit(right):
            return [left, *_split_joined(right)]
    return [unit]


def _is_whole_unit(name: str) -> bool:
    return looks_like_unit(name) or name.endswith(("部门", "单位"))


def looks_like_unit(name: str) -> bool:
    """Whether a name reads like a body that can be responsible (ends like 委/局/厅/中心…)."""
    return 2 <= len(name) <= _MAX_UNIT and name.endswith(UNIT_ENDINGS)


def parse_note(content: str) -> tuple[Units, Units] | None:
    """(lead, support) of a note's text, labelled or not; None if it names no responsible unit.

    >>> parse_note("牵头单位:市发改委,配合单位:市科技局、居巢经开区,各有关乡镇")
    (('市发改委',), ('市科技局', '居巢经开区', '各有关乡镇'))
    >>> parse_note("牵头单位:市经信委;配合单位:市科技局;完成时限:2018年底")
    (('市经信委',), ('市科技局',))
    >>> parse_note("市经信委牵头,市发改委、市科技局配合")
    (('市经信委',), ('市发改委', '市科技局'))
    """
    if not _ROLE_WORD.search(content):
        return None  # most brackets are no notes: （一）, （2020年）, （以下简称…）
    return labelled(content) or verbal(content)


_MAX_BARE = 8


def bare_units(content: str) -> Units | None:
    """The units of a note that is nothing but a unit list (（各有关单位）, （市发改委、市财政局）):
    they lead. Whether such a bracket closes a task item is the caller's question.

    >>> bare_units("各有关单位")
    ('各有关单位',)
    >>> bare_units("以下简称“规划”") is None
    True
    """
    units = split_units(content)
    if not units or len(units) > _MAX_BARE or not all(_is_whole_unit(u) for u in units):
        return None
    return units


# Every note names a role: a label (牵头单位:) or a verb ending a unit list (X牵头, X负责);
# `labelled` needs a label and `verbal` a lead or owner verb. Text holding none of them is
# no note, so this one search rejects exactly what the two parsers would.
_ROLE_WORD = re.compile(
    "|".join(re.escape(w) for w in sorted({*_ROLE, *LEAD_VERBS, *OWNER_VERBS}, key=len, reverse=True))
)


def labelled(content: str) -> tuple[Units, Units] | None:
    """A note made of labels and lists: 牵头单位:…;配合单位:…. 责任单位 leads unless a lead
    label is also present, in which case it names those who carry the work out (support)."""
    found = list(_LABEL.finditer(content))
    if not found or content[: found[0].start()].strip(" \t\n"):
        return None
    roles = [_ROLE[m.group(1)] for m in found]
    owner_role = "support" if "lead" in roles else "lead"
    lead: list[str] = []
    support: list[str] = []
    for m, nxt, role in zip(found, [*found[1:], None], roles, strict=True):
        value = content[m.end() : nxt.start() if nxt else len(content)]
        value = _OTHER_LABEL.split(value, maxsplit=1)[0].split("。", 1)[0]  # a remark may follow the list
        target = lead if (owner_role if role == "owner" else role) == "lead" else support
        target.extend(split_units(value))
    return (tuple(lead), tuple(support)) if lead or support else None


_SEGMENT = re.compile(r"[,;]")


def verbal(content: str) -> tuple[Units, Units] | None:
    """Unlabelled notes: 市经信委牵头，市发改委配合 / 市发改委、市经信委负责."""
    lead: list[str] = []
    support: list[str] = []
    owners: list[str] = []
    pending: list[str] = []
    for seg in _SEGMENT.split(content):
        seg = seg.strip().removeprefix("由")
        if verb := ends_with(seg, LEAD_VERBS):
            lead.extend(pending + list(split_units(seg[: -len(verb)])))
        elif verb := ends_with(seg, OWNER_VERBS):  # before SUPPORT: 按职责分工负责 alone leads
            owners.extend(pending + list(split_units(seg[: -len(verb)])))
        elif verb := ends_with(seg, SUPPORT_VERBS):
            support.extend(pending + list(split_units(seg[: -len(verb)])))
        elif seg and all(_names_body(u) for u in split_units(seg)):
            pending.extend(split_units(seg))  # 合肥市，省发展改革委牵头: 合肥市 shares the verb after it
            continue
        elif seg:
            return None
        pending = []
    if pending:
        return None
    if lead:
        support.extend(owners)
    else:
        lead = owners
    if not lead or not any(looks_like_unit(u) for u in lead + support):
        return None
    return tuple(lead), tuple(support)


def _names_body(name: str) -> bool:
    """A unit that can share the verb of the next segment: a body (市发改委) or a city or
    county named as the government that answers for it (合肥市, 舒城县)."""
    return looks_like_unit(name) or (2 <= len(name) <= 8 and name.endswith(("市", "县", "州", "旗", "盟")))


def ends_with(seg: str, words: tuple[str, ...]) -> str | None:
    """The first of `words` that `seg` ends with, leaving something before it."""
    return next((w for w in words if seg.endswith(w) and len(seg) > len(w)), None)


def as_written(ctx: Context, start: int, end: int, units: Units) -> Units:
    """Units as the source writes them (（州） not (州)): folding keeps lengths, so a unit found
    in the folded view range is cut from the same place in the source range."""
    if not units:
        return ()
    source = ctx.view.source_text(start, end)
    folded = fold(source)
    out = []
    for unit in units:
        at = folded.find(unit)
        out.append(source[at : at + len(unit)] if at >= 0 else unit)
    return tuple(out)


_TITLE_END = re.compile(r"[。;:]")


def first_sentence(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """[start, end) of the first sentence in text[start:limit], blanks trimmed: how a task
    item or an annex task cell names its task."""
    while start < limit and text[start] in " \t\u3000*":  # blanks and markdown emphasis (**…**)
        start += 1
    m = _TITLE_END.search(text, start, limit)
    end = m.start() if m else limit
    while end > start and text[end - 1] in " \t,*":
        end -= 1
    return (start, end) if end > start else None

