"""The gatherings every comfort-profile test searches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.clock import FixedClock
from planner.events.comfort import Noise
from tests.factories import make_event, make_organiser, make_venue


@pytest.fixture
async def gatherings(session: AsyncSession, clock: FixedClock) -> None:
    """Leeds: gentle with a quiet room, lively with a quiet room, gentle without one.
    Manchester (58 km): gentle with a quiet room."""
    organiser = await make_organiser(session)
    leeds = await make_venue(session, organiser)
    manchester = await make_venue(
        session, organiser, city="Manchester", latitude=53.4808, longitude=-2.2426
    )
    start = clock.now() + timedelta(days=1)
    await make_event(
        session,
        title="Quiet Leeds",
        organiser=organiser,
        venue=leeds,
        starts_at=start,
        quiet_room=True,
    )
    await make_event(
        session,
        title="Lively Leeds",
        organiser=organiser,
        venue=leeds,
        starts_at=start + timedelta(hours=1),
        quiet_room=True,
        noise=Noise.LIVELY,
    )
    await make_event(
        session,
        title="No quiet room",
        organiser=organiser,
        venue=leeds,
        starts_at=start + timedelta(hours=2),
    )
    await make_event(
        session,
        title="Quiet Manchester",
        organiser=organiser,
        venue=manchester,
        starts_at=start + timedelta(hours=3),
        quiet_room=True,
    )
    await session.commit()
