"""Users, passwords, sessions and API tokens of the web workspace.

Passwords are hashed with Argon2id through pwdlib (the parameters come from Settings, so
tests can make a hash cheap). A login starts a server-side session: a random 32-byte secret
goes to the browser (cookie) or the script (bearer token), and only its SHA-256 is stored,
so sessions can be listed, expire when idle and be revoked. Failed logins are counted per
login name: after `THROTTLE_FAILURES` in `THROTTLE_WINDOW`, further tries are refused until
the window has passed, whatever the password (a guessing script learns nothing).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, PlanwatchError, ValidationError
from planwatch.store import audit
from planwatch.store.auth_tables import ROLES, LoginAttempt, User, WebSession
from planwatch.store.base import utcnow
from planwatch.store.tables import Department, Region

THROTTLE_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 8


class LoginRefused(PlanwatchError):
    """Too many failed logins for a name: refused before the password is even checked."""


@dataclass(frozen=True)
class Principal:
    """Who is asking, detached from any session: what the access rules need."""

    user_id: int
    login: str
    name: str
    role: str
    region_id: int | None
    department_id: int | None
    session_id: int | None = None


@cache
def hasher(time_cost: int = 3, memory_kib: int = 65536) -> PasswordHash:
    """Argon2id; the default parameters are pwdlib's recommended ones (~0.25 s here)."""
    return PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def principal_of(user: User, session_id: int | None = None) -> Principal:
    return Principal(user.id, user.login, user.name or user.login, user.role, user.region_id, user.department_id,
                     session_id)


def add_user_named(session: Session, *, login: str, password: str, role: str, region: str | None = None,
                   department: str | None = None, name: str | None = None, pw: PasswordHash | None = None) -> User:
    """`create_user` with the scope written as people write it: a region name, and a
    department name resolved in that region (the CLI's `user add` and the admin page)."""
    from planwatch.services.departments import find_department
    from planwatch.services.regions import ensure_regions, resolve_region

    ensure_regions(session)
    region_id = resolve_region(session, name=region).id if region else None
    dept_id = None
    if department:
        dept = find_department(session, name=department, region_id=region_id)
        if dept is None:
            raise ValidationError(f"user {login!r}", [f"department {department!r}: not a registered department "
                                                      "(see `planwatch departments`)"])
        dept_id = dept.id
    return create_user(session, login=login, password=password, role=role, region_id=region_id,
                       department_id=dept_id, name=name, pw=pw)


def create_user(session: Session, *, login: str, password: str, role: str, region_id: int | None = None,
                department_id: int | None = None, name: str | None = None, pw: PasswordHash | None = None) -> User:
    """Add a user; the role decides which scope it needs (module doc of `store.auth_tables`)."""
    problems = _user_problems(session, login=login, password=password, role=role, region_id=region_id,
                              department_id=department_id)
    if problems:
        raise ValidationError(f"user {login!r}", problems)
    user = User(login=login.strip(), name=name or None, role=role, region_id=region_id, department_id=department_id,
                password_hash=(pw or hasher()).hash(password), active=True)
    session.add(user)
    session.flush()
    audit.record(session, entity="users", entity_id=user.id, action="create",
                 after=audit.row_dict(user, exclude=("password_hash",)))
    return user


def _user_problems(session: Session, *, login: str, password: str, role: str, region_id: int | None,
                   department_id: int | None) -> list[str]:
    problems = []
    if not login.strip() or len(login) > 64 or any(c in login for c in " /\\\t\n"):
        problems.append("login: 1–64 characters without spaces or slashes")
    elif session.scalar(select(User.id).where(User.login == login.strip())) is not None:
        problems.append("login: already taken")
    if len(password) < MIN_PASSWORD:
        problems.append(f"password: at least {MIN_PASSWORD} characters")
    if role not in ROLES:
        problems.append(f"role {role!r}: expected one of {', '.join(ROLES)}")
    if role in ("planner", "viewer") and region_id is None:
        problems.append(f"a {role} needs a region (the subtree they work in)")
    if role == "reporter" and department_id is None:
        problems.append("a reporter needs a department")
    if region_id is not None and session.get(Region, region_id) is None:
        problems.append(f"region #{region_id}: no such region")
    if department_id is not None and session.get(Department, department_id) is None:
        problems.append(f"department #{department_id}: no such department")
    return problems


def _recent_failures(session: Session, login: str, now: datetime) -> int:
    last_ok = session.scalar(select(func.max(LoginAttempt.at)).where(LoginAttempt.login == login, LoginAttempt.ok))
    if last_ok is not None and last_ok.tzinfo is None:  # SQLite returns stored times without their zone
        last_ok = last_ok.replace(tzinfo=now.tzinfo)
    since = max(now - THROTTLE_WINDOW, last_ok) if last_ok else now - THROTTLE_WINDOW
    return session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.login == login, LoginAttempt.ok.is_(False), LoginAttempt.at > since)) or 0


def authenticate(session: Session, *, login: str, password: str, pw: PasswordHash | None = None,
                 now: datetime | None = None) -> User | None:
    """The user `login` names if `password` is theirs, else None; every try is recorded, so
    the caller commits either way (a failure must count). Raises LoginRefused, recording
    nothing, while the login is throttled."""
    now = now or utcnow()
    login = login.strip()[:64]
    if _recent_failures(session, login, now) >= THROTTLE_FAILURES:
        raise LoginRefused(f"too many failed logins for {login!r}: try again in "
                           f"{int(THROTTLE_WINDOW.total_seconds() // 60)} minutes")
    user = session.scalars(select(User).where(User.login == login)).one_or_none()
    ok = user is not None and user.active and (pw or hasher()).verify(password, user.password_hash)
    session.add(LoginAttempt(login=login, at=now, ok=ok))
    session.flush()
    audit.record(session, entity="login_attempts", entity_id=None, action="login_ok" if ok else "login_failed",
                 after={"login": login})
    return user if ok else None


def start_session(session: Session, *, user: User, kind: str = "cookie") -> str:
    """A new session (or API token) for `user`; returns the secret, shown once."""
    secret = secrets.token_urlsafe(32)
    row = WebSession(token_hash=digest(secret), user_id=user.id, kind=kind)
    session.add(row)
    session.flush()
    audit.record(session, entity="web_sessions", entity_id=row.id, action="login" if kind == "cookie" else "token",
                 after={"user": user.login, "kind": kind})
    return secret


def session_user(session: Session, *, secret: str, idle: timedelta, now: datetime | None = None) -> Principal | None:
    """Who holds this secret, or None (unknown, revoked, idle too long, user inactive).
    Marks the session as seen, at most once a minute (no write on every request)."""
    now = now or utcnow()
    found = session.execute(select(WebSession, User).join(User, User.id == WebSession.user_id)
                            .where(WebSession.token_hash == digest(secret))).one_or_none()
    if found is None:
        return None
    row, user = found
    seen = row.last_seen if row.last_seen.tzinfo else row.last_seen.replace(tzinfo=now.tzinfo)
    if row.revoked_at is not None or not user.active or (row.kind == "cookie" and now - seen > idle):
        return None
    if now - seen > timedelta(minutes=1):
        row.last_seen = now
    return principal_of(user, row.id)


def end_session(session: Session, *, session_id: int) -> None:
    """Log out / revoke a token: the secret stops working at once."""
    session.execute(update(WebSession).where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))
    audit.record(session, entity="web_sessions", entity_id=session_id, action="logout", after=None)


def revoke_user_sessions(session: Session, *, user_id: int) -> int:
    """Every session and token of a user (an admin disabling an account or resetting a password)."""
    result = session.execute(update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


def get_user(session: Session, *, login: str) -> User:
    user = session.scalars(select(User).where(User.login == login)).one_or_none()
    if user is None:
        raise NotFoundError(f"user {login!r}: no such user")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.login)))


def set_password(session: Session, *, login: str, password: str, pw: PasswordHash | None = None) -> User:
    """A new password; every open session of the user ends."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"user {login!r}", [f"password: at least {MIN_PASSWORD} characters"])
    user = get_user(session, login=login)
    user.password_hash = (pw or hasher()).hash(password)
    revoke_user_sessions(session, user_id=user.id)
    audit.record(session, entity="users", entity_id=user.id, action="set_password", after={"login": login})
    return user


def set_active(session: Session, *, login: str, active: bool) -> User:
    user = get_user(session, login=login)
    before = audit.row_dict(user, exclude=("password_hash",))
    user.active = active
    if not active:
        revoke_user_sessions(session, user_id=user.id)
    audit.record(session, entity="users", entity_id=user.id, action="update", before=before,
                 after=audit.row_dict(user, exclude=("password_hash",)))
    return user
