"""Page data assembled from the services: plain dicts, the same for a page and its twin.

Everything a template prints is in the dict its twin answers (numbers, labels, the
explanation sentences, the chart options), so a number on a page always equals its JSON.
No table is queried here; the services do that.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from planwatch.progress.explain import GRADES, explain, method_label
from planwatch.progress.status import STATUS_LABELS
from planwatch.services.auth import Principal
from planwatch.services.indicators import IndicatorDetail, Measure, indicator_detail
from planwatch.services.overview import Overview
from planwatch.services.page_cache import key_of
from planwatch.services.plan_detail import plan_detail
from planwatch.services.plans import list_plans
from planwatch.services.regions import sub_regions
from planwatch.store.tables import Plan
from planwatch.web.charts import indicator_lines, plans_stacked, status_bars
from planwatch.web.filters import METHOD_NAMES, Filters


def plan_list(session: Session, plans: list[Plan]) -> list[dict[str, Any]]:
    return [s.__dict__ for s in list_plans(session, keys={p.key for p in plans})]


def may_review(who: Principal) -> bool:
    return who.role in ("admin", "planner")


def progress_key(page: str, key: str, who: Principal, filters: Filters, *extra: object) -> str:
    """The page cache's key of a plan's progress page: the page, the plan, the filters and
    the one thing the user changes on it (drafts and source links for reviewers); the
    user's scope does not (it decides whether the page opens, not what it shows)."""
    return key_of(page, key, may_review(who), filters, *extra)


def _filters(f: Filters) -> dict[str, Any]:
    return {"as_of": f.as_of, "region": f.region, "method": f.method, "method_name": METHOD_NAMES[f.method],
            "query": f.query()}


def _notes(rows: list[dict[str, Any]], measures: list[Measure], filters: Filters) -> list[dict[str, Any]]:
    """Per status row: the method in a word, the sentence saying how the status was decided,
    the indicator's change (a target 比基期下降/增长) and the level its target asks for, and
    the query string of the filters with the row's region (links to its indicator page)."""
    return [{"method_label": method_label(r["method"]), "explanation": explain(r, level=m.level, change=m.change),
             "change": m.change, "level": m.level, "query": filters.query(region=r["region"])}
            for r, m in zip(rows, measures, strict=True)]


def status_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Rows per status, in the order of `STATUS_LABELS`."""
    found = Counter(r["status"] for r in rows)
    return {s: found[s] for s in STATUS_LABELS if found[s]}


def _outline_counts(extracted: dict[str, Any]) -> dict[str, int]:
    """Section id → targets and indicator rows found directly under it."""
    found = Counter(item.get("section") for kind in ("targets", "indicators") for item in extracted.get(kind) or [])
    return {k: v for k, v in found.items() if k}


def _region_choices(session: Session, plan: Plan, rows: list[dict[str, Any]]) -> list[str]:
    """The plan's region, its sub-regions and the regions of `rows` (of the table, of the
    figures), for the filter's list of suggestions."""
    names = [r["region"] for r in rows if r["region"]]
    if plan.region_id is not None:
        names = [plan.region_name or "", *(r.name for r in sub_regions(session, region_id=plan.region_id)), *names]
    return [n for n in dict.fromkeys(names) if n]


def plan_view(session: Session, plan: Plan, *, who: Principal, filters: Filters) -> dict[str, Any]:
    """The plan page: meta of the current version (else the newest draft), outline, versions,
    the progress table for the filters, its status counts and chart, 数据齐全度. Dates come
    back as ISO strings once cached (`services.page_cache`): the template takes both."""
    d = plan_detail(session, plan=plan, drafts=may_review(who), as_of=filters.as_of, region=filters.region,
                    method=filters.method, lag_months=filters.lag_months)
    rows = [r.as_dict() for r in d.rows]
    counts = status_counts(rows)
    done = d.completeness
    return {"key": d.key, "title": d.title, "region": d.region, "meta": d.extracted.get("meta", {}),
            "version": d.shown.version, "published": d.shown.status == "published",
            "sections": d.extracted.get("sections", []), "outline_counts": _outline_counts(d.extracted),
            "versions": [asdict(v) for v in d.versions], "filters": _filters(filters), "as_of": filters.as_of,
            "method": filters.method, "methods": METHOD_NAMES, "region_choices": _region_choices(session, plan, rows),
            "status": rows, "notes": _notes(rows, d.measures, filters), "counts": counts,
            "completeness": {"tracked": done.tracked, "with_figures": done.with_figures,
                             "without_figures": done.tracked - done.with_figures, "share": done.share,
                             "missing": done.without},
            "chart": status_bars(counts), "may_review": may_review(who)}


def _focus(detail: IndicatorDetail, rows: list[dict[str, Any]], region: str | None) -> int | None:
    """Which row the chart draws the target, 序时 path and forecast for: the region asked
    for, else the plan's own region, else the first row with figures, else the first."""
    for wanted in (region, detail.plan_region):
        hit = next((i for i, r in enumerate(rows) if wanted and r["region"] == wanted), None)
        if hit is not None:
            return hit
    with_figures = next((i for i, r in enumerate(rows) if r["latest"]["value"] is not None), None)
    return with_figures if with_figures is not None else (0 if rows else None)


def _focus_chart_data(detail: IndicatorDetail, rows: list[dict[str, Any]], at: int | None) -> dict[str, Any] | None:
    if at is None:
        return None
    row, m = rows[at], detail.measures[at]
    level = m.level  # None for a change target without a baseline: no line to draw
    year = row["target"].get("judged_year") or row["target"]["year"]
    start: tuple[float, float] | None = None
    if row["method"].endswith("elapsed"):  # a running total starts its year at zero
        start = (float(year) - 1.0, 0.0)
    elif m.base_at is not None and row["baseline"]["value"] is not None and row["target"].get("flow") != "annual":
        start = (m.base_at, float(row["baseline"]["value"]))
    return {"row": row, "level": level, "path_start": start, "latest_at": m.latest_at}


def _source(detail: IndicatorDetail, key: str, who: Principal) -> dict[str, Any]:
    """The sentence it came from; planners get a link to it in the version's review page,
    whose highlight of an item's span has the anchor ``#mark-ID`` (ids of `planwatch.drafts`)."""
    s = detail.source
    link = None
    if s.has_text and s.start is not None and s.item_id and may_review(who):
        link = f"/plans/{key}/versions/{s.version}/review#mark-{s.item_id}"
    return {**asdict(s), "link": link}


def indicator_view(session: Session, plan: Plan, *, who: Principal, indicator_id: int,
                   filters: Filters) -> dict[str, Any]:
    """The indicator page: chart, figures with sources, source sentence, allocations, status."""
    d = indicator_detail(session, plan=plan.key, indicator_id=indicator_id, as_of=filters.as_of,
                         method=filters.method, region_id=filters.region_id, lag_months=filters.lag_months)
    rows = [r.as_dict() for r in d.rows]
    notes = _notes(rows, d.measures, filters)
    figures = [asdict(f) for f in d.figures]
    focus = _focus(d, rows, filters.region)
    ind = d.indicator
    first = ind["baseline_year"] or (ind["start_year"] - 1 if ind["start_year"] else None)
    chart = indicator_lines(metric=ind["metric"], unit=ind["unit"], figures=figures,
                            focus=_focus_chart_data(d, rows, focus),
                            years=(first or (ind["target_year"] or 1) - 1, ind["target_year"] or first or 1))
    shares = [{"region": a.region, "value": a.value, "weight": a.weight,
               "status": a.status.as_dict() if a.status else None} for a in d.allocations]
    return {"key": plan.key, "plan_title": d.plan_title, "plan_region": d.plan_region, "indicator": ind,
            "filters": _filters(filters), "as_of": filters.as_of, "method": filters.method, "methods": METHOD_NAMES,
            "figures": figures, "status": rows, "notes": notes, "focus": focus,
            "allocations": shares, "allocation_warnings": d.allocation_warnings,
            "source": _source(d, plan.key, who), "grades": GRADES, "chart": chart,
            "region_choices": _region_choices(session, plan, [*rows, *figures])}


def dashboard_view(view: Overview, *, as_of: date) -> dict[str, Any]:
    """首页: what `services.overview` found, with the totals and the chart of the plans."""
    plans = [asdict(c) for c in view.plans]
    totals: Counter[str] = Counter()
    for p in plans:
        totals.update(p["counts"])
    return {"as_of": as_of, "plans": plans, "drafts": [asdict(c) for c in view.drafts],
            "totals": {s: totals[s] for s in STATUS_LABELS if totals[s]},
            "task_colours": view.task_colours, "overdue": [t.as_dict() for t in view.overdue],
            "recent": view.recent, "my_tasks": [t.as_dict() for t in view.my_tasks],
            "chart": plans_stacked(plans) if plans else None}
