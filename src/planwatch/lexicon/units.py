"""Units of measure as plan documents write them, and the words that bound or change a value.

Data only. Magnitude words (万, 亿) stay part of the unit, as the gold schema asks:
``1500 亿元``, ``2 万台``.
"""

from __future__ import annotations

# Base units after an optional magnitude (万亿 / 亿 / 万 / 千 / 百). Longest first matters:
# 千瓦时 before 千瓦, 平方公里 before 公里, 个百分点 / 个工作日 / 个月 before 个.
BASE_UNITS: tuple[str, ...] = (
    "个百分点", "个工作日", "个月", "百分点", "千克标准煤", "吨标准煤", "立方米", "千瓦时", "纳米", "标箱", "平方公里", "平方米", "标准煤", "千瓦", "千米", "公里", "美元",
    "元", "台套", "台", "辆", "吨", "人次", "人", "户", "亩", "个", "家", "项", "件", "条", "支", "座", "所",
    "名", "套", "款", "种", "批", "部", "只", "艘", "架", "块", "片", "公斤", "斤", "GW", "MW", "G", "%", "‰", "倍",
    # measure words of events, objects and time (issue #11): 举办10场, 发射5颗, 48小时内, 40个工作日以内
    "工作日", "小时", "天", "周", "次", "场", "发", "颗", "期",
    # computing power (算力规模超过300EFLOPS, 智算中心算力2000PFLOPS)
    "EFLOPS", "PFLOPS", "TFLOPS",
)
# A measure word that, followed by one of these characters, starts a word instead (5发展 is
# no count of launches, 10周年 no span of weeks): the number has no unit there.
UNIT_NOT_BEFORE: dict[str, str] = {
    "发": "展布放挥生现明射出行起达",
    "周": "年期边",
    "天": "然津下",
    "场": "景所地馆",
    "期": "间末限刊",
    "次": "数序",
}
# Units of time: with 内/以内 after them the value is an upper bound (48小时内, 30天内).
TIME_UNITS: frozenset[str] = frozenset({"个工作日", "工作日", "个月", "小时", "天", "周"})
# Units a range may repeat on its first number: 2家至3家, 5个~8个, 30%—35% (as 3-5个).
RANGE_FIRST_UNITS: tuple[str, ...] = (
    "个工作日", "亿元", "万元", "万人", "万吨", "家", "个", "项", "户", "座", "条", "所", "名", "人", "次", "场", "批", "台", "套",
    "天", "小时",
)
MAGNITUDES: tuple[str, ...] = ("万亿", "亿", "万", "千", "百")
# Units that make no sense without a magnitude in front, or are too ambiguous alone.
NEEDS_MAGNITUDE: frozenset[str] = frozenset({"G"})

# Bound words (comparators) around a number.
AFTER_GE: tuple[str, ...] = ("及以上", "以上")
AFTER_LE: tuple[str, ...] = ("以下", "以内")
# After a unit of time only (48小时内, 30天内): 内 alone bounds nothing else (5家内资企业).
AFTER_LE_TIME: tuple[str, ...] = ("以内", "内")
AFTER_APPROX: tuple[str, ...] = ("左右",)
BEFORE_GE: tuple[str, ...] = ("不少于", "不低于", "至少", "超过", "突破", "大于", "高于", "多于", "超", "逾", "过")
# Words ending like a bound word that bound nothing (通过3年努力, 经过5年).
NOT_BOUNDS: tuple[str, ...] = ("通过", "经过", "不过", "越过")
BEFORE_LE: tuple[str, ...] = ("不超过", "不高于", "不大于", "低于", "少于", "控制在")
BEFORE_APPROX: tuple[str, ...] = ("大约", "约", "近")

# Change words: the value is a change or a flow of new items, not a level.
DECREASE_WORDS: tuple[str, ...] = ("下降", "降低", "减少", "压减", "削减", "降幅")
# Verbs directly followed by the number ("增长10%", "年均增速15%").
INCREASE_WORDS: tuple[str, ...] = ("增长率", "增长", "增加", "提高", "提升", "增速", "增幅", "增量")
# Flow words that may stand before the object they count ("新认定高新技术企业30家").
FLOW_WORDS: tuple[str, ...] = ("新增", "净增", "新认定", "新培育", "新引进", "新创建", "新获批", "新入选", "新建")
# Flow words that name specific works when a list of names stands between them and the
# number (新建治中路、黄师路等9条主次干道: those roads, a level) but count new items otherwise
# (新建5G专网不少于150个).
FLOW_WORDS_UNLESS_LISTED: frozenset[str] = frozenset({"新建"})
# A unit may be "per" something: 万元/人, 台/万人, 万元/亩.
PER_UNITS: tuple[str, ...] = ("万人", "人", "亩", "户", "平方米", "吨", "年")
# Amounts (money, physical output): these qualify a noun (10亿元企业); counts do not (80家企业).
COUNT_UNITS: frozenset[str] = frozenset(
    {"家", "个", "户", "项", "件", "名", "人", "所", "座", "条", "支", "批", "款", "种", "部", "次", "场", "颗", "发", "期"}
)
