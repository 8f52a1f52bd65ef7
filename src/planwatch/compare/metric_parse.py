"""What a metric name measures: subject · measure · form · denominator · scope · change.

Plain string similarity cannot tell 工业增加值 from 工业投资 (docs/compare.md §1): the
two names differ in one word, and that word is the whole meaning. So a name is parsed
into parts first and two names are compared part by part (`compare.match`):

* **measure** — the head word, from a small lexicon, longest first (产值, 增加值, 投资 …);
* **form** — amount, share (占…比重), rate (…率), count (企业数, …个数), index (指数),
  intensity (单位X的Y, 每亿元X的Y);
* **denominator** — the base of a share or an intensity (GDP = 地区生产总值);
* **scope** — words that narrow the population: 规模以上 (规上), 制造业, 工业, 全社会;
* **change** — growth (增速, 增长), decrease (下降幅度), points (提高…个百分点) or flow
  (新增, 净增, 新认定): the number is a change, not a level;
* **subject** — what is left, with synonyms folded (主营业务收入 → 营业收入).

>>> m = parse_metric("规模以上工业增加值年均增速")
>>> (m.subject, m.measure, m.form, m.scope, m.change)
('', '增加值', 'amount', ('工业', '规模以上'), 'growth')
>>> parse_metric("制造业增加值占GDP比重").denominator
'地区生产总值'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

Form = Literal["amount", "share", "rate", "count", "index", "intensity"]
ChangeKind = Literal["growth", "decrease", "points", "flow"]

# Synonyms folded before parsing, longest first (the 2019 renaming 主营业务收入 → 营业收入).
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("研发经费内部支出", "研发经费"), ("研发经费支出", "研发经费"), ("研发投入", "研发经费"), ("R&D经费", "研发经费"),
    ("主营业务收入", "营业收入"), ("地区生产总值", "GDP"), ("生产总值", "GDP"),
    ("规模以上", "规上"), ("生产能力", "产能"), ("企业数量", "企业数"), ("总产值", "产值"),
    ("二氧化碳排放量", "碳排放"), ("二氧化碳排放", "碳排放"), ("用水量", "用水"), ("能源消耗", "能耗"),
    ("销售收入", "营业收入"), ("营收", "营业收入"), ("“", ""), ("”", ""), ("\"", ""),
)
# Head measures, longest first: (surface, canonical, form).
MEASURES: tuple[tuple[str, str, Form], ...] = (
    ("全员劳动生产率", "劳动生产率", "amount"), ("劳动生产率", "劳动生产率", "amount"),
    ("综合利用率", "综合利用率", "rate"), ("数控化率", "数控化率", "rate"), ("普及率", "普及率", "rate"),
    ("覆盖率", "覆盖率", "rate"), ("配套率", "配套率", "rate"), ("利税率", "利税率", "rate"),
    ("增加值率", "增加值率", "rate"), ("贡献率", "贡献率", "rate"), ("达标率", "达标率", "rate"),
    ("有效发明专利数", "发明专利", "count"), ("发明专利", "发明专利", "count"),
    ("企业数", "企业数", "count"), ("项目数", "项目数", "count"),
    ("增加值", "增加值", "amount"), ("产值", "产值", "amount"), ("营业收入", "营业收入", "amount"),
    ("研发经费", "研发经费", "amount"), ("投资", "投资", "amount"), ("产量", "产量", "amount"),
    ("产能", "产能", "amount"), ("能耗", "能耗", "amount"), ("用水", "用水", "amount"),
    ("碳排放", "碳排放", "amount"), ("出口", "出口", "amount"), ("利润", "利润", "amount"),
    ("税收", "税收", "amount"), ("融资", "融资", "amount"), ("指数", "指数", "index"),
    ("企业", "企业数", "count"), ("基地", "基地数", "count"), ("集群", "集群数", "count"),
    ("平台", "平台数", "count"), ("项目", "项目数", "count"), ("品牌", "品牌数", "count"),
)
# Words that narrow the population measured (kept apart, compared as a set).
SCOPES: tuple[tuple[str, str], ...] = (
    ("规上", "规模以上"), ("全社会", "全社会"), ("制造业", "制造业"), ("工业", "工业"),
)
# Change suffixes and prefixes: (pattern, kind).
_CHANGE_SUFFIX: tuple[tuple[str, ChangeKind], ...] = (
    ("年均增速", "growth"), ("年均增长率", "growth"), ("年均增长", "growth"), ("同比增长", "growth"),
    ("增长率", "growth"), ("增速", "growth"), ("增长", "growth"), ("下降幅度", "decrease"), ("降低幅度", "decrease"),
    ("下降率", "decrease"), ("下降", "decrease"), ("降低", "decrease"), ("提高", "points"), ("提升", "points"),
)
_FLOW_PREFIX = ("新认定", "新培育", "新引进", "新增", "净增", "新建")
_SHARE = re.compile(r"占(?P<den>.+?)(?:的)?(?:比重|比例|份额)$")
_SHARE_SHORT = re.compile(r"(?:占比|比重)$")
_INTENSITY = re.compile(r"^(?P<pre>.*?)(?:单位|每(?:亿元|万元|百元)?)(?P<den>.+?(?:增加值|GDP|营业收入|产值))(?P<rest>.+)$")
_NOISE = re.compile(r"[\s（）()、，,]|全市|全省|全区|全县|本市|我市|我省")
_TRAIL = ("总量", "总额", "规模", "水平", "总", "的")


@dataclass(frozen=True)
class Metric:
    """A parsed metric name (module doc). `denominator` is None for no base, "" for a base
    the name hides (占比)."""

    text: str
    subject: str
    measure: str | None
    form: Form
    denominator: str | None = None
    scope: tuple[str, ...] = ()
    change: ChangeKind | None = None
    annual: bool = False  # 年均: a rate per year over the period, not the total change
    one_year: bool = False  # 同比: one year's change


def fold(text: str) -> str:
    """The name with white space, region words and synonyms folded.

    >>> fold("全市规模以上工业企业 研发投入")
    '规上工业企业研发经费'
    """
    out = _NOISE.sub("", text or "")
    for old, new in SYNONYMS:
        out = out.replace(old, new)
    return out


def _head(text: str) -> tuple[str, str | None, Form]:
    """Split off the head measure (the last lexicon word in the name)."""
    best: tuple[int, str, str, Form] | None = None
    for surface, canonical, form in MEASURES:
        at = text.rfind(surface)
        if at >= 0 and (best is None or at + len(surface) > best[0] + len(best[1])
                        or (at + len(surface) == best[0] + len(best[1]) and len(surface) > len(best[1]))):
            best = (at, surface, canonical, form)
    if best is None:
        rate = text.endswith("率")
        return text, ("率" if rate else None), ("rate" if rate else "amount")
    at, surface, canonical, form = best
    return text[:at] + text[at + len(surface):], canonical, form


def _scope(text: str) -> tuple[str, tuple[str, ...]]:
    found = []
    for surface, name in SCOPES:
        if surface in text:
            found.append(name)
            text = text.replace(surface, "")
    return text, tuple(sorted(set(found)))


def _change(text: str) -> tuple[str, ChangeKind | None, bool, bool]:
    annual, one_year = "年均" in text, "同比" in text
    for suffix, kind in _CHANGE_SUFFIX:
        if text.endswith(suffix):
            return text[: -len(suffix)].replace("年均", "").replace("同比", ""), kind, annual, one_year
    for prefix in _FLOW_PREFIX:
        if text.startswith(prefix):
            return text[len(prefix):], "flow", annual, one_year
    return text, None, annual, one_year


def denominator_of(text: str) -> str:
    """The canonical base of a share: GDP and 地区生产总值 are one; scope words dropped.

    >>> denominator_of("规上工业增加值"), denominator_of("地区生产总值"), denominator_of("工业经济")
    ('工业增加值', '地区生产总值', '工业增加值')
    """
    t = fold(text).replace("规上", "").replace("GDP", "地区生产总值").removeprefix("亿元").removeprefix("万元")
    return {"工业经济": "工业增加值", "工业": "工业增加值"}.get(t, t)


@functools.lru_cache(maxsize=8192)
def parse_metric(name: str) -> Metric:
    """Parse one metric name (module doc)."""
    text = fold(name)
    text, change, annual, one_year = _change(text)
    denominator: str | None = None
    form_override: Form | None = None
    if (share := _SHARE.search(text)) is not None:
        denominator, text, form_override = denominator_of(share.group("den")), text[: share.start()], "share"
    elif _SHARE_SHORT.search(text):
        denominator, text, form_override = "", _SHARE_SHORT.sub("", text), "share"
    elif (per := _INTENSITY.match(text)) is not None:
        denominator, text, form_override = denominator_of(per.group("den")), per.group("pre") + per.group("rest"), "intensity"
    rest, measure, form = _head(text)
    rest, scope = _scope(rest)
    if measure != "企业数":
        rest = rest.replace("企业", "")  # 规上工业企业研发经费 is the 研发经费 of 规上工业
    for word in _TRAIL:
        rest = rest.removesuffix(word)
    return Metric(text=name, subject=rest, measure=measure, form=form_override or form, denominator=denominator,
                  scope=scope, change=change, annual=annual, one_year=one_year)


LOWER_IS_BETTER = frozenset({"能耗", "用水", "碳排放"})


def lower_is_better(metric: Metric) -> bool:
    """A level of consumption or emission: a lower target is the stronger one (a decrease of
    it is compared by its size, `compare.values`)."""
    return metric.measure in LOWER_IS_BETTER and metric.change is None
