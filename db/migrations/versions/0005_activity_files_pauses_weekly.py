"""Activities from files (start time, climb, file digest), pause history, the weekly summary.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("elevation_gain_m", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("source_hash", sa.String(length=16), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekly_summary", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_pauses_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pauses")),
    )
    with op.batch_alter_table("pauses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pauses_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pauses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pauses_user_id"))
    op.drop_table("pauses")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("weekly_summary")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("source_hash")
        batch_op.drop_column("elevation_gain_m")
        batch_op.drop_column("started_at")
