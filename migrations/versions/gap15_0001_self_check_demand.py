"""the self-check's anonymous demand counter: flags by postcode district, theme and month

Revision ID: gap15_0001
Revises: dp16_0001
Create Date: 2026-11-30 02:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "gap15_0001"
down_revision = "dp16_0001"
branch_labels = None
depends_on = None

THEMES = (
    "health",
    "carer_support",
    "emotional_wellbeing",
    "getting_out",
    "personal_care",
    "house_and_home",
    "medication",
    "money",
    "friends_and_family",
    "communication",
    "volunteering_and_work",
    "hobbies",
)


def upgrade():
    op.create_table(
        "self_check_demand",
        sa.Column("outward", sa.String(length=4), nullable=False),
        sa.Column(
            "theme", sa.Enum(*THEMES, name="theme", native_enum=False, length=40), nullable=False
        ),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("outward", "theme", "month", name=op.f("pk_self_check_demand")),
    )


def downgrade():
    op.drop_table("self_check_demand")
