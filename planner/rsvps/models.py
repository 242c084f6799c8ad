"""RSVPs, ally invitations and safety plans.

Places are held by confirmed RSVPs and their allies (invited or accepted). The
running total lives on ``events.places_taken`` and is changed only by
``planner.rsvps.services`` inside the transaction that changes the RSVP, under
the event's lock; a CHECK on the events table refuses any total above the limit.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.calendar.models import CalendarFeed, RsvpReminder
from planner.core.db import Base, DateTimeUTC
from planner.core.models import Timestamped, enum_column
from planner.events.models import Event

PSEUDONYM_MAX = 60
NAME_MAX = 80
EMAIL_MAX = 254
SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
DISCREET_TITLE_MAX = 60


class RsvpStatus(StrEnum):
    """Where a person stands for one gathering."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class AllyStatus(StrEnum):
    """An ally's answer. Invited and accepted allies hold a place."""

    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def holds_place(self) -> bool:
        """An ally holds a place from the moment of invitation until they decline."""
        return self in {AllyStatus.INVITED, AllyStatus.ACCEPTED}


class Rsvp(Timestamped, Base):
    """One person's yes (or place in the queue) for one gathering."""

    __tablename__ = "rsvps"
    __table_args__ = (
        Index(
            "ix_rsvps_event_id_status_waitlist_position", "event_id", "status", "waitlist_position"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True, default=None
    )
    pseudonym: Mapped[str] = mapped_column(String(PSEUDONYM_MAX))
    contact_email: Mapped[str | None] = mapped_column(String(EMAIL_MAX), default=None)
    """Only for reminders and changes; never shown to the organiser."""
    status: Mapped[RsvpStatus] = mapped_column(enum_column(RsvpStatus))
    waitlist_position: Mapped[int | None] = mapped_column(Integer, default=None)
    """Order of arrival on the waitlist (set while waitlisted)."""
    access_needs: Mapped[str] = mapped_column(Text, default="")
    """Shared with the organiser so they can prepare."""
    may_leave_early: Mapped[bool] = mapped_column(Boolean, default=False)
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of the private manage link's token; the token itself is never stored."""
    discreet_title: Mapped[str | None] = mapped_column(String(DISCREET_TITLE_MAX), default=None)
    """A neutral calendar title ("Plans with a friend") in place of the real one;
    None shows the gathering's own title."""
    calendar_feed_id: Mapped[int | None] = mapped_column(
        ForeignKey("calendar_feeds.id", ondelete="SET NULL"), index=True, default=None
    )
    """A guest's private calendar feed that shows this RSVP (members' feeds follow
    ``account_id``)."""

    event: Mapped[Event] = relationship(lazy="raise")
    calendar_feed: Mapped[CalendarFeed | None] = relationship(lazy="raise")
    allies: Mapped[list[AllyInvite]] = relationship(
        back_populates="rsvp",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AllyInvite.id",
    )
    reminders: Mapped[list[RsvpReminder]] = relationship(
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RsvpReminder.minutes_before.desc()",
    )
    safety_plan: Mapped[SafetyPlan | None] = relationship(
        back_populates="rsvp",
        lazy="raise",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def ally(self) -> AllyInvite | None:
        """The ally who currently holds (or is asked to hold) a place, if any."""
        for invite in self.allies:
            if invite.status.holds_place:
                return invite
        return None

    @property
    def latest_ally(self) -> AllyInvite | None:
        """The most recent invitation, whatever its answer (the manage page shows it)."""
        return self.allies[-1] if self.allies else None

    @property
    def party_size(self) -> int:
        """Places this RSVP needs: the person, and their ally while one holds a place."""
        return 1 + (1 if self.ally is not None else 0)

    @property
    def places_held(self) -> int:
        """Places this RSVP holds right now (only confirmed RSVPs hold any)."""
        return self.party_size if self.status is RsvpStatus.CONFIRMED else 0


class AllyInvite(Timestamped, Base):
    """A trusted person invited by the survivor, with the plan they agreed."""

    __tablename__ = "ally_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX), default=None)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of the private ally link's token."""
    link_salt: Mapped[str] = mapped_column(String(32))
    """With the survivor's manage token, rebuilds the ally link (see ``tokens``)."""
    status: Mapped[AllyStatus] = mapped_column(enum_column(AllyStatus))
    meeting_point: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), default="")
    meet_time: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), default="")
    leave_signal: Mapped[str] = mapped_column(String(SHORT_TEXT_MAX), default="")
    """The agreed "I want to leave" signal."""
    note: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)

    rsvp: Mapped[Rsvp] = relationship(back_populates="allies", lazy="raise")


class SafetyPlan(Timestamped, Base):
    """The survivor's own plan. Seen only through their manage link, and by their ally
    only when they tick "share with my ally"."""

    __tablename__ = "safety_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    rsvp_id: Mapped[int] = mapped_column(ForeignKey("rsvps.id", ondelete="CASCADE"), unique=True)
    triggers: Mapped[str] = mapped_column(Text, default="")
    coping_strategies: Mapped[str] = mapped_column(Text, default="")
    trusted_contacts: Mapped[str] = mapped_column(Text, default="")
    exit_strategy: Mapped[str] = mapped_column(Text, default="")
    share_with_ally: Mapped[bool] = mapped_column(Boolean, default=False)

    rsvp: Mapped[Rsvp] = relationship(back_populates="safety_plan", lazy="raise")

    @property
    def is_empty(self) -> bool:
        """Nothing written yet."""
        return not any(
            (self.triggers, self.coping_strategies, self.trusted_contacts, self.exit_strategy)
        )
