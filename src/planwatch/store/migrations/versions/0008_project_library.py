"""Key projects (四督四保): stages, annual plan investment, planned and actual dates.

The stages (储备/新建/续建/竣工/达产) and the planned and actual date of each step
(`project_stages`) exist since 0001; this adds a version counter on `projects` (a stale
edit is refused), the annual plan and completion per year, monthly cumulative completed
investment, and checked uploads waiting for confirmation.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("projects", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "project_year_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned", sa.Double(), nullable=True),
        sa.Column("completed", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_project_year_plans_project_id_projects"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_year_plans")),
        sa.UniqueConstraint("project_id", "year", name=op.f("uq_project_year_plans_project_id_year")),
    )
    op.create_index(op.f("ix_project_year_plans_project_id"), "project_year_plans", ["project_id"], unique=False)
    op.create_table(
        "project_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("cumulative", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], name=op.f("fk_project_progress_project_id_projects"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_progress")),
        sa.UniqueConstraint("project_id", "month", name=op.f("uq_project_progress_project_id_month")),
    )
    op.create_index(op.f("ix_project_progress_project_id"), "project_progress", ["project_id"], unique=False)
    op.create_table(
        "project_uploads",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=256), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_uploads")),
    )


def downgrade() -> None:
    op.drop_table("project_uploads")
    op.drop_index(op.f("ix_project_progress_project_id"), table_name="project_progress")
    op.drop_table("project_progress")
    op.drop_index(op.f("ix_project_year_plans_project_id"), table_name="project_year_plans")
    op.drop_table("project_year_plans")
    op.drop_column("projects", "version")
