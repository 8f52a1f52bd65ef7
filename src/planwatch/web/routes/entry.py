"""数据填报: the data-entry grid, the 填报模板 round trip and the review (accept / return / lock / unlock) of submitted figures.

Every route is thin: the rules are in `services.entry` (who, scope, review, locks),
`services.entry_grid` (the grid) and `services.entry_files` (template, staged uploads,
export). Forms answer 303 to the resulting page, or the page again with the problems and
422; with ``Accept: application/json`` they answer JSON.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from planwatch.errors import DocumentError, NotFoundError, ValidationError
from planwatch.services import access, entry, entry_files, entry_grid
from planwatch.services.auth import Principal
from planwatch.services.plans import get_plan
from planwatch.services.regions import resolve_region
from planwatch.services.xlsx_export import download_name
from planwatch.store.tables import Plan, Region
from planwatch.web.deps import Who, settings_of, unit_of_work
from planwatch.web.downloads import download
from planwatch.web.errors import wants_json
from planwatch.web.filters import AsOfParam, MethodParam, RegionParam, read_filters
from planwatch.web.pages import render, twin

router = APIRouter()

Text = Annotated[str | None, Query(max_length=64)]
FigureId = Annotated[int, Path(ge=1, le=2**62)]
LockId = Annotated[int, Path(ge=1, le=2**62)]
StagedId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
MAX_UPLOAD = 10 * 1024 * 1024


def _region(s: Session, who: Principal, plan: Plan, name: str | None) -> Region:
    """The region asked for (default: the first the user enters for); one outside the user's
    sight is NotFoundError."""
    if not (name or "").strip():
        return entry.entry_regions(s, who, plan)[0]
    try:
        ref = resolve_region(s, name=name or "", within=plan.region_id, inside=plan.region_id)
    except ValidationError as e:
        raise ValidationError("筛选条件 (filters)", [f"region: {p}" for p in e.problems]) from None
    region = s.get(Region, ref.id)
    if region is None or not (access.in_scope(s, who, region.id) or entry.may_review(s, who, region.id)):
        raise NotFoundError(f"region {name!r}: not in your scope")
    return region


def grid_data(s: Session, who: Principal, *, plan_key: str | None, region: str | None, period: str | None,
              problems: list[str] | None = None, typed: dict[int, dict[str, str]] | None = None) -> dict[str, Any]:
    """The entry page: the context bar (plan · region · period), the grid, locks, the queue size."""
    plans = entry.entry_plans(s, who)
    data: dict[str, Any] = {"plans": [{"key": p.key, "title": p.title} for p in plans], "plan": None,
                            "rows": [], "problems": entry_grid.problem_table(problems or []), "typed": typed or {},
                            "pending": len(entry.queue(s, who)), "may_write": who.role in entry.WRITERS}
    key = plan_key or (plans[0].key if plans else None)
    if key is None:
        return data
    plan = entry.require_entry_plan(s, who, key)
    chosen = _region(s, who, plan, region)
    periods = entry_grid.periods_due(s, plan, today=date.today())
    label = entry_grid.read_label(period or "")[0] if (period or "").strip() else periods[0]
    rows = entry_grid.grid(s, who, plan=plan, region=chosen, period=label)
    return {**data, "plan": {"key": plan.key, "title": plan.title, "region": plan.region_name},
            "regions": [r.name for r in entry.entry_regions(s, who, plan)], "region": chosen.name,
            "periods": periods, "period": label, "rows": rows, "locks": entry.locks_of(s, plan, who=who),
            "may_write": entry.may_enter(s, who, plan, chosen.id),
            "open_cells": sum(1 for r in rows if r["editable"])}


@twin(router, "/actuals", "entry_grid.html", summary="数据填报: the grid of a plan's indicators for a region and period")
def actuals_page(request: Request, who: Who, plan: Text = None, region: Text = None,
                 period: Annotated[str | None, Query(max_length=32)] = None) -> dict[str, Any]:
    """The context bar (plan · region · period) and the grid of the plan's indicators, each
    with its figure (value, unit, source, note, state, who entered and reviewed it) and the
    previous accepted figures."""
    with unit_of_work(request, who) as s:
        return grid_data(s, who, plan_key=plan, region=region, period=period)


async def _fields(request: Request) -> dict[str, str]:
    if "application/json" in request.headers.get("content-type", ""):
        try:
            body = json.loads(await request.body())
        except ValueError:
            raise ValidationError("body", ["body: not JSON"]) from None
        return {str(k): str(v) for k, v in body.items()} if isinstance(body, dict) else {}
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _cells(form: dict[str, str]) -> dict[int, dict[str, str]]:
    """`value.12`, `unit.12`, `source.12`, `note.12` → {12: {value, unit, source, note}}."""
    cells: dict[int, dict[str, str]] = {}
    for name, value in form.items():
        field, _, ident = name.partition(".")
        if field in ("value", "unit", "source", "note") and ident.isdigit() and len(ident) < 12:
            cells.setdefault(int(ident), {})[field] = value[:2000]
    return cells


def _entry_url(plan: str | None, region: str | None, period: str | None, **extra: object) -> str:
    from urllib.parse import urlencode

    values = {"plan": plan, "region": region, "period": period, **extra}
    return "/actuals?" + urlencode({k: v for k, v in values.items() if v})


def _save(request: Request, who: Principal, form: dict[str, str]) -> Response:
    plan_key, region, period = form.get("plan", ""), form.get("region", ""), form.get("period", "")
    cells = _cells(form)
    try:
        with unit_of_work(request, who) as s:
            plan = entry.require_entry_plan(s, who, plan_key, write=True)
            chosen = _region(s, who, plan, region)
            done = entry_grid.save_grid(s, who, plan=plan, region=chosen, period=period, cells=cells)
            region = chosen.name
    except ValidationError as e:
        if wants_json(request):
            return JSONResponse({"ok": False, "error": f"{e.source}: {len(e.problems)} 处问题", "problems": e.problems,
                                 "table": entry_grid.problem_table(e.problems)}, status_code=422)
        with unit_of_work(request, who) as s:
            data = grid_data(s, who, plan_key=plan_key, region=region, period=period, problems=e.problems,
                             typed=cells)
        return render(request, "entry_grid.html", data, status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, "stored": done.count})
    return RedirectResponse(_entry_url(plan_key, region, period, saved=done.count), status_code=303)


@router.post("/actuals", include_in_schema=False)
async def save_actuals(request: Request, who: Who) -> Response:
    """Store the figures typed into the grid (`plan`, `region`, `period`, `value.<id>`, …)."""
    return await run_in_threadpool(_save, request, who, await _fields(request))


@router.get("/actuals/template.xlsx", summary="填报模板: the indicators, regions and periods still to enter")
def template(request: Request, who: Who, plan: Text = None, region: Text = None,
             period: Annotated[str | None, Query(max_length=32)] = None) -> Response:
    with unit_of_work(request, who) as s:
        plans = entry.entry_plans(s, who)
        key = plan or (plans[0].key if plans else "")
        found = entry.require_entry_plan(s, who, key, write=True)
        chosen = _region(s, who, found, region) if (region or "").strip() else None
        label = entry_grid.read_label(period or "")[0] if (period or "").strip() else None
        data = entry_files.template_bytes(s, who, plan=found, region=chosen, period=label, today=date.today())
    return download(data, f"填报模板_{key}_{date.today().isoformat()}.xlsx")


def _upload_problems(request: Request, error: ValidationError | DocumentError, filename: str) -> Response:
    problems = error.problems if isinstance(error, ValidationError) else [error.problem]
    table = entry_grid.problem_table(problems)
    if wants_json(request):
        return JSONResponse({"ok": False, "error": f"{filename}: {len(problems)} 处问题", "problems": problems,
                             "table": table}, status_code=422)
    return render(request, "entry_upload.html", {"filename": filename, "table": table, "rows": []},
                  status_code=422)


def _stage(request: Request, who: Principal, filename: str, data: bytes) -> Response:
    try:
        if len(data) > MAX_UPLOAD:
            raise ValidationError(filename, ["file: larger than 10 MB (文件过大)"])
        with unit_of_work(request, who) as s:
            entry.require_writer(who)
            staged, checked = entry_files.stage_upload(s, who, filename=filename, data=data)
            rows, staged_id = entry_files.preview(s, who, checked), staged.id
    except (ValidationError, DocumentError) as e:
        return _upload_problems(request, e, filename)
    confirm = f"/actuals/upload/{staged_id}/confirm"
    if wants_json(request):
        return JSONResponse({"ok": True, "staged": staged_id, "confirm": confirm, "rows": jsonable(rows)})
    return render(request, "entry_upload.html", {"filename": filename, "table": [], "rows": rows, "confirm": confirm})


def jsonable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from fastapi.encoders import jsonable_encoder

    out: list[dict[str, Any]] = jsonable_encoder(rows)
    return out


@router.post("/actuals/upload", include_in_schema=False)
async def upload(request: Request, who: Who, file: Annotated[UploadFile, File()]) -> Response:
    """Check every row of a CSV/XLSX (the 填报模板 or any file in the documented columns): the
    problems by row and field, or a preview with a confirm button; nothing is stored yet."""
    data = await file.read(MAX_UPLOAD + 1)
    name = (file.filename or "upload.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload.xlsx"
    return await run_in_threadpool(_stage, request, who, name, data)


@router.post("/actuals/upload/{staged}/confirm", include_in_schema=False)
def confirm(request: Request, who: Who, staged: StagedId) -> Response:
    """Store a checked upload (checked again first; all rows or none)."""
    try:
        with unit_of_work(request, who) as s:
            entry.require_writer(who)
            done, keys = entry_files.confirm_upload(s, who, staged_id=staged)
    except ValidationError as e:
        return _upload_problems(request, e, e.source)
    if wants_json(request):
        return JSONResponse({"ok": True, "stored": done.count, "plans": keys})
    return RedirectResponse(_entry_url(keys[0] if len(keys) == 1 else None, None, None, imported=done.count),
                            status_code=303)


@twin(router, "/actuals/review", "entry_review.html", summary="审核: the figures waiting for your acceptance")
def review_page(request: Request, who: Who) -> dict[str, Any]:
    """The pending figures of regions below the user's scope, with who entered them and when."""
    with unit_of_work(request, who) as s:
        entry.require_writer(who, "review figures")
        return {"figures": entry.queue(s, who)}


def _decide(request: Request, who: Principal, figure: int, form: dict[str, str], *, accept: bool) -> Response:
    version = form.get("version", "").strip()
    try:
        with unit_of_work(request, who) as s:
            done = entry.review(s, who, observation_id=figure, accept=accept, reason=form.get("reason", "")[:2000],
                                seen_version=int(version) if version.isdigit() and len(version) < 10 else None)
    except ValidationError as e:
        status = 409 if isinstance(e, entry.ReviewConflict) else 422
        if wants_json(request):
            return JSONResponse({"ok": False, "error": "; ".join(e.problems), "problems": e.problems},
                                status_code=status)
        with unit_of_work(request, who) as s:
            data = {"figures": entry.queue(s, who), "message": "；".join(e.problems), "failed": figure}
        return render(request, "entry_review.html", data, status_code=status)
    if wants_json(request):
        return JSONResponse({"ok": True, "id": done.observation_id, "state": done.state})
    return RedirectResponse(f"/actuals/review?done={done.observation_id}&state={done.state}", status_code=303)


@router.post("/actuals/{figure}/accept", include_in_schema=False)
async def accept(request: Request, who: Who, figure: FigureId) -> Response:
    """Accept a pending figure (`version`: the row version the page showed)."""
    return await run_in_threadpool(_decide, request, who, figure, await _fields(request), accept=True)


@router.post("/actuals/{figure}/return", include_in_schema=False)
async def return_figure(request: Request, who: Who, figure: FigureId) -> Response:
    """Return a pending figure to whoever entered it, with a `reason` (required)."""
    return await run_in_threadpool(_decide, request, who, figure, await _fields(request), accept=False)


def _grid_refused(request: Request, who: Principal, e: ValidationError, *, plan_key: str, region: str,
                  period: str) -> Response:
    """A lock or unlock refused (422): the problems as JSON, or the grid again with them."""
    if wants_json(request):
        return JSONResponse({"ok": False, "error": "; ".join(e.problems), "problems": e.problems}, status_code=422)
    with unit_of_work(request, who) as s:
        data = grid_data(s, who, plan_key=plan_key, region=region, period=period, problems=e.problems)
    return render(request, "entry_grid.html", data, status_code=422)


def _lock(request: Request, who: Principal, form: dict[str, str]) -> Response:
    plan_key, region, period = form.get("plan", ""), form.get("region", ""), form.get("period", "")
    try:
        with unit_of_work(request, who) as s:
            plan = entry.require_entry_plan(s, who, plan_key, write=True)
            chosen = _region(s, who, plan, region)
            label = entry_grid.read_label(period)[0]
            entry.lock_period(s, who, plan=plan, region_id=chosen.id, period=label)
            region, period = chosen.name, label
    except ValidationError as e:
        return _grid_refused(request, who, e, plan_key=plan_key, region=region, period=period)
    if wants_json(request):
        return JSONResponse({"ok": True, "locked": period, "region": region})
    return RedirectResponse(_entry_url(plan_key, region, period, locked=1), status_code=303)


@router.post("/actuals/locks", include_in_schema=False)
async def lock(request: Request, who: Who) -> Response:
    """Lock a period of a plan for a region (`plan`, `region`, `period`): no new figures."""
    return await run_in_threadpool(_lock, request, who, await _fields(request))


def _unlock(request: Request, who: Principal, lock_id: int, form: dict[str, str]) -> Response:
    plan_key, region, period = form.get("plan", ""), form.get("region", ""), form.get("period", "")
    try:
        with unit_of_work(request, who) as s:
            plan_key = plan_key or entry.lock_plan_key(s, lock_id)
            plan = entry.require_entry_plan(s, who, plan_key, write=True)
            done = entry.unlock_period(s, who, plan=plan, lock_id=lock_id, reason=form.get("reason", "")[:2000])
    except ValidationError as e:
        return _grid_refused(request, who, e, plan_key=plan_key, region=region, period=period)
    if wants_json(request):
        return JSONResponse({"ok": True, "unlocked": done.period, "region": done.region, "lock": done.lock_id,
                             "plan": done.plan})
    return RedirectResponse(_entry_url(done.plan, done.region, done.period, unlocked=1), status_code=303)


@router.post("/actuals/locks/{lock_id}/unlock", include_in_schema=False)
async def unlock(request: Request, who: Who, lock_id: LockId) -> Response:
    """Unlock a locked period (`reason` required; `plan`, `region`, `period`: the grid to show
    again if the reason is missing). The period takes figures again."""
    return await run_in_threadpool(_unlock, request, who, lock_id, await _fields(request))


@router.get("/plans/{key}/progress.xlsx", summary="进度表 as .xlsx (accepted figures only)")
def progress_xlsx(request: Request, who: Who, key: str, region: RegionParam = None, as_of: AsOfParam = None,
                  method: MethodParam = None) -> Response:
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key))
        filters = read_filters(s, region=region, as_of=as_of, method=method, plan_region_id=plan.region_id,
                               today=date.today(), lag_months=settings_of(request).data_lag_months)
        data = entry_files.progress_bytes(s, plan=plan, as_of=filters.as_of, region=filters.region,
                                          method=filters.method, lag_months=filters.lag_months)
    return download(data, download_name(f"进度表_{key}", filters.as_of))
