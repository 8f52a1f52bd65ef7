"""系统管理: users (admins only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from planwatch.errors import Forbidden
from planwatch.services import auth
from planwatch.services.backup import backup_text
from planwatch.store.auth_tables import User
from planwatch.store.tables import Department, Region
from planwatch.web.deps import Who, unit_of_work
from planwatch.web.pages import twin

router = APIRouter()


def _admin(who: auth.Principal) -> None:
    if who.role != "admin":
        raise Forbidden("只有系统管理员可以管理用户 (admins only)")


@twin(router, "/admin/users", "users.html")
def users(request: Request, who: Who) -> dict[str, Any]:
    """Every user with role, scope and whether active."""
    _admin(who)
    with unit_of_work(request, who) as s:
        regions = dict(s.query(Region.id, Region.name).join(User, User.region_id == Region.id).all())
        depts = dict(s.query(Department.id, Department.name).join(User, User.department_id == Department.id)
                     .all())
        return {"users": [{"login": u.login, "name": u.name, "role": u.role, "region": regions.get(u.region_id or -1),
                           "department": depts.get(u.department_id or -1), "active": u.active,
                           "created_at": u.created_at} for u in auth.list_users(s)]}


@router.post("/admin/users", include_in_schema=False)
def add_user(request: Request, who: Who, login: Annotated[str, Form(max_length=64)],
             password: Annotated[str, Form(max_length=256)], role: Annotated[str, Form(max_length=16)],
             name: Annotated[str | None, Form(max_length=128)] = None,
             region: Annotated[str | None, Form(max_length=64)] = None,
             department: Annotated[str | None, Form(max_length=128)] = None) -> Response:
    _admin(who)
    with unit_of_work(request, who) as s:
        auth.add_user_named(s, login=login, password=password, role=role, region=region or None,
                            department=department or None, name=name or None, pw=request.app.state.hasher)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{login}/active", include_in_schema=False)
def set_active(request: Request, who: Who, login: str, active: Annotated[bool, Form()]) -> Response:
    _admin(who)
    with unit_of_work(request, who) as s:
        auth.set_active(s, login=login, active=active)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/backup", summary="Download the whole database as a JSON backup (admins only)")
def download_backup(request: Request, who: Who) -> Response:
    """The same file `planwatch backup` writes; restore it with `planwatch restore`."""
    _admin(who)
    with unit_of_work(request, who) as s:
        text = backup_text(s)
    return Response(text, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="planwatch-backup.json"'})


@router.post("/admin/users/{login}/password", include_in_schema=False)
def reset_password(request: Request, who: Who, login: str, password: Annotated[str, Form(max_length=256)]) -> Response:
    """An admin sets a new password (a user who forgot theirs); the user's sessions end."""
    _admin(who)
    with unit_of_work(request, who) as s:
        auth.set_password(s, login=login, password=password, pw=request.app.state.hasher)
    return RedirectResponse("/admin/users", status_code=303)
