"""Is the child's target weaker, equal or stronger than the parent's? After one unit, one year.

A `Goal` is one side's target: the number, its bound (comparator), unit, due year, and
what kind of number it is (`kind_of`): a **level**, a **growth** rate, a **decrease**, a
change in **points** (提高2个百分点) or a **flow** of new items (新增5家). Two goals are
compared only when they are the same kind after conversion; otherwise the verdict is
"not comparable" with the reason. The rules, in order (docs/compare.md):

1. kind: % growth vs 个百分点, level vs flow (存量 vs 增量), level vs growth → not comparable;
   同比 (one year) vs 年均 (a period) → not comparable; 年均 vs cumulative → converted
   (1−(1−r)^n for decreases, (1+r)^n−1 for growth) and labelled;
2. unit: 万元 ↔ 亿元, 辆 ↔ 万辆 convert; 家 vs 个 do not;
3. scale: an amount or count of a higher region against a lower one is not comparable,
   unless the parent's target was decomposed to the child (then the allocation is used);
4. year: equal years compare directly; otherwise the parent is put on its own path to the
   child's year (linear for shares and rates, CAGR for amounts, the annual rate for
   cumulative decreases from the same base year) and labelled "interpolated"; without a
   baseline → not comparable;
5. base year: 比2015年 vs 比2016年 → not comparable;
6. bound: ≥ and ranges use the lower bound, ≤ the cap; ~ (左右) makes a ±5% band "equal";
7. direction: higher is better, but for consumption levels and ≤ caps lower is better, and
   for decreases the bigger decrease is stronger.

The **effort** reading compares the change each plan asks of itself from its own baseline
(points a year for shares and rates, CAGR for amounts): a poorer region can be weaker in
level and equal in effort.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from planwatch.compare.metric_parse import Metric, lower_is_better, parse_metric
from planwatch.lexicon.unit_scales import convert

Verdict = Literal["weaker", "equal", "stronger", "not_comparable"]
Kind = Literal["level", "growth", "decrease", "points", "flow"]
BAND = 0.05  # ~ (左右): within ±5% counts as equal, the band tracking uses for `achieved`
VERDICT_ZH = {"weaker": "弱于", "equal": "持平", "stronger": "强于", "not_comparable": "不可比",
              "missing": "缺失", "review": "待审核"}

AMOUNT_FORMS = frozenset({"amount", "count"})


@dataclass(frozen=True)
class Goal:
    """One side's target, as the plan states it, with where it is written."""

    metric: str
    value: float
    value_max: float | None = None
    unit: str | None = None
    comparator: str = "="
    year: int | None = None
    change: str | None = None  # the Target's change: "increase" / "decrease"
    baseline_year: int | None = None
    baseline_value: float | None = None  # the plan's own figure for the baseline year
    annual: bool = False  # 年均 / 每年: a rate per year
    quote: str = ""
    ref: str = ""  # the item in its document (t3, i2:2020)
    start: int | None = None  # span of the quote in the document text
    end: int | None = None


@dataclass(frozen=True)
class Reading:
    """The verdict on one pair, the rule that decided it and the figures compared."""

    verdict: Verdict
    rule: str
    parent_value: float | None = None
    child_value: float | None = None
    unit: str | None = None
    notes: tuple[str, ...] = ()
    effort: Verdict | None = None
    effort_rule: str | None = None


@dataclass
class _Side:
    goal: Goal
    metric: Metric
    kind: Kind
    annual: bool
    value: float
    notes: list[str] = field(default_factory=list)


def kind_of(goal: Goal, metric: Metric | None = None) -> tuple[Kind, bool]:
    """What kind of number a goal is, and whether it is a rate per year.

    >>> kind_of(Goal("单位工业增加值能耗", 18, unit="%", change="decrease", baseline_year=2015))
    ('decrease', False)
    >>> kind_of(Goal("制造业增加值率", 2, unit="个百分点", change="increase"))
    ('points', False)
    """
    m = metric or parse_metric(goal.metric)
    annual = goal.annual or m.annual or "年均" in goal.quote
    if goal.unit and "百分点" in goal.unit:
        return "points", annual
    if goal.change == "decrease" or m.change == "decrease":
        return "decrease", annual
    if m.change == "growth" or (goal.change == "increase" and goal.unit in ("%", "％")):
        return "growth", annual
    if goal.change == "increase" or m.change == "flow":
        return "flow", annual
    return "level", annual


def _side(goal: Goal) -> _Side:
    metric = parse_metric(goal.metric)
    kind, annual = kind_of(goal, metric)
    return _Side(goal, metric, kind, annual, goal.value)


def _kinds(p: _Side, c: _Side) -> str | None:
    if p.kind == c.kind:
        if p.kind in ("growth", "decrease") and p.metric.one_year != c.metric.one_year:
            return "同比（一年）与年均（一个时期）不可比"
        return None
    names = {"level": "目标值", "growth": "增速", "decrease": "降幅", "points": "百分点变化", "flow": "新增量"}
    pair = {p.kind, c.kind}
    if "points" in pair and pair & {"growth", "level"}:
        return "单位不同：个百分点 与 % 不可比（提高2个百分点 ≠ 增长2%）"
    if pair == {"level", "flow"}:
        return "存量与增量不可比（总数 vs 新增/净增）"
    return f"口径不同：{names[p.kind]} vs {names[c.kind]}"


def _cumulative(rate: float, years: int, kind: Kind) -> float:
    """An annual rate (%) as the total change over `years` (%)."""
    r = rate / 100
    total = 1 - (1 - r) ** years if kind == "decrease" else (1 + r) ** years - 1
    return total * 100


def _periods(p: _Side, c: _Side) -> str | None:
    """Bring 年均 and cumulative to one footing (mutates the values); None or why not."""
    if p.kind not in ("growth", "decrease") or p.annual == c.annual:
        return None
    cum, ann = (c, p) if p.annual else (p, c)
    g = cum.goal
    if g.baseline_year is None or g.year is None:
        return "年均与累计不可比：累计目标缺少基年"
    n = g.year - g.baseline_year
    total = _cumulative(ann.value, n, ann.kind)
    ann.notes.append(f"换算：年均{'下降' if ann.kind == 'decrease' else '增长'}{ann.value:g}% 按{n}年折合累计{total:.1f}%")
    ann.value, ann.annual = total, False
    return None


def _units(p: _Side, c: _Side) -> str | None:
    if p.kind == "level" and (p.goal.unit or "") != (c.goal.unit or ""):
        v = convert(c.value, c.goal.unit, p.goal.unit)
        if v is None:
            return f"单位不同：{c.goal.unit or '无'} 与 {p.goal.unit or '无'} 不能换算"
        c.notes.append(f"单位换算：{c.value:g}{c.goal.unit} = {v:g}{p.goal.unit}")
        c.value = v
    return None


def _interpolate(p: _Side, year: int) -> tuple[float | None, str]:
    """The parent's value on its own path at `year` (linear / CAGR / annual decrease)."""
    g = p.goal
    if g.year is None:
        return None, "上级目标未写年份"
    if p.kind == "decrease" and g.baseline_year is not None and not p.annual:
        n, m = g.year - g.baseline_year, year - g.baseline_year
        if n <= 0 or m <= 0:
            return None, "年份不在上级的基年与目标年之间"
        a = 1 - (1 - p.value / 100) ** (1 / n)
        return (1 - (1 - a) ** m) * 100, f"按上级年均降幅折算至{year}年（插值）"
    if p.kind in ("growth", "decrease") and p.annual:
        return p.value, f"年均速度，期间不同（上级至{g.year}年，本级至{year}年）"
    if p.kind != "level" or g.baseline_year is None or g.baseline_value is None:
        return None, f"目标年份不同（{g.year}年 vs {year}年），上级无基期值可插值"
    if not g.baseline_year <= year <= g.year:
        return None, f"{year}年不在上级基期{g.baseline_year}年与目标年{g.year}年之间"
    t = (year - g.baseline_year) / (g.year - g.baseline_year)
    if p.metric.form in AMOUNT_FORMS and g.baseline_value > 0 and p.value > 0:
        return g.baseline_value * (p.value / g.baseline_value) ** t, f"按上级年均增速（CAGR）插值至{year}年"
    return g.baseline_value + (p.value - g.baseline_value) * t, f"按上级基期值线性插值至{year}年"


def _judge(pv: float, cv: float, *, lower_better: bool, banded: bool) -> Verdict:
    tolerance = BAND * abs(pv) if banded else 1e-9 * max(1.0, abs(pv))
    if abs(cv - pv) <= tolerance:
        return "equal"
    better = cv < pv if lower_better else cv > pv
    return "stronger" if better else "weaker"


def _bound_rule(p: Goal, c: Goal, *, lower_better: bool, banded: bool) -> str:
    parts = []
    if "range" in (p.comparator, c.comparator):
        parts.append("区间取下限")
    if ">=" in (p.comparator, c.comparator):
        parts.append("“以上”取下限")
    if banded:
        parts.append("“左右”按±5%视为持平")
    parts.append("越低越强" if lower_better else "降幅越大越强" if parse_metric(p.metric).change == "decrease"
                 or p.change == "decrease" else "越高越强")
    return "；".join(parts)


def compare_goals(parent: Goal, child: Goal, *, parent_higher: bool = False,
                  allocation: float | None = None) -> Reading:
    """Compare one pair of goals (module doc). `parent_higher`: the parent governs a larger
    region (a province over a city); `allocation`: the parent's target as decomposed to
    the child's region, in the parent's unit."""
    p, c = _side(parent), _side(child)
    for check in (_kinds, _periods, _units):
        if (why := check(p, c)) is not None:
            return Reading("not_comparable", why)
    pv: float | None = p.value
    notes = [*p.notes, *c.notes]
    if p.kind in ("level", "flow") and p.metric.form in AMOUNT_FORMS and parent_higher:
        if allocation is None:
            return Reading("not_comparable", "规模不可比：上级总量与本级总量（未分解下达）")
        pv = allocation
        notes.append(f"与上级分解下达本级的{allocation:g}{parent.unit or ''}比较")
    if p.kind == "decrease" and parent.baseline_year and child.baseline_year and \
            parent.baseline_year != child.baseline_year and not (p.annual or c.annual):
        return Reading("not_comparable", f"基年不同：比{parent.baseline_year}年 vs 比{child.baseline_year}年")
    if child.year is None or parent.year is None:
        return Reading("not_comparable", "目标年份不明，无法对齐年份")
    if child.year != parent.year and pv is not None and allocation is None:
        pv, why = _interpolate(p, child.year)
        if pv is None:
            return Reading("not_comparable", why)
        notes.append(why)
    assert pv is not None
    lower = (lower_is_better(p.metric) and p.kind == "level") or (parent.comparator == "<=" and child.comparator == "<=")
    banded = "~" in (parent.comparator, child.comparator)
    verdict = _judge(pv, c.value, lower_better=lower, banded=banded)
    effort, effort_rule = _effort(parent, child, p, c)
    return Reading(verdict, _bound_rule(parent, child, lower_better=lower, banded=banded), pv, c.value,
                   parent.unit, tuple(notes), effort, effort_rule)


def _pace(g: Goal, form: str, value: float) -> float | None:
    """The change a goal asks a year from its own baseline: points (shares) or CAGR % (amounts)."""
    if g.baseline_year is None or g.baseline_value is None or g.year is None or g.year <= g.baseline_year:
        return None
    n = g.year - g.baseline_year
    if form in AMOUNT_FORMS:
        if g.baseline_value <= 0 or value <= 0:
            return None
        return (math.pow(value / g.baseline_value, 1 / n) - 1) * 100
    return (value - g.baseline_value) / n


def _effort(parent: Goal, child: Goal, p: _Side, c: _Side) -> tuple[Verdict | None, str | None]:
    if p.kind != "level" or c.kind != "level":
        return None, None
    cv = convert(child.baseline_value, child.unit, parent.unit) if child.baseline_value is not None else None
    child_goal = Goal(child.metric, c.value, year=child.year, baseline_year=child.baseline_year, baseline_value=cv)
    pp, cp = _pace(parent, p.metric.form, parent.value), _pace(child_goal, p.metric.form, c.value)
    if pp is None or cp is None:
        return None, None
    lower = lower_is_better(p.metric)
    verdict = _judge(pp, cp, lower_better=lower, banded=True)
    what = "年均增速" if p.metric.form in AMOUNT_FORMS else "年均提高（百分点）"
    return verdict, f"努力程度：{what} 本级{cp:.2f} vs 上级{pp:.2f}（各自基期起，±5%视为持平）"
