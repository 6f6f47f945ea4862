"""retention: the frozen registration of a case whose personal data was removed, and its one extension;
merges the four 0004 heads

Revision ID: 0005
Revises: 0004a, 0004b, 0004c, 0004d
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0005"
down_revision = ("0004a", "0004b", "0004c", "0004d")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("frozen_registration", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("retention_extended_at", storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_column("retention_extended_at")
        batch.drop_column("frozen_registration")
