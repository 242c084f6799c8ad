"""Counting stops where nobody would page to, and "not ended" still means not ended."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.clock import FixedClock
from planner.events.forms import validate_event
from planner.events.search import EventSearch
from planner.events.services import search_events
from tests.factories import make_event

LONDON = ZoneInfo("Europe/London")


async def test_the_count_stops_at_the_cap_and_says_so(
    session: AsyncSession, clock: FixedClock
) -> None:
    for hours in range(1, 6):
        await make_event(session, starts_at=clock.now() + timedelta(hours=hours))
    await session.commit()

    capped = await search_events(
        session, EventSearch(), now=clock.now(), zone=LONDON, tag_order={}, count_up_to=3
    )
    assert (capped.total, capped.total_capped, len(capped.items)) == (3, True, 5)
    exact = await search_events(
        session, EventSearch(), now=clock.now(), zone=LONDON, tag_order={}, count_up_to=5
    )
    assert (exact.total, exact.total_capped) == (5, False)


async def test_a_gathering_under_way_is_still_listed(
    session: AsyncSession, clock: FixedClock
) -> None:
    under_way = await make_event(
        session, starts_at=clock.now() - timedelta(days=6, hours=23), minutes=7 * 24 * 60
    )
    await make_event(session, starts_at=clock.now() - timedelta(hours=2), minutes=60)  # over
    await session.commit()
    page = await search_events(session, EventSearch(), now=clock.now(), zone=LONDON, tag_order={})
    assert [card.id for card in page.items] == [under_way.id]


@pytest.mark.parametrize(("days", "ok"), [(7, True), (8, False)])
def test_a_gathering_lasts_at_most_a_week(days: int, ok: bool) -> None:
    values = {
        "title": "Retreat",
        "summary": "A long one.",
        "starts_at": "2026-12-01T10:00",
        "ends_at": f"2026-12-{1 + days:02d}T10:00",
        "timezone": "Europe/London",
        "attendance_mode": "online",
        "online_url": "https://meet.example.org/x",
        "capacity": "6",
        "noise": "quiet",
        "lighting": "soft",
        "interaction": "observe",
        "repeat": "none",
    }
    data, draft = validate_event(
        values, ["Say hello"], [], known_tags=set(), own_venue_ids=set(), allow_repeat=False
    )
    assert (data is not None) is ok, draft.errors
    if not ok:
        assert draft.errors["ends_at"] == "A gathering can last at most a week."
