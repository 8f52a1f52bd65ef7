"""Tables of the work done under a plan: tasks with their responsible units and progress
updates (督查督办), and key projects with their stages (四督四保)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow

TASK_STATES = ("未开始", "推进中", "已完成")
PROJECT_STAGES = ("储备", "新建", "续建", "竣工", "达产")
UNIT_ROLES = ("lead", "support")


class Task(Base):
    """A work item of a published plan version."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str | None] = mapped_column(String(512))
    quote: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)  # the one in force now (history: TaskDeadline)
    deadline_derived: Mapped[bool] = mapped_column(default=False)  # read from the text, not set by a person
    retired_at: Mapped[datetime | None]  # no longer in the current published version
    # 督查督办 (migration 0007): 销号, and a counter for optimistic concurrency (services.duban)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    changed_by: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[datetime | None]


class TaskDeadline(Base):
    """A deadline of a task from a day on: deadlines move (延期), and `tasks --as-of` shows the
    one that was in force on the day asked about. `effective_from` None: since the start."""

    __tablename__ = "task_deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    effective_from: Mapped[date | None] = mapped_column(Date)
    derived: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TaskUnit(Base):
    """A unit named as lead or support of a task; `raw_name` is kept as written even when resolved."""

    __tablename__ = "task_units"
    __table_args__ = (CheckConstraint("role IN ('lead','support')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    role: Mapped[str] = mapped_column(String(16))
    raw_name: Mapped[str] = mapped_column(String(128))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))


class TaskUpdate(Base):
    """A progress report on a task by a department on a date."""

    __tablename__ = "task_updates"
    __table_args__ = (
        CheckConstraint("state IN ('未开始','推进中','已完成')", name="state"),
        CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    on_date: Mapped[date] = mapped_column(Date)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    percent: Mapped[float | None]
    state: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # 督查督办 (migration 0007): a progress or 办结 report, and its review (审核 / 退回)
    kind: Mapped[str] = mapped_column(String(16), default="progress", server_default="progress")
    review: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(64))  # the login who filed it


class Project(Base):
    """A key project (重点项目): who builds it where, how much is planned and done (万元)."""

    __tablename__ = "projects"
    __table_args__ = (CheckConstraint("stage IN ('储备','新建','续建','竣工','达产')", name="stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(256))
    enterprise: Mapped[str | None] = mapped_column(String(256))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    planned_investment: Mapped[float | None]  # 万元
    completed_investment: Mapped[float | None]  # 万元
    stage: Mapped[str] = mapped_column(String(8), default="储备")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Optimistic concurrency: an edit names the version it was made on; a stale one is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")


class ProjectStage(Base):
    """Planned and actual date of one stage of a project (新建 = 开工, 竣工, 达产)."""

    __tablename__ = "project_stages"
    __table_args__ = (
        UniqueConstraint("project_id", "stage"),
        CheckConstraint("stage IN ('储备','新建','续建','竣工','达产')", name="stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(8))
    planned_date: Mapped[date | None] = mapped_column(Date)
    actual_date: Mapped[date | None] = mapped_column(Date)


class ProjectYearPlan(Base):
    """A project's annual plan (年度计划投资) and what was completed in that year (万元): the
    figures of 投资完成率. Monthly reports (ProjectProgress) supersede `completed` when present."""

    __tablename__ = "project_year_plans"
    __table_args__ = (UniqueConstraint("project_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    planned: Mapped[float | None]  # 年度计划投资, 万元
    completed: Mapped[float | None]  # 本年完成投资, 万元


class ProjectProgress(Base):
    """A monthly report: investment completed this year up to the month's end (1—N月累计, 万元)."""

    __tablename__ = "project_progress"
    __table_args__ = (UniqueConstraint("project_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # 2026-10
    cumulative: Mapped[float]  # 本年累计完成投资, 万元
    note: Mapped[str | None] = mapped_column(Text)
    reported_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProjectUpload(Base):
    """A checked project file waiting for its uploader's confirmation (检查 → 确认导入)."""

    __tablename__ = "project_uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, unguessable
    login: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(256))
    rows: Mapped[list[Any]] = mapped_column(JSON)  # [[row number, {column: cell}], …]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
