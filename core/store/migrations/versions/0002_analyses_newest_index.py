"""index to find the newest analysis of an item

The reports and alerts pick each item's newest analysis with MAX(id) per item_id. Without an
index on (item_id, id) PostgreSQL may answer that by scanning the primary key backwards for
every item, which takes minutes on a million analyses.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.create_index("ix_analyses_item_newest", ["item_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.drop_index("ix_analyses_item_newest")
