"""Tracking a planner can trust: items retired by a later version, publish reports, annual
flows and plan start years on indicators, plausibility flags on actuals, directory links on
departments, derived and dated task deadlines.

Existing task deadlines become the first row of their history, in force since the start.
Plain ALTER TABLE, no batch copies: on SQLite a batch copy of `indicators` would cascade-delete
its observations (foreign keys are on); SQLite ≥ 3.35 drops columns in place.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("indicators", sa.Column("flow", sa.String(length=16), nullable=True))
    op.add_column("indicators", sa.Column("start_year", sa.Integer(), nullable=True))
    op.add_column("indicators", sa.Column("retired_at", _STAMP, nullable=True))
    op.add_column("observations", sa.Column("flag", sa.Text(), nullable=True))
    # Running totals (2019年1-9月) per kept series summary (services.series, services.status).
    op.add_column("series_summaries", sa.Column("ytd_count", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("plan_versions", sa.Column("changes", sa.JSON(), nullable=True))
    op.add_column("departments", sa.Column("standard", sa.String(length=128), nullable=True))
    op.add_column("tasks", sa.Column("deadline_derived", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("tasks", sa.Column("retired_at", _STAMP, nullable=True))
    op.create_table(
        "task_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_task_deadlines_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_deadlines")),
    )
    op.create_index(op.f("ix_task_deadlines_task_id"), "task_deadlines", ["task_id"], unique=False)
    op.execute("INSERT INTO task_deadlines (task_id, deadline, effective_from, derived, note, created_at) "
               "SELECT id, deadline, NULL, false, 'before revision 0003', CURRENT_TIMESTAMP "
               "FROM tasks WHERE deadline IS NOT NULL")


def downgrade() -> None:
    op.drop_index(op.f("ix_task_deadlines_task_id"), table_name="task_deadlines")
    op.drop_table("task_deadlines")
    op.drop_column("tasks", "retired_at")
    op.drop_column("tasks", "deadline_derived")
    op.drop_column("departments", "standard")
    op.drop_column("plan_versions", "changes")
    op.drop_column("series_summaries", "ytd_count")
    op.drop_column("observations", "flag")
    op.drop_column("indicators", "retired_at")
    op.drop_column("indicators", "start_year")
    op.drop_column("indicators", "flow")
