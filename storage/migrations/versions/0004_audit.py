"""audit trail and access log

Revision ID: 0004d
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0004d"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auditentry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False, index=True),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True, index=True),
        sa.Column("field", sa.String(length=80), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
    )
    op.create_table(
        "accesslogentry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False, index=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False, index=True),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False, index=True),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("accesslogentry")
    op.drop_table("auditentry")
