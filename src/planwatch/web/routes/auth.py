"""Logging in and out in the browser, and who am I (`/me.json`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from planwatch.services import auth
from planwatch.web.deps import COOKIE, MaybeWho, Who, settings_of, store_of
from planwatch.web.pages import render
from planwatch.web.render import ROLE_LABELS

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site (an open redirect would make the login page a phishing aid).

    >>> safe_next("/plans/anhui"), safe_next("//evil.example/x"), safe_next("https://evil.example"), safe_next(None)
    ('/plans/anhui', '/dashboard', '/dashboard', '/dashboard')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/dashboard"
    return target


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, who: MaybeWho, next: str | None = None) -> Response:
    if who is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"next": safe_next(next), "message": None})


@router.post("/login", include_in_schema=False)
def log_in(request: Request, login: Annotated[str, Form(max_length=64)], password: Annotated[str, Form(max_length=256)],
           next: Annotated[str | None, Form()] = None) -> Response:
    """Check the password (every try is recorded, failures too), then set the session cookie."""
    store = store_of(request)
    with store.transaction(actor=login[:64]) as s:
        user = auth.authenticate(s, login=login, password=password, pw=request.app.state.hasher)
        secret = auth.start_session(s, user=user) if user is not None else None
    if secret is None:
        return render(request, "login.html", {"next": safe_next(next), "login": login,
                                              "message": "用户名或密码错误"}, status_code=401)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(request, response, secret)
    return response


def set_cookie(request: Request, response: Response, secret: str) -> None:
    response.set_cookie(COOKIE, secret, httponly=True, samesite="lax", secure=settings_of(request).cookie_secure,
                        path="/")


@router.post("/logout", include_in_schema=False)
def log_out(request: Request, who: Who) -> Response:
    if who.session_id is not None:
        with store_of(request).transaction(actor=who.login) as s:
            auth.end_session(s, session_id=who.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/me.json", summary="The logged-in user, role and scope")
def me(request: Request, who: Who) -> JSONResponse:
    return JSONResponse({"ok": True, **user_view(request, who)})


def user_view(request: Request, who: auth.Principal) -> dict[str, Any]:
    from planwatch.store.tables import Department, Region

    with store_of(request).transaction() as s:
        region = s.get(Region, who.region_id) if who.region_id else None
        dept = s.get(Department, who.department_id) if who.department_id else None
        return {"login": who.login, "name": who.name, "role": who.role, "role_label": ROLE_LABELS[who.role],
                "region": region.name if region else None, "department": dept.name if dept else None}
