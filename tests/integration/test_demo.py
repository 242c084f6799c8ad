"""`planner demo`: a believable demo across every level, seeded once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import selectinload

from planner.accounts.models import Account
from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.demo.seed import seed_demo
from planner.events.models import Event, EventStatus
from planner.rsvps.models import Rsvp, RsvpStatus
from planner.venues.models import Venue


async def _counts(session: AsyncSession) -> tuple[int, int, int]:
    return (
        await session.scalar(select(func.count()).select_from(Account)) or 0,
        await session.scalar(select(func.count()).select_from(Venue)) or 0,
        await session.scalar(select(func.count()).select_from(Event)) or 0,
    )


async def test_demo_is_rich_and_seeded_only_once(
    clean_database: AsyncEngine, clock: FixedClock
) -> None:
    maker = create_session_maker(clean_database)
    async with maker() as session:
        first = await seed_demo(session, clock.now())
        await session.commit()
    assert not first.already_seeded
    assert first.events >= 60
    assert first.venues >= 10

    async with maker() as session:
        events = list(await session.scalars(select(Event)))
        venues = list(await session.scalars(select(Venue)))
        counts_before = await _counts(session)

    published = [event for event in events if event.status is EventStatus.PUBLISHED]
    assert Counter(event.comfort_level for event in published).keys() == {1, 2, 3, 4, 5}
    assert {event.attendance_mode.value for event in published} == {"in_person", "online", "hybrid"}
    now = clock.now()
    assert any(event.ends_at < now for event in published), "some past gatherings"
    future = [event for event in published if event.starts_at > now]
    assert len(future) >= 50
    assert max(event.starts_at for event in future) - now <= timedelta(weeks=8, days=1)
    assert len({venue.city for venue in venues}) >= 3
    assert all(-90 <= venue.latitude <= 90 and -180 <= venue.longitude <= 180 for venue in venues)
    assert all(len(event.expect_steps) >= 3 and event.exit_plan for event in events)
    assert all(event.comfort_level == event.comfort.level for event in events)

    # Real replies: some upcoming gatherings full with people waiting, others partly booked.
    assert first.replies > 0
    async with maker() as session:
        rsvps = list(await session.scalars(select(Rsvp).options(selectinload(Rsvp.allies))))
    held: Counter[int] = Counter()
    for rsvp in rsvps:
        held[rsvp.event_id] += rsvp.places_held
    assert all(event.places_taken == held[event.id] for event in events)
    full = [e for e in future if e.places_taken == e.capacity]
    partly = [e for e in future if 0 < e.places_taken < e.capacity]
    assert len(full) >= 3
    assert len(partly) >= 3
    waiting = {rsvp.event_id for rsvp in rsvps if rsvp.status is RsvpStatus.WAITLISTED}
    assert waiting
    assert waiting <= {event.id for event in full}
    assert any(rsvp.allies for rsvp in rsvps)
    assert all(
        rsvp.contact_email is None or rsvp.contact_email.endswith("@example.org") for rsvp in rsvps
    )

    async with maker() as session:
        again = await seed_demo(session, clock.now())
        await session.commit()
        assert again.already_seeded
        assert await _counts(session) == counts_before
