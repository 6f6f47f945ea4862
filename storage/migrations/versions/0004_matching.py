"""matching: coordinator municipalities, absences, pools, skills, conflicts of interest, case needs, weights

Revision ID: 0004a
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0004a"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordinatormunicipality",
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("coordinator.id"), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), primary_key=True),
    )
    op.create_table(
        "coordinatorabsence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("coordinator.id"), nullable=False, index=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "coordinatorpool",
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("coordinator.id"), primary_key=True),
        sa.Column("organisation", sa.String(length=120), primary_key=True),
    )
    op.create_table(
        "coordinatorskills",
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("coordinator.id"), primary_key=True),
        sa.Column("qualifications", sa.JSON(), nullable=False),
        sa.Column("target_groups", sa.JSON(), nullable=False),
    )
    op.create_table(
        "conflictofinterest",
        sa.Column("coordinator_id", sa.Integer(), sa.ForeignKey("coordinator.id"), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), primary_key=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "casematchingneeds",
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), primary_key=True),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "matchingweights",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    for table in ("matchingweights", "casematchingneeds", "conflictofinterest", "coordinatorskills",
                  "coordinatorpool", "coordinatorabsence", "coordinatormunicipality"):
        op.drop_table(table)
