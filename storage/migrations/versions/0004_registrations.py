"""imported (historic) registrations

Revision ID: 0004b
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004b"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "importedregistration",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ref", sa.String(length=40), nullable=False, unique=True),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("record", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("importedregistration")
