"""client: NHS number (10 digits, optional)

Revision ID: nhs_0001
Revises: search_0001
Create Date: 2026-11-30 00:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "nhs_0001"
down_revision = "search_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nhs_number", sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f("ix_client_nhs_number"), ["nhs_number"], unique=False)


def downgrade():
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_client_nhs_number"))
        batch_op.drop_column("nhs_number")
