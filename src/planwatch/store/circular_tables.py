"""Tables of circular profiles (通报/月报 issuer, recipients, numbering) and issued circulars.

A profile belongs to one region and says who issues its circular and how it is numbered
(发文字号 prefix and next number, 期号 of the next 简报). An issued circular keeps its
number, period, issuer, time, the three files (base64 in JSON, so the JSON backup carries
them) with their SHA-256, and a snapshot of the figures it printed (ranks and gaps), so
"较上期" compares with what was sent and a sent circular's numbers never change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow


class CircularProfile(Base):
    __tablename__ = "circular_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), unique=True)
    issuer: Mapped[str] = mapped_column(String(128))
    mark: Mapped[str] = mapped_column(String(128))
    number_prefix: Mapped[str] = mapped_column(String(64))
    next_number: Mapped[int] = mapped_column(default=1)
    recipients: Mapped[str] = mapped_column(Text)
    cc: Mapped[str] = mapped_column(Text, default="")
    editor: Mapped[str] = mapped_column(String(128))
    bulletin: Mapped[str] = mapped_column(String(128))
    next_issue: Mapped[int] = mapped_column(default=1)
    report_day: Mapped[int] = mapped_column(default=25)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class IssuedCircular(Base):
    __tablename__ = "issued_circulars"
    __table_args__ = (UniqueConstraint("region_id", "layout", "doc_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    plan_key: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(16))
    layout: Mapped[str] = mapped_column(String(16))
    number: Mapped[int]
    doc_number: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(128))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    hashes: Mapped[dict[str, Any]] = mapped_column(JSON)
    files: Mapped[dict[str, Any]] = mapped_column(JSON)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
