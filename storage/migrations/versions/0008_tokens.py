"""tokens: an API token's expiry, last use and revocation

Revision ID: 0008_tokens
Revises: 0007

Existing tokens expire one year after this migration runs: leaving them without an expiry would keep the
never-ending tokens the change is about, while a year from now gives every integration the same notice a new
token gets. The column is then required, so the code knows no "never".
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

import storage.types
from workflow.clock import SystemClock

revision = "0008_tokens"
down_revision = "0007"
branch_labels = None
depends_on = None

FIRST_EXPIRY = dt.timedelta(days=365)


def upgrade() -> None:
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_used_at", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", storage.types.UTCDateTime(timezone=True), nullable=True))
    apitoken = sa.table("apitoken", sa.column("expires_at", storage.types.UTCDateTime(timezone=True)))
    op.execute(apitoken.update().values(expires_at=SystemClock().now() + FIRST_EXPIRY))
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.alter_column("expires_at", existing_type=storage.types.UTCDateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("last_used_at")
        batch_op.drop_column("expires_at")
