"""Tables of who may use the web workspace: users with a role and a scope, server-side
sessions and API tokens (only a hash of each is stored), and login attempts for the throttle.

Roles (`services.access` holds the rules): ``admin`` everything; ``planner`` and ``viewer``
of a region subtree (`region_id`, descendants included); ``reporter`` of one department.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow

ROLES = ("admin", "planner", "reporter", "viewer")
SESSION_KINDS = ("cookie", "token")


class User(Base):
    """A person who logs in. `login` is what they type; `name` is how pages greet them."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin','planner','reporter','viewer')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="RESTRICT"))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A login: a browser cookie or an API token. The secret itself is never stored, only
    its SHA-256, so a copy of the database cannot be used to log in."""

    __tablename__ = "web_sessions"
    __table_args__ = (CheckConstraint("kind IN ('cookie','token')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="cookie")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """One try to log in, kept for the throttle (too many failures for a login name in a
    window refuse further tries for a while) and for the audit of who tried when."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_login_at", "login", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool]
