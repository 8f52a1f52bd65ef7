"""Tables of stored assessment schemes (考核方案) and their runs.

A scheme is kept as the YAML a planner wrote (`yaml_text`, shown again for editing) and as
the parsed data the engine reads (`parsed`); `version` counts its edits. A run keeps the
ranking it produced (`results`: per region the item, group and adjustment points, total and
rank), so "change of rank since the last run" compares with the previous run of the same
scheme even after the figures or the scheme have changed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow


class AssessmentScheme(Base):
    """A named 考核方案 of one region's plan."""

    __tablename__ = "assessment_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(256))
    yaml_text: Mapped[str] = mapped_column(Text)
    parsed: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")


class AssessmentRun(Base):
    """One run of a scheme for a date: the ranking as it came out."""

    __tablename__ = "assessment_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("assessment_schemes.id", ondelete="CASCADE"), index=True)
    scheme_version: Mapped[int]
    as_of: Mapped[date] = mapped_column(Date)
    run_by: Mapped[str] = mapped_column(String(128))
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    results: Mapped[list[Any]] = mapped_column(JSON)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
