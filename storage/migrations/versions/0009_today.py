"""today: the personal calendar feed (one hashed secret per user), and indexes for Vandaag

ix_case_phase_region serves the lists by phase within regions (inbox, lead times); ix_case_coordinator_phase
counts each coordinator's open cases (their load) from the index alone; ix_offer_case_state finds a case's
accepted offer without the (unselective) state index: PostgreSQL otherwise ANDs both, at 380 ms.

Revision ID: 0009_today
Revises: 0009_accounts
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009_today"
down_revision = "0009_accounts"
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


    op.create_index("ix_case_phase_region", "case", ["phase", "region_id", "application_date"])
    op.create_index("ix_case_coordinator_phase", "case", ["coordinator_id", "phase"])
    op.create_index("ix_offer_case_state", "offer", ["case_id", "state", "answered_at"])


def downgrade() -> None:
    op.drop_index("ix_offer_case_state", table_name="offer")
    op.drop_index("ix_case_coordinator_phase", table_name="case")
    op.drop_index("ix_case_phase_region", table_name="case")
    op.drop_table("calendarfeed")
