"""when a client's or a referral-in's personal details were removed, and why

Revision ID: dp16_0001
Revises: intake_0002
Create Date: 2026-11-30 02:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "dp16_0001"
down_revision = "intake_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("anonymised_reason", sa.String(length=20), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_client_anonymised_at"), ["anonymised_at"], unique=False
        )
    with op.batch_alter_table("intake_referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("intake_referral", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_anonymised_at"))
        batch_op.drop_column("anonymised_reason")
        batch_op.drop_column("anonymised_at")
