"""督查督办: the task board, task pages with their timeline, reports, extensions, 办结 and 销号, and the department table.

The rules of who may do what are the service's (`services.duban`); the routes read the form
(or a JSON body), call it in one transaction, and answer: a form 303 back to the task page,
JSON `{"ok": true, …}`; problems re-render the task page with them (422) or answer
`{"ok": false, "problems": […]}`; a change from a stale page answers 409 naming who changed
the task meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from planwatch.errors import Forbidden, ValidationError
from planwatch.services import duban
from planwatch.services.auth import Principal
from planwatch.services.duban_board import (
    BOARD_UNAFFECTED,
    BoardFilters,
    board,
    board_data,
    board_view,
)
from planwatch.services.duban_export import tasks_workbook
from planwatch.services.duban_files import MAX_BYTES, Upload, attachment
from planwatch.services.duban_timeline import task_page
from planwatch.services.page_cache import cached
from planwatch.services.xlsx_export import download_name
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.downloads import download
from planwatch.web.errors import respond, wants_json
from planwatch.web.filters import AsOfParam, parse_day
from planwatch.web.pages import render, twin

router = APIRouter()

MAX_ID = 2_147_483_647
TaskId = Annotated[int, Path(ge=1, le=MAX_ID, description="the task's id (`planwatch tasks`)")]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
Text = Annotated[str | None, Query(max_length=128)]
Form = dict[str, str]


def _day(text: str | None, today: date, field: str) -> date:
    day = parse_day(text, today=today)
    if isinstance(day, str):
        raise ValidationError(field, [day])
    return day


def _as_of(as_of: str | None) -> date:
    return _day(as_of, date.today(), "as_of")


def _filters(plan: str | None, department: str | None, colour: str | None, overdue: str | None) -> BoardFilters:
    if colour and colour not in ("red", "yellow", "blue", "none"):
        raise ValidationError("colour", [f"{colour!r}: 可选 red、yellow、blue、none"])
    return BoardFilters(plan=plan or None, department=department or None, colour=colour or None,
                        overdue=(overdue or "") in ("1", "true", "on", "yes"))


# --- pages ----------------------------------------------------------------------------------

PAGE_SIZE = 100  # tasks per page of the board: a province has thousands
PageParam = Annotated[int, Query(ge=1, le=100_000, description="page of the board (100 tasks each)")]


@twin(router, "/tasks", "tasks.html")
def tasks_board(request: Request, who: Who, plan: Text = None, department: Text = None, colour: Text = None,
                overdue: Text = None, as_of: AsOfParam = None, page: PageParam = 1) -> dict[str, Any]:
    """督查督办 board: the tasks in scope grouped by lead department, with deadline, state, percent, last report, colour."""
    day, filters = _as_of(as_of), _filters(plan, department, colour, overdue)
    with unit_of_work(request, who) as s:
        view = board_view(s, who, as_of=day, filters=filters, page=page, size=PAGE_SIZE)
    query = {k: v for k, v in request.query_params.items() if k != "page"}
    return {"as_of": day, "query": query, **view, "filters": filters.__dict__ | {"as_of": as_of or ""}}


@router.get("/tasks.xlsx", include_in_schema=False)
def tasks_export(request: Request, who: Who, plan: Text = None, department: Text = None, colour: Text = None,
                 overdue: Text = None, as_of: AsOfParam = None) -> Response:
    """The board (same filters) as an .xlsx with Chinese headers."""
    day, filters = _as_of(as_of), _filters(plan, department, colour, overdue)
    with unit_of_work(request, who) as s:
        rows = board(s, who, as_of=day, filters=filters)
    return download(tasks_workbook(rows, as_of=day), download_name("督查督办任务表", day))


@twin(router, "/tasks/mine", "tasks_mine.html")
def my_tasks(request: Request, who: Who, as_of: AsOfParam = None) -> dict[str, Any]:
    """我的任务: a department's tasks (lead or support), with the forms to report, ask for an extension, file 办结."""
    if who.role != "reporter":
        raise Forbidden("我的任务 is a department reporter's page; see /tasks")
    day = _as_of(as_of)
    with unit_of_work(request, who) as s:
        rows = board_data(s, who, as_of=day)
    return {"as_of": day, "tasks": rows, "today": date.today()}


def _task_data(request: Request, who: Principal, task_id: int, as_of: date,
               problems: list[str] | None = None) -> dict[str, Any]:
    with unit_of_work(request, who) as s:
        task, plan = duban.require_task(s, who, task_id)
        data = task_page(s, task, plan, as_of=as_of)
    data.pop("row")
    manage = who.role in ("admin", "planner")
    return {**data, "as_of": as_of, "today": date.today(), "problems": problems or [],
            "can": {"report": who.role in ("admin", "planner", "reporter"), "manage": manage,
                    "extend": who.role in ("admin", "reporter"), "review_link": manage}}


@twin(router, "/tasks/{task_id}", "task.html")
def task_view(request: Request, who: Who, task_id: TaskId, as_of: AsOfParam = None) -> dict[str, Any]:
    """A task: its sentence in the plan, units, deadline, and the timeline of reports, extensions, review and 销号."""
    return _task_data(request, who, task_id, _as_of(as_of))


@router.get("/tasks/{task_id}/attachments/{attachment_id}", include_in_schema=False)
def task_attachment(request: Request, who: Who, task_id: TaskId, attachment_id: RowId) -> Response:
    """A report's attachment, for those who may read the task."""
    with unit_of_work(request, who) as s:
        duban.require_task(s, who, task_id)
        row, data = attachment(s, task_id=task_id, attachment_id=attachment_id)
        name = row.name
    return download(data, name)


@twin(router, "/departments", "duban_departments.html")
def departments(request: Request, who: Who, as_of: AsOfParam = None) -> dict[str, Any]:
    """通报 table: per department, tasks as lead and support, done, on time, yellow, red, last report; ranked."""
    if who.role == "reporter":
        raise Forbidden("the department table is for planners and viewers")
    day = _as_of(as_of)
    key = f"duban-departments|{who.role}|{who.region_id}|{day.isoformat()}"
    with unit_of_work(request, who) as s:
        return cached(s, key=key, compute=lambda: {"as_of": day,
                                                   "departments": duban.department_table(s, as_of=day, who=who)},
                      unaffected=BOARD_UNAFFECTED)


# --- writes ---------------------------------------------------------------------------------

async def _read(request: Request) -> tuple[Form, Upload | None]:
    """The form's text fields and its attachment (if one was chosen), or a JSON body's fields."""
    if "application/json" in request.headers.get("content-type", ""):
        body = await request.json()
        if not isinstance(body, dict):
            raise ValidationError("body", ["expected a JSON object"])
        return {k: str(v) for k, v in body.items() if v is not None}, None
    form = await request.form()
    upload = None
    fields: Form = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if key == "attachment" and value.filename:
                upload = Upload(value.filename, await value.read(MAX_BYTES + 1))
        else:
            fields[key] = value
    return fields, upload


def _version(form: Form) -> int | None:
    text = form.get("version", "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ValidationError("version", [f"{text!r}: not a version number"])
    return int(text)


def _number(form: Form, name: str) -> float | None:
    text = form.get(name, "").strip().rstrip("%")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(name, [f"{text!r}: 不是数字"]) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(name, [f"{text!r}: 不是数字"])
    return value


def _answer(request: Request, who: Principal, task_id: int, work: Callable[[], dict[str, Any]],
            *, created: bool = True) -> Response:
    """Run a write; answer 303 to the task page or JSON; problems 422, a stale page 409."""
    try:
        payload = work()
    except duban.StaleEdit as e:
        return respond(request, 409, str(e))
    except ValidationError as e:
        if wants_json(request):
            return JSONResponse({"ok": False, "error": e.source, "problems": e.problems}, status_code=422)
        data = _task_data(request, who, task_id, date.today(), problems=[f"{e.source}：{p}" for p in e.problems])
        return render(request, "task.html", data, status_code=422)
    if wants_json(request):
        return JSONResponse({"ok": True, **payload}, status_code=201 if created else 200)
    return RedirectResponse(f"/tasks/{task_id}#timeline", status_code=303)


def _report(request: Request, who: Principal, task_id: int, form: Form, upload: Upload | None) -> Response:
    today = date.today()

    def work() -> dict[str, Any]:
        given = duban.Report(state=form.get("state", "推进中"), on_date=_day(form.get("on_date"), today, "on_date"),
                             percent=_number(form, "percent"), text=form.get("text") or None,
                             kind=form.get("kind", "progress"), department=form.get("department") or None,
                             attachment=upload)
        with unit_of_work(request, who) as s:
            row = duban.report(s, who=who, task_id=task_id, given=given, today=today,
                               expected_version=_version(form))
            return {"update_id": row.id, "kind": row.kind, "state": row.state, "percent": row.percent}

    return _answer(request, who, task_id, work)


@router.post("/tasks/{task_id}/updates", include_in_schema=False)
async def post_update(request: Request, who: Who, task_id: TaskId) -> Response:
    """A progress report (kind=progress) or 办结 report (kind=completion), with an optional attachment."""
    form, upload = await _read(request)
    return await run_in_threadpool(_report, request, who, task_id, form, upload)


def _simple(request: Request, who: Principal, task_id: int, form: Form,
            call: Callable[[Any, date], dict[str, Any]], *, created: bool = False) -> Response:
    today = date.today()

    def work() -> dict[str, Any]:
        with unit_of_work(request, who) as s:
            return call(s, today)

    return _answer(request, who, task_id, work, created=created)


@router.post("/tasks/{task_id}/deadline", include_in_schema=False)
async def post_deadline(request: Request, who: Who, task_id: TaskId) -> Response:
    """Set or move the task's deadline (in force from today)."""
    form, _ = await _read(request)

    def call(s: Any, today: date) -> dict[str, Any]:
        task = duban.set_task_deadline(s, who=who, task_id=task_id, deadline=_day(form.get("deadline") or "-", today,
                                                                                  "deadline"),
                                       today=today, note=form.get("note") or None, expected_version=_version(form))
        return {"deadline": task.deadline}

    return await run_in_threadpool(_simple, request, who, task_id, form, call)


@router.post("/tasks/{task_id}/extensions", include_in_schema=False)
async def post_extension(request: Request, who: Who, task_id: TaskId) -> Response:
    """延期申请 (reason, new date), before the deadline."""
    form, _ = await _read(request)

    def call(s: Any, today: date) -> dict[str, Any]:
        ext = duban.request_extension(s, who=who, task_id=task_id, reason=form.get("reason", ""), today=today,
                                      new_deadline=_day(form.get("new_deadline") or "-", today, "new_deadline"),
                                      expected_version=_version(form))
        return {"extension_id": ext.id, "state": ext.state}

    return await run_in_threadpool(_simple, request, who, task_id, form, call, created=True)


@router.post("/tasks/{task_id}/extensions/{extension_id}/decision", include_in_schema=False)
async def post_decision(request: Request, who: Who, task_id: TaskId, extension_id: RowId) -> Response:
    """批复 a 延期申请: decision=approve (the deadline moves) or refuse."""
    form, _ = await _read(request)

    def call(s: Any, today: date) -> dict[str, Any]:
        decision = form.get("decision", "")
        if decision not in ("approve", "refuse"):
            raise ValidationError("decision", [f"{decision!r}: approve 或 refuse"])
        ext = duban.decide_extension(s, who=who, task_id=task_id, extension_id=extension_id, today=today,
                                     approve=decision == "approve", note=form.get("note") or None,
                                     expected_version=_version(form))
        return {"extension_id": ext.id, "state": ext.state}

    return await run_in_threadpool(_simple, request, who, task_id, form, call)


@router.post("/tasks/{task_id}/reports/{update_id}/review", include_in_schema=False)
async def post_review(request: Request, who: Who, task_id: TaskId, update_id: RowId) -> Response:
    """审核 a report: action=accept, or action=return with a reason."""
    form, _ = await _read(request)

    def call(s: Any, today: date) -> dict[str, Any]:
        action = form.get("action", "")
        if action not in ("accept", "return"):
            raise ValidationError("action", [f"{action!r}: accept 或 return"])
        row = duban.review_report(s, who=who, task_id=task_id, update_id=update_id, accept=action == "accept",
                                  reason=form.get("reason"), expected_version=_version(form))
        return {"update_id": row.id, "review": row.review}

    return await run_in_threadpool(_simple, request, who, task_id, form, call)


@router.post("/tasks/{task_id}/close", include_in_schema=False)
async def post_close(request: Request, who: Who, task_id: TaskId) -> Response:
    """销号, once the 办结 report is accepted."""
    form, _ = await _read(request)

    def call(s: Any, today: date) -> dict[str, Any]:
        task = duban.close_task(s, who=who, task_id=task_id, today=today, expected_version=_version(form))
        return {"closed_at": task.closed_at}

    return await run_in_threadpool(_simple, request, who, task_id, form, call)


def _plan_deadlines(request: Request, who: Principal, key: str, form: Form) -> Response:
    today = date.today()
    try:
        with unit_of_work(request, who) as s:
            day = _day(form["deadline"], today, "deadline") if form.get("deadline") else None
            changed = duban.set_plan_deadlines(s, who=who, key=key, today=today, deadline=day,
                                               overwrite=form.get("overwrite", "") in ("1", "on", "true"))
    except ValidationError as e:
        return respond(request, 422, e.source, e.problems)
    if wants_json(request):
        return JSONResponse({"ok": True, "changed": changed})
    return RedirectResponse(f"/tasks?plan={key}&set={changed}", status_code=303)


@router.post("/plans/{key}/deadlines", include_in_schema=False)
async def post_plan_deadlines(request: Request, who: Who, key: str) -> Response:
    """Deadlines for all of a plan's tasks: `deadline` for those without one set (all with
    `overwrite`), or without `deadline`, confirm the ones read from the text."""
    form, _ = await _read(request)
    return await run_in_threadpool(_plan_deadlines, request, who, key, form)
