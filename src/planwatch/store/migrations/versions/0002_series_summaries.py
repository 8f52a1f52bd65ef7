"""Series summaries for fast status refreshes: `observations.at` (the fractional-year
position of the period end) and the `series_summaries` table kept from it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import calendar
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _position(d: date) -> float:
    """`progress.periods.position` as of this revision (migrations do not import live code)."""
    days = calendar.monthrange(d.year, d.month)[1]
    return d.year - 1 + (d.month - 1 + d.day / days) / 12


_FILL = """
INSERT INTO series_summaries (indicator_id, region_id, n, first_at, first_value, first_period,
                              last_at, last_value, last_period, sum_x, sum_y, sum_xy, sum_xx, base_value, base_seen)
SELECT g.indicator_id, g.region_id, g.n,
       g.first_at,
       (SELECT p.value FROM observations p WHERE p.indicator_id = g.indicator_id AND p.region_id = g.region_id
          AND p.at = g.first_at ORDER BY p.period LIMIT 1),
       (SELECT p.period FROM observations p WHERE p.indicator_id = g.indicator_id AND p.region_id = g.region_id
          AND p.at = g.first_at ORDER BY p.period LIMIT 1),
       g.last_at,
       (SELECT p.value FROM observations p WHERE p.indicator_id = g.indicator_id AND p.region_id = g.region_id
          AND p.at = g.last_at ORDER BY p.period DESC LIMIT 1),
       (SELECT p.period FROM observations p WHERE p.indicator_id = g.indicator_id AND p.region_id = g.region_id
          AND p.at = g.last_at ORDER BY p.period DESC LIMIT 1),
       g.sum_x, g.sum_y, g.sum_xy, g.sum_xx,
       (SELECT p.value FROM observations p WHERE p.indicator_id = g.indicator_id AND p.region_id = g.region_id
          AND p.period = CAST(i.baseline_year AS VARCHAR) LIMIT 1),
       EXISTS (SELECT 1 FROM observations p WHERE p.indicator_id = g.indicator_id AND p.region_id = g.region_id
          AND p.at = CAST(i.baseline_year AS DOUBLE PRECISION))
FROM (SELECT indicator_id, region_id, count(*) AS n, min(at) AS first_at, max(at) AS last_at,
             sum(at - 2000.0) AS sum_x, sum(value) AS sum_y, sum((at - 2000.0) * value) AS sum_xy,
             sum((at - 2000.0) * (at - 2000.0)) AS sum_xx
      FROM observations GROUP BY indicator_id, region_id) AS g
JOIN indicators i ON i.id = g.indicator_id
"""


def upgrade() -> None:
    op.add_column("observations", sa.Column("at", sa.Double(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, period_end FROM observations")).all()
    if rows:
        conn.execute(sa.text("UPDATE observations SET at = :at WHERE id = :id"),
                     [{"id": i, "at": _position(end if isinstance(end, date) else date.fromisoformat(str(end)))}
                      for i, end in rows])
    with op.batch_alter_table("observations") as batch:
        batch.alter_column("at", existing_type=sa.Double(), nullable=False)
    op.create_table(
        "series_summaries",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.Double(), nullable=False),
        sa.Column("first_value", sa.Double(), nullable=False),
        sa.Column("first_period", sa.String(length=10), nullable=False),
        sa.Column("last_at", sa.Double(), nullable=False),
        sa.Column("last_value", sa.Double(), nullable=False),
        sa.Column("last_period", sa.String(length=10), nullable=False),
        sa.Column("sum_x", sa.Double(), nullable=False),
        sa.Column("sum_y", sa.Double(), nullable=False),
        sa.Column("sum_xy", sa.Double(), nullable=False),
        sa.Column("sum_xx", sa.Double(), nullable=False),
        sa.Column("base_value", sa.Double(), nullable=True),
        sa.Column("base_seen", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicators.id"],
                                name=op.f("fk_series_summaries_indicator_id_indicators"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"],
                                name=op.f("fk_series_summaries_region_id_regions"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("indicator_id", "region_id", name=op.f("pk_series_summaries")),
    )
    conn.execute(sa.text(_FILL))


def downgrade() -> None:
    op.drop_table("series_summaries")
    with op.batch_alter_table("observations") as batch:
        batch.drop_column("at")
