"""Data entry with approval: who entered and accepted each figure, returns, locked periods.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_STAMP = sa.DateTime(timezone=True)
_OBSERVATION_COLUMNS = ("review_state", "entered_by", "entered_at", "reviewed_by", "reviewed_at", "return_reason",
                        "note", "row_version")


def upgrade() -> None:
    # Existing figures and CLI imports are accepted: they keep counting.
    op.add_column("observations", sa.Column("review_state", sa.String(length=16), server_default="accepted",
                                            nullable=False))
    op.add_column("observations", sa.Column("entered_by", sa.String(length=128), nullable=True))
    op.add_column("observations", sa.Column("entered_at", _STAMP, nullable=True))
    op.add_column("observations", sa.Column("reviewed_by", sa.String(length=128), nullable=True))
    op.add_column("observations", sa.Column("reviewed_at", _STAMP, nullable=True))
    op.add_column("observations", sa.Column("return_reason", sa.Text(), nullable=True))
    op.add_column("observations", sa.Column("note", sa.Text(), nullable=True))
    op.add_column("observations", sa.Column("row_version", sa.Integer(), server_default="1", nullable=False))
    op.create_index(op.f("ix_observations_review_state"), "observations", ["review_state"], unique=False)
    op.create_table(
        "entry_locks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("locked_by", sa.String(length=128), nullable=False),
        sa.Column("locked_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_entry_locks_plan_id_plans"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"], name=op.f("fk_entry_locks_indicator_id_indicators"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_entry_locks_region_id_regions"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_locks")),
    )
    op.create_index(op.f("ix_entry_locks_plan_id"), "entry_locks", ["plan_id"], unique=False)
    op.create_table(
        "entry_uploads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=256), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("confirmed_at", _STAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_uploads")),
    )


def downgrade() -> None:
    op.drop_table("entry_uploads")
    op.drop_index(op.f("ix_entry_locks_plan_id"), table_name="entry_locks")
    op.drop_table("entry_locks")
    op.drop_index(op.f("ix_observations_review_state"), table_name="observations")
    for column in reversed(_OBSERVATION_COLUMNS):
        op.drop_column("observations", column)
