"""a version on every editable record, for optimistic locking of edits

Revision ID: versions_0001
Revises: links_0002
Create Date: 2026-11-29 23:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "versions_0001"
down_revision = "links_0002"
branch_labels = None
depends_on = None

TABLES = (
    "client",
    "assessment",
    "action",
    "shortlist",
    "organisation",
    "service",
    "location",
    "user",
    "team",
)


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
