"""Mentions that are never goals or past values: table cells, titles, names, qualifiers,
capacities, incentive amounts, counts of listed items or of the plan's own parts.

`mentions.classify_mentions` drops each `Quantity` that `is_noise` finds before it reads
years or verbs; `not_targets.states_no_goal` is asked last. Split from `mentions` so that
module keeps to what kind of statement a number is.
"""

from __future__ import annotations

import re

from planwatch.extract.not_targets import states_no_goal
from planwatch.extract.quantities import Quantity, names_a_thing
from planwatch.extract.years import CLAUSE_END, SENTENCE_END, sentence_bounds
from planwatch.lexicon import units as U

# A number-with-unit that only qualifies a noun: 500亿元级, 10亿元企业, 超50亿元的企业.
QUALIFIER_AFTER = re.compile(
    r"的?(?:重大|产业|工业|招商|制造业)?(?:企业|公司|龙头|骨干|大项目|项目|级|产业集群|集群|工程|以上企业|规模企业)"
)
# Capacity of a project (年产10万吨…项目) describes the project, it is not a goal.
CAPACITY_BEFORE = ("年产", "年产能", "年处理", "年加工", "年生产", "产能")
FROM_BEFORE = re.compile(r"(?:由|从)(?:目前|现在|现有|当前)?(?:的)?$")  # 由2005年的34.3% is an observation
# An amount that describes a project or company: 总投资120亿元的…项目, 超20亿元的…供应商.
DESCRIBED_BEFORE = re.compile(r"(?:超过|超|过|投资|总投资|计划投资|收入|营收|产值|销售额?)$")
# A count just before an amount with 的 (打造4个收入规模超千亿元的产业): the amount sizes each item.
COUNTED_BEFORE = re.compile(r"(?:\d+|[两三四五六七八九十]+)(?:个|家|大|批)[^,;。、\d]{0,8}$")
# Money handed out (若干政策: 给予100万元奖励, 按10%给予补助, 最高不超过500万元) is no goal.
INCENTIVE = re.compile(r"给予|奖励|补助|补贴|奖补|资助|贴息|一次性")
# Counts of the plan's own actors and measures (12个部门, 13条举措, 聚焦8条产业链).
OWN_PARTS = re.compile(r"^[^,;。]{0,6}(?:部门|单位|举措|措施|政策|产业链|链条)")


def _inside(text: str, pos: int, opener: str, closer: str, reach: int = 200) -> bool:
    """Whether the last `opener` within `reach` before pos is not closed before pos."""
    lo = max(0, pos - reach)
    i = text.rfind(opener, lo, pos)
    return i >= 0 and text.find(closer, i, pos) < 0


def _in_table_line(text: str, q: Quantity) -> bool:
    """Whether the line of the number (read at most 2000 characters either way) holds a tab.

    Searched in place rather than cut out. Near the top (lo == 0) the search back starts at
    -1, which str.rfind reads as the last character: nothing is found and the line is taken
    from the start of the text; this keeps that reading.
    """
    lo = max(0, q.num_start - 2000)
    start = text.rfind("\n", lo - 1, q.num_start) + 1 or lo
    end = text.find("\n", q.num_start, q.unit_end + 2000)
    return text.find("\t", start, q.unit_end + 2000 if end < 0 else end) >= 0


def is_noise(text: str, q: Quantity) -> bool:
    """Mentions that are never goals or past values: tables, titles, names, qualifiers.

    Each test alone makes a mention noise, so their order is free: the cheap test that
    rejects most Chinese numerals (names such as 三大, 一个) comes first."""
    if q.chinese and not _plausible_chinese(text, q):
        return True
    if _in_table_line(text, q) or _inside(text, q.num_start, "《", "》"):
        return True
    before = text[max(0, q.num_start - 4) : q.num_start]
    after = text[q.unit_end : q.unit_end + 6]
    after_bound = text[q.end : q.end + 6]
    if before.endswith(("+", "第", "前", "“", '"', "号", "/")) or after.startswith(("+", "”", '"')):
        return True  # …/百平方公里: the denominator of a density is no amount
    if _capacity_word(text, q, before) or FROM_BEFORE.search(text[max(0, q.num_start - 12) : q.num_start]):
        return True
    if _qualifies(text, q, after, after_bound) or _incentive(text, q) or OWN_PARTS.match(after_bound):
        return True
    if _is_capacity(text, q) or _counts_listed_items(text, q) or _counts_scope(text, q):
        return True
    return states_no_goal(text, q)


def _capacity_word(text: str, q: Quantity, before: str) -> bool:
    """年产10万吨, 产能50万吨: a capacity; but 占全国产能40%以上 is a share of one."""
    return before.endswith(CAPACITY_BEFORE) and "占" not in text[max(0, q.num_start - 10) : q.num_start]


_PHYSICAL = ("吨", "台", "辆", "千瓦", "瓦", "平方米", "米", "件", "套", "标准煤")


def _is_capacity(text: str, q: Quantity) -> bool:
    """五万吨镁基轻合金新材料项目: a physical amount naming a project describes it."""
    if not q.unit.endswith(_PHYSICAL):
        return False
    tail = _CLAUSE_MARK.split(text[q.end : q.end + 24], maxsplit=1)[0]
    return "项目" in tail


_DIGIT = re.compile(r"\d")
_MAGNITUDE_CHAR = re.compile(r"[十百千万亿]")


def _counts_listed_items(text: str, q: Quantity) -> bool:
    """合肥、芜湖、宣城3个新材料产业集聚区: the number counts the names just listed."""
    n = int(q.value)
    if n < 2 or n != q.value or q.value_max is not None:
        return False
    lo = max(0, q.start - 120)
    last = text.rfind("、", lo, q.start)
    if last < 0 or _ITEMS_END.search(text, last, q.start):
        return False  # no 、 in the number's clause (most numbers): one item there, fewer than n
    clause_start = max(max(text.rfind(ch, lo, q.start) for ch in ",;。:\n("), lo - 1) + 1
    items = text[clause_start : q.start].split("、")
    if _HEAD_AFTER_ETC.search(items[-1]):
        return False  # 原材料、消费品、装备等万亿级产业3个: the goal's count follows its head noun
    listed = items[-n:]
    return len(items) >= n and all(0 < len(i.strip()) <= 12 and not _DIGIT.search(i) for i in listed[1:])


_ITEMS_END = re.compile(r"[,;。:\n(]")  # what ends the clause of a list, as read above
_HEAD_AFTER_ETC = re.compile(r"等[\u4e00-\u9fff]{2,}$")
_CLAUSE_MARK = re.compile(r"[,;。、:!?\n]")
_CLAUSE_END_MARK = re.compile(r"[,;。:!?\n]")
_SCOPE = re.compile(r"(?:领域|方面|方向|主导产业|首位产业|特色产业)$")


def _counts_scope(text: str, q: Quantity) -> bool:
    """重点突破12个高端制造业领域, 选准1~2个主导产业: the number sizes the plan's scope or
    a choice each county makes; it is not a goal to be reached."""
    if q.unit not in {"个", "大", "项"}:
        return False
    tail = _CLAUSE_END_MARK.split(text[q.end : q.end + 16], maxsplit=1)[0]
    return bool(_SCOPE.search(tail))


def _qualifies(text: str, q: Quantity, after: str, after_bound: str) -> bool:
    """An amount qualifying a noun (10亿元企业, 500亿元级, 超50亿元的企业). Counts are what
    is counted (80家企业), never qualifiers."""
    if q.unit in U.COUNT_UNITS:
        return False
    if QUALIFIER_AFTER.match(after) or QUALIFIER_AFTER.match(after_bound):
        return True
    if not after_bound.startswith("的") or after_bound.startswith(("的目标", "的任务", "的水平")):
        return False  # 实现产值突破1000亿元的目标: the amount is the goal
    return bool(DESCRIBED_BEFORE.search(text[max(0, q.start - 4) : q.start])
                or COUNTED_BEFORE.search(text[max(0, q.start - 14) : q.start]))


_GRANT_PART = re.compile(r"最高|(?:每年|每家|每个|每项|单个|单项|累计|分年|分期)(?:最高)?$")


def _incentive(text: str, q: Quantity) -> bool:
    """The amount given in its own clause (给予100万元奖励, 按10%给予补助), or the cap of a
    grant (…，最高不超过500万元). A fund set up (设立2亿元资金，…给予奖补) stays a target."""
    start, end = sentence_bounds(text, q.num_start, CLAUSE_END)
    if INCENTIVE.search(text, start, end):
        return True
    # The cap or the instalment of a grant named in the sentence (…，最高不超过500万元;
    # 奖励600万元/家，每年200万元): the clause holds nothing but that amount.
    if not _GRANT_PART.match(text[start : q.start].strip()):
        return False
    sentence = sentence_bounds(text, q.num_start, SENTENCE_END)
    return bool(INCENTIVE.search(text, *sentence))


def _plausible_chinese(text: str, q: Quantity) -> bool:
    """Chinese numerals are mostly names (五个一百, 三个强省); accept only clear amounts."""
    number = text[q.num_start : q.unit_end]
    if names_a_thing(q.value, q.unit):
        return False
    return bool(_MAGNITUDE_CHAR.search(number)) or q.start < q.num_start


__all__ = ["is_noise"]
