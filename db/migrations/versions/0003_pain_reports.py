"""Pain reports, so reminders can spare a sore area.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pain_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("rule_id", sa.String(length=40), nullable=True),
        sa.Column("red_flag", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_pain_reports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_reports")),
    )
    with op.batch_alter_table("pain_reports", schema=None) as batch_op:
        batch_op.create_index("ix_pain_reports_user_open", ["user_id", "resolved_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pain_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_pain_reports_user_open")
    op.drop_table("pain_reports")
