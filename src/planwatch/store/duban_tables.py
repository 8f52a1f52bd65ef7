"""Tables of the 督查督办 cycle: extension requests (延期申请 → 批复) and the attachments of
task reports. The review of a report (审核 / 退回) lives on `task_updates`, 销号 and the
concurrency counter on `tasks` (store/work_tables.py, migration 0007)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow

EXTENSION_STATES = ("pending", "approved", "refused")
REPORT_KINDS = ("progress", "completion")
REVIEW_STATES = ("pending", "accepted", "returned")


class TaskExtension(Base):
    """A 延期申请: a department asks, before the deadline, to move it to `new_deadline`;
    a planner approves (the deadline moves from the day of the decision) or refuses."""

    __tablename__ = "task_extensions"
    __table_args__ = (CheckConstraint("state IN ('pending','approved','refused')", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str] = mapped_column(String(64))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    on_date: Mapped[date] = mapped_column(Date)  # the day it was filed
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TaskAttachment(Base):
    """A file attached to a report, kept in the database (workers stay stateless; no file on
    local disk): its name as uploaded, the media type read from its magic bytes, size and
    SHA-256 of the bytes, and the bytes themselves as base64 text."""

    __tablename__ = "task_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("task_updates.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(256))
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # base64 of the bytes: a backup (JSON of every table) carries it as it is
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
