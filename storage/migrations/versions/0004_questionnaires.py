"""questionnaires: links per meeting and form, anonymous responses

Revision ID: 0004c
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel  # noqa: F401
import storage.types


revision = '0004c'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('questionnairelink',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('meeting_number', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=True),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('handed_out', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'meeting_number', 'form', name='uq_questionnaire_link'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('questionnairelink', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnairelink_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questionnairelink_meeting_date'), ['meeting_date'], unique=False)

    op.create_table('questionnaireresponse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('ip_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('form_nonce', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['questionnairelink.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('form_nonce')
    )
    with op.batch_alter_table('questionnaireresponse', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaireresponse_link_id'), ['link_id'], unique=False)
        batch_op.create_index('ix_questionnaireresponse_ip_at', ['ip_hash', 'submitted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('questionnaireresponse', schema=None) as batch_op:
        batch_op.drop_index('ix_questionnaireresponse_ip_at')
        batch_op.drop_index(batch_op.f('ix_questionnaireresponse_link_id'))
    op.drop_table('questionnaireresponse')
    with op.batch_alter_table('questionnairelink', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnairelink_meeting_date'))
        batch_op.drop_index(batch_op.f('ix_questionnairelink_case_id'))
    op.drop_table('questionnairelink')
