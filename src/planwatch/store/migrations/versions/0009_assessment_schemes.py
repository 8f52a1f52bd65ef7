"""Stored assessment schemes and their runs (ranks kept for the change of rank), and the
region of each audit row (the audit page is scoped by it; older rows keep NULL and are
shown to admins only).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "assessment_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("parsed", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.Column("updated_at", _STAMP, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_assessment_schemes_region_id_regions"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_schemes")),
        sa.UniqueConstraint("name", name=op.f("uq_assessment_schemes_name")),
    )
    op.create_index(op.f("ix_assessment_schemes_region_id"), "assessment_schemes", ["region_id"], unique=False)
    op.create_table(
        "assessment_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("scheme_version", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("run_by", sa.String(length=128), nullable=False),
        sa.Column("run_at", _STAMP, nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["scheme_id"], ["assessment_schemes.id"],
                                name=op.f("fk_assessment_runs_scheme_id_assessment_schemes"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_runs")),
    )
    op.create_index(op.f("ix_assessment_runs_scheme_id"), "assessment_runs", ["scheme_id"], unique=False)
    op.add_column("audit_log", sa.Column("region_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_audit_log_region_id"), "audit_log", ["region_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_region_id"), table_name="audit_log")
    op.drop_column("audit_log", "region_id")
    op.drop_index(op.f("ix_assessment_runs_scheme_id"), table_name="assessment_runs")
    op.drop_table("assessment_runs")
    op.drop_index(op.f("ix_assessment_schemes_region_id"), table_name="assessment_schemes")
    op.drop_table("assessment_schemes")
