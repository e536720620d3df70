"""practice: GP practices by ODS code with their PCN; client.practice_id

Revision ID: nhs_0002
Revises: nhs_0001
Create Date: 2026-11-30 00:10:00

The free-text client.gp_practice is kept as it was: it becomes a note beside the chosen practice.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "nhs_0002"
down_revision = "nhs_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ods_code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "closed", name="practicestatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("prescribing_setting", sa.Integer(), nullable=True),
        sa.Column("pcn_code", sa.String(length=8), nullable=True),
        sa.Column("pcn_name", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
        sa.UniqueConstraint("ods_code", name=op.f("uq_practice_ods_code")),
    )
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_pcn_code"), ["pcn_code"], unique=False)
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("practice_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_client_practice_id"), ["practice_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_client_practice_id_practice"),
            "practice",
            ["practice_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_client_practice_id_practice"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_client_practice_id"))
        batch_op.drop_column("practice_id")
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_pcn_code"))
    op.drop_table("practice")
