"""对标 and 同质化: a plan against the plan it implements, and regions against each other.

Readers of a plan read its comparison; the parent is readable with it when the user may see
the parent, or (for every role but reporters) when the parent governs the child's region or
a region above it — the plan one implements is part of one's own plan. Admins and planners
in scope confirm the parent and decide review pairs. Out of scope: 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError
from planwatch.services import access
from planwatch.services import compare as service
from planwatch.services import overlap as overlap_service
from planwatch.services.auth import Principal
from planwatch.services.plans import get_plan
from planwatch.services.regions import is_within, resolve_region
from planwatch.store.tables import Plan as PlanRow
from planwatch.store.tables import Region
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.errors import wants_json
from planwatch.web.pages import twin

router = APIRouter()

ParentParam = Annotated[str | None, Query(max_length=64, description="compare with this plan instead of the parent")]
LevelParam = Annotated[str, Query(max_length=8, description="written, 2 or 1 (战略性新兴产业分类 level)")]
MetricField = Annotated[str, Form(min_length=1, max_length=256)]


def _may_read_parent(s: Session, who: Principal, child: PlanRow, parent: PlanRow) -> bool:
    if parent.current_version_id is None:
        return False
    if access.can_see_plan(s, who, parent):
        return True
    if who.role == "reporter" or parent.region_id is None or child.region_id is None:
        return False
    return is_within(s, region_id=child.region_id, ancestor_id=parent.region_id)


def _parent_for(s: Session, who: Principal, child: PlanRow, key: str | None) -> PlanRow | None:
    """The parent asked for (404 when the user may not read it), else the default one if readable."""
    if key is not None:
        parent = get_plan(s, key=key)
        if not _may_read_parent(s, who, child, parent):
            raise NotFoundError(f"plan {key!r}: no such plan")
        return parent
    found, _link, _candidates = service.resolve_parent(s, child, None)
    return found if found is not None and _may_read_parent(s, who, child, found) else None


@twin(router, "/compare", "compare_index.html")
def compare_index(request: Request, who: Who) -> dict[str, Any]:
    """对标 index: the plans you can see, each with its parent link, and the regions for 同质化."""
    with unit_of_work(request, who) as s:
        plans = [p for p in access.visible_plans(s, who) if p.current_version_id is not None]
        rows = []
        for p in plans:
            link = service.link_of(s, p)
            parent = s.get(PlanRow, link.parent_plan_id) if link else None
            rows.append({"key": p.key, "title": p.title, "region": p.region_name,
                         "parent": parent.key if parent is not None and _may_read_parent(s, who, p, parent) else None,
                         "parent_title": parent.title if parent is not None else None,
                         "method": link.method if link else None})
        names = []
        if who.region_id is not None and (r := s.get(Region, who.region_id)) is not None:
            names.append(r.name)
        for p in plans:
            region = s.get(Region, p.region_id) if p.region_id else None
            while region is not None and (who.role == "admin" or access.in_scope(s, who, region.id)
                                          or who.role == "reporter"):
                names.append(region.name)
                region = s.get(Region, region.parent_id) if region.parent_id else None
        return {"plans": rows, "regions": list(dict.fromkeys(names))}


@twin(router, "/plans/{key}/compare", "compare.html")
def compare_page(request: Request, who: Who, key: str, parent: ParentParam = None) -> dict[str, Any]:
    """对标: the plan against its parent (or ?parent=KEY): top line, weaker and missing first, review queue."""
    with unit_of_work(request, who) as s:
        child = access.require_plan(s, who, get_plan(s, key=key))
        chosen = _parent_for(s, who, child, parent)
        if chosen is not None:
            data = service.comparison_json(service.compare_plans(s, key=key, parent_key=chosen.key))
        else:
            base = service.compare_plans(s, key=key, parent_key=None) if parent is None else None
            data = service.comparison_json(base) if base is not None and base.parent is None else {
                "child": {"key": child.key, "title": child.title, "region": child.region_name}, "parent": None,
                "rows": [], "industries": [], "additions": [], "candidates": [], "top_line": None, "counts": {},
                "link": None, "confirmed": False, "child_only": []}
        may_write = who.role in ("admin", "planner") and access.in_scope(s, who, child.region_id)
        choices = [p.key for p in access.visible_plans(s, who) if p.key != key and p.current_version_id is not None]
        if data["parent"] and data["parent"]["key"] not in choices:
            choices.insert(0, data["parent"]["key"])
        pending = {(r["parent"]["metric"], r["child"]["metric"]): r for r in data["rows"] if r["verdict"] == "review"}
        return {**data, "may_write": may_write, "choices": choices, "review": list(pending.values())}


def _answer(request: Request, target: str, payload: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": True, **payload})
    return RedirectResponse(target, status_code=303)


@router.post("/plans/{key}/compare/link", include_in_schema=False)
def confirm_link(request: Request, who: Who, key: str,
                 parent: Annotated[str, Form(min_length=1, max_length=64)]) -> Response:
    """Confirm (or change) the plan's parent; then the 对标 page."""
    with unit_of_work(request, who) as s:
        child = access.require_plan(s, who, get_plan(s, key=key), "write")
        chosen = _parent_for(s, who, child, parent)
        assert chosen is not None
        link = service.set_link(s, key=key, parent_key=chosen.key)
        payload = {"child": key, "parent": chosen.key, "method": link.method}
    return _answer(request, f"/plans/{key}/compare", payload)


@router.post("/plans/{key}/compare/decisions", include_in_schema=False)
def decide(request: Request, who: Who, key: str, parent_metric: MetricField, child_metric: MetricField,
           decision: Annotated[str, Form(max_length=16)],
           parent: Annotated[str | None, Form(max_length=64)] = None) -> Response:
    """Store a review decision (same / proxy / different) on a pair of metric names."""
    with unit_of_work(request, who) as s:
        access.require_plan(s, who, get_plan(s, key=key), "write")
        row = service.decide(s, parent_metric=parent_metric, child_metric=child_metric, decision=decision)
        payload = {"parent_metric": row.parent_metric, "child_metric": row.child_metric, "decision": row.decision}
    target = f"/plans/{key}/compare" + (f"?parent={parent}" if parent else "")
    return _answer(request, target, payload)


@twin(router, "/regions/{name}/overlap", "overlap.html")
def overlap_page(request: Request, who: Who, name: str, level: LevelParam = "2") -> dict[str, Any]:
    """同质化: the sub-regions of a region — k of N per industry, the heatmap, the most similar pairs."""
    with unit_of_work(request, who) as s:
        region = resolve_region(s, name=name)
        if who.role != "reporter" and not access.in_scope(s, who, region.id):
            raise NotFoundError(f"region {name!r}: not in your scope")
        ids = {p.id for p in access.visible_plans(s, who) if p.current_version_id is not None}
        data = overlap_service.overlap_json(overlap_service.overlap_for_region(s, region=region.name, level=level,
                                                                              plan_ids=ids))
        return {**data, "heatmap": _heatmap(data), "levels": list(overlap_service.LEVEL_ZH.items())}


def _heatmap(data: dict[str, Any]) -> dict[str, Any]:
    """The pairwise Jaccard as an ECharts heatmap option (drawn by static/charts.js)."""
    regions = data["regions"]
    at = {r: i for i, r in enumerate(regions)}
    points = [[i, i, 1.0] for i in range(len(regions))]
    for p in data["pairs"]:
        points += [[at[p["a"]], at[p["b"]], p["jaccard"]], [at[p["b"]], at[p["a"]], p["jaccard"]]]
    return {"tooltip": {"position": "top"}, "grid": {"left": 90, "right": 20, "top": 10, "bottom": 80},
            "xAxis": {"type": "category", "data": regions, "axisLabel": {"rotate": 45}},
            "yAxis": {"type": "category", "data": regions},
            "visualMap": {"min": 0, "max": 1, "calculable": True, "orient": "horizontal", "left": "center",
                          "bottom": 0, "itemHeight": 120},
            "series": [{"name": "Jaccard", "type": "heatmap", "data": points, "label": {"show": len(regions) <= 12}}]}
