"""Per-region circular profiles (issuer, recipients, numbering) and issued circulars.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


_STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "circular_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=128), nullable=False),
        sa.Column("mark", sa.String(length=128), nullable=False),
        sa.Column("number_prefix", sa.String(length=64), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=False),
        sa.Column("editor", sa.String(length=128), nullable=False),
        sa.Column("bulletin", sa.String(length=128), nullable=False),
        sa.Column("next_issue", sa.Integer(), nullable=False),
        sa.Column("report_day", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_circular_profiles_region_id_regions"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circular_profiles")),
        sa.UniqueConstraint("region_id", name=op.f("uq_circular_profiles_region_id")),
    )
    op.create_table(
        "issued_circulars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("plan_key", sa.String(length=64), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("layout", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("doc_number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=128), nullable=False),
        sa.Column("issued_at", _STAMP, nullable=False),
        sa.Column("hashes", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], name=op.f("fk_issued_circulars_region_id_regions"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_circulars")),
        sa.UniqueConstraint("region_id", "layout", "doc_number", name=op.f("uq_issued_circulars_region_id_layout_doc_number")),
    )
    op.create_index(op.f("ix_issued_circulars_region_id"), "issued_circulars", ["region_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_issued_circulars_region_id"), table_name="issued_circulars")
    op.drop_table("issued_circulars")
    op.drop_table("circular_profiles")
