"""Index events by (venue_id, starts_at) for distance search; it replaces ix_events_venue_id.

A distance search finds the venues in a box around the place, then each venue's
gatherings in the date window. With only ``venue_id`` indexed, every gathering a
venue ever had was read and filtered; with ``starts_at`` beside it, only the
window is. The new index also serves every lookup by ``venue_id`` alone.

Revision ID: 20261126_0602
Revises: 20261126_0601
Create Date: 2026-11-26 16:30:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261126_0602"
down_revision: str | None = "20261126_0601"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_venue_id_starts_at", ["venue_id", "starts_at"])
        batch_op.drop_index("ix_events_venue_id")


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_venue_id", ["venue_id"])
        batch_op.drop_index("ix_events_venue_id_starts_at")
