"""The JSON API under /api for scripts (think tanks, other systems): log in for a bearer
token, list and upload plans, read status. Same roles and scopes as the pages; pages' data
is also under their `.json` twins."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from planwatch.errors import NotLoggedIn, ValidationError
from planwatch.progress.status import METHODS
from planwatch.services import access, auth, review
from planwatch.services.plans import get_plan
from planwatch.services.status import plan_status
from planwatch.services.uploads import import_upload_as, safe_name
from planwatch.web.deps import Who, settings_of, store_of, unit_of_work
from planwatch.web.routes.review import ItemId
from planwatch.web.views import plan_list

router = APIRouter(prefix="/api", tags=["api"])


class Credentials(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


@router.post("/login", summary="Log in; returns a bearer token for `Authorization: Bearer TOKEN`")
def api_login(request: Request, body: Credentials) -> JSONResponse:
    with store_of(request).transaction(actor=body.username) as s:
        user = auth.authenticate(s, login=body.username, password=body.password, pw=request.app.state.hasher)
        token = auth.start_session(s, user=user, kind="token") if user is not None else None
    if token is None:
        raise NotLoggedIn("wrong username or password")
    return JSONResponse({"ok": True, "token": token})


@router.post("/logout", summary="Revoke the token this request carries")
def api_logout(request: Request, who: Who) -> JSONResponse:
    if who.session_id is not None:
        with unit_of_work(request, who) as s:
            auth.end_session(s, session_id=who.session_id)
    return JSONResponse({"ok": True})


@router.get("/plans", summary="Plans the user may open")
def api_plans(request: Request, who: Who) -> JSONResponse:
    with unit_of_work(request, who) as s:
        return JSONResponse({"ok": True, "plans": plan_list(s, access.visible_plans(s, who))})


@router.post("/plans", status_code=201, summary="Upload a document or plan JSON as a new draft")
def api_upload(request: Request, who: Who, file: Annotated[UploadFile, File()],
               key: Annotated[str | None, Form(max_length=64)] = None,
               region: Annotated[str | None, Form(max_length=64)] = None) -> JSONResponse:
    name = safe_name(file.filename)
    data = file.file.read()
    with unit_of_work(request, who) as s:
        version = import_upload_as(s, who=who, filename=name, data=data, key=key, region=region)
        plan = version.plan
        counts = {kind: len(version.extracted.get(kind) or []) for kind in
                  ("targets", "indicators", "tasks", "milestones", "region_focus", "observations")}
        body: dict[str, Any] = {"ok": True, "key": plan.key, "version": version.version_no, "status": version.status,
                                "items": counts}
    return JSONResponse(body, status_code=201)


@router.get("/status", summary="The progress table: rows of `planwatch status --format json`")
def api_status(request: Request, who: Who, plan: str | None = None, region: str | None = None,
               as_of: date | None = None, method: str = "cagr") -> JSONResponse:
    if method not in METHODS:
        raise ValidationError("method", [f"{method!r}: expected one of {', '.join(METHODS)}"])
    with unit_of_work(request, who) as s:
        keys = {p.key for p in access.visible_plans(s, who) if p.current_version_id}
        if plan is not None:
            access.require_plan(s, who, get_plan(s, key=plan))
        rows = plan_status(s, plan=plan, region=region, as_of=as_of or date.today(), method=method,
                           lag_months=settings_of(request).data_lag_months)
        return JSONResponse({"ok": True, "rows": [r.as_dict() for r in rows if r.plan in keys]})


@router.get("/plans/{key}", summary="A plan: its current version and latest draft, items with id, span and quote")
def api_plan(request: Request, who: Who, key: str) -> JSONResponse:
    """Each version in the fields of the extraction JSON; each item with a stable `id` (used
    by PATCH) and its review `state`. The draft only for those who may review it; a
    reporter sees the tasks naming their department only."""
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key))
        current = review.current_review(s, key=key)
        own = review.own_task_positions(s, who=who, plan=plan) if who.role == "reporter" else None
        body: dict[str, Any] = {"ok": True, "key": plan.key, "title": plan.title, "region": plan.region_name,
                                "current": review.version_items(current, task_positions=own) if current else None,
                                "draft": None}
        number = review.latest_draft_number(s, key=key) if who.role in ("admin", "planner") else None
        if number is not None:
            body["draft"] = review.version_items(review.review_of(s, key=key, version=number))
    return JSONResponse(body)


@router.patch("/plans/{key}/draft/items/{item_id}",
              summary='Correct one item of the latest draft (`{"value": 1600}`), or set `"state"` accepted/rejected')
def api_edit_item(request: Request, who: Who, key: str, item_id: ItemId,
                  body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    fields = dict(body)
    state = fields.pop("state", None)
    if not fields and state is None:
        raise ValidationError(f"item {item_id}", ["body: give the fields to change, or a state"])
    if state not in (None, "accepted", "rejected"):
        raise ValidationError(f"item {item_id}", [f"state: {state!r}: expected 'accepted' or 'rejected'"])
    with unit_of_work(request, who) as s:
        access.require_plan(s, who, get_plan(s, key=key), need="write")
        entry = review.edit_item(s, key=key, item_id=item_id, fields=fields) if fields else None
        if state == "rejected":
            entry = review.reject_item(s, key=key, item_id=item_id)
        elif state == "accepted":
            entry = review.accept_item(s, key=key, item_id=item_id)
        assert entry is not None
        out = {"ok": True, "key": key, "version": review.latest_draft_number(s, key=key), "item": entry.as_dict(),
               "counts": review.review_counts(s, key=key)}
    return JSONResponse(out)


@router.post("/plans/{key}/publish", summary="Publish the latest draft: which items were carried over, retired, new")
def api_publish(request: Request, who: Who, key: str) -> JSONResponse:
    with unit_of_work(request, who) as s:
        access.require_plan(s, who, get_plan(s, key=key), need="write")
        done = review.publish_draft(s, key=key)
        out = {"ok": True, "key": key, "version": done.version.version_no, **done.changes.as_dict()}
    return JSONResponse(out)
