"""重点项目 (四督四保): the project library, project pages, edits and imports, the rates panel and the 三未 lists.

Admins and planners read and write the projects of their region, viewers read them,
reporters have no part in the library (403); a project outside the user's region is not
found (404). The rates panel is computed once per scope, filter and period until anything
changes (`services.page_cache`), since it is the page the whole province opens each month.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from planwatch.errors import DocumentError, ValidationError
from planwatch.services import access
from planwatch.services import projects_library as lib
from planwatch.services.auth import Principal
from planwatch.services.page_cache import cached
from planwatch.services.plans import get_plan
from planwatch.services.projects import create_projects_from_plan
from planwatch.services.projects_upload import check_upload, confirm_upload
from planwatch.services.uploads import safe_name
from planwatch.services.xlsx_export import download_name, workbook_bytes
from planwatch.store import audit
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.downloads import download
from planwatch.web.errors import respond, wants_json
from planwatch.web.pages import render, twin

router = APIRouter()

ProjectId = Annotated[int, Path(ge=1, le=2_147_483_647, description="the project's id")]
Text = Annotated[str | None, Query(max_length=64)]
StageQ = Annotated[str | None, Query(max_length=8, description="储备 / 新建 / 续建 / 竣工 / 达产")]
FromQ = Annotated[str | None, Query(alias="from", max_length=32, description="period start YYYY-MM-DD")]
ToQ = Annotated[str | None, Query(alias="to", max_length=32, description="period end YYYY-MM-DD")]
PeriodQ = Annotated[str | None, Query(max_length=16, description="2026-10 (1—10月) or 2026")]
AsOfQ = Annotated[str | None, Query(max_length=32, description="judged as of YYYY-MM-DD (default today)")]
PageQ = Annotated[int, Query(ge=1, le=100_000)]
PAGE_SIZE = 100
RATE_SERIES = ("started", "completed", "investment")


def _filters(stage: str | None, region: str | None, plan: str | None, q: str | None, period: lib.Period,
             raw: dict[str, str | None]) -> dict[str, Any]:
    values = {"stage": stage, "region": region, "plan": plan, "q": q, **raw}
    return {**{k: v or "" for k, v in values.items()}, "label": period.label,
            "query": urlencode({k: v for k, v in values.items() if v})}


def _panel(s: Any, who: Principal, *, region: str | None, plan: str | None, period: lib.Period) -> dict[str, Any]:
    key = lib.panel_key(s, who, region=region, plan=plan, period=period)
    return cached(s, key=key[:200], compute=lambda: lib.rates_panel(s, who, region=region, plan=plan, period=period),
                  unaffected=lib.RATES_UNAFFECTED)


def region_bars(by_region: list[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """One group of bars per region: 开工率, 竣工率 and 投资完成率 in %, the counts in the tooltip."""
    names = [r["region"] for r in by_region]
    series = []
    for key in RATE_SERIES:
        data = []
        for r in by_region:
            rate = r["rates"][key]
            share = None if rate["value"] is None else round(rate["value"] * 100, 1)
            data.append({"value": share, "tip": f"{r['region']} {rate['name']}：{rate['label']}"})
        series.append({"type": "bar", "name": by_region[0]["rates"][key]["name"] if by_region else key,
                       "barMaxWidth": 18, "data": data, "label": {"show": len(names) <= 8, "position": "top"}})
    words = "；".join(f"{r['region']}：" + "，".join(f"{r['rates'][k]['name']}{r['rates'][k]['label']}"
                                                   for k in RATE_SERIES) for r in by_region)
    return {"animation": False, "aria": {"enabled": True, "label": {"description": f"{title}。{words or '暂无项目'}。"}},
            "title": {"text": title, "left": 8, "top": 4, "textStyle": {"fontSize": 15}},
            "grid": {"left": 16, "right": 16, "top": 56, "bottom": 64, "containLabel": True},
            "legend": {"bottom": 0}, "tooltip": {"trigger": "item", "formatter": "fn:tip"},
            "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30 if len(names) > 8 else 0}},
            "yAxis": {"type": "value", "name": "%", "min": 0, "max": 100}, "series": series}


@twin(router, "/projects/rates", "projects_rates.html")
def rates_page(request: Request, who: Who, region: Text = None, plan: Text = None, start: FromQ = None,
               end: ToQ = None, period: PeriodQ = None, as_of: AsOfQ = None) -> dict[str, Any]:
    """The rates panel of a period (开工率 竣工率 达产率 转化率 投资完成率), the 三未 lists, rates by region."""
    with unit_of_work(request, who) as s:
        lib.require_library(who)
        chosen = lib.read_period(start=start, end=end, period=period, as_of=as_of, today=date.today())
        panel = _panel(s, who, region=region, plan=plan, period=chosen)
        raw = {"from": start, "to": end, "period": period, "as_of": as_of}
        return {**panel, "filters": _filters(None, region, plan, None, chosen, raw),
                "chart": region_bars(panel["by_region"], title=f"各地区开工率、竣工率、投资完成率（{chosen.label}）")}


@router.get("/projects.xlsx", include_in_schema=False)
def export(request: Request, who: Who, stage: StageQ = None, region: Text = None, plan: Text = None, q: Text = None,
           as_of: AsOfQ = None) -> Response:
    """The library (same filters) as .xlsx with Chinese headers, every matching project."""
    with unit_of_work(request, who) as s:
        lib.require_library(who)
        day = lib.read_period(start=None, end=None, period=None, as_of=as_of, today=date.today()).as_of
        rows = lib.library(s, who, stage=stage, region=region, plan=plan, enterprise=q, year=day.year, through=day)
    return download(workbook_bytes([lib.export_sheet(rows, year=day.year)]), download_name("重点项目库", day))


@twin(router, "/projects", "projects.html")
def projects_page(request: Request, who: Who, stage: StageQ = None, region: Text = None, plan: Text = None,
                  q: Text = None, start: FromQ = None, end: ToQ = None, period: PeriodQ = None, as_of: AsOfQ = None,
                  page: PageQ = 1) -> dict[str, Any]:
    """The project library (filters stage, region, plan, enterprise text `q`) and the rates panel of the period."""
    with unit_of_work(request, who) as s:
        lib.require_library(who)
        chosen = lib.read_period(start=start, end=end, period=period, as_of=as_of, today=date.today())
        rows = lib.library(s, who, stage=stage, region=region, plan=plan, enterprise=q, year=chosen.end.year,
                           through=chosen.cutoff, page=page, size=PAGE_SIZE)
        stages = lib.library_counts(s, who, stage=stage, region=region, plan=plan, enterprise=q)
        count = sum(stages.values())
        panel = _panel(s, who, region=region, plan=plan, period=chosen)
        raw = {"from": start, "to": end, "period": period, "as_of": as_of}
        plans = [p.key for p in access.visible_plans(s, who) if p.current_version_id is not None]
        return {"projects": rows, "count": count, "page": page, "page_size": PAGE_SIZE,
                "pages": max(1, -(-count // PAGE_SIZE)), "stage_counts": stages, "stages": list(lib.STAGES),
                "rates": panel["rates"], "three_nots": panel["three_nots_count"],
                "period": panel["period"], "filters": _filters(stage, region, plan, q, chosen, raw),
                "plans": plans, "can_edit": who.role in ("admin", "planner"),
                "imported": request.query_params.get("imported"), "made": request.query_params.get("made")}


@twin(router, "/projects/{project_id}", "project.html")
def project_page(request: Request, who: Who, project_id: ProjectId) -> dict[str, Any]:
    """A project: the stage track (planned against actual dates), investment by year and month, the edit form."""
    with unit_of_work(request, who) as s:
        return {**lib.project_view(s, who, project_id, today=date.today()), "problems": [], "conflict": None,
                "saved": request.query_params.get("saved")}


@router.post("/projects/upload", include_in_schema=False)
def upload(request: Request, who: Who, file: Annotated[UploadFile, File()]) -> Response:
    """Check a project file: every problem with its row number (422), or a preview of what
    confirming would create and update, kept under an id until confirmed (200)."""
    name = safe_name(file.filename)
    data = file.file.read()
    try:
        with unit_of_work(request, who) as s:
            checked = check_upload(s, who, filename=name, data=data)
    except (ValidationError, DocumentError) as e:
        problems = e.problems if isinstance(e, ValidationError) else [str(e)]
        if wants_json(request):
            return JSONResponse({"ok": False, "error": f"{name}: {len(problems)} 处问题", "problems": problems},
                                status_code=422)
        return render(request, "projects_upload.html", {"filename": name, "problems": problems, "preview": None},
                      status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, "staged": checked.staged, "preview": checked.preview})
    return render(request, "projects_upload.html", {"filename": checked.filename, "problems": [],
                                                    "preview": checked.preview, "staged": checked.staged})


@router.post("/projects/upload/{staged}/confirm", include_in_schema=False)
def confirm(request: Request, who: Who, staged: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]) -> Response:
    """Write a checked upload (checked once more first); then the library."""
    try:
        with unit_of_work(request, who) as s:
            outcome = confirm_upload(s, who, staged=staged)
    except ValidationError as e:
        return respond(request, 422, f"{e.source}: {len(e.problems)} 处问题", e.problems)
    if wants_json(request):
        return JSONResponse({"ok": True, "created": outcome.created, "updated": outcome.updated,
                             "unchanged": outcome.unchanged})
    return RedirectResponse(f"/projects?imported={outcome.created}-{outcome.updated}-{outcome.unchanged}",
                            status_code=303)


async def _form(request: Request) -> dict[str, str]:
    if "application/json" in request.headers.get("content-type", ""):
        try:
            body = await request.json()
        except ValueError:
            raise ValidationError("request", ["body: not JSON"]) from None
        if not isinstance(body, dict):
            raise ValidationError("request", ["body: expected a JSON object of fields"])
        return {str(k): "" if v is None else str(v) for k, v in body.items()}
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _again(request: Request, who: Principal, project_id: int, status: int, *, problems: list[str],
           conflict: str | None, form: dict[str, str]) -> Response:
    """The project page again with the problems (422) or the conflict (409) beside the form."""
    if wants_json(request):
        return JSONResponse({"ok": False, "error": conflict or "内容有误", "problems": problems}, status_code=status)
    with unit_of_work(request, who) as s:
        data = lib.project_view(s, who, project_id, today=date.today())
    return render(request, "project.html", {**data, "problems": problems, "conflict": conflict,
                                            "form": form if status == 422 else None, "saved": None},
                  status_code=status)


def _edit(request: Request, who: Principal, project_id: int, form: dict[str, str]) -> Response:
    try:
        with unit_of_work(request, who) as s:
            lib.edit_project(s, who, project_id, form=form, today=date.today())
            view = lib.project_view(s, who, project_id, today=date.today())
    except ValidationError as e:
        return _again(request, who, project_id, 422, problems=e.problems, conflict=None, form=form)
    except lib.StaleEdit as e:
        return _again(request, who, project_id, 409, problems=[], conflict=str(e), form=form)
    if wants_json(request):
        return JSONResponse({"ok": True, **jsonable_encoder(view)})
    return RedirectResponse(f"/projects/{project_id}?saved=1", status_code=303)


@router.post("/projects/{project_id}", include_in_schema=False)
async def edit(request: Request, who: Who, project_id: ProjectId) -> Response:
    """Save the edit form (with the `version` it was opened on; a stale one answers 409).
    Moving the stage on sets the actual date of the step reached (`stage_date`, default today)."""
    return await run_in_threadpool(_edit, request, who, project_id, await _form(request))


def _progress(request: Request, who: Principal, project_id: int, form: dict[str, str]) -> Response:
    try:
        with unit_of_work(request, who) as s:
            lib.report_progress(s, who, project_id, month=form.get("month", ""), cumulative=form.get("cumulative", ""),
                                note=form.get("note"))
    except ValidationError as e:
        return _again(request, who, project_id, 422, problems=e.problems, conflict=None, form={})
    if wants_json(request):
        return JSONResponse({"ok": True, "month": form.get("month", "").strip()})
    return RedirectResponse(f"/projects/{project_id}?saved=progress#progress", status_code=303)


@router.post("/projects/{project_id}/progress", include_in_schema=False)
async def progress(request: Request, who: Who, project_id: ProjectId) -> Response:
    """A monthly report: `month` (2026-10), `cumulative` 本年累计完成投资 (万元), `note`."""
    return await run_in_threadpool(_progress, request, who, project_id, await _form(request))


@router.post("/plans/{key}/projects-from-plan", include_in_schema=False)
def from_plan(request: Request, who: Who, key: str) -> Response:
    """One 储备 project per milestone of the plan's current version (existing ones keep their stage)."""
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key), need="write")
        outcome = create_projects_from_plan(s, key=key)
        audit.record(s, entity="plans", entity_id=plan.id, action="projects-from-plan",
                     after={"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged,
                            "undated": outcome.undated})
    if wants_json(request):
        return JSONResponse({"ok": True, "created": outcome.created, "updated": outcome.updated,
                             "unchanged": outcome.unchanged, "undated": outcome.undated})
    return RedirectResponse(f"/projects?plan={key}&made={outcome.created}-{outcome.updated}-{outcome.unchanged}",
                            status_code=303)
