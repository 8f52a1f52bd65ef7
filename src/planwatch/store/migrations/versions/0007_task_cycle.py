"""The 督查督办 cycle: task reports reviewed, extension requests, 办结 and 销号, attachments.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_STAMP = sa.DateTime(timezone=True)


def _task_columns() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("closed_at", _STAMP, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=True),
        sa.Column("changed_at", _STAMP, nullable=True),
    )


def _update_columns() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("kind", sa.String(length=16), server_default="progress", nullable=False),
        sa.Column("review", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", _STAMP, nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=64), nullable=True),
    )


def upgrade() -> None:
    for column in _task_columns():
        op.add_column("tasks", column)
    for column in _update_columns():
        op.add_column("task_updates", column)
    op.create_table(
        "task_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", _STAMP, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.CheckConstraint("state IN ('pending','approved','refused')", name=op.f("ck_task_extensions_state")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"],
                                name=op.f("fk_task_extensions_department_id_departments"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_task_extensions_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_extensions")),
    )
    op.create_index(op.f("ix_task_extensions_task_id"), "task_extensions", ["task_id"], unique=False)
    op.create_table(
        "task_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", _STAMP, nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_task_attachments_task_id_tasks"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["update_id"], ["task_updates.id"],
                                name=op.f("fk_task_attachments_update_id_task_updates"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_attachments")),
    )
    op.create_index(op.f("ix_task_attachments_task_id"), "task_attachments", ["task_id"], unique=False)
    op.create_index(op.f("ix_task_attachments_update_id"), "task_attachments", ["update_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_attachments_update_id"), table_name="task_attachments")
    op.drop_index(op.f("ix_task_attachments_task_id"), table_name="task_attachments")
    op.drop_table("task_attachments")
    op.drop_index(op.f("ix_task_extensions_task_id"), table_name="task_extensions")
    op.drop_table("task_extensions")
    for column in reversed(_update_columns()):
        op.drop_column("task_updates", column.name)
    for column in reversed(_task_columns()):
        op.drop_column("tasks", column.name)
