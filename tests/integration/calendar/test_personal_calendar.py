"""A person's own calendar file: their reminders, their choice of a neutral title, and
what only they may see (the online link once they hold a place)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.calendar.models import RsvpReminder
from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.events.models import AttendanceMode
from planner.rsvps.models import Rsvp
from tests.factories import make_event, make_organiser, make_venue
from tests.html import one, parse
from tests.integration.calendar.helpers import only_event, raw_lines, triggers, utc
from tests.integration.rsvps.helpers import say_yes
from tests.web import csrf_token

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def client(client: Client) -> Client:
    """The test client, sending its CSRF token like htmx does."""
    client.headers["x-csrftoken"] = await csrf_token(client)
    return client


async def _reminders(engine: AsyncEngine) -> list[tuple[int, object, object]]:
    async with create_session_maker(engine)() as session:
        rows = await session.scalars(select(RsvpReminder).order_by(RsvpReminder.minutes_before))
        return [(row.minutes_before, row.due_at, row.handled_at) for row in rows]


async def test_reminders_chosen_when_saying_yes_become_valarms(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    organiser = await make_organiser(session)
    venue = await make_venue(session, organiser, name="The Reading Room", address="1 Park Row")
    start = clock.now() + timedelta(days=3)
    event = await make_event(
        session,
        organiser=organiser,
        venue=venue,
        slug="walk",
        title="Slow walk, then tea; all welcome",
        starts_at=start,
        minutes=90,
        exit_plan="Leave by the garden gate.",
        sequence=2,
    )
    await session.commit()

    token, _ = await say_yes(client, "walk", pseudonym="Sam", remind=["1440", "120"])
    assert await _reminders(clean_database) == [
        (120, start - timedelta(hours=2), None),
        (1440, start - timedelta(days=1), None),
    ]

    response = await client.get(f"/rsvps/{token}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "no-store"
    assert 'filename="walk.ics"' in response.headers["content-disposition"]
    entry = only_event(response.text)
    assert str(entry["SUMMARY"]) == "Slow walk, then tea; all welcome"
    assert str(entry["UID"]).startswith(f"event-{event.id}@")
    assert utc(entry, "DTSTART") == start
    assert utc(entry, "DTEND") == start + timedelta(minutes=90)
    assert utc(entry, "DTSTAMP") == clock.now()
    assert int(entry["SEQUENCE"]) == 2
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["LOCATION"]) == "The Reading Room, 1 Park Row"
    assert str(entry["URL"]) == f"http://testserver.local/rsvps/{token}"
    description = str(entry["DESCRIPTION"])
    assert "1. Arrive when you like" in description
    assert "Leave by the garden gate." in description
    assert triggers(entry) == [timedelta(days=-1), timedelta(hours=-2)]
    assert all(len(line.encode()) <= 75 for line in raw_lines(response.text))


async def test_a_neutral_title_hides_the_gathering_but_keeps_the_way_there(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser = await make_organiser(session)
    venue = await make_venue(
        session, organiser, name="Trauma Recovery Centre", address="2 Mill Lane, Leeds"
    )
    await make_event(
        session,
        organiser=organiser,
        venue=venue,
        slug="circle",
        title="Survivors' circle",
        starts_at=clock.now() + timedelta(days=3),
    )
    await session.commit()

    token, _ = await say_yes(client, "circle", pseudonym="Sam", discreet="on")
    response = await client.get(f"/rsvps/{token}/calendar.ics")
    assert 'filename="plans.ics"' in response.headers["content-disposition"]
    assert "Survivors" not in response.text
    assert "Trauma" not in response.text
    entry = only_event(response.text)
    assert str(entry["SUMMARY"]) == "Plans with a friend"
    assert str(entry["LOCATION"]) == "2 Mill Lane, Leeds"
    # The private link (which names nothing) still leads to the real details.
    assert str(entry["URL"]) == f"http://testserver.local/rsvps/{token}"
    assert f"/rsvps/{token}" in str(entry["DESCRIPTION"])

    # The manage page keeps the choice, and a person can write their own title.
    page = parse((await client.get(f"/rsvps/{token}")).text)
    assert one(page, "#calendar-discreet").has_attr("checked")
    response = await client.post(
        f"/rsvps/{token}/calendar",
        data={"discreet": "on", "discreet_title": "Dentist, Tuesday; bring book", "remind": "60"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    entry = only_event((await client.get(f"/rsvps/{token}/calendar.ics")).text)
    assert str(entry["SUMMARY"]) == "Dentist, Tuesday; bring book"
    assert triggers(entry) == [timedelta(hours=-1)]

    # Unticking brings the real title back.
    await client.post(f"/rsvps/{token}/calendar", data={"discreet_title": "Dentist"})
    entry = only_event((await client.get(f"/rsvps/{token}/calendar.ics")).text)
    assert str(entry["SUMMARY"]) == "Survivors' circle"
    assert triggers(entry) == []


async def test_a_reminder_not_offered_is_refused_beside_the_field(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=9))
    await session.commit()
    token, _ = await say_yes(client, "tea", remind="10080")
    response = await client.post(
        f"/rsvps/{token}/calendar",
        data={"remind": ["1440", "7"], "discreet": "on", "discreet_title": "x" * 61},
    )
    assert response.status_code == 422
    page = parse(response.text)
    assert "choose from the reminders offered" in one(page, "#calendar-remind-error").get_text()
    assert one(page, "#calendar-discreet_title")["aria-invalid"] == "true"
    # What was typed stays; nothing was saved.
    assert one(page, "#calendar-remind-1440").has_attr("checked")
    assert [minutes for minutes, _, _ in await _reminders(clean_database)] == [10080]


async def test_the_online_link_is_in_the_file_only_for_people_with_a_place(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(
        session,
        slug="online",
        capacity=1,
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example.org/secret-room",
        starts_at=clock.now() + timedelta(days=2),
    )
    await session.commit()
    confirmed, _ = await say_yes(client, "online", pseudonym="First")
    waiting, _ = await say_yes(client, "online", pseudonym="Second")

    assert "secret-room" in (await client.get(f"/rsvps/{confirmed}/calendar.ics")).text
    assert "secret-room" in (await client.get(f"/rsvps/{confirmed}")).text
    waiting_file = (await client.get(f"/rsvps/{waiting}/calendar.ics")).text
    assert "secret-room" not in waiting_file
    assert str(only_event(waiting_file)["STATUS"]) == "TENTATIVE"
    assert "secret-room" not in (await client.get(f"/rsvps/{waiting}")).text
    assert "secret-room" not in (await client.get("/events/online")).text

    # Stepping back: the file says cancelled, so importing it clears the entry.
    await client.post(f"/rsvps/{confirmed}/cancel")
    stepped_back = (await client.get(f"/rsvps/{confirmed}/calendar.ics")).text
    assert str(only_event(stepped_back)["STATUS"]) == "CANCELLED"
    assert "secret-room" not in stepped_back


async def test_a_wrong_link_has_no_calendar(client: Client) -> None:
    response = await client.get("/rsvps/" + "A" * 43 + "/calendar.ics")
    assert response.status_code == 404


async def test_rsvps_keep_their_reminders_to_themselves(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=9))
    await session.commit()
    mine, _ = await say_yes(client, "tea", pseudonym="Me", remind=["1440"])
    _theirs, _ = await say_yes(client, "tea", pseudonym="Them", remind=["60"], discreet="on")
    assert triggers(only_event((await client.get(f"/rsvps/{mine}/calendar.ics")).text)) == [
        timedelta(days=-1)
    ]
    async with create_session_maker(clean_database)() as check:
        titles = list(await check.scalars(select(Rsvp.discreet_title).order_by(Rsvp.id)))
    assert titles == [None, "Plans with a friend"]


async def test_the_api_takes_reminders_and_a_neutral_title(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", title="Tea", starts_at=clock.now() + timedelta(days=9))
    await session.commit()
    response = await client.post(
        "/api/v1/events/tea/rsvps",
        json={"pseudonym": "Sam", "reminders": [120, 1440], "discreet_title": "Coffee"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["reminders"], body["discreet_title"]) == ([1440, 120], "Coffee")
    calendar = await client.get(body["calendar_url"].removeprefix("http://testserver.local"))
    entry = only_event(calendar.text)
    assert str(entry["SUMMARY"]) == "Coffee"
    assert triggers(entry) == [timedelta(days=-1), timedelta(hours=-2)]

    refused = await client.post(
        "/api/v1/events/tea/rsvps", json={"pseudonym": "Sam", "reminders": [7]}
    )
    assert refused.status_code == 400
    assert "reminders offered" in refused.text
