"""月报 / 通报: the monthly circular as a page and as DOCX, PDF and XLSX.

* `GET /circulars` (+ `.json`): the circular of a region (all its plans, or one) for a
  period, previewed with its charts; the planner may rewrite the 导语 and the 下一步工作要求
  (`lead`, `req`, one requirement a line) before downloading or issuing it; `compare=1` adds
  the 对标情况表 of each plan with a confirmed parent link (services.compare).
* `GET /circulars/file/{fmt}`: the same circular as docx / pdf / xlsx (same query).
* `POST /circulars/issue`: number it, keep its files and advance the profile's counter.
* `GET /circulars/issued/{id}/{fmt}`: an issued circular, byte for byte as it was sent.
* `GET|POST /circulars/profile`: the region's issuer, recipients and numbering.

Readers: admin, planners and viewers in scope (reporters 403; out of scope 404). Writers:
admin and planners in scope.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from planwatch.circular import files
from planwatch.errors import Forbidden, NotFoundError, ValidationError
from planwatch.services import access
from planwatch.services import circular as service
from planwatch.services.auth import Principal
from planwatch.services.regions import RegionRef, resolve_region
from planwatch.store.tables import Plan, Region
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.errors import wants_json
from planwatch.web.pages import render, twin

router = APIRouter()

RegionQ = Annotated[str | None, Query(max_length=64, description="地区 (default: your region)")]
PeriodQ = Annotated[str | None, Query(max_length=16, description="2026-10, 2026-10m, 2026-Q3, 2026-H1, 2026")]
PlanQ = Annotated[str | None, Query(max_length=64, description="one plan's key (default: all of the region)")]
LayoutQ = Annotated[str, Query(pattern="^(tongbao|jianbao)$", description="tongbao (通报) or jianbao (简报)")]
LeadQ = Annotated[str | None, Query(max_length=2000, description="导语, replacing the generated one")]
ReqQ = Annotated[str | None, Query(max_length=4000, description="下一步工作要求, one a line")]
CompareQ = Annotated[bool, Query(description="add the 对标情况表 of the plans with a parent link")]
Fmt = Annotated[str, Path(pattern="^(docx|pdf|xlsx)$", description="docx, pdf or xlsx")]
IssueId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _home_region(s: Session, who: Principal) -> str:
    if who.region_id is not None:
        region = s.get(Region, who.region_id)
        if region is not None:
            return region.name
    plan = s.query(Plan).filter(Plan.current_version_id.is_not(None), Plan.region_id.is_not(None)).order_by(Plan.key).first()
    if plan is None or plan.region_id is None:
        raise NotFoundError("no published plan to report on")
    return service.region_name(s, plan.region_id)


def _region(s: Session, who: Principal, name: str | None, *, write: bool = False) -> RegionRef:
    """The region asked for, if the user may read (or write) its circular."""
    if who.role == "reporter":
        raise Forbidden("a reporter may not read circulars")
    ref = resolve_region(s, name=name or _home_region(s, who))
    if not access.in_scope(s, who, ref.id):
        raise NotFoundError(f"{ref.name}: no such region in your scope")
    if write and who.role not in ("admin", "planner"):
        raise Forbidden(f"a {who.role} may not issue circulars or edit their profile")
    return ref


def _requirements(req: str | None) -> list[str] | None:
    lines = [line.strip() for line in (req or "").splitlines() if line.strip()]
    return lines or None


def _flag(on: bool | str | None) -> str | None:
    return "1" if on in (True, "1", "on", "true") else None


def _query(**params: str | None) -> str:
    return urlencode({k: v for k, v in params.items() if v})


@twin(router, "/circulars", "circular.html")
def circular_page(request: Request, who: Who, region: RegionQ = None, period: PeriodQ = None, plan: PlanQ = None,
                  layout: LayoutQ = "tongbao", lead: LeadQ = None, req: ReqQ = None,
                  compare: CompareQ = False) -> dict[str, Any]:
    """月报: the circular of a region and period, its files and the issued circulars."""
    with unit_of_work(request, who) as s:
        ref = _region(s, who, region)
        period = period or service.default_period(s, region=ref.name, today=date.today())
        c = service.make(s, region=ref.name, period=period, plan=plan or None, layout=layout,
                         generated_at=datetime.now(UTC).replace(microsecond=0), lead=lead,
                         requirements=_requirements(req), compare=compare)
        scope = access.subtree(s, ref.id)
        query = _query(region=ref.name, period=period, plan=plan, layout=layout, lead=lead, req=req,
                       compare=_flag(compare))
        return {"region": ref.name, "period": period, "period_label": c.period.label, "plan": plan or "",
                "layout": layout, "plans": service.region_plans(s, region=ref.name), "lead": lead or "",
                "req": req or "", "compare": compare, "circular": service.content(c), "query": query,
                "downloads": {fmt: f"/circulars/file/{fmt}?{query}" for fmt in files.FORMATS},
                "issued": service.issued_rows(s, region_ids=scope),
                "can_write": who.role in ("admin", "planner")}


def _attachment(data: bytes, name: str, fmt: str) -> Response:
    return Response(data, media_type=files.MEDIA[fmt],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _file(request: Request, who: Principal, fmt: str, region: str | None, period: str | None, plan: str | None,
          layout: str, lead: str | None, req: str | None, compare: bool) -> Response:
    with unit_of_work(request, who) as s:
        ref = _region(s, who, region)
        period = period or service.default_period(s, region=ref.name, today=date.today())
        c = service.make(s, region=ref.name, period=period, plan=plan or None, layout=layout,
                         generated_at=datetime.now(UTC).replace(microsecond=0), lead=lead,
                         requirements=_requirements(req), compare=compare)
    return _attachment(files.render(c, fmt), files.file_name(c, fmt), fmt)


@router.get("/circulars/file/{fmt}", include_in_schema=False)
async def circular_file(request: Request, who: Who, fmt: Fmt, region: RegionQ = None, period: PeriodQ = None,
                        plan: PlanQ = None, layout: LayoutQ = "tongbao", lead: LeadQ = None,
                        req: ReqQ = None, compare: CompareQ = False) -> Response:
    """The circular as docx, pdf or xlsx (the page's query)."""
    return await run_in_threadpool(_file, request, who, fmt, region, period, plan, layout, lead, req, compare)


@router.get("/circulars/issued/{issue_id}/{fmt}", include_in_schema=False)
def issued_file(request: Request, who: Who, issue_id: IssueId, fmt: Fmt) -> Response:
    """An issued circular's file, as it was issued."""
    with unit_of_work(request, who) as s:
        row, data = service.issued_file(s, issue_id=issue_id, fmt=fmt)
        if who.role == "reporter":
            raise Forbidden("a reporter may not read circulars")
        if not access.in_scope(s, who, row.region_id):
            raise NotFoundError(f"circular {issue_id}: no such issued circular")
        name = f"{files.stem(service.region_name(s, row.region_id), row.period, row.layout)}-{row.number}.{fmt}"
    return _attachment(data, name, fmt)


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _issue(request: Request, who: Principal, form: dict[str, str]) -> Response:
    layout = form.get("layout") or "tongbao"
    with unit_of_work(request, who) as s:
        ref = _region(s, who, form.get("region") or None, write=True)
        period = form.get("period") or service.default_period(s, region=ref.name, today=date.today())
        row = service.issue(s, region=ref.name, period=period, plan=form.get("plan") or None, layout=layout,
                            generated_at=datetime.now(UTC).replace(microsecond=0), actor=who.login,
                            lead=form.get("lead") or None, requirements=_requirements(form.get("req")),
                            compare=_flag(form.get("compare")) is not None)
        issued = {"id": row.id, "doc_number": row.doc_number, "hashes": row.hashes}
    if wants_json(request):
        return JSONResponse({"ok": True, **issued}, status_code=201)
    back = _query(region=ref.name, period=period, plan=form.get("plan"), layout=layout,
                  compare=_flag(form.get("compare")), issued=str(issued["id"]))
    return RedirectResponse(f"/circulars?{back}", status_code=303)


@router.post("/circulars/issue", include_in_schema=False)
async def issue_circular(request: Request, who: Who) -> Response:
    """Issue the circular (region, period, plan, layout, lead, req): numbered and kept."""
    return await run_in_threadpool(_issue, request, who, await _form(request))


def _profile_data(s: Session, ref: RegionRef, *, typed: dict[str, Any] | None = None,
                  problems: list[str] | None = None) -> dict[str, Any]:
    profile = service.get_profile(s, region=ref.name)
    values = {f: getattr(profile, f) for f in service.PROFILE_FIELDS}
    return {"region": ref.name, "profile": {**values, **(typed or {})}, "problems": problems or [],
            "fields": service.PROFILE_FIELDS}


@twin(router, "/circulars/profile", "circular_profile.html")
def profile_page(request: Request, who: Who, region: RegionQ = None) -> dict[str, Any]:
    """A region's circular profile: issuer, 发文字号 and 期号 counters, recipients."""
    with unit_of_work(request, who) as s:
        return _profile_data(s, _region(s, who, region, write=True))


def _save_profile(request: Request, who: Principal, form: dict[str, str]) -> Response:
    try:
        with unit_of_work(request, who) as s:
            ref = _region(s, who, form.get("region") or None, write=True)
            service.save_profile(s, region=ref.name, values=form, actor=who.login)
    except ValidationError as e:
        if wants_json(request):
            return JSONResponse({"ok": False, "error": "内容有误", "problems": e.problems}, status_code=422)
        with unit_of_work(request, who) as s:
            ref = _region(s, who, form.get("region") or None, write=True)
            data = _profile_data(s, ref, typed={k: form.get(k, "") for k in service.PROFILE_FIELDS},
                                 problems=e.problems)
        return render(request, "circular_profile.html", data, status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, "region": ref.name})
    return RedirectResponse(f"/circulars/profile?{_query(region=ref.name, saved='1')}", status_code=303)


@router.post("/circulars/profile", include_in_schema=False)
async def save_profile(request: Request, who: Who) -> Response:
    """Save a region's profile (every field checked; nothing saved when one is wrong)."""
    return await run_in_threadpool(_save_profile, request, who, await _form(request))
