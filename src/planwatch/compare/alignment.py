"""对标: one plan (the child) against the plan it implements (the parent), target by target
and industry by industry. Pure: two `Plan` values in, an `Alignment` out.

Every row carries both quotes and the rule that decided it. Verdicts: **missing** (no
child metric is that metric), **review** (a candidate a planner must confirm — never
"missing" while it is pending), and for matched pairs **weaker / equal / stronger /
not comparable** (`compare.values`). A child repeating the parent's number and wording
(the "二传手" copy) is "equal" and flagged `copied`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from planwatch.compare.industries import IndustryRef, Uptake, is_industry, take_up
from planwatch.compare.match import MetricMatch, Stored, pair_names
from planwatch.compare.metric_parse import fold
from planwatch.compare.values import VERDICT_ZH, Goal, Reading, compare_goals
from planwatch.model import IndicatorRow, Plan

_CELL_CHANGE = re.compile(r"比(?P<base>\d{4})年?(?P<dir>下降|降低|减少|提高|增长|上升)(?P<v>\d+(?:\.\d+)?)(?P<unit>%|％|个百分点)?")
_CELL_NUMBER = re.compile(r"^(?P<v>\d+(?:\.\d+)?)\s*(?P<rest>.*)$")
ORDER = {"weaker": 0, "missing": 1, "review": 2, "not_comparable": 3, "equal": 4, "stronger": 5}


def _cell_goal(row: IndicatorRow, index: int, year: int, cell: str) -> Goal | None:
    """One year cell of an indicator row that is not a plain number (比2015年下降18%, 85以上, 6（“十三五”期间）)."""
    base = Goal(metric=row.name, value=0.0, unit=row.unit, year=year, quote=f"{row.quote}｜{year}年：{cell}",
                ref=f"i{index}:{year}", start=row.span.start if row.span else None,
                end=row.span.end if row.span else None)
    if (m := _CELL_CHANGE.search(cell)) is not None:
        down = m.group("dir") in ("下降", "降低", "减少")
        return replace(base, value=float(m.group("v")), change="decrease" if down else "increase",
                       baseline_year=int(m.group("base")), unit=m.group("unit") or row.unit)
    if (m := _CELL_NUMBER.match(cell.strip())) is not None:
        rest = m.group("rest")
        comparator = ">=" if "以上" in rest else "~" if "左右" in rest else "<=" if "以下" in rest else "="
        return replace(base, value=float(m.group("v")), comparator=comparator,
                       annual="期间" in rest or "年均" in row.name)
    return None


def _row_goals(row: IndicatorRow, index: int) -> list[Goal]:
    """The target cells of an indicator row; the first year column is the baseline when the
    row has two or more (plans list 基期 first)."""
    years = sorted((int(y), v) for y, v in row.values.items() if str(y).isdigit())
    base_year, base_value = (years[0][0], years[0][1]) if len(years) >= 2 else (None, None)
    if not isinstance(base_value, float | int):
        base_value = None
    out = []
    for year, cell in years[1:] if base_year is not None else years:
        if isinstance(cell, float | int):
            out.append(Goal(metric=row.name, value=float(cell), unit=row.unit, year=year,
                            baseline_year=base_year if base_value is not None else None,
                            baseline_value=float(base_value) if base_value is not None else None,
                            annual="年均" in row.name, quote=f"{row.quote}｜{year}年：{cell:g}", ref=f"i{index}:{year}",
                            start=row.span.start if row.span else None, end=row.span.end if row.span else None))
        elif isinstance(cell, str) and (g := _cell_goal(row, index, year, cell)) is not None:
            if g.change is None and base_value is not None:
                g = replace(g, baseline_year=base_year, baseline_value=float(base_value))
            out.append(g)
    return out


def goals_of(plan: Plan) -> list[Goal]:
    """Every target and indicator-table cell of a plan as a `Goal`, in document order."""
    observed = {(fold(o.metric or ""), o.unit): (o.year, o.value) for o in plan.observations if o.year and o.metric}
    out = []
    for i, t in enumerate(plan.targets):
        base = observed.get((fold(t.metric or ""), t.unit)) if t.change is None else None
        base_year, base_value = base if base and t.year and base[0] < t.year else (t.baseline_year, None)
        out.append(Goal(metric=t.metric or t.quote, value=t.value, value_max=t.value_max, unit=t.unit,
                        comparator=t.comparator, year=t.year, change=t.change, baseline_year=base_year,
                        baseline_value=base_value, annual=t.flow == "annual" or "年均" in t.quote, quote=t.quote,
                        ref=f"t{i + 1}", start=t.span.start if t.span else None, end=t.span.end if t.span else None))
    for j, row in enumerate(plan.indicators):
        out.extend(_row_goals(row, j + 1))
    return out


@dataclass(frozen=True)
class AlignedRow:
    """One parent target and what the child plan does with it."""

    parent: Goal
    child: Goal | None
    match: MetricMatch
    verdict: str  # missing / review / weaker / equal / stronger / not_comparable
    rule: str
    reading: Reading | None = None
    copied: bool = False

    @property
    def verdict_zh(self) -> str:
        return VERDICT_ZH[self.verdict]


@dataclass(frozen=True)
class Alignment:
    rows: tuple[AlignedRow, ...]
    uptake: tuple[Uptake, ...]
    extras: tuple[IndustryRef, ...]
    child_only: tuple[Goal, ...]  # the child's targets no parent target pairs with (本级新增)
    counts: dict[str, int] = field(default_factory=dict)

    def top_line(self, parent_title: str) -> str:
        c = self.counts
        matched = sum(c.get(v, 0) for v in ("weaker", "equal", "stronger", "not_comparable"))
        parts = [f"强于{c.get('stronger', 0)}", f"持平{c.get('equal', 0)}", f"弱于{c.get('weaker', 0)}"]
        if c.get("not_comparable"):
            parts.append(f"不可比{c['not_comparable']}")
        review = f"，待审核{c['review']}项" if c.get("review") else ""
        taken = sum(1 for u in self.uptake if u.status == "taken_up")
        partly = sum(1 for u in self.uptake if u.status == "partly")
        industries = f"；重点产业{len(self.uptake)}个，承接{taken}个" + (f"（另部分承接{partly}个）" if partly else "")
        return (f"对标《{parent_title}》：上级指标{len(self.rows)}项，对应{matched}项（{'、'.join(parts)}），"
                f"缺失{c.get('missing', 0)}项{review}{industries}")


def _nearest(goals: Sequence[Goal], year: int | None) -> Goal:
    if year is None:
        return goals[0]
    return min(goals, key=lambda g: (g.year is None, abs((g.year or 0) - year), -(g.year or 0)))


def _copied(p: Goal, c: Goal) -> bool:
    return p.value == c.value and p.year == c.year and fold(p.metric) == fold(c.metric) and p.unit == c.unit


def align_goals(parent: Sequence[Goal], child: Sequence[Goal], *, parent_higher: bool = False,
                decisions: Mapping[tuple[str, str], Stored] | None = None,
                allocations: Mapping[str, float] | None = None) -> list[AlignedRow]:
    """Pair metric names, then compare each parent goal with the child goal of the paired
    metric nearest in year. `allocations`: parent goal ref → the value decomposed to the child."""
    by_name: dict[str, list[Goal]] = {}
    for g in child:
        by_name.setdefault(g.metric, []).append(g)
    pairs = {p.parent: p for p in pair_names([g.metric for g in parent], list(by_name), decisions=decisions)}
    rows = []
    for g in parent:
        pair = pairs[g.metric]
        if pair.child is None or pair.match.decision == "unmatched":
            rows.append(AlignedRow(g, None, pair.match, "missing", pair.match.rule))
            continue
        c = _nearest(by_name[pair.child], g.year)
        if pair.match.decision == "review":
            rows.append(AlignedRow(g, c, pair.match, "review", pair.match.rule))
            continue
        if c.year != g.year and any(o.metric == g.metric and o.year == c.year for o in parent):
            why = f"本级未设{g.year or '该'}年目标（本级{c.year}年目标已与上级同年目标比较）"
            rows.append(AlignedRow(g, c, pair.match, "not_comparable", f"{pair.match.rule}；{why}"))
            continue
        reading = compare_goals(g, c, parent_higher=parent_higher, allocation=(allocations or {}).get(g.ref))
        rule = "；".join(x for x in (pair.match.rule, reading.rule, *reading.notes) if x)
        rows.append(AlignedRow(g, c, pair.match, reading.verdict, rule, reading, _copied(g, c)))
    return rows


def parent_industries(plan: Plan, region_names: Sequence[str]) -> list[str]:
    """The parent's industries for a child region: its region focus for that region (any of
    its names), then its targets' sectors that read as industries."""
    names = set(region_names)
    focus = [s for f in plan.region_focus if f.region in names for s in f.sectors]
    sectors = [t.sector for t in plan.targets if t.sector and is_industry(t.sector)]
    return list(dict.fromkeys([*focus, *sectors]))


def own_industries(plan: Plan) -> list[str]:
    """A plan's own key industries: its targets' sectors and every region-focus sector."""
    sectors = [t.sector for t in plan.targets if t.sector and is_industry(t.sector)]
    return list(dict.fromkeys([*sectors, *(s for f in plan.region_focus for s in f.sectors)]))


def align_plans(parent: Plan, child: Plan, *, child_region_names: Sequence[str] = (), parent_higher: bool = False,
                decisions: Mapping[tuple[str, str], Stored] | None = None,
                allocations: Mapping[str, float] | None = None) -> Alignment:
    """The whole 对标 of `child` against `parent` (module doc); rows weaker and missing first."""
    pg, cg = goals_of(parent), goals_of(child)
    rows = align_goals(pg, cg, parent_higher=parent_higher, decisions=decisions, allocations=allocations)
    used = {r.child.metric for r in rows if r.child is not None}
    uptake, extras = take_up(parent_industries(parent, child_region_names), own_industries(child))
    ordered = sorted(rows, key=lambda r: ORDER[r.verdict])
    return Alignment(tuple(ordered), tuple(uptake), tuple(extras), tuple(g for g in cg if g.metric not in used),
                     dict(Counter(r.verdict for r in rows)))
