"""public submission (rate limit of the public intake page)

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import storage.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('publicsubmission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('publicsubmission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publicsubmission_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_publicsubmission_ip'), ['ip'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('publicsubmission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publicsubmission_ip'))
        batch_op.drop_index(batch_op.f('ix_publicsubmission_at'))
    op.drop_table('publicsubmission')
