"""Numbers with a unit that state no goal: thresholds, grant terms, weights, lists, meetings.

`noise.is_noise` asks `states_no_goal` last, after its own tests (tables, titles, names,
qualifiers, capacities). Each rule here is one small named predicate over the view text;
examples and must-not-match cases are in tests/corpus/targets_terms.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planwatch.extract.quantities import QUANTITY, Quantity
from planwatch.extract.years import CLAUSE_END, SENTENCE_END, sentence_bounds

_CLAUSE_MARK = re.compile(r"[,;。:!?\n]")
_LIST_JOINER = re.compile(r"[、和及与]")


def _clause_end(text: str, pos: int) -> int:
    found = _CLAUSE_MARK.search(text, pos, pos + 80)
    return found.start() if found else min(len(text), pos + 80)


def _threshold(text: str, q: Quantity) -> bool:
    """培育10个以上应用场景的数字工厂不少于10个, 年营业收入超500亿元的5个: a number that, with
    的, qualifies what the next number of its clause counts; the next one is the goal."""
    if text.find("的", q.end, q.end + 16) < 0:
        return False  # no 的 where the text between the two numbers may stand: no search needed
    end = _clause_end(text, q.end)
    following = QUANTITY.search(text, q.end, end)
    if following is None:
        return False
    between = text[q.end : following.start()]
    return len(between) <= 16 and "的" in between and not _LIST_JOINER.search(between)


def _inclusive_bound(text: str, q: Quantity) -> bool:
    """1亿元(含)以上的项目: (含) marks the threshold of a class of projects or firms."""
    return text.startswith("(含)", q.unit_end)  # the view folds （含） to (含)


_INCENTIVE = re.compile(r"给予|奖励|补助|补贴|奖补|资助|贴息")


def _grant_condition(text: str, q: Quantity) -> bool:
    """对投资规模1亿元以上的项目,…给予10%的补助: the clause after 对 names who gets a grant."""
    start, _end = sentence_bounds(text, q.num_start, CLAUSE_END)
    if not text.startswith("对", start):
        return False
    sentence = sentence_bounds(text, q.num_start, SENTENCE_END)
    return _INCENTIVE.search(text, *sentence) is not None


_ASSESSMENT = re.compile(r"考核|评分|评估|评价|权重|得分|分值|计分")
_WEIGHT_BEFORE = re.compile(r"(?:占|权重为|权重|分值为|分值)$")


def _scoring_weight(text: str, q: Quantity) -> bool:
    """日常监测占60%、年度评估占40%: the weight of a part in an assessment method."""
    if q.unit != "%" or not _WEIGHT_BEFORE.search(text, max(0, q.start - 3), q.start):
        return False
    return _ASSESSMENT.search(text, *sentence_bounds(text, q.num_start, SENTENCE_END)) is not None


_ENUMERATED_BEFORE = re.compile(r"(?:涵盖|包括|包含|共计|收录|列入|共涉及|涉及)[^,;。\d]{0,4}$")


def _enumerated(text: str, q: Quantity) -> bool:
    """清单包括2034种商品, 涵盖12个行业: a count of what a list or catalogue holds."""
    return _ENUMERATED_BEFORE.search(text, max(0, q.start - 10), q.start) is not None


_CATALOGUE_BEFORE = re.compile(r"(?:清单|目录|名录|名单)[^,;。\d]{0,4}?(?:共有|共|现有|含)$")


def _catalogue_total(text: str, q: Quantity) -> bool:
    """负面清单共2034种商品, 企业名录共有325家: how many entries a catalogue holds, with no list verb."""
    return _CATALOGUE_BEFORE.search(text, max(0, q.start - 12), q.start) is not None


def _slogan_doubling(text: str, q: Quantity) -> bool:
    """实现“三年翻一番、冲刺五百亿”的总体目标: a doubling inside a quoted slogan names the goal's
    motto; the plan states the goal itself in figures elsewhere."""
    if not text.startswith("翻", q.num_start):
        return False
    start, _end = sentence_bounds(text, q.num_start, SENTENCE_END)
    opened = text.rfind("“", start, q.num_start)
    return opened >= 0 and text.find("”", opened, q.num_start) < 0 and q.num_start - opened <= 12


_PERIODIC = re.compile(r"每(?:年|半年|季度|季|月|旬|周)[^,;。]{0,12}$")
_MEETING = re.compile(r"召开|会议|例会|调度会|座谈会")


def _meeting_rhythm(text: str, q: Quantity) -> bool:
    """每月召开1次调度会, 每季度至少开展1次督查: the rhythm of the plan's own machinery."""
    if q.unit != "次":
        return False
    start, end = sentence_bounds(text, q.num_start, CLAUSE_END)
    return bool(_MEETING.search(text, start, end) or _PERIODIC.search(text, start, q.start))


_SCOPE_VERB = re.compile(r"(?:聚焦|围绕|针对|瞄准)$")


def _scope_of_focus(text: str, q: Quantity) -> bool:
    """机械行业聚焦11个细分行业编制方案: the number of areas an effort covers."""
    return _SCOPE_VERB.search(text, max(0, q.start - 2), q.start) is not None


# 按不超过已支付利息的50%, 按设备投资额的10%: a rate taken of a base the firm pays or spends.
_RATE_OF_BASE = re.compile(r"按(?:照)?[^,;。按]{0,12}的$")


def _rate_of_base(text: str, q: Quantity) -> bool:
    """按不超过已支付利息的50%(给予贴息): the rate of a grant or a charge, an incentive term,
    even when the grant word stands in another clause."""
    return q.unit == "%" and _RATE_OF_BASE.search(text, max(0, q.start - 16), q.start) is not None


_EXPLAINS = re.compile(r"是指|即|指的是|意为")


def _defines_unit(text: str, q: Quantity) -> bool:
    """300EFLOPS(EFLOPS是指每秒百亿亿次浮点运算): a bracket that explains a unit or a term."""
    opened = text.rfind("(", max(0, q.num_start - 24), q.num_start)
    if opened < 0 or text.find(")", opened, q.num_start) >= 0:
        return False
    return _EXPLAINS.search(text, opened, q.num_start) is not None


# The plan's own parts and the scope of a task: 实施27项工程, 8个方面的重大行动, 推动6个转型,
# 8个重大工程, 27项主要指标中, 19项完成全年目标; 挂点帮扶32个重点工业企业.
_OWN_PARTS_AFTER = re.compile(r"(?:重大|重点|主要|专项|方面的重大|方面的)?(?:工程|行动|转型|方面|指标|任务)(?![师])")
# 19项完成全年目标, 8项不及预期: how many of the plan's indicators were met.
_MET_AFTER = re.compile(r"(?:超额)?(?:完成|达到|实现|未完成|未达到|未实现|不及|低于)了?(?:全年|年度|序时)?(?:目标|预期|进度)")
# 4个结构性指标, 9项强县工程经济指标: a count of the plan's (or a report's) indicators.
_INDICATORS_AFTER = re.compile(r"[^,;。、\d]{0,8}?指标")
# 52项民生实事全部超额完成: how many of the year's tasks were done.
_DONE_AFTER = re.compile(r"[^,;。\d]{0,8}?(?:全部|均已|均|已全部|全面)(?:超额)?完成")
_TASK_SCOPE_BEFORE = re.compile(r"(?:挂点|包联|挂钩|结对|联系)(?:帮扶|服务|联系)?$")
_PART_UNITS = frozenset({"项", "个", "大", "方面", "条"})


def _own_parts(text: str, q: Quantity) -> bool:
    """A count of the plan's own projects, actions or indicators, or of those a task serves."""
    if q.unit not in _PART_UNITS:
        return False
    if _OWN_PARTS_AFTER.match(text, q.end) is not None or _MET_AFTER.match(text, q.end) is not None:
        return True
    if _INDICATORS_AFTER.match(text, q.end) is not None:
        return True  # 4个结构性指标均实现10%以上增长, 9项强县工程经济指标
    if q.unit in {"项", "个"} and _DONE_AFTER.match(text, q.end) is not None:
        return True  # 10大类52项民生实事全部超额完成
    return _TASK_SCOPE_BEFORE.search(text, max(0, q.start - 4), q.start) is not None


_BEATS_TARGET = re.compile(r"(?:高于|超过|超出|超额完成|低于|快于)[^,;。]{0,16}目标(?:值)?$")


def _beats_target(text: str, q: Quantity) -> bool:
    """高于“十四五”规划建设目标8.4个: by how much a result beats or misses a goal, a report's figure."""
    lo = max(0, q.start - 24)
    return text.find("目标", lo, q.start) >= 0 and _BEATS_TARGET.search(text, lo, q.start) is not None


def _doubling_then_level(text: str, q: Quantity) -> bool:
    """实现翻一番，达到1000亿元: the level after the doubling states the same goal; it is kept."""
    if not text.startswith("翻", q.num_start):
        return False
    _start, end = sentence_bounds(text, q.num_start, SENTENCE_END)
    return QUANTITY.search(text, q.end, end) is not None


def _report_and_plan_terms(text: str, q: Quantity) -> bool:
    """The rate of a base, a unit explained, the plan's own parts, a goal beaten (issue #11).

    One rule over four predicates, each behind a literal gate (the unit, a bracket or 目标
    just before): asked of every number, one rule costs less than four."""
    if q.unit == "%":
        if _rate_of_base(text, q):
            return True
    elif q.unit in _PART_UNITS and _own_parts(text, q):
        return True
    return _defines_unit(text, q) or _beats_target(text, q)


RULES: tuple[tuple[str, Callable[[str, Quantity], bool]], ...] = (
    ("threshold", _threshold),
    ("inclusive bound", _inclusive_bound),
    ("grant condition", _grant_condition),
    ("scoring weight", _scoring_weight),
    ("enumerated", _enumerated),
    ("catalogue total", _catalogue_total),
    ("slogan doubling", _slogan_doubling),
    ("meeting rhythm", _meeting_rhythm),
    ("scope of focus", _scope_of_focus),
    ("report and plan terms", _report_and_plan_terms),
    ("doubling then level", _doubling_then_level),
)


def states_no_goal(text: str, q: Quantity) -> bool:
    """Whether any rule reads the mention as something other than a goal or a past value."""
    return any(rule(text, q) for _name, rule in RULES)
