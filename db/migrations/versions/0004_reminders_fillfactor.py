"""Leave room on each reminders page so lease updates stay on the page (PostgreSQL only).

A claim rewrites ~1,000 rows at a time but changes only lease columns, which no index covers.
With free space on the page, PostgreSQL makes those heap-only (HOT) updates and touches none of
the three indexes; on full pages every claim adds index entries and bloats them. Pages written
before this revision keep their fill until the table is rewritten (VACUUM FULL or CLUSTER).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILLFACTOR = 70


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE reminders SET (fillfactor = {FILLFACTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE reminders RESET (fillfactor)")
