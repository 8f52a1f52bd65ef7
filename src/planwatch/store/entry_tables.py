"""Tables of data entry with approval (数据填报与审核): locked periods, and uploads staged
between their check and the user's confirmation (kept in the database, so any worker can
confirm what another checked)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow


class EntryLock(Base):
    """A period closed for new figures: of one plan (all its indicators, or one), in one region
    and the regions under it. Locking is done once the period's figures are accepted."""

    __tablename__ = "entry_locks"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    period: Mapped[str] = mapped_column(String(10))
    locked_by: Mapped[str] = mapped_column(String(128))
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)


class StagedUpload(Base):
    """An uploaded actuals file whose rows all passed the check, waiting for 确认导入. The rows
    are kept as read (strings), and checked again on confirmation."""

    __tablename__ = "entry_uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    filename: Mapped[str] = mapped_column(String(256))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    confirmed_at: Mapped[datetime | None]
