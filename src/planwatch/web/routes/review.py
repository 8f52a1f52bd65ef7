"""审核: a draft read against its document, corrected item by item, published; and the
diff between two versions of a plan.

Reading the review needs the right to see drafts (planners of the plan's region, admins);
every change needs the right to change the plan. A form post answers 303 back to the item
(`#item-t3`), or, with problems, the page again with them beside the item (422). A post
from htmx (`HX-Request`) gets just the item's card and the counts, swapped in place.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from planwatch import drafts
from planwatch.errors import ValidationError
from planwatch.services import access, review
from planwatch.services.auth import Principal
from planwatch.services.materialise import flow_of
from planwatch.services.plans import get_plan
from planwatch.store.tables import PlanVersion
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.pages import render, twin

router = APIRouter()

ItemId = Annotated[str, Path(pattern=r"^(meta|[a-z]\d{1,6})$", max_length=8)]
MAX_VERSION = 99_999  # beyond any real plan; keeps a huge number a 422, never a database overflow
VersionNo = Annotated[int, Path(ge=1, le=MAX_VERSION)]
VersionQuery = Annotated[int | None, Query(ge=1, le=MAX_VERSION)]
Problems = dict[str, list[str]]


def _page_url(key: str, n: int, item_id: str | None = None) -> str:
    return f"/plans/{key}/versions/{n}/review" + (f"#item-{item_id}" if item_id else "")


def item_view(entry: drafts.Entry) -> dict[str, Any]:
    """An item as the page lists it; a target also says which flow the rules would give it."""
    out = entry.as_dict()
    if entry.kind == "targets":
        item = entry.item
        out["rule_flow"] = flow_of(metric=item.get("metric") or item.get("quote") or "", quote=item.get("quote"),
                                   unit=item.get("unit"), change=item.get("change")) or "cumulative"
    return out


def review_data(s: Session, who: Principal, key: str, n: int, *, problems: Problems | None = None) -> dict[str, Any]:
    """The review page: the document cut into highlighted stretches, the items by kind, counts."""
    access.require_plan(s, who, get_plan(s, key=key), need="draft")
    r = review.review_of(s, key=key, version=n)
    kinds = [{"kind": kind, "items": [item_view(e) for e in r.draft.entries.get(kind, [])]}
             for kind in ("meta", *drafts.KINDS)]
    spans = [(e.id, e.item["span"]["start"], e.item["span"]["end"]) for e in r.draft.all() if e.item.get("span")]
    segments = [s.__dict__ for s in drafts.segments(r.text, spans)] if r.text is not None else None
    current = s.get(PlanVersion, r.plan.current_version_id) if r.plan.current_version_id else None
    return {"key": key, "title": r.plan.title, "region": r.plan.region_name, "version": n,
            "status": r.version.status, "editable": r.editable, "latest": r.latest,
            "current_version": current.version_no if current else None, "source_file": r.version.source_file,
            "has_text": r.text is not None, "segments": segments, "kinds": kinds, "counts": r.draft.counts(),
            "fields": {kind: drafts.editable_fields(kind) for kind in ("meta", *drafts.KINDS)},
            "problems": problems or {}}


@twin(router, "/plans/{key}/versions/{n}/review", "review.html")
def review_page(request: Request, who: Who, key: str, n: VersionNo) -> dict[str, Any]:
    """A version's document with every item highlighted, the items by kind with their state."""
    with unit_of_work(request, who) as s:
        return review_data(s, who, key, n)


def _problem_page(request: Request, who: Principal, key: str, n: int, item_id: str, error: ValidationError,
                  *, partial: bool) -> Response:
    with unit_of_work(request, who) as s:
        data = review_data(s, who, key, n, problems={item_id: error.problems})
    if partial:
        return _card(request, data, item_id, status_code=422)
    return render(request, "review.html", data, status_code=422)


def _card(request: Request, data: dict[str, Any], item_id: str, *, status_code: int = 200) -> Response:
    item = next(i for k in data["kinds"] for i in k["items"] if i["id"] == item_id)
    return render(request, "_review_card.html", {**data, "item": item}, status_code=status_code)


def _after(request: Request, who: Principal, key: str, n: int, item_id: str) -> Response:
    if not request.headers.get("hx-request"):
        return RedirectResponse(_page_url(key, n, item_id), status_code=303)
    with unit_of_work(request, who) as s:
        return _card(request, review_data(s, who, key, n), item_id)


def _change(request: Request, who: Principal, key: str, n: int, item_id: str, form: dict[str, str]) -> Response:
    action = form.get("action", "edit")
    try:
        with unit_of_work(request, who) as s:
            access.require_plan(s, who, get_plan(s, key=key), need="write")
            if action == "reject":
                review.reject_item(s, key=key, item_id=item_id, version=n)
            elif action == "accept":
                review.accept_item(s, key=key, item_id=item_id, version=n)
            elif action == "edit":
                kind = review.review_of(s, key=key, version=n).draft.find(item_id).kind
                review.edit_item(s, key=key, item_id=item_id, fields=drafts.parse_form(kind, form), version=n)
            else:
                raise ValidationError(f"item {item_id}", [f"action: {action!r} is not edit, accept or reject"])
    except ValidationError as e:
        return _problem_page(request, who, key, n, item_id, e, partial=bool(request.headers.get("hx-request")))
    return _after(request, who, key, n, item_id)


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/plans/{key}/versions/{n}/items/{item_id}", include_in_schema=False)
async def change_item(request: Request, who: Who, key: str, n: VersionNo, item_id: ItemId) -> Response:
    """Correct an item's fields (action=edit, the default), or accept or reject it."""
    return await run_in_threadpool(_change, request, who, key, n, item_id, await _form(request))


def _number(form: dict[str, str], name: str) -> int:
    try:
        return int(form.get(name, ""))
    except ValueError:
        raise ValidationError("new item", [f"{name}: select the text of the new item in the document"]) from None


def _add(request: Request, who: Principal, key: str, n: int, form: dict[str, str]) -> Response:
    kind = form.get("kind", "")
    prefix = f"{kind}."
    fields = {k.removeprefix(prefix): v for k, v in form.items() if k.startswith(prefix)}
    try:
        with unit_of_work(request, who) as s:
            access.require_plan(s, who, get_plan(s, key=key), need="write")
            if kind not in drafts.KINDS:
                raise ValidationError("new item", [f"kind: choose one of {', '.join(drafts.KINDS)}"])
            entry = review.add_item(s, key=key, kind=kind, start=_number(form, "start"), end=_number(form, "end"),
                                    fields=drafts.parse_form(kind, fields), version=n,
                                    quote=form.get("quote") or None)
            new_id = entry.id
    except ValidationError as e:
        with unit_of_work(request, who) as s:
            data = review_data(s, who, key, n, problems={"new": e.problems})
        return render(request, "review.html", data, status_code=422)
    return RedirectResponse(_page_url(key, n, new_id), status_code=303)


@router.post("/plans/{key}/versions/{n}/items", include_in_schema=False)
async def add_item(request: Request, who: Who, key: str, n: VersionNo) -> Response:
    """A new item from a span selected in the document (kind, start, end, quote, `kind.field`s)."""
    return await run_in_threadpool(_add, request, who, key, n, await _form(request))


@router.post("/plans/{key}/publish", include_in_schema=False)
def publish(request: Request, who: Who, key: str) -> Response:
    """Publish the latest draft; the plan page then says what was carried over, retired, new."""
    with unit_of_work(request, who) as s:
        access.require_plan(s, who, get_plan(s, key=key), need="write")
        done = review.publish_draft(s, key=key)
        number = done.version.version_no
    return RedirectResponse(f"/plans/{key}?published={number}", status_code=303)


@twin(router, "/plans/{key}/diff", "diff.html")
def diff_page(request: Request, who: Who, key: str, a: VersionQuery = None, b: VersionQuery = None) -> dict[str, Any]:
    """What changed between versions `a` and `b` (default: the current version and the latest)."""
    with unit_of_work(request, who) as s:
        plan = access.require_plan(s, who, get_plan(s, key=key))
        b = b or review.latest_number(s, plan)
        if a is None:
            current = review.current_review(s, key=key)
            a = current.version.version_no if current and current.version.version_no != b else b - 1
        rows = [review.find_version(s, plan, number) for number in (a, b) if number >= 1]
        if len(rows) < 2:
            raise ValidationError(f"plan {key!r}", [f"a, b: versions {a} and {b} cannot be compared"])
        if any(v.status == "draft" for v in rows):
            access.require_plan(s, who, plan, need="draft")
        diff = review.version_diff(s, key=key, a=a, b=b)
        return {"title": plan.title, **diff.as_dict()}
