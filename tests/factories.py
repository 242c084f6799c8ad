"""Build real rows for tests, with defaults a test can override by name."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.events.comfort import Interaction, Noise
from planner.events.models import AttendanceMode, Event, EventStatus, Lighting
from planner.tags.models import AccessibilityTag
from planner.venues.models import Venue

_counter = itertools.count(1)


async def tags_by_key(session: AsyncSession, *keys: str) -> list[AccessibilityTag]:
    """Vocabulary rows for the given keys, in that order."""
    found = {tag.key: tag for tag in await session.scalars(select(AccessibilityTag))}
    return [found[key] for key in keys]


async def make_organiser(session: AsyncSession, **overrides: Any) -> Account:
    """A verified organiser account."""
    number = next(_counter)
    values: dict[str, Any] = {
        "email": f"organiser{number}@example.org",
        "display_name": f"Organiser {number}",
        "role": Role.ORGANISER,
        "organiser_status": OrganiserStatus.VERIFIED,
    }
    values.update(overrides)
    account = Account(**values)
    session.add(account)
    await session.flush()
    return account


async def make_venue(
    session: AsyncSession, organiser: Account, *, tag_keys: tuple[str, ...] = (), **overrides: Any
) -> Venue:
    """A venue in Leeds unless told otherwise."""
    number = next(_counter)
    values: dict[str, Any] = {
        "organiser_id": organiser.id,
        "name": f"Venue {number}",
        "address": f"{number} Park Row, Leeds LS1 5HD",
        "city": "Leeds",
        "latitude": 53.7997,
        "longitude": -1.5492,
        "exits_description": "The main door is straight ahead as you leave the room.",
    }
    values.update(overrides)
    venue = Venue(**values)
    venue.tags = await tags_by_key(session, *tag_keys)
    session.add(venue)
    await session.flush()
    return venue


async def make_event(
    session: AsyncSession,
    *,
    organiser: Account | None = None,
    venue: Venue | None = None,
    starts_at: datetime,
    minutes: int = 60,
    tag_keys: tuple[str, ...] = (),
    **overrides: Any,
) -> Event:
    """A published, gentle (level 1) in-person event unless told otherwise."""
    number = next(_counter)
    organiser = organiser or await make_organiser(session)
    mode = overrides.get("attendance_mode", AttendanceMode.IN_PERSON)
    if venue is None and mode is not AttendanceMode.ONLINE:
        venue = await make_venue(session, organiser)
    values: dict[str, Any] = {
        "slug": f"event-{number}",
        "organiser_id": organiser.id,
        "venue_id": venue.id if venue else None,
        "title": f"Gathering {number}",
        "summary": "A small, quiet gathering.",
        "description": "",
        "expect_steps": ["Arrive when you like", "A short activity", "Leave when you like"],
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=minutes),
        "timezone": "Europe/London",
        "attendance_mode": mode,
        "capacity": 4,
        "noise": Noise.QUIET,
        "lighting": Lighting.SOFT,
        "interaction": Interaction.OBSERVE,
        "status": EventStatus.PUBLISHED,
    }
    values.update(overrides)
    event = Event(**values)
    event.tags = await tags_by_key(session, *tag_keys)
    session.add(event)
    await session.flush()
    return event
