"""accounts: password reset links (hashed, single use) and the asks for them (throttle), and the audit of
the bureau's changes to users (storage/password_reset.py, storage/audit.py)

Revision ID: 0009_accounts
Revises: 0009_billing
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009_accounts"
down_revision = "0009_billing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "password_reset",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_password_reset_token_hash"),
    )
    op.create_index("ix_password_reset_user_id", "password_reset", ["user_id"])
    op.create_table(
        "password_reset_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
    )
    for column in ("email", "ip", "at"):
        op.create_index(f"ix_password_reset_request_{column}", "password_reset_request", [column])
    op.create_table(
        "user_audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=80), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
    )
    op.create_index("ix_user_audit_entry_user_id", "user_audit_entry", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_user_audit_entry_user_id", table_name="user_audit_entry")
    op.drop_table("user_audit_entry")
    for column in ("email", "ip", "at"):
        op.drop_index(f"ix_password_reset_request_{column}", table_name="password_reset_request")
    op.drop_table("password_reset_request")
    op.drop_index("ix_password_reset_user_id", table_name="password_reset")
    op.drop_table("password_reset")
