"""today: the personal calendar feed (one hashed secret per user)

Revision ID: 0009_today
Revises: 0008_idempotency
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009_today"
down_revision = "0008_idempotency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendarfeed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
        sa.UniqueConstraint("token_hash"),
    )


def downgrade() -> None:
    op.drop_table("calendarfeed")
