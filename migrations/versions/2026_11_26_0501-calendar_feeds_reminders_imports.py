"""Calendars: private feeds (members' and guests'), the reminders people choose,
a neutral calendar title per RSVP, and uploaded .ics files waiting for review.

Revision ID: 20261126_0501
Revises: 20261126_0302
Create Date: 2026-11-26 17:30:00+00:00
"""

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "20261126_0501"
down_revision: str | None = "20261126_0302"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column(
            "revoked_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_calendar_feeds_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("account_id", name=op.f("uq_calendar_feeds_account_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_table(
        "event_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "review",
                "created",
                "discarded",
                name="importstatus",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("drafts", sa.JSON(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["accounts.id"],
            name=op.f("fk_event_imports_organiser_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_imports")),
    )
    with op.batch_alter_table("event_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_imports_organiser_id"), ["organiser_id"], unique=False
        )

    op.create_table(
        "rsvp_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rsvp_id", sa.Integer(), nullable=False),
        sa.Column("minutes_before", sa.Integer(), nullable=False),
        sa.Column(
            "due_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False
        ),
        sa.Column(
            "handled_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["rsvp_id"],
            ["rsvps.id"],
            name=op.f("fk_rsvp_reminders_rsvp_id_rsvps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvp_reminders")),
        sa.UniqueConstraint(
            "rsvp_id", "minutes_before", name=op.f("uq_rsvp_reminders_rsvp_id_minutes_before")
        ),
    )
    with op.batch_alter_table("rsvp_reminders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rsvp_reminders_handled_at_due_at", ["handled_at", "due_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rsvp_reminders_rsvp_id"), ["rsvp_id"], unique=False)

    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discreet_title", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("calendar_feed_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_rsvps_calendar_feed_id"), ["calendar_feed_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_rsvps_calendar_feed_id_calendar_feeds"),
            "calendar_feeds",
            ["calendar_feed_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_rsvps_calendar_feed_id_calendar_feeds"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_rsvps_calendar_feed_id"))
        batch_op.drop_column("calendar_feed_id")
        batch_op.drop_column("discreet_title")

    with op.batch_alter_table("rsvp_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rsvp_reminders_rsvp_id"))
        batch_op.drop_index("ix_rsvp_reminders_handled_at_due_at")

    op.drop_table("rsvp_reminders")
    with op.batch_alter_table("event_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_imports_organiser_id"))

    op.drop_table("event_imports")
    op.drop_table("calendar_feeds")
