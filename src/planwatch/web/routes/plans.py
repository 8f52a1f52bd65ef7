"""规划: the list of plans in scope, uploading a document as a draft, the plan page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.errors import DocumentError, ValidationError
from planwatch.services import access
from planwatch.services.page_cache import cached
from planwatch.services.plan_detail import PROGRESS_UNAFFECTED
from planwatch.services.plans import get_plan
from planwatch.services.uploads import import_upload_as, safe_name
from planwatch.web.deps import Who, settings_of, unit_of_work
from planwatch.web.filters import AsOfParam, MethodParam, RegionParam, read_filters
from planwatch.web.pages import render, twin
from planwatch.web.views import plan_list, plan_view, progress_key

router = APIRouter()


@twin(router, "/plans", "plans.html")
def plans(request: Request, who: Who) -> dict[str, Any]:
    """The plans the user may open: key, title, region, versions, current version, indicators."""
    with unit_of_work(request, who) as s:
        return {"plans": plan_list(s, access.visible_plans(s, who))}


@router.get("/plans/new", response_class=HTMLResponse, include_in_schema=False)
def upload_form(request: Request, who: Who) -> Response:
    with unit_of_work(request, who) as s:
        access.require_region_write(s, who, who.region_id, "import plans")
    return render(request, "upload.html", {"message": None})


@router.post("/plans", include_in_schema=False)
def upload(request: Request, who: Who, file: Annotated[UploadFile, File()],
           key: Annotated[str | None, Form(max_length=64)] = None,
           region: Annotated[str | None, Form(max_length=64)] = None) -> Response:
    """A document or plan JSON becomes a new draft; then its review page. A file that cannot
    be read (or a bad key or plan JSON) gives the form again with the reader's message, and
    nothing is stored (the transaction is rolled back)."""
    data = file.file.read()
    name = safe_name(file.filename)
    try:
        with unit_of_work(request, who) as s:
            version = import_upload_as(s, who=who, filename=name, data=data, key=key, region=region)
            target = f"/plans/{version.plan.key}/versions/{version.version_no}/review"
    except (DocumentError, ValidationError) as e:
        return render(request, "upload.html", {"message": _upload_message(e), "key": key, "region": region},
                      status_code=422)
    return RedirectResponse(target, status_code=303)


def _upload_message(error: DocumentError | ValidationError) -> str:
    """The reader's one line (``002.docx: not a Word .docx document``), or every problem."""
    if isinstance(error, DocumentError):
        return str(error)
    return f"{error.source}：{'；'.join(error.problems)}"


@twin(router, "/plans/{key}", "plan.html")
def plan_page(request: Request, who: Who, key: str, region: RegionParam = None, as_of: AsOfParam = None,
              method: MethodParam = None) -> dict[str, Any]:
    """A plan: meta, outline, versions and its progress table (`status` = the rows of
    `planwatch status --plan KEY --format json` for the same region, as_of and method)."""
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key))
        filters = read_filters(s, region=region, as_of=as_of, method=method, plan_region_id=plan.region_id,
                               today=date.today(), lag_months=settings_of(request).data_lag_months)
        return cached(s, key=progress_key("plan", plan.key, who, filters),
                      compute=lambda: plan_view(s, plan, who=who, filters=filters), unaffected=PROGRESS_UNAFFECTED)
