"""Tables of plan links (上级规划) and stored metric-match decisions (对标).

* `plan_links` — which stored plan a plan implements (one parent per plan): found from the
  plan's `implements` by 文号 or by title, or chosen by hand, and confirmed by a planner.
* `metric_decisions` — a planner's call on a pair of metric names (same / proxy /
  different), reused for every later comparison of the same two names.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.base import Base, utcnow

LINK_METHODS = ("doc_number", "title", "chosen")
DECISIONS = ("same", "proxy", "different")


class PlanLink(Base):
    """The parent plan of a plan, and how the link was found and who confirmed it."""

    __tablename__ = "plan_links"
    __table_args__ = (CheckConstraint("method IN ('doc_number','title','chosen')", name="method"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    parent_plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))
    confirmed_by: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MetricDecision(Base):
    """A reviewed pair of metric names (parent's, child's) and the planner's decision."""

    __tablename__ = "metric_decisions"
    __table_args__ = (
        UniqueConstraint("parent_metric", "child_metric"),
        CheckConstraint("decision IN ('same','proxy','different')", name="decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_metric: Mapped[str] = mapped_column(String(256))
    child_metric: Mapped[str] = mapped_column(String(256))
    decision: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
