"""Work hours per weekday and a lunch break; existing users keep their one window.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("work_hours_by_day", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("lunch_start", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("lunch_end", sa.Time(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("lunch_end")
        batch_op.drop_column("lunch_start")
        batch_op.drop_column("work_hours_by_day")
