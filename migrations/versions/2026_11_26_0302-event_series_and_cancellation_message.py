"""Organiser tools: recurring gatherings become a series of whole events, and a
cancelled event keeps the organiser's message for the people who said yes.

Revision ID: 20261126_0302
Revises: 20261126_0401
Create Date: 2026-11-26 15:55:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261126_0302"
down_revision: str | None = "20261126_0401"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "weekly",
                "monthly",
                name="frequency",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["accounts.id"],
            name=op.f("fk_event_series_organiser_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_series")),
    )
    op.create_index(
        op.f("ix_event_series_organiser_id"), "event_series", ["organiser_id"], unique=False
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cancellation_message", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_events_series_id"), ["series_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_events_series_id_event_series"), "event_series", ["series_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_events_series_id_event_series"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_events_series_id"))
        batch_op.drop_column("cancellation_message")
        batch_op.drop_column("series_id")
    op.drop_index(op.f("ix_event_series_organiser_id"), table_name="event_series")
    op.drop_table("event_series")
