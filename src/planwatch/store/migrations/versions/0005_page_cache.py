"""A database-kept cache of computed pages (the dashboard of a scope), keyed by what the
page depends on and stamped with the newest change, so it is shared by every worker.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_cache",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("stamp", sa.String(length=80), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_page_cache")),
    )


def downgrade() -> None:
    op.drop_table("page_cache")
