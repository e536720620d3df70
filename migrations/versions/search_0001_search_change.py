"""search change record: the ordered log every search index replays

Revision ID: search_0001
Revises: versions_0001
Create Date: 2026-11-29 23:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "search_0001"
down_revision = "versions_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "search_change",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_search_change")),
        sqlite_autoincrement=True,
    )


def downgrade():
    op.drop_table("search_change")
