"""Change counters per kind of data, so a cached page is recomputed only after a change to
what it reads (not after every login, project edit or figure anywhere). The cached pages
of the old, global stamp are dropped: their stamps mean nothing now.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_counters",
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_change_counters")),
    )
    op.execute("DELETE FROM page_cache")


def downgrade() -> None:
    op.drop_table("change_counters")
    op.execute("DELETE FROM page_cache")
