"""分解与考核: allocations of a target to sub-regions (a form with a live sum check), the
roll-up view, stored assessment schemes and their rankings.

Allocating is changing the plan (planners of its region, admins); the roll-up is read by
whoever may read the indicator. Schemes are read by admins, planners and viewers of the
scheme's region and saved and run by its planners. Forms answer 303 to the resulting page,
or the form again with the problems (422); a JSON body (``Accept: application/json``) gets
JSON. The sum check (`GET …/allocations/check`, used by htmx as the figures are typed)
computes and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from planwatch.errors import NotFoundError, ValidationError
from planwatch.services import access
from planwatch.services import allocations as alloc
from planwatch.services import assessment_schemes as schemes
from planwatch.services.assessment_export import ranking_table, run_workbook
from planwatch.services.auth import Principal
from planwatch.services.plans import get_plan
from planwatch.services.xlsx_export import download_name
from planwatch.store.tables import Plan
from planwatch.web.charts import FONT
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.downloads import download
from planwatch.web.errors import wants_json
from planwatch.web.pages import render, twin

router = APIRouter()

IndicatorId = Annotated[int, Path(ge=1, le=2_147_483_647, description="the indicator's id")]
SchemeName = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\s/\\?#%]+$")]
ALLOC = "/plans/{key}/indicators/{indicator_id}/allocations"
Form = dict[str, Any]


async def _read(request: Request) -> Form:
    """The form's fields (an uploaded file as its text), or a JSON body."""
    if "application/json" in request.headers.get("content-type", ""):
        body = await request.json()
        if not isinstance(body, dict):
            raise ValidationError("body", ["expected a JSON object"])
        return body
    out: Form = {}
    for key, value in (await request.form()).multi_items():
        if isinstance(value, UploadFile):
            if value.filename:
                data = await value.read(schemes.MAX_YAML + 1)
                try:
                    out[key] = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    out[key] = None
                    out["_bad_file"] = value.filename
        else:
            out[key] = value
    return out


def _problems(request: Request, e: ValidationError) -> JSONResponse:
    return JSONResponse({"ok": False, "error": e.source, "problems": e.problems}, status_code=422)


# --- 分解 (allocations) and 汇总 (roll-up) --------------------------------------------------

def _writable_plan(s: Session, who: Principal, key: str) -> Plan:
    return access.require_plan(s, who, get_plan(s, key=key), need="write")


def _alloc_data(s: Session, who: Principal, key: str, indicator_id: int, *, mode: str | None = None,
                typed: dict[str, str] | None = None, problems: list[str] | None = None) -> dict[str, Any]:
    plan = _writable_plan(s, who, key)
    ind = alloc.plan_indicator(s, plan=plan, indicator_id=indicator_id)
    stored = alloc.list_allocations(s, plan=key, indicator=str(ind.id))[0]
    weighted = any(w is not None for _v, w in stored.parts.values())
    mode = mode or ("weights" if weighted else "values")
    regions = alloc.sub_regions(s, plan=plan, indicator_id=ind.id)
    if typed is None:
        typed = {name: _plain(w if mode == "weights" else v) for name, (v, w) in stored.parts.items()}
    parts, _bad = alloc.read_parts({name: typed.get(name, "") for name in regions})
    check = alloc.check_allocation(ind, mode=mode, parts=parts)
    return {"key": key, "plan_title": plan.title, "indicator": {"id": ind.id, "metric": ind.metric, "unit": ind.unit,
                                                                  "value": ind.value, "target_year": ind.target_year},
            "mode": mode, "regions": regions, "typed": typed, "check": check,
            "stored": {name: {"value": v, "weight": w} for name, (v, w) in stored.parts.items()},
            "warnings": stored.warnings, "problems": problems or []}


def _plain(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


@twin(router, ALLOC, "alloc_form.html")
def allocation_form(request: Request, who: Who, key: str, indicator_id: IndicatorId) -> dict[str, Any]:
    """The allocation of a target to sub-regions as a form: values or weights, sum checked."""
    with unit_of_work(request, who) as s:
        return _alloc_data(s, who, key, indicator_id)


def _typed(form: Form) -> dict[str, str]:
    """Region → the text typed for it (fields `part.<region>`, or a JSON `parts` mapping)."""
    if isinstance(form.get("parts"), dict):
        return {str(k): "" if v is None else str(v) for k, v in form["parts"].items()}
    return {k.removeprefix("part."): str(v) for k, v in form.items() if k.startswith("part.")}


@router.get(ALLOC + "/check", response_class=HTMLResponse, include_in_schema=False)
def allocation_check(request: Request, who: Who, key: str, indicator_id: IndicatorId) -> Response:
    """The live sum check of the figures typed so far (htmx swaps it in); writes nothing."""
    form = dict(request.query_params)
    with unit_of_work(request, who) as s:
        plan = _writable_plan(s, who, key)
        ind = alloc.plan_indicator(s, plan=plan, indicator_id=indicator_id)
        parts, problems = alloc.read_parts(_typed(form))
        check = alloc.check_allocation(ind, mode=str(form.get("mode") or "values"), parts=parts)
    data = {"check": check, "unit": ind.unit, "problems": problems + check.problems}
    if wants_json(request):
        return JSONResponse({"ok": True, **{k: v for k, v in check.__dict__.items()}, "problems": data["problems"]})
    return render(request, "alloc_check.html", data)


def _save_allocation(request: Request, who: Principal, key: str, indicator_id: int, form: Form) -> Response:
    mode, typed = str(form.get("mode") or "values"), _typed(form)
    try:
        with unit_of_work(request, who) as s:
            plan = _writable_plan(s, who, key)
            parts, problems = alloc.read_parts(typed)
            if problems:
                raise ValidationError("allocate", problems)
            done = alloc.set_allocations(s, plan=plan, indicator_id=indicator_id, mode=mode, parts=parts)
    except ValidationError as e:
        if wants_json(request):
            return _problems(request, e)
        with unit_of_work(request, who) as s:
            data = _alloc_data(s, who, key, indicator_id, mode=mode if mode in ("values", "weights") else None,
                               typed=typed, problems=e.problems)
        return render(request, "alloc_form.html", data, status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, "parts": done.parts, "warnings": done.warnings})
    return RedirectResponse(f"/plans/{key}/indicators/{indicator_id}#allocations", status_code=303)


@router.post(ALLOC, include_in_schema=False)
async def save_allocation(request: Request, who: Who, key: str, indicator_id: IndicatorId) -> Response:
    """Store the whole allocation (regions left blank are removed); all or nothing."""
    return await run_in_threadpool(_save_allocation, request, who, key, indicator_id, await _read(request))


@twin(router, "/plans/{key}/indicators/{indicator_id}/rollup", "alloc_rollup.html")
def rollup_page(request: Request, who: Who, key: str, indicator_id: IndicatorId) -> dict[str, Any]:
    """The sub-regions' actuals rolled up per period, against the region's own figure."""
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key))
        ind = alloc.plan_indicator(s, plan=plan, indicator_id=indicator_id)
        rows = alloc.rollup_view(s, plan=plan, indicator_id=ind.id)
        return {"key": key, "plan_title": plan.title, "plan_region": plan.region_name,
                "indicator": {"id": ind.id, "metric": ind.metric, "unit": ind.unit},
                "rows": [r.__dict__ for r in rows],
                "may_allocate": who.role in ("admin", "planner")}


# --- 考核 (assessment schemes and runs) -----------------------------------------------------

EXAMPLE = """name: 2025年度考核
title: 2025年度制造业高质量发展考核
plan: PLAN_KEY
groups:
  - name: 目标完成
    points: 60
    items:
      - {indicator: 指标名称, weight: 60, rule: target_completion}
  - name: 重点任务
    points: 40
    items:
      - {rule: tasks_on_time, weight: 40}
adjustment_cap: 5
adjustments: []
"""


def _list_data(s: Session, who: Principal, **extra: Any) -> dict[str, Any]:
    return {"schemes": schemes.list_schemes(s, who=who), "may_edit": who.role in ("admin", "planner"),
            "example": EXAMPLE, "yaml": "", "name": "", "problems": [], **extra}


@twin(router, "/assessments", "assess_list.html")
def assessments(request: Request, who: Who) -> dict[str, Any]:
    """The assessment schemes in the user's scope, with the date of their latest run."""
    with unit_of_work(request, who) as s:
        return _list_data(s, who)


def _scheme_text(form: Form) -> str:
    if form.get("_bad_file"):
        raise ValidationError(str(form["_bad_file"]), ["the file is not UTF-8 text (save the YAML as UTF-8)"])
    text = form.get("file") or form.get("yaml") or ""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("scheme", ["yaml: paste the scheme or choose a .yaml file"])
    return text


def _save_scheme(request: Request, who: Principal, form: Form) -> Response:
    name = str(form.get("name") or "").strip() or None
    try:
        with unit_of_work(request, who) as s:
            row = schemes.save_scheme(s, who=who, yaml_text=_scheme_text(form), name=name)
            saved, version = row.name, row.version
    except ValidationError as e:
        if wants_json(request):
            return _problems(request, e)
        with unit_of_work(request, who) as s:
            data = _list_data(s, who, yaml=form.get("yaml") or form.get("file") or "", name=name or "",
                              problems=[f"{e.source}：{p}" for p in e.problems])
        return render(request, "assess_list.html", data, status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, "name": saved, "version": version}, status_code=201 if version == 1 else 200)
    return RedirectResponse(f"/assessments/{saved}", status_code=303)


@router.post("/assessments", include_in_schema=False)
async def save_scheme(request: Request, who: Who) -> Response:
    """Create or update a scheme from pasted YAML (`yaml`) or an uploaded file (`file`)."""
    return await run_in_threadpool(_save_scheme, request, who, await _read(request))


@router.get("/assessments/{name}.xlsx", include_in_schema=False)
def scheme_export(request: Request, who: Who, name: SchemeName,
                  run: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None) -> Response:
    """The latest run's ranking (or run `run`) as .xlsx with Chinese headers."""
    with unit_of_work(request, who) as s:
        row = schemes.scheme_for(s, who, name)
        runs = schemes.runs_of(s, scheme=name)
        chosen = next((r for r in runs if run is None or r.id == run), None)
        if chosen is None:
            raise NotFoundError(f"assessment scheme {name!r}: no such run (run the scheme first)")
        data = run_workbook(chosen, title=row.title)
    return download(data, download_name(f"考核排名_{name}", chosen.as_of))


def ranking_bars(rows: list[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """ECharts option: one horizontal bar per region, its total, best at the top."""
    words = "，".join(f"第{r['rank']}名{r['region']}{r['total']:g}分" for r in rows) or "尚无结果"
    return {
        "animation": False, "textStyle": {"fontFamily": FONT},
        "aria": {"enabled": True, "label": {"description": f"{title}总分：{words}。"}},
        "grid": {"left": 8, "right": 48, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "value", "name": "总分"},
        "yAxis": {"type": "category", "inverse": True, "data": [r["region"] for r in rows]},
        "series": [{"type": "bar", "name": "总分", "barMaxWidth": 22, "itemStyle": {"color": "#1565c0"},
                    "label": {"show": True, "position": "right"}, "data": [round(r["total"], 2) for r in rows]}],
    }


def _scheme_data(s: Session, who: Principal, name: str, **extra: Any) -> dict[str, Any]:
    row = schemes.scheme_for(s, who, name)
    runs = schemes.runs_of(s, scheme=name)
    latest = runs[0] if runs else None
    rows = latest.rows if latest else []
    headers, _body = ranking_table(rows)
    return {"name": row.name, "title": row.title, "version": row.version, "plan": row.parsed.get("plan"),
            "yaml": row.yaml_text, "updated_at": row.updated_at, "created_by": row.created_by,
            "latest": latest.__dict__ if latest else None, "rows": rows,
            "item_labels": list(rows[0]["items"]) if rows else [],
            "group_labels": list(rows[0].get("groups") or {}) if rows else [],
            "runs": [{"id": r.id, "as_of": r.as_of, "run_by": r.run_by, "run_at": r.run_at,
                      "scheme_version": r.scheme_version, "first": r.rows[0]["region"] if r.rows else None}
                     for r in runs],
            "chart": ranking_bars(rows, title=row.title), "headers": headers,
            "may_edit": who.role in ("admin", "planner"), "today": date.today(), "problems": [], **extra}


@twin(router, "/assessments/{name}", "assess_scheme.html")
def scheme_page(request: Request, who: Who, name: SchemeName) -> dict[str, Any]:
    """A scheme: its YAML, the latest run's ranking (points per item, total, rank, change
    of rank since the previous run) with a bar chart, and the runs so far."""
    with unit_of_work(request, who) as s:
        return _scheme_data(s, who, name)


def _as_of(form: Form) -> date:
    text = str(form.get("as_of") or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError("as_of", [f"{text!r}: a date such as 2025-12-31"]) from None


def _run(request: Request, who: Principal, name: str, form: Form) -> Response:
    try:
        with unit_of_work(request, who) as s:
            run = schemes.run_scheme(s, who=who, name=name, as_of=_as_of(form))
            payload = {"run": run.id, "as_of": run.as_of.isoformat(), "rows": run.results, "warnings": run.warnings}
    except ValidationError as e:
        if wants_json(request):
            return _problems(request, e)
        with unit_of_work(request, who) as s:
            data = _scheme_data(s, who, name, problems=[f"{e.source}：{p}" for p in e.problems])
        return render(request, "assess_scheme.html", data, status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, **payload}, status_code=201)
    return RedirectResponse(f"/assessments/{name}#ranking", status_code=303)


@router.post("/assessments/{name}/runs", include_in_schema=False)
async def run_scheme(request: Request, who: Who, name: SchemeName) -> Response:
    """Run the scheme for `as_of` and keep the ranking."""
    return await run_in_threadpool(_run, request, who, name, await _read(request))
