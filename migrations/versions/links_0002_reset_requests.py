"""password-reset requests, to limit reset emails per address and per IP

Revision ID: links_0002
Revises: links_0001
Create Date: 2026-11-29 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'links_0002'
down_revision = 'links_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reset_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reset_request'))
    )
    with op.batch_alter_table('reset_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reset_request_account_key'), ['account_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_reset_request_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reset_request_ip'), ['ip'], unique=False)


def downgrade():
    with op.batch_alter_table('reset_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reset_request_ip'))
        batch_op.drop_index(batch_op.f('ix_reset_request_at'))
        batch_op.drop_index(batch_op.f('ix_reset_request_account_key'))

    op.drop_table('reset_request')
