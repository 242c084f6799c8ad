"""Gatherings: what happens, where, when, and how gentle it is."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    and_,
)
from sqlalchemy import event as orm_event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from planner.accounts.models import Account
from planner.core.db import Base, DateTimeUTC
from planner.core.models import Timestamped, enum_column
from planner.events.comfort import (
    ComfortAssessment,
    ComfortInputs,
    ComfortLevel,
    Interaction,
    Noise,
    assess_comfort,
)
from planner.events.timing import LocalTimes
from planner.tags.models import AccessibilityTag, event_tags
from planner.venues.models import Venue

MIN_CAPACITY = 1
MAX_CAPACITY = 500
MAX_LENGTH = timedelta(days=7)
"""The longest a gathering may last. Besides being the honest size of "a gathering",
it lets "not ended yet" be searched through the start-time index (see
:func:`not_ended`)."""


class AttendanceMode(StrEnum):
    """Where people take part."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        """The words people see."""
        return {"in_person": "In person", "online": "Online", "hybrid": "In person or online"}[
            self.value
        ]


class Lighting(StrEnum):
    """What the light is like."""

    DIM = "dim"
    SOFT = "soft"
    BRIGHT = "bright"
    VARIABLE = "variable"

    @property
    def label(self) -> str:
        """The words people see."""
        return {
            "dim": "dim and steady",
            "soft": "soft, no harsh overhead lights",
            "bright": "bright",
            "variable": "it changes during the gathering",
        }[self.value]


class EventStatus(StrEnum):
    """Only published gatherings are visible to the public."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Frequency(StrEnum):
    """How a recurring gathering repeats."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    """Monthly on the same weekday: "the second Tuesday"."""

    @property
    def label(self) -> str:
        """The words people see."""
        return {"weekly": "Every week", "monthly": "Every month, on the same weekday"}[self.value]


class EventSeries(Base):
    """Occurrences of a recurring gathering. Each occurrence is a whole event of its
    own (its own places and RSVPs); the series only links them for "this and all
    following" edits."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    frequency: Mapped[Frequency] = mapped_column(enum_column(Frequency))
    until: Mapped[date] = mapped_column(Date)


class Event(LocalTimes, Timestamped, Base):
    """A gathering. ``comfort_level`` is derived from the facts on every insert and
    update (see the mapper hooks below), and stored so it can be filtered and indexed."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            f"capacity >= {MIN_CAPACITY} AND capacity <= {MAX_CAPACITY}", name="capacity_range"
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("comfort_level BETWEEN 1 AND 5", name="comfort_level_range"),
        # The second line of defence for the crowd-size promise: services keep the
        # count under the event's lock, and the database refuses a total above the limit.
        CheckConstraint(
            "places_taken >= 0 AND places_taken <= capacity", name="places_within_capacity"
        ),
        Index("ix_events_status_starts_at", "status", "starts_at"),
        Index("ix_events_status_comfort_level_starts_at", "status", "comfort_level", "starts_at"),
        # Distance search finds venues in a box, then each venue's gatherings in the
        # date window: one index range per venue instead of all its gatherings.
        Index("ix_events_venue_id_starts_at", "venue_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id"))
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    expect_steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    timezone: Mapped[str] = mapped_column(String(64))
    attendance_mode: Mapped[AttendanceMode] = mapped_column(enum_column(AttendanceMode))
    online_url: Mapped[str | None] = mapped_column(String(500), default=None)
    capacity: Mapped[int] = mapped_column(Integer)
    places_taken: Mapped[int] = mapped_column(Integer, default=0)
    """Confirmed RSVPs plus their allies; changed only by ``planner.rsvps.services``."""
    noise: Mapped[Noise] = mapped_column(enum_column(Noise))
    lighting: Mapped[Lighting] = mapped_column(enum_column(Lighting))
    interaction: Mapped[Interaction] = mapped_column(enum_column(Interaction))
    scheduled_breaks: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_room: Mapped[bool] = mapped_column(Boolean, default=False)
    come_and_go: Mapped[bool] = mapped_column(Boolean, default=False)
    break_notes: Mapped[str] = mapped_column(Text, default="")
    exit_no_goodbye_needed: Mapped[bool] = mapped_column(Boolean, default=True)
    exit_contact: Mapped[str] = mapped_column(String(200), default="")
    exit_plan: Mapped[str] = mapped_column(Text, default="")
    content_notes: Mapped[str] = mapped_column(Text, default="")
    allies_welcome: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[EventStatus] = mapped_column(enum_column(EventStatus), default=EventStatus.DRAFT)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    comfort_level: Mapped[int] = mapped_column(SmallInteger)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_series.id"), index=True, default=None
    )
    cancellation_message: Mapped[str | None] = mapped_column(Text, default=None)
    """What the organiser told the people who said yes when cancelling."""

    organiser: Mapped[Account] = relationship(lazy="raise")
    venue: Mapped[Venue | None] = relationship(lazy="raise")
    tags: Mapped[list[AccessibilityTag]] = relationship(
        secondary=event_tags, lazy="raise", order_by=AccessibilityTag.position
    )

    @property
    def places_left(self) -> int:
        """Places still free under the crowd-size limit."""
        return max(0, self.capacity - self.places_taken)

    def comfort_inputs(self) -> ComfortInputs:
        """The facts the comfort level is computed from."""
        return ComfortInputs(
            capacity=self.capacity,
            noise=self.noise,
            duration_minutes=self.duration_minutes,
            interaction=self.interaction,
            online_only=self.attendance_mode is AttendanceMode.ONLINE,
            come_and_go=self.come_and_go,
            quiet_room=self.quiet_room,
            scheduled_breaks=self.scheduled_breaks,
        )

    @property
    def comfort(self) -> ComfortAssessment:
        """The level with every factor and its reason."""
        return assess_comfort(self.comfort_inputs())

    @property
    def comfort_label(self) -> str:
        """The stored level's name."""
        return ComfortLevel(self.comfort_level).label

    def refresh_comfort_level(self) -> None:
        """Recompute the stored level from the facts."""
        self.comfort_level = int(self.comfort.level)


def not_ended(now: datetime) -> ColumnElement[bool]:
    """SQL: the gathering hasn't ended. The start-time bound adds nothing logically (no
    gathering lasts longer than :data:`MAX_LENGTH`) but lets the database walk the
    start-time index from a week ago instead of every gathering ever held."""
    return and_(Event.ends_at > now, Event.starts_at > now - MAX_LENGTH)


@orm_event.listens_for(Event, "before_insert")
@orm_event.listens_for(Event, "before_update")
def _keep_comfort_level_honest(
    _mapper: Mapper[Event], _connection: Connection, event: Event
) -> None:
    # Nobody sets the level by hand: it always follows the facts it is computed from.
    event.refresh_comfort_level()
