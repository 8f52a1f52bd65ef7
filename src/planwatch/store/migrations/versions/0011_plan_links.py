"""Plan links (which plan implements which) and stored metric-match decisions.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "plan_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_plan_id", sa.Integer(), nullable=False),
        sa.Column("parent_plan_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("confirmed_by", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", _STAMP, nullable=False),
        sa.CheckConstraint("method IN ('doc_number','title','chosen')", name=op.f("ck_plan_links_method")),
        sa.ForeignKeyConstraint(["child_plan_id"], ["plans.id"], name=op.f("fk_plan_links_child_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parent_plan_id"], ["plans.id"], name=op.f("fk_plan_links_parent_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_links")),
        sa.UniqueConstraint("child_plan_id", name=op.f("uq_plan_links_child_plan_id")),
    )
    op.create_index(op.f("ix_plan_links_parent_plan_id"), "plan_links", ["parent_plan_id"], unique=False)
    op.create_table(
        "metric_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_metric", sa.String(length=256), nullable=False),
        sa.Column("child_metric", sa.String(length=256), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", _STAMP, nullable=False),
        sa.CheckConstraint("decision IN ('same','proxy','different')", name=op.f("ck_metric_decisions_decision")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_decisions")),
        sa.UniqueConstraint("parent_metric", "child_metric", name=op.f("uq_metric_decisions_parent_metric_child_metric")),
    )


def downgrade() -> None:
    op.drop_table("metric_decisions")
    op.drop_index(op.f("ix_plan_links_parent_plan_id"), table_name="plan_links")
    op.drop_table("plan_links")
