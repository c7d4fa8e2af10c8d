"""turnout signals on analyses; items the pipeline could not tag

- analyses: is_cynicism, is_voting_barrier and barrier (the kind of voting barrier), so the
  report and the alerts aggregate the turnout signals in SQL like the other flags;
- analysis_failures: one row per item and model version that failed to tag, so one bad item
  costs one item (not its batch, every cycle) and the failure is visible.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from core.store.models import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_cynicism", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("is_voting_barrier", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("barrier", sa.String(length=24), nullable=True))
    op.create_table(
        "analysis_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("item_id", "model_version", name="uq_analysis_failures_item_model"),
    )


def downgrade() -> None:
    op.drop_table("analysis_failures")
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.drop_column("barrier")
        batch_op.drop_column("is_voting_barrier")
        batch_op.drop_column("is_cynicism")
