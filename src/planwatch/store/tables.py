"""Tables of places, plans and what is measured: regions, departments, plans and their
versions, tracked indicators, observations (actuals), target allocations and the audit log.

Tasks and projects live in `work_tables.py`. Every table is plain data; the services
(`planwatch.services`) hold the rules.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planwatch.progress.periods import position
from planwatch.store.base import Base, utcnow

REGION_LEVELS = ("province", "city", "county", "zone")


def _position_of_end(context: Any) -> float:
    """Column default of `Observation.at`: every insert path gets it, bulk ones included."""
    return position(context.get_current_parameters()["period_end"])
VERSION_STATUSES = ("draft", "published")
INDICATOR_KINDS = ("target", "indicator_row")


class Region(Base):
    """A place: province → city → county from the national code list, plus user-added zones."""

    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("level IN ('province','city','county','zone')", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    aliases: Mapped[list[str]] = mapped_column(default=list)


class Department(Base):
    """A government body of one region (市发展和改革委员会 of 绍兴市), with the names it goes by."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("region_id", "body"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(String(128))  # canonical name without the region prefix
    aliases: Mapped[list[str]] = mapped_column(default=list)
    # The standard body of the bundled directory this is an instance of; None for local units
    # a planner added (a 专班, a 园区管委会, an enterprise).
    standard: Mapped[str | None] = mapped_column(String(128))


class Plan(Base):
    """A tracked plan, keyed by a short name (``anhui``); its content lives in versions."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(512))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    region_name: Mapped[str | None] = mapped_column(String(64))  # as the document wrote it
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="plan", foreign_keys="PlanVersion.plan_id", order_by="PlanVersion.version_no"
    )


class PlanVersion(Base):
    """One import of a plan: the extracted JSON as it was, draft until published."""

    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("plan_id", "version_no"),
        CheckConstraint("status IN ('draft','published')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    version_no: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    extracted: Mapped[dict[str, Any]]
    source_file: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # What publishing carried over from the version before, retired and added (ids and names).
    changes: Mapped[dict[str, Any] | None]
    # The document text the items' spans point into (the review page shows it; migration 0004).
    source_text: Mapped[str | None] = mapped_column(Text)
    # The reviewer's work on a draft: item id → state (accepted / rejected / edited / added).
    review: Mapped[dict[str, Any] | None]

    plan: Mapped[Plan] = relationship(back_populates="versions", foreign_keys=[plan_id])


class Indicator(Base):
    """One tracked number: a target, or one year column of an indicator-table row."""

    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("kind IN ('target','indicator_row')", name="kind"),
        CheckConstraint("direction IN (-1, 1)", name="direction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str] = mapped_column(String(256))
    category: Mapped[str | None] = mapped_column(String(128))
    unit: Mapped[str | None] = mapped_column(String(32))
    direction: Mapped[int] = mapped_column(default=1)
    comparator: Mapped[str] = mapped_column(String(8), default="=")
    value: Mapped[float | None]
    value_max: Mapped[float | None]
    target_year: Mapped[int | None]
    change: Mapped[str | None] = mapped_column(String(16))
    baseline_year: Mapped[int | None]
    baseline_value: Mapped[float | None]
    quote: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(128))
    # "annual": a 每年… flow, judged year by year against the same value (docs/methods.md)
    flow: Mapped[str | None] = mapped_column(String(16))
    start_year: Mapped[int | None]  # the plan's first year (序时进度 and 新增 counts start there)
    # Set when a later published version no longer has this indicator (`services.versions`):
    # the row and its actuals are kept, out of the current version's tables.
    retired_at: Mapped[datetime | None]


class Observation(Base):
    """An actual value of an indicator in one region and period (2019, 2019-09, 2019-Q3)."""

    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator_id", "region_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    # Fractional-year position of period_end (`progress.periods.position`), the x of the
    # progress maths: stored so the database can aggregate series without Python.
    at: Mapped[float] = mapped_column(default=_position_of_end)
    value: Mapped[float]
    unit: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(Text)
    # Why a figure that failed a plausibility check was stored anyway (`observe --accept-suspect`).
    flag: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # 数据填报 (migration 0006, `services.entry`): a figure a planner enters for its own region
    # is pending until a planner above accepts it; only accepted figures count (`series.counted`).
    # CLI imports and older rows are accepted. `row_version` guards accept/return races.
    review_state: Mapped[str] = mapped_column(String(16), default="accepted", server_default="accepted",
                                              index=True)
    entered_by: Mapped[str | None] = mapped_column(String(128))
    entered_at: Mapped[datetime | None]
    reviewed_by: Mapped[str | None] = mapped_column(String(128))
    reviewed_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    row_version: Mapped[int] = mapped_column(default=1, server_default="1")


class SeriesSummary(Base):
    """What the status maths needs of one (indicator, region) series, kept up to date with
    its observations (`services.series`): count, first and latest point, the sums of a
    least-squares line over x = at − 2000, and the figure at the indicator's baseline year.
    A refresh of every status reads these rows, not the millions of observations behind them."""

    __tablename__ = "series_summaries"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), primary_key=True)
    n: Mapped[int]
    first_at: Mapped[float]
    first_value: Mapped[float]
    first_period: Mapped[str] = mapped_column(String(10))
    last_at: Mapped[float]
    last_value: Mapped[float]
    last_period: Mapped[str] = mapped_column(String(10))
    sum_x: Mapped[float]
    sum_y: Mapped[float]
    sum_xy: Mapped[float]
    sum_xx: Mapped[float]
    base_value: Mapped[float | None]  # the figure of the indicator's baseline year (period label = the year)
    base_seen: Mapped[bool]  # a figure ends exactly at the baseline year's end
    # How many figures are within-year running totals (2019年1-9月): such series are judged
    # one by one (序时进度), not in columns (`services.status`). Added in migration 0003.
    ytd_count: Mapped[int] = mapped_column(default=0, server_default="0")


class TargetAllocation(Base):
    """A share of an indicator's target given to a sub-region: an absolute value or a weight."""

    __tablename__ = "target_allocations"
    __table_args__ = (
        UniqueConstraint("indicator_id", "region_id"),
        CheckConstraint("value IS NOT NULL OR weight IS NOT NULL", name="value_or_weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"))
    value: Mapped[float | None]
    weight: Mapped[float | None]


class AuditEntry(Base):
    """Who changed what, when, with the row before and after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    # The region the changed object belongs to (its plan's, project's or figure's), so the
    # audit page shows a planner the rows of their subtree; None: admins only (0009).
    region_id: Mapped[int | None] = mapped_column(index=True)


class PageCache(Base):
    """Computed page data kept in the database, valid while `stamp` — the change counters of
    the kinds of data the page reads — is unchanged (`services.page_cache`). Every change
    planwatch makes moves a counter in its own transaction, so a cached page can never
    outlive a change; the cache lives in the database so several workers share it."""

    __tablename__ = "page_cache"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeCounter(Base):
    """How many committed transactions changed each kind of data (the entity names of the
    audit log: observations, tasks, projects …), moved by `store.change_counters` at commit.
    A cached page is stamped with the counters of what it reads, so a new key project does
    not recompute the 督查督办 board and a figure does not recompute the project panel (0012)."""

    __tablename__ = "change_counters"

    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
