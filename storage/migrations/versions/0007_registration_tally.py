"""registration_tally: each registration's report tally (storage/report_tallies.py)

Revision ID: 0007
Revises: 0006

Empty at first: registrations without a row are tallied from their record when a report is built, and get
their row when they are next saved or by `kring registrations tallies`.
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration_tally",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ref", sa.String(length=40), nullable=False, unique=True),
        sa.Column("case_id", sa.Integer(), nullable=True, index=True),
        sa.Column("case_version", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("provincie", sa.String(length=40), nullable=True),
        sa.Column("gemeente", sa.String(length=80), nullable=True),
        sa.Column("type_organisatie", sa.String(length=80), nullable=True),
        sa.Column("variant", sa.String(length=20), nullable=True),
        sa.Column("tally", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("registration_tally")
