"""cochange: a case's co-coordinator, and the coordinators withdrawn from a case (storage/cochange.py,
storage/withdrawals.py)

Revision ID: 0010_cochange
Revises: 0009_today
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0010_cochange"
down_revision = "0009_today"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("co_coordinator_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_case_co_coordinator_id_coordinator", "coordinator", ["co_coordinator_id"], ["id"])
        batch.create_index("ix_case_co_coordinator_id", ["co_coordinator_id"])
    op.create_table(
        "coordinatorwithdrawal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("coordinator.id"), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_coordinatorwithdrawal_case_id", "coordinatorwithdrawal", ["case_id"])
    op.create_index("ix_coordinatorwithdrawal_coordinator_id", "coordinatorwithdrawal", ["coordinator_id"])


def downgrade() -> None:
    op.drop_table("coordinatorwithdrawal")
    with op.batch_alter_table("case") as batch:
        batch.drop_index("ix_case_co_coordinator_id")
        batch.drop_constraint("fk_case_co_coordinator_id_coordinator", type_="foreignkey")
        batch.drop_column("co_coordinator_id")
