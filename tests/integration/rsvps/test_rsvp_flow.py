"""Saying yes through the event page, and managing it through the private link."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from planner.rsvps.models import RsvpStatus
from tests.factories import make_event
from tests.html import one, parse, text_of
from tests.integration.rsvps.helpers import Client, assert_places_consistent, say_yes, state


async def test_guest_says_yes_and_sees_the_private_page(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=3))
    await session.commit()

    page = parse((await client.get("/events/tea")).text)
    form = one(page, "form[action='/events/tea/rsvps']")
    assert form["method"] == "post"

    token, location = await say_yes(
        client, "tea", pseudonym="Sam", access_needs="A chair near the door", may_leave_early="on"
    )
    assert location.endswith("?done=confirmed")
    response = await client.get(location)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    soup = parse(response.text)
    assert "You have a place" in text_of(one(soup, "#rsvp-status"))
    assert "Keep this link, it is your key" in text_of(one(soup, "#key-title"))
    assert token in text_of(one(soup, ".key .link-box"))
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status, r.may_leave_early) for r in rsvps] == [
        ("Sam", RsvpStatus.CONFIRMED, True)
    ]
    assert rsvps[0].manage_token_hash != token
    await assert_places_consistent(clean_database, event.id)
