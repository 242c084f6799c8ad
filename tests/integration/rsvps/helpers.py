"""Shared steps for RSVP tests: say yes through HTTP, read the private token, check counts."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import selectinload

from planner.core.db import create_session_maker
from planner.events.models import Event
from planner.rsvps.models import Rsvp, RsvpStatus

Client = AsyncTestClient[Litestar]


async def say_yes(client: Client, slug: str, **fields: Any) -> tuple[str, str]:
    """RSVP through the event page's form; returns (manage token, where it led)."""
    data = {"pseudonym": "Sam"} | {key: value for key, value in fields.items() if value is not None}
    response = await client.post(f"/events/{slug}/rsvps", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text[:2000]
    location = response.headers["location"]
    assert location.startswith("/rsvps/")
    token = location.removeprefix("/rsvps/").split("?")[0]
    return token, location


async def state(engine: AsyncEngine, event_id: int) -> tuple[Event, list[Rsvp]]:
    """The event and its RSVPs as committed now."""
    async with create_session_maker(engine)() as session:
        event = await session.get_one(Event, event_id)
        rsvps = list(
            await session.scalars(
                select(Rsvp)
                .where(Rsvp.event_id == event_id)
                .order_by(Rsvp.id)
                .options(selectinload(Rsvp.allies))
            )
        )
    return event, rsvps


async def assert_places_consistent(engine: AsyncEngine, event_id: int) -> Event:
    """places_taken equals what the rows add up to, and never exceeds the limit."""
    event, rsvps = await state(engine, event_id)
    held = sum(rsvp.places_held for rsvp in rsvps)
    assert event.places_taken == held, (event.places_taken, held)
    assert event.places_taken <= event.capacity
    waiting = [rsvp for rsvp in rsvps if rsvp.status is RsvpStatus.WAITLISTED]
    # Nobody waits who would fit: promotion is never forgotten.
    assert all(rsvp.party_size > event.places_left for rsvp in waiting)
    return event
