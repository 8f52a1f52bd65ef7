"""From an extracted Plan to the numbers that get tracked: pure functions, no session.

One tracked indicator per target, and one per year column of an indicator-table row whose
cell is a number or a parsable text (比2015年下降18%, 85以上, 6（“十三五”期间）). The row's
earliest numeric column is its baseline, not a target, when later columns exist.

Each indicator also gets the plan's first year (`start_year`, see `start_year`), and:

* a target due every year (每年新增100家, 每年培育6000家, 年均新增80家) is an annual flow
  (`flow="annual"`): each year's figure is judged against the value (`flow_of`);
* a count of new items (新增, 新建, 新引进, 新认定, 累计新建 …) that states no baseline counts
  from nothing at the plan's start: baseline 0 at the end of the year before `start_year`,
  i.e. 0 on 1 January of the first year (`is_new_count`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from planwatch.model import IndicatorRow, Plan, Target

DECREASING_WORDS: tuple[str, ...] = ("下降", "降低", "能耗", "排放", "减少")
NEW_COUNT_WORDS: tuple[str, ...] = ("新增", "新建", "新引进", "新认定", "新培育", "新获批", "累计新建")
RATIO_UNITS: tuple[str, ...] = ("%", "％", "‰", "个百分点", "百分点", "倍")
_FLOW_WORDS = re.compile(r"每年|年均(?:新增|新建|培育|引进|认定|新认定|实施|开展|推进|建设|打造)")
_CLAUSE_END = re.compile(r"[，,；;。：:]")
_TITLE_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?\s*[—–\-~～至到]+\s*((?:19|20)\d{2})\s*年")
_CHANGE_TEXT = re.compile(r"比\s*(?P<year>\d{4})\s*年?(?P<verb>下降|降低|减少|增长|提高|上升)\s*(?P<value>\d+(?:\.\d+)?)")
_BOUND_TEXT = re.compile(r"^\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<word>以上|以下|左右|以内)?")
_BOUND_WORDS = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~", None: "="}


@dataclass(frozen=True)
class TrackedIndicator:
    """Column values of one `indicators` row, before it has a plan version."""

    kind: str
    metric: str
    value: float
    unit: str | None = None
    category: str | None = None
    comparator: str = "="
    value_max: float | None = None
    target_year: int | None = None
    change: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    quote: str | None = None
    sector: str | None = None
    direction: int = 1
    flow: str | None = None  # "annual": due every year (每年…)
    start_year: int | None = None  # the plan's first year


def direction_of(*, metric: str, change: str | None, comparator: str) -> int:
    """−1 when smaller is better: a decrease, an upper bound, or 能耗/排放/下降 in the name."""
    if change == "decrease" or comparator == "<=" or any(w in metric for w in DECREASING_WORDS):
        return -1
    return 1


def parse_cell(cell: float | str | None) -> tuple[float, str, str | None, int | None] | None:
    """(value, comparator, change, baseline year) of an indicator-table cell, None if unusable.

    >>> parse_cell("比2015年下降18%")
    (18.0, '=', 'decrease', 2015)
    >>> parse_cell("85以上"), parse_cell("---"), parse_cell(1.2)
    ((85.0, '>=', None, None), None, (1.2, '=', None, None))
    """
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell), "=", None, None
    if m := _CHANGE_TEXT.search(cell):
        change = "decrease" if m["verb"] in ("下降", "降低", "减少") else "increase"
        return float(m["value"]), "=", change, int(m["year"])
    if m := _BOUND_TEXT.match(cell):
        return float(m["value"]), _BOUND_WORDS[m["word"]], None, None
    return None


def _year(key: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", key)
    return int(m.group()) if m else None


def _clause(quote: str | None, metric: str) -> str:
    """The clause of the quote that leads up to the metric (每年新增… before 规上工业企业)."""
    text = quote or ""
    at = text.find(metric) if metric else -1
    head = text[:at] if at >= 0 else ""
    return _CLAUSE_END.split(head)[-1] + metric


def flow_of(*, metric: str, quote: str | None, unit: str | None, change: str | None) -> str | None:
    """"annual" for an amount due every year; rates (每年增长10%) and decreases are not flows.

    >>> flow_of(metric="每年新增规上工业企业", quote="每年新增规上工业企业100家以上", unit="家", change="increase")
    'annual'
    >>> flow_of(metric="专精特新中小企业", quote="每年培育专精特新中小企业6000家以上", unit="家", change=None)
    'annual'
    >>> flow_of(metric="工业用地", quote="盘活工业用地5000亩，每年开展培训1万人次", unit="亩", change=None) is None
    True
    >>> flow_of(metric="工业总产值", quote="每年保持20%以上的增速", unit="%", change="increase") is None
    True
    """
    if change == "decrease" or (unit or "").strip() in RATIO_UNITS:
        return None
    return "annual" if _FLOW_WORDS.search(_clause(quote, metric)) else None


def is_new_count(*, metric: str, quote: str | None, unit: str | None, change: str | None) -> bool:
    """A count or amount of new items, reached from nothing (新增5家, 新建9条主次干道): a change
    target whose clause says 新增/新建/…, or a level target whose metric does.

    >>> is_new_count(metric="省级企业技术中心", quote="新增省级企业技术中心50家", unit="家", change="increase")
    True
    >>> is_new_count(metric="新建主次干道", quote="新建治中路等9条主次干道", unit="条", change=None)
    True
    >>> is_new_count(metric="企业数", quote="企业数增加100家", unit="家", change="increase")
    False
    """
    if (unit or "").strip() in RATIO_UNITS or change == "decrease":
        return False
    text = _clause(quote, metric) if change == "increase" else metric
    return any(w in text for w in NEW_COUNT_WORDS)


def _counted(ind: TrackedIndicator, start: int | None) -> TrackedIndicator:
    """The indicator with the plan's start, its flow, and baseline 0 at the start for new counts."""
    flow = ind.flow or (flow_of(metric=ind.metric, quote=ind.quote, unit=ind.unit, change=ind.change)
                        if ind.kind == "target" else None)
    flow = None if flow == "cumulative" else flow  # a reviewer's "cumulative" overrides the rule
    ind = replace(ind, flow=flow, start_year=start)
    if (start is not None and ind.baseline_year is None and ind.baseline_value is None and flow is None
            and is_new_count(metric=ind.metric, quote=ind.quote, unit=ind.unit, change=ind.change)):
        ind = replace(ind, baseline_year=start - 1, baseline_value=0.0)
    return ind


def from_target(target: Target, *, fallback_year: int | None) -> TrackedIndicator:
    metric = target.metric or target.quote
    return TrackedIndicator(
        kind="target", metric=metric, value=target.value, value_max=target.value_max, unit=target.unit,
        comparator=target.comparator, target_year=target.year or fallback_year, change=target.change,
        baseline_year=target.baseline_year, quote=target.quote, sector=target.sector,
        direction=direction_of(metric=metric, change=target.change, comparator=target.comparator),
        flow=target.flow,
    )


def from_row(row: IndicatorRow) -> list[TrackedIndicator]:
    """One indicator per usable year column, the earliest plain number being the baseline."""
    cells = [(key, _year(key), parse_cell(v)) for key, v in row.values.items()]
    usable = sorted(((y, p) for _k, y, p in cells if y is not None and p is not None), key=lambda c: c[0])
    baseline = usable[0] if len(usable) > 1 and usable[0][1][2] is None else None
    out = []
    for year, (value, comparator, change, base_year) in usable:
        if baseline is not None and year == baseline[0]:
            continue
        out.append(TrackedIndicator(
            kind="indicator_row", metric=row.name, value=value, unit=row.unit, category=row.category,
            comparator=comparator, target_year=year, change=change,
            baseline_year=base_year or (baseline[0] if baseline else None),
            baseline_value=baseline[1][0] if baseline and base_year is None else None,
            quote=row.quote, direction=direction_of(metric=row.name, change=change, comparator=comparator),
        ))
    return out


def tracked_indicators(plan: Plan) -> list[TrackedIndicator]:
    """Every number of the plan that progress can be measured against, in document order."""
    out = [from_target(t, fallback_year=plan.meta.horizon) for t in plan.targets]
    for row in plan.indicators:
        out.extend(from_row(row))
    start = start_year(plan)
    return [_counted(ind, start) for ind in out]


def start_year(plan: Plan) -> int | None:
    """The plan's first year, the first that applies: the span of its title (《…行动计划
    （2021—2025年）》 → 2021); the year after its base year, the latest of the baseline years
    its targets state (比2015年) and the first year columns of its indicator tables (2015 |
    2020 → 2016); the year it was issued; the first year of the five-year plan ending at its
    horizon (2025 → 2021). None when it says none of these.

    >>> from planwatch.model import Meta
    >>> start_year(Plan(doc="d", meta=Meta(title="制造业提升行动方案（2021—2025年）", horizon=2025)))
    2021
    >>> start_year(Plan(doc="d", meta=Meta(horizon=2025))), start_year(Plan(doc="d", meta=Meta(issue_date="2017-02-20")))
    (2021, 2017)
    """
    horizon = plan.meta.horizon
    if plan.meta.title and (m := _TITLE_SPAN.search(plan.meta.title)) and int(m[1]) <= int(m[2]):
        return int(m[1])
    bases = {t.baseline_year for t in plan.targets if t.baseline_year}
    for row in plan.indicators:  # a table's first year column is its base year (2015 | 2020 | 2025)
        years = sorted({y for k in row.values if (y := _year(k))})
        bases |= set(years[:1]) if len(years) > 1 else set()
    bases = {y for y in bases if horizon is None or y < horizon}
    if bases:
        return max(bases) + 1
    if plan.meta.issue_date and (y := _year(plan.meta.issue_date)) and (horizon is None or y <= horizon):
        return y
    return horizon - 4 if horizon else None


def plan_years(plan: Plan) -> tuple[int, int] | None:
    """The span of years a plan talks about: earliest baseline or stated year (at least five
    years back) to its horizon. Actuals outside it are almost certainly typos."""
    years: set[int] = {y for t in plan.targets for y in (t.year, t.baseline_year) if y}
    years |= {o.year for o in plan.observations if o.year}
    years |= {y for r in plan.indicators for k in r.values if (y := _year(k))}
    if plan.meta.horizon:
        years.add(plan.meta.horizon)
    if plan.meta.issue_date and (y := _year(plan.meta.issue_date)):
        years.add(y)
    if not years:
        return None
    return min(min(years), max(years) - 5), max(years)  # a five-year plan's span at least
