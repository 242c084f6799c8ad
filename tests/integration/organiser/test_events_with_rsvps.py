"""The organiser's edits and cancellations keep the promises made to people who said yes."""

from __future__ import annotations

from datetime import UTC, datetime

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.events.models import Event
from planner.rsvps.models import RsvpStatus
from tests.factories import make_event, make_venue
from tests.html import one, parse, text_of
from tests.integration.organiser.conftest import Cast, sign_in
from tests.integration.organiser.test_api import make_token
from tests.integration.organiser.test_events import gathering
from tests.integration.rsvps.helpers import assert_places_consistent, state
from tests.web import outbox, submit

Client = AsyncTestClient[Litestar]


async def say_yes(client: Client, event: Event, **fields: str) -> None:
    response = await submit(
        client, f"/events/{event.slug}/rsvps", fields, page=f"/events/{event.slug}"
    )
    assert response.status_code == 303, response.text[:500]


async def test_the_limit_never_goes_below_places_taken_and_raising_it_confirms_people(
    client: Client, session: AsyncSession, cast: Cast, clean_database: AsyncEngine
) -> None:
    venue = await make_venue(session, cast.verified)
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        capacity=4,
        starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC),
    )
    await session.commit()
    await say_yes(client, event, pseudonym="Ash", ally_name="Bo")
    await say_yes(client, event, pseudonym="Cy", ally_name="Di")
    await say_yes(client, event, pseudonym="Em", email="em@example.org")
    _, rsvps = await state(clean_database, event.id)
    assert [r.status for r in rsvps] == [
        RsvpStatus.CONFIRMED,
        RsvpStatus.CONFIRMED,
        RsvpStatus.WAITLISTED,
    ]

    await sign_in(client, "host@example.org")
    refused = await submit(
        client, f"/organiser/events/{event.id}/edit", gathering(venue, capacity="3")
    )
    assert refused.status_code == 422
    message = text_of(one(parse(refused.text), "#capacity-error"))
    assert "4 places are already taken" in message
    assert one(parse(refused.text), "input#capacity")["value"] == "3"
    saved = await assert_places_consistent(clean_database, event.id)
    assert (saved.capacity, saved.places_taken) == (4, 4)

    raised = await submit(
        client, f"/organiser/events/{event.id}/edit", gathering(venue, capacity="5")
    )
    assert raised.status_code == 303
    saved = await assert_places_consistent(clean_database, event.id)
    assert (saved.capacity, saved.places_taken) == (5, 5)
    _, rsvps = await state(clean_database, event.id)
    assert rsvps[2].status is RsvpStatus.CONFIRMED
    assert [m.subject for m in await outbox(clean_database, to="em@example.org")][-1].startswith(
        "A place has opened"
    )


async def test_cancelling_tells_everyone_holding_or_waiting_for_a_place(
    client: Client, session: AsyncSession, cast: Cast, clean_database: AsyncEngine
) -> None:
    venue = await make_venue(session, cast.verified)
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        capacity=2,
        title="Quiet crafts",
        starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC),
    )
    await session.commit()
    await say_yes(
        client,
        event,
        pseudonym="Ash",
        email="ash@example.org",
        ally_name="Bo",
        ally_email="bo@example.org",
    )
    await say_yes(client, event, pseudonym="Cy", email="cy@example.org")  # waitlisted
    await say_yes(client, event, pseudonym="Nameless")  # gave no email
    before = {m.id for m in await outbox(clean_database)}

    await sign_in(client, "host@example.org")
    response = await submit(
        client, f"/organiser/events/{event.id}/cancel", {"message": "The hall flooded; sorry."}
    )
    assert response.status_code == 303

    sent = [m for m in await outbox(clean_database) if m.id not in before]
    assert sorted(m.to_address for m in sent) == [
        "ash@example.org",
        "bo@example.org",
        "cy@example.org",
    ]
    assert all("is cancelled" in m.subject for m in sent)
    assert all("The hall flooded; sorry." in m.body_text for m in sent)


async def test_the_api_refuses_a_limit_below_places_taken_naming_the_field(
    client: Client, session: AsyncSession, cast: Cast, clean_database: AsyncEngine
) -> None:
    venue = await make_venue(session, cast.verified)
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        capacity=4,
        starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC),
    )
    await session.commit()
    await say_yes(client, event, pseudonym="Ash", ally_name="Bo")
    await say_yes(client, event, pseudonym="Cy")
    await sign_in(client, "host@example.org")
    headers = {"authorization": f"Bearer {await make_token(client, cast.verified.email)}"}

    response = await client.patch(
        f"/api/v1/organiser/events/{event.slug}", json={"capacity": 2}, headers=headers
    )
    assert response.status_code == 400
    assert [item["key"] for item in response.json()["extra"]] == ["capacity"]
    saved = await assert_places_consistent(clean_database, event.id)
    assert saved.capacity == 4
