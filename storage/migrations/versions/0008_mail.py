"""mail: each reminder's delivery attempts, next try and last error (notifications/scan.py)

Revision ID: 0008_mail
Revises: 0008_tokens
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0008_mail"
down_revision = "0008_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_try_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_column("last_error")
        batch_op.drop_column("next_try_at")
        batch_op.drop_column("attempts")
