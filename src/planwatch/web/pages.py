"""An HTML page and its JSON twin from one function (Datasette's habit): the function
returns the page's data as a dict; `GET P` renders it with a template, `GET P.json` answers
``{"ok": true, …data}``. Both share the route's dependencies, so they share its permissions.
The `.json` route is registered first, so `/plans/anhui.json` never reaches `/plans/{key}`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse

from planwatch.services.page_cache import JsonShaped
from planwatch.web.render import templates

PageFn = Callable[..., dict[str, Any]]
_TEMPLATES = templates()


def render(request: Request, template: str, data: dict[str, Any], *, status_code: int = 200) -> HTMLResponse:
    """A page, with the logged-in user (if any) available to the layout as `who`."""
    ctx = {"who": getattr(request.state, "who", None), **data}
    return _TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)


def twin(router: APIRouter, path: str, template: str, *, summary: str | None = None) -> Callable[[PageFn], PageFn]:
    """Register `fn` as `GET path` (HTML) and `GET path.json` (JSON)."""

    def register(fn: PageFn) -> PageFn:
        @functools.wraps(fn)
        def as_json(*args: Any, **kwargs: Any) -> JSONResponse:
            data = fn(*args, **kwargs)
            return JSONResponse({"ok": True, **(data if isinstance(data, JsonShaped) else jsonable_encoder(data))})

        @functools.wraps(fn)
        def as_html(*args: Any, **kwargs: Any) -> HTMLResponse:
            return render(kwargs["request"], template, fn(*args, **kwargs))

        router.add_api_route(path + ".json", as_json, methods=["GET"], name=f"{fn.__name__}_json",
                             summary=summary or (fn.__doc__ or "").split("\n")[0])
        router.add_api_route(path, as_html, methods=["GET"], name=fn.__name__, response_class=HTMLResponse,
                             include_in_schema=False)
        return fn

    return register
