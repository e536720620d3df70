"""outbox: delivery state (status, attempts, next attempt, last error)

Revision ID: ops_0001
Revises: oruk_0002
Create Date: 2026-11-29 23:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ops_0001"
down_revision = "oruk_0002"
branch_labels = None
depends_on = None

STATUS = sa.Enum(
    "held", "pending", "sending", "sent", "failed",
    name="outboxstatus", native_enum=False, length=40,
)


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        # Messages stored before the outbox delivered anything were never sent: held.
        batch_op.add_column(sa.Column("status", STATUS, nullable=False, server_default="held"))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_status"))
        batch_op.drop_column("last_error")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("status")
