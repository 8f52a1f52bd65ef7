"""Domain errors become a page or JSON a person can act on, never a 500 for bad input.

JSON is answered to `.json` routes, `/api`, and requests that accept JSON but not HTML;
pages get the layout with the message. `NotLoggedIn` sends a page to the login form with
`next` set, and JSON to a 401.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

from planwatch.errors import (
    DocumentError,
    Forbidden,
    NotFoundError,
    NotLoggedIn,
    PlanwatchError,
    ValidationError,
)
from planwatch.services.auth import LoginRefused
from planwatch.web.pages import render

log = logging.getLogger("planwatch.web")

STATUS_OF: tuple[tuple[type[PlanwatchError], int], ...] = (
    (NotLoggedIn, 401), (Forbidden, 403), (NotFoundError, 404), (LoginRefused, 429),
    (ValidationError, 422), (DocumentError, 422),
)
TITLES = {400: "请求有误", 401: "请先登录", 403: "无权操作", 404: "未找到", 405: "不支持的操作", 413: "文件过大",
          422: "内容有误", 429: "尝试次数过多", 500: "系统错误"}


def wants_json(request: Request) -> bool:
    path = request.url.path
    accept = request.headers.get("accept", "")
    return path.endswith(".json") or path.startswith("/api") or ("application/json" in accept and "html" not in accept)


def respond(request: Request, status: int, message: str, problems: list[str] | None = None) -> Response:
    if status == 401 and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    body: dict[str, Any] = {"ok": False, "error": message, "problems": problems or []}
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    return render(request, "error.html", {"status": status, "title": TITLES.get(status, "出错了"), **body},
                  status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(PlanwatchError)
    async def domain(request: Request, exc: PlanwatchError) -> Response:
        status = next((code for kind, code in STATUS_OF if isinstance(exc, kind)), 400)
        problems = exc.problems if isinstance(exc, ValidationError) else []
        message = f"{exc.source}: {len(problems)} 处问题" if isinstance(exc, ValidationError) else str(exc)
        return respond(request, status, message, problems)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg')}" for e in exc.errors()]
        return respond(request, 422, "请求的字段有误 (invalid fields)", problems)

    @app.exception_handler(HTTPException)
    async def http(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
        return respond(request, exc.status_code, str(message))

    @app.exception_handler(DataError)
    async def refused_value(request: Request, exc: DataError) -> Response:
        # A value the database cannot hold or compare (PostgreSQL: a NUL byte in text, a number
        # out of range): the request's fault, and nothing was written (the transaction rolled back).
        log.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc.orig)
        return respond(request, 422, "输入含有无法处理的字符或数值（如空字符 NUL）(a value the database refuses)")

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, "系统内部错误，已记录 (internal error, logged)")
