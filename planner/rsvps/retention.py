"""Keeping survivor data no longer than it is useful (``planner purge``).

Replies are kept while they matter: to the person, the organiser's door list and the
reminders. Once a gathering has been over for ``PLANNER_RETENTION_DAYS``, its
replies go, and with them (by their foreign keys) ally invitations, safety plans and
reminders; so does the mail that named people, imports nobody finished, and guest
calendar feeds left holding nothing. Gatherings, venues and accounts stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner.calendar.models import CalendarFeed, EventImport
from planner.core.db import begin_write
from planner.core.outbox import OutboxMessage, OutboxStatus
from planner.events.models import Event
from planner.rsvps.models import Rsvp


@dataclass(frozen=True, slots=True)
class Purged:
    """How many rows of each kind went."""

    rsvps: int
    messages: int
    imports: int
    feeds: int


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def purge(session: AsyncSession, *, now: datetime, retention_days: int) -> Purged:
    """Delete what the retention policy no longer keeps, in one write transaction
    (the caller commits). Running it twice deletes nothing more."""
    cutoff = now - timedelta(days=retention_days)
    await begin_write(session)
    over = select(Event.id).where(Event.ends_at < cutoff)
    rsvps = await session.execute(
        delete(Rsvp).where(Rsvp.event_id.in_(over)).execution_options(synchronize_session=False)
    )
    # No replies are left to hold those places.
    await session.execute(
        update(Event)
        .where(Event.ends_at < cutoff, Event.places_taken != 0)
        .values(places_taken=0)
        .execution_options(synchronize_session=False)
    )
    messages = await session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.status != OutboxStatus.PENDING, OutboxMessage.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    imports = await session.execute(
        delete(EventImport)
        .where(EventImport.updated_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    feeds = await session.execute(
        delete(CalendarFeed)
        .where(
            CalendarFeed.account_id.is_(None),
            CalendarFeed.created_at < cutoff,
            ~exists().where(Rsvp.calendar_feed_id == CalendarFeed.id),
        )
        .execution_options(synchronize_session=False)
    )
    return Purged(
        rsvps=_count(rsvps), messages=_count(messages), imports=_count(imports), feeds=_count(feeds)
    )
