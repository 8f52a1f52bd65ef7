"""Targets: every quantitative goal, one per number.

The mention classifier (`mentions`) decides which numbers are goals and their due
year; this module words each one: metric, change, baseline and sector.
"""

from __future__ import annotations

import re

from planwatch.extract.context import Context
from planwatch.extract.mentions import Mention, change_of, classify_mentions
from planwatch.extract.metrics import flow_of, list_members, metric_ok
from planwatch.extract.quantities import QUANTITY
from planwatch.extract.sections import Outline
from planwatch.extract.years import CLAUSE_END, PARAGRAPH_END, SENTENCE_END, sentence_bounds
from planwatch.lexicon import units as U
from planwatch.model import Target

# Words that open a goal clause and are not part of what is measured.
_LEAD = re.compile(
    r"^(?:(?:力争|争取|确保|预计|计划|努力|基本|全面|进一步|其中|并且|并|和|及|以及|同时|实现|全市|全省|全区|全县|"
    r"到|至|在|通过|使|面向|围绕|今年|明年|\d{1,2}年内)\s*)+"
)
_YEAR_LEAD = re.compile(r"^(?:力争|争取|确保|预计)?(?:到|至|截至)?\s*(?:19|20)\d\d\s?年(?:底|末|前)?[,\s]*")
_BASELINE_TAIL = re.compile(r"(?:比|较)(?:19|20)\d\d\s?年(?:末|底)?$")
_FLOW_HEAD = re.compile(r"^(?:新增|净增|新认定|新培育|新引进|新获批)")
_TAIL_VERB = re.compile(
    r"(?:力争|争取|确保)?(?:达到|达|突破|超过|超|实现|为|在|保持|稳定在|控制在|提高到|提升到|增加到|提高至|提升至|"
    r"比(?:19|20)\d\d\s?年|下降|降低|增长|增速|增加|提高|提升|净增|新增|新认定|分别|占|不少于|不低于|至少|约|将)+$"
)
_OBJECT_VERB = re.compile(
    r"(?:培育|建成|建设|打造|形成|新增|净增|新认定|认定|引进|创建|设立|新建|续建|培养|建立|组建|推动|实施|"
    r"扶持|清理|预留|引育|拥有|发展|储备|招引|开工|完成)$"
)
_OBJECT_VERB_HEAD = re.compile(
    r"^(?:培育|建成|建设|打造|形成|引进|创建|设立|新建|续建|培养|建立|组建|推动|实施|扶持|拥有|发展|招引)+"
)
_INDUSTRY = re.compile(
    r"(?:产业|制造|制造业|材料|汽车|装备|信息技术|电子信息|医药|经济|能源|环保|健康|服务业|电子|数据|化工|航空|纺织)$"
)
_VERBISH = re.compile(r"加快|推进|提升|改造|壮大|培育|打造|持续|强化|集聚|优化|实施|工程|行动|引")
_GENERIC_TITLE = re.compile(r"目标|原则|思想|要求|任务|措施|保障|机制|重点|布局|意见|方向|定位")


_JOINER = re.compile(r"^(?:以上|左右|以内|的)?[、,和及与\s]*")
_FROM_TO = re.compile(
    r"(?:由|从)[^,;]*?(?:(?:增加|提高|提升|扩大|增长|上升)?(?:到|至)|调整为|优化为)(?:(?:19|20)\d\d\s?年(?:底|末)?的)?$"
)
_CHANGE_WORDS = ("净增", "新增", "新认定", "增长", "下降", "降低", "增速", "提高", "提升")
_CHANGE_TAIL = re.compile(rf"(?:同比|年均)?(?:{'|'.join(_CHANGE_WORDS)})$")


_RIGHT_END = re.compile(r"[,、;(和]")
_RIGHT_LEAD = re.compile(r"^(?:的|左右|以上|及以上)+")
_SECTOR_IN_METRIC = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:产业|制造业))(?!集群|基地|园|链|平台)")


def _metric(text: str, m: Mention) -> str | None:
    """What is measured, as the text words it: the words before the number, or after it
    when a verb stands right before the number (培育5—6个产业创新服务综合体)."""
    q = m.q
    left = _FROM_TO.sub("", text[m.clause[0] : q.start])
    previous = [p.end() for p in QUANTITY.finditer(left) if p.group("unit") not in U.NEEDS_MAGNITUDE]  # not 5G
    if previous:
        left = _JOINER.sub("", left[previous[-1] :])
    left = left.lstrip("、,和及 ")
    left = _LEAD.sub("", _YEAR_LEAD.sub("", left)).strip()
    right = text[q.end : m.clause[1]].rstrip("。,;:!?\n ")
    right = _RIGHT_END.split(right)[0]
    right = _RIGHT_LEAD.sub("", right).strip()
    # `left` is stripped: it ends in a change word where _CHANGE_TAIL finds one, and endswith
    # tells so without trying the pattern at every position of the clause.
    if left.endswith(_CHANGE_WORDS) and len(_CHANGE_TAIL.sub("", left)) >= 2:
        return _BASELINE_TAIL.sub("", _OBJECT_VERB_HEAD.sub("", _CHANGE_TAIL.sub("", left))).strip()
    if not left or _OBJECT_VERB.search(left) or left.endswith("等"):
        return right or None
    cleaned = _FLOW_HEAD.sub("", _OBJECT_VERB_HEAD.sub("", _TAIL_VERB.sub("", left))).strip()
    return cleaned or right or None


def _sector(outline: Outline, pos: int, metric: str | None) -> str | None:
    for section in reversed(outline.chain(pos)):
        title = section.title.rstrip("。")
        if len(title) <= 14 and _INDUSTRY.search(title) and not _GENERIC_TITLE.search(title) and not _VERBISH.search(title):
            return title
    if metric:
        found = _SECTOR_IN_METRIC.search(metric)
        if found:
            return found.group(1)
    return None


def find_targets(ctx: Context) -> list[Target]:
    text = ctx.view.text
    out: list[Target] = []
    previous: Mention | None = None
    mentions = [m for m in classify_mentions(ctx) if m.kind == "target"]
    members = list_members(text, mentions)
    for i, m in enumerate(mentions):
        q = m.q
        comparator = _shared_bound(text, m, previous)
        metric = members.get(i) or _metric(text, m)
        if not metric_ok(metric):
            metric = _elided(text, m, previous, out[-1].metric if out else None) or metric
        previous = m
        change = change_of(text, m.clause, q)
        out.append(
            Target(
                **ctx.sourced(_quote_start(text, m), _quote_end(text, m)),
                metric=metric,
                value=q.value,
                value_max=q.value_max,
                unit=q.unit,
                comparator=comparator,
                year=m.year,
                change=change,
                baseline_year=m.baseline_year,
                sector=_sector(ctx.outline, q.start, metric),
                flow=flow_of(text, m, change),
            )
        )
    return out


_SUBJECT_END = re.compile(r"实现|达到|达|突破|增长|增加|提高|提升|翻|保持|超过|力争|比|较|由|从")


def _elided(text: str, m: Mention, previous: Mention | None, previous_metric: str | None) -> str | None:
    """The subject a clause leaves out, as a planner reads it: the label of a label–value
    line (5G基站：累计建成1.2万个), the subject of the clause
    before when that clause sets no goal (产值实现翻一番，达到1000亿元), else the previous goal's
    metric in the sentence (达到3000亿元，年均增长8%) or, for 累计…, in the paragraph
    (新培育…企业100家。到2025年，累计达到300家)."""
    sentence = sentence_bounds(text, m.q.num_start, SENTENCE_END)
    if m.clause[0] > sentence[0]:
        before = sentence_bounds(text, m.clause[0] - 1, CLAUSE_END)
        if previous is None or previous.q.num_start < before[0]:
            last = _LEAD.sub("", _YEAR_LEAD.sub("", text[before[0] : before[1]].strip())).strip()
            if last.endswith(":") and before[0] == sentence[0] and metric_ok(last[:-1]):
                return last[:-1]  # 千兆宽带用户：50万户 — a label and its value
            cut = _SUBJECT_END.search(last)
            if cut and metric_ok(last[: cut.start()]):
                return last[: cut.start()]
    if previous is None or previous_metric is None:
        return None
    if sentence_bounds(text, previous.q.num_start, SENTENCE_END) == sentence:
        return previous_metric
    para = sentence_bounds(text, m.q.num_start, PARAGRAPH_END)
    accrued = "累计" in text[m.clause[0] : m.q.start]
    return previous_metric if accrued and previous.q.num_start >= para[0] else None


def _shared_bound(text: str, m: Mention, previous: Mention | None) -> str:
    """分别超过85%和65%: a bound word before the first number of a 分别 list bounds them all."""
    q = m.q
    if (q.comparator == "=" and previous is not None and previous.clause == m.clause
            and previous.q.start < previous.q.num_start and "分别" in text[m.clause[0] : previous.q.start]):
        return previous.q.comparator
    return q.comparator


def _quote_start(text: str, m: Mention) -> int:
    """The quote runs from the start of the clause (or the list item) to the bound word."""
    start = m.clause[0]
    seg = text[start : m.q.start]
    cut = seg.rfind("、")
    if cut >= 0 and len(seg) - cut > 4:
        start += cut + 1
    while start < m.q.start and text[start] in " \t\u3000":
        start += 1
    return start


def _quote_end(text: str, m: Mention) -> int:
    """…and on to the end of the clause, so the reviewer sees what is counted."""
    end = m.clause[1]
    while end > m.q.end and text[end - 1] in "。,;:!?、\n ":
        end -= 1
    cut = text.find("、", m.q.end, end)
    return cut if cut >= 0 else end
