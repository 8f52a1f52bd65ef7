"""Two ASGI guards in front of every route.

`CrossOriginGuard` refuses a state-changing request that a browser sent from another site
(Sec-Fetch-Site, else Origin against Host; the Go 1.25 `CrossOriginProtection` rule that
Datasette adopted): no tokens in forms, and plain HTML forms keep working. A request with
neither header is not a browser's (a script with a bearer token) and carries no ambient
cookie attack. `BodyLimit` refuses bodies over the configured size before they are read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.responses import JSONResponse, PlainTextResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def same_origin(headers: dict[str, str]) -> bool:
    """Whether a state-changing request may proceed.

    >>> same_origin({"sec-fetch-site": "same-origin"}), same_origin({"sec-fetch-site": "cross-site"})
    (True, False)
    >>> same_origin({"origin": "http://evil.example", "host": "127.0.0.1:8000"}), same_origin({})
    (False, True)
    """
    site, origin = headers.get("sec-fetch-site"), headers.get("origin")
    if site is not None:
        return site in ("same-origin", "none")
    if origin is not None:
        return urlsplit(origin).netloc == headers.get("host")
    return True


class CrossOriginGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and not same_origin(_headers(scope)):
            response = PlainTextResponse("跨站请求已拒绝 (cross-origin request refused)", status_code=403)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """413 for a body over `limit` bytes: by Content-Length at once, else while it streams."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _headers(scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen, tripped = 0, False

        async def counted() -> Message:
            nonlocal seen, tripped
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                tripped = True
                raise _TooLarge
            return message

        async def unless_tripped(message: Message) -> None:
            if not tripped:  # the app's answer to a body cut short (FastAPI: 400 "error parsing the body")
                await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, counted, unless_tripped)
        if tripped:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        mb = self.limit / 1_000_000
        response = JSONResponse({"ok": False, "error": f"文件过大：上传不能超过 {mb:g} MB (upload larger than {mb:g} MB)"},
                                status_code=413)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
