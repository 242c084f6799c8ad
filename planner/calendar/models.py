"""What calendars need stored: private feeds, chosen reminders, and imports under review."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.db import Base, DateTimeUTC
from planner.core.models import Timestamped, enum_column


class CalendarFeed(Timestamped, Base):
    """A private subscription feed: a member's (``account_id``), or a guest's, which
    covers the RSVPs that point at it (``rsvps.calendar_feed_id``).

    The link's token is derived from the app's secret and ``salt`` (see
    :mod:`planner.calendar.feeds`), so the owner's page can show it again while the
    database alone holds only its hash. A new salt is a new link; ``revoked_at``
    switches the link off.
    """

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True, default=None
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    salt: Mapped[str] = mapped_column(String(32))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class RsvpReminder(Base):
    """One reminder a person chose for their RSVP ("a day before").

    ``due_at`` is the event's start minus ``minutes_before``, moved whenever the
    gathering moves; ``handled_at`` is set once the reminder email went into the
    outbox, or was skipped (no email, cancelled, or chosen after its moment).
    Calendar files carry every chosen reminder as a VALARM either way.
    """

    __tablename__ = "rsvp_reminders"
    __table_args__ = (
        UniqueConstraint("rsvp_id", "minutes_before"),
        Index("ix_rsvp_reminders_handled_at_due_at", "handled_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), index=True)
    minutes_before: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    handled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


class ImportStatus(StrEnum):
    """Where an uploaded .ics file is on its way to becoming drafts."""

    REVIEW = "review"
    CREATED = "created"
    DISCARDED = "discarded"


class EventImport(Timestamped, Base):
    """An organiser's uploaded .ics file, parsed and waiting for review: nothing
    becomes an event until the organiser confirms."""

    __tablename__ = "event_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[ImportStatus] = mapped_column(
        enum_column(ImportStatus), default=ImportStatus.REVIEW
    )
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """What the organiser chose for the whole file (time zone, venue, crowd size...)."""
    drafts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """The gatherings read from the file, as plain data, in file order."""
    created_count: Mapped[int] = mapped_column(Integer, default=0)
