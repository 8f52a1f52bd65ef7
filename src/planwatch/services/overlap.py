"""同质化 use cases: the industries every published plan assigns to the sub-regions of a region.

For a region (a province, a city), each direct sub-region gets a row: the key industries of
the plans of that sub-region or anything under it (their targets' sectors and region focus),
plus the region-focus entries of any plan that name a place in it (the provincial plan's
淮南 大数据存储). Targets of 产值 by sector give amounts for the UNIDO coefficient. The
matrix maths is pure (`planwatch.compare.overlap`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.compare.alignment import own_industries
from planwatch.compare.industries import LEVELS, Level, classification
from planwatch.compare.metric_parse import parse_metric
from planwatch.compare.overlap import Choice, Matrix, overlap_matrix
from planwatch.errors import PlanwatchError, ValidationError
from planwatch.lexicon.unit_scales import convert
from planwatch.model import Plan
from planwatch.services.access import subtree
from planwatch.services.compare import current_plan
from planwatch.services.plans import get_plan
from planwatch.services.regions import RegionRef, resolve_region, sub_regions
from planwatch.store.tables import Plan as PlanRow

LEVEL_ZH = {"written": "原文表述", "2": "战略性新兴产业分类二级", "1": "战略性新兴产业分类一级"}


def check_level(level: str) -> Level:
    if level not in LEVELS:
        raise ValidationError("level", [f"level must be one of {', '.join(LEVELS)}, not {level!r}"])
    return cast(Level, level)


def _amounts(plan: Plan) -> dict[str, float]:
    """产值 targets by sector, in 亿元 (the latest year's where a sector has several)."""
    out: dict[str, tuple[int, float]] = {}
    for t in plan.targets:
        if not t.sector or t.change or parse_metric(t.metric or "").measure != "产值":
            continue
        value = convert(t.value, t.unit, "亿元")
        if value is not None and t.unit and (t.sector not in out or (t.year or 0) >= out[t.sector][0]):
            out[t.sector] = (t.year or 0, value)
    return {k: v for k, (_y, v) in out.items()}


@dataclass(frozen=True)
class OverlapView:
    region: str
    level: Level
    matrix: Matrix
    plans: tuple[str, ...]  # the plan keys the matrix is built from


def _owner(session: Session, region_id: int | None, parts: dict[int, RegionRef], trees: dict[int, set[int]]) -> str | None:
    if region_id is None:
        return None
    for sub_id, tree in trees.items():
        if region_id in tree:
            return parts[sub_id].name
    return None


def _focus_owner(session: Session, name: str, plan_region: int | None, parts: dict[int, RegionRef],
                 trees: dict[int, set[int]]) -> str | None:
    try:
        ref = resolve_region(session, name=name, within=plan_region)
    except PlanwatchError:
        return None
    return _owner(session, ref.id, parts, trees)


def overlap_for_region(session: Session, *, region: str, level: str = "2",
                       plan_ids: Collection[int] | None = None) -> OverlapView:
    """The matrix of `region`'s direct sub-regions from the published plans (of `plan_ids`, if given)."""
    lv = check_level(level)
    top = resolve_region(session, name=region)
    parts = {r.id: r for r in sub_regions(session, region_id=top.id)}
    trees = {rid: subtree(session, rid) for rid in parts}
    choices: dict[str, list[Choice]] = {r.name: [] for r in parts.values()}
    used = []
    rows = session.scalars(select(PlanRow).where(PlanRow.current_version_id.is_not(None)).order_by(PlanRow.key))
    for row in rows:
        if plan_ids is not None and row.id not in plan_ids:
            continue
        plan = current_plan(session, row)
        added = False
        owner = _owner(session, row.region_id, parts, trees)
        if owner is not None:
            amounts = _amounts(plan)
            sectors = [t.sector for t in plan.targets if t.sector]
            for name in own_industries(plan):
                if name in sectors or not plan.region_focus:
                    choices[owner].append(Choice(name, row.key, amounts.get(name)))
                    added = True
        for focus in plan.region_focus:
            where = _focus_owner(session, focus.region, row.region_id, parts, trees) or owner
            if where is not None:
                choices[where].extend(Choice(s, row.key, None, focus.quote) for s in focus.sectors)
                added = True
        if added:
            used.append(row.key)
    return OverlapView(top.name, lv, overlap_matrix({k: v for k, v in choices.items() if v}, level=lv), tuple(used))


def overlap_of_plans(session: Session, *, keys: Sequence[str], level: str = "2") -> OverlapView:
    """Plans against each other (any regions): one row per plan, named by its region."""
    lv = check_level(level)
    choices: dict[str, list[Choice]] = {}
    for key in keys:
        row = get_plan(session, key=key)
        plan = current_plan(session, row)
        amounts = _amounts(plan)
        label = row.region_name or plan.meta.region or key
        choices.setdefault(label, []).extend(Choice(n, key, amounts.get(n)) for n in own_industries(plan))
    return OverlapView("、".join(choices), lv, overlap_matrix(choices, level=lv), tuple(keys))


def overlap_json(view: OverlapView) -> dict[str, Any]:
    m = view.matrix
    n = len(m.regions)
    differentiated = [c.label for c in m.columns if c.differentiated]
    return {
        "region": view.region, "level": view.level, "level_zh": LEVEL_ZH[view.level], "plans": list(view.plans),
        "regions": list(m.regions),
        "industries": [{"key": c.key, "label": c.label, "k": c.k, "n": n, "flagged": c.flagged,
                        "differentiated": c.differentiated, "regions": list(c.regions)} for c in m.columns],
        "cells": [{"region": r, "key": k, "written": list(w)} for (r, k), w in m.cells.items()],
        "pairs": [{"a": p.a, "b": p.b, "shared": p.shared, "union": p.union, "jaccard": round(p.jaccard, 3),
                   "unido": None if p.unido is None else round(p.unido, 3)} for p in m.pairs],
        "mean_jaccard": None if m.mean_jaccard is None else round(m.mean_jaccard, 3),
        "flagged": [c.label for c in m.columns if c.flagged],
        "differentiated": differentiated,
        "note": (f"{'、'.join(differentiated)}：同一规划给不同地区分配了同类产业的不同方向，属分工而非同质化"
                 if differentiated else None),
        "classification": {"name": "战略性新兴产业分类（2018）", "categories": len(classification())},
    }


def overlap_sheets(data: dict[str, Any]) -> list[Any]:
    """The k-of-N list, the matrix and the pairs as XLSX sheets (from `overlap_json`)."""
    from planwatch.services.xlsx_export import Sheet

    cells = {(c["region"], c["key"]): "、".join(c["written"]) for c in data["cells"]}
    keys = [i["key"] for i in data["industries"]]
    counts = Sheet("产业重复度", ["产业", "选择地区数", "地区总数", "过半", "分工", "地区"],
                   [(i["label"], i["k"], i["n"], "是" if i["flagged"] else "", "是" if i["differentiated"] else "",
                     "、".join(i["regions"])) for i in data["industries"]])
    matrix = Sheet("产业布局矩阵", ["地区", *[i["label"] for i in data["industries"]]],
                   [(r, *[cells.get((r, k), "") for k in keys]) for r in data["regions"]])
    pairs = Sheet("两两相似度", ["地区甲", "地区乙", "共同产业", "产业并集", "Jaccard", "UNIDO"],
                  [(p["a"], p["b"], p["shared"], p["union"], p["jaccard"], p["unido"]) for p in data["pairs"]])
    return [counts, matrix, pairs]
