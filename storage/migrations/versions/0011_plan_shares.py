"""plan_shares: the plan shared by personal link and one-time code: the sent PDF, one share per recipient
(token and code stored as hashes) and every open (storage/plan_shares.py)

Revision ID: 0011_plan_shares
Revises: 0010_cochange
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0011_plan_shares"
down_revision = "0010_cochange"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_share_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_plan_share_document_case_id", "plan_share_document", ["case_id"])
    op.create_table(
        "plan_share",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("plan_share_document.id"), nullable=False),
        sa.Column("recipient_name", sa.String(length=120), nullable=False),
        sa.Column("recipient_email", sa.String(length=254), nullable=False),
        sa.Column("recipient_mobile", sa.String(length=20), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("code_via", sa.String(length=12), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("wrong_codes", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("created_by_name", sa.String(length=120), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_plan_share_token_hash"),
    )
    op.create_index("ix_plan_share_case_id", "plan_share", ["case_id"])
    op.create_index("ix_plan_share_document_id", "plan_share", ["document_id"])
    op.create_table(
        "plan_share_open",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("share_id", sa.Integer(), sa.ForeignKey("plan_share.id"), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_plan_share_open_share_id", "plan_share_open", ["share_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_share_open_share_id", table_name="plan_share_open")
    op.drop_table("plan_share_open")
    op.drop_index("ix_plan_share_document_id", table_name="plan_share")
    op.drop_index("ix_plan_share_case_id", table_name="plan_share")
    op.drop_table("plan_share")
    op.drop_index("ix_plan_share_document_case_id", table_name="plan_share_document")
    op.drop_table("plan_share_document")
