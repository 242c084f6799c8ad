"""When time, place, format or online link change, everyone affected hears exactly
what changed, the organiser is warned first, and calendars update (SEQUENCE)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from planner.events.models import Event
from tests.factories import make_event, make_venue
from tests.html import one, parse, text_of
from tests.integration.calendar.helpers import (
    another_device,
    only_event,
    run_worker_pass,
    triggers,
    utc,
)
from tests.integration.organiser.conftest import Cast, cast, sign_in
from tests.integration.organiser.test_events import gathering
from tests.integration.rsvps.helpers import state
from tests.mail import Inbox, SmtpServer
from tests.web import csrf_token, outbox, submit

__all__ = ["cast"]  # the organiser tests' cast of accounts, used here as a fixture

Client = AsyncTestClient[Litestar]
START = datetime(2026, 12, 5, 10, tzinfo=UTC)  # 10:00 in London, as gathering() posts it


async def say_yes(client: Client, event: Event, **fields: str | list[str]) -> str:
    """RSVP as a guest through the form; returns the manage token."""
    response = await submit(
        client, f"/events/{event.slug}/rsvps", fields, page=f"/events/{event.slug}"
    )
    assert response.status_code == 303, response.text[:500]
    return str(response.headers["location"]).removeprefix("/rsvps/").split("?")[0]


async def test_moving_a_gathering_warns_the_organiser_then_tells_everyone(
    client: Client,
    session: AsyncSession,
    cast: Cast,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    venue = await make_venue(session, cast.verified, name="Old Hall", address="1 Old Road")
    new_venue = await make_venue(session, cast.verified, name="New Hall", address="2 New Road")
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        capacity=3,
        starts_at=START,
        title="Quiet crafts",
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
    await say_yes(client, event, pseudonym="Cy")  # no email: nothing to send
    await say_yes(client, event, pseudonym="Em", email="em@example.org")  # waitlisted
    await run_worker_pass(clean_database, clock, smtp_server)
    smtp_server.inbox.messages.clear()

    await sign_in(client, cast.verified.email)
    form = parse((await client.get(f"/organiser/events/{event.id}/edit")).text)
    assert "3 people have said yes or are waiting" in text_of(one(form, "#people-to-tell"))

    moved = gathering(
        venue,
        starts_at="2026-12-05T11:00",
        ends_at="2026-12-05T12:00",
        venue_id=str(new_venue.id),
        capacity="3",
    )
    warned = await submit(client, f"/organiser/events/{event.id}/edit", moved)
    assert warned.status_code == 409
    page = parse(warned.text)
    warning = text_of(one(page, "#notify-warning"))
    assert "3 people will be told" in warning
    assert "when, where" in warning
    # Nothing is saved or sent yet, and the form keeps what was typed.
    assert one(page, "input#starts_at")["value"] == "2026-12-05T11:00"
    saved, _ = await state(clean_database, event.id)
    assert (saved.starts_at, saved.sequence, saved.venue_id) == (START, 0, venue.id)
    assert [m for m in await outbox(clean_database) if m.subject.startswith("A change")] == []

    confirmed = await submit(
        client, f"/organiser/events/{event.id}/edit", {**moved, "confirm_notify": "3"}
    )
    assert confirmed.status_code == 303
    saved, _ = await state(clean_database, event.id)
    assert (saved.starts_at, saved.sequence, saved.venue_id) == (
        START + timedelta(hours=1),
        1,
        new_venue.id,
    )
    assert await run_worker_pass(clean_database, clock, smtp_server) == (0, 3)
    ash = Inbox.body(smtp_server.inbox.to("ash@example.org")[0])
    assert "When: was Saturday 5 December, 10:00 to 11:00" in ash
    assert "now Saturday 5 December, 11:00 to 12:00" in ash
    assert "Where: was Old Hall, 1 Old Road" in ash
    assert "now New Hall, 2 New Road" in ash
    assert smtp_server.inbox.to("ash@example.org")[0]["Subject"] == (
        "A change to Quiet crafts: when, where"
    )
    assert "Hello Bo," in Inbox.body(smtp_server.inbox.to("bo@example.org")[0])
    assert len(smtp_server.inbox.to("em@example.org")) == 1

    # A change nobody must hear about (the title) saves at once, silently.
    renamed = await submit(
        client,
        f"/organiser/events/{event.id}/edit",
        {**moved, "title": "Quiet crafts and tea"},
    )
    assert renamed.status_code == 303
    saved, _ = await state(clean_database, event.id)
    assert saved.sequence == 1
    assert await run_worker_pass(clean_database, clock, smtp_server) == (0, 0)


async def test_a_changed_online_link_is_news_only_for_people_with_a_place(
    client: Client,
    session: AsyncSession,
    cast: Cast,
    clock: FixedClock,
    clean_database: AsyncEngine,
) -> None:
    venue = await make_venue(session, cast.verified)
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        capacity=1,
        starts_at=START,
        attendance_mode="hybrid",
        online_url="https://meet.example.org/old",
    )
    await session.commit()
    await say_yes(client, event, pseudonym="In", email="in@example.org")
    await say_yes(client, event, pseudonym="Waiting", email="wait@example.org")

    await sign_in(client, cast.verified.email)
    changed = gathering(
        venue, attendance_mode="hybrid", online_url="https://meet.example.org/new", capacity="1"
    )
    warned = await submit(client, f"/organiser/events/{event.id}/edit", changed)
    assert "1 person will be told" in text_of(one(parse(warned.text), "#notify-warning"))
    await submit(client, f"/organiser/events/{event.id}/edit", {**changed, "confirm_notify": "1"})
    message = (await outbox(clean_database, to="in@example.org"))[-1]
    assert "Online link: changed. Your private link shows the new one." in message.body_text
    assert "meet.example.org" not in message.body_text
    assert [m.subject for m in await outbox(clean_database, to="wait@example.org")] == [
        m.subject
        for m in await outbox(clean_database, to="wait@example.org")
        if not m.subject.startswith("A change")
    ]


async def test_a_survivor_hears_of_the_move_and_the_feed_follows(
    client: Client,
    session: AsyncSession,
    cast: Cast,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    """The issue's "done when": a day-before reminder and a neutral title, a private
    feed, the organiser moves the gathering by an hour; the survivor gets a change
    notice, the feed shows the new time with a higher SEQUENCE, and the reminder
    comes the day before the new time."""
    venue = await make_venue(session, cast.verified, name="Craft Room", address="3 Loom St")
    event = await make_event(
        session, organiser=cast.verified, venue=venue, starts_at=START, title="Quiet crafts"
    )
    await session.commit()

    survivor = client
    token = await say_yes(
        survivor, event, pseudonym="Sam", email="sam@example.org", remind="1440", discreet="on"
    )
    survivor.headers["x-csrftoken"] = await csrf_token(survivor)
    personal = only_event((await survivor.get(f"/rsvps/{token}/calendar.ics")).text)
    assert str(personal["SUMMARY"]) == "Plans with a friend"
    assert triggers(personal) == [timedelta(days=-1)]
    await survivor.post(f"/rsvps/{token}/feed", data={"action": "start"})
    page = (await survivor.get(f"/rsvps/{token}")).text
    feed = page.split("http://testserver.local/calendar/", 1)[1].split(".ics", 1)[0]
    before = only_event((await survivor.get(f"/calendar/{feed}.ics")).text)
    # The public page (cached from here on) shows the old time...
    assert "10:00" in text_of(
        one(parse((await survivor.get(f"/events/{event.slug}")).text), "main")
    )
    assert (utc(before, "DTSTART"), int(before["SEQUENCE"])) == (START, 0)

    async with another_device(client) as organiser:
        await sign_in(organiser, cast.verified.email)
        moved = gathering(venue, starts_at="2026-12-05T11:00", ends_at="2026-12-05T12:00")
        warned = await submit(organiser, f"/organiser/events/{event.id}/edit", moved)
        assert warned.status_code == 409
        saved = await submit(
            organiser, f"/organiser/events/{event.id}/edit", {**moved, "confirm_notify": "1"}
        )
        assert saved.status_code == 303

    await run_worker_pass(clean_database, clock, smtp_server)
    notice = smtp_server.inbox.to("sam@example.org")[-1]
    assert notice["Subject"] == "A change to Plans with a friend: when"
    body = Inbox.body(notice)
    assert "was Saturday 5 December, 10:00 to 11:00" in body
    assert "now Saturday 5 December, 11:00 to 12:00" in body
    assert "Quiet crafts" not in body

    after = only_event((await survivor.get(f"/calendar/{feed}.ics")).text)
    # ...and the new one the moment the change commits, warning round-trip and all.
    page = text_of(one(parse((await survivor.get(f"/events/{event.slug}")).text), "main"))
    assert "11:00" in page
    assert "10:00" not in page
    assert utc(after, "DTSTART") == START + timedelta(hours=1)
    assert int(after["SEQUENCE"]) == 1
    assert str(after["SUMMARY"]) == "Plans with a friend"
    assert triggers(after) == [timedelta(days=-1)]

    # The reminder follows the new time: not at 10:00 the day before, but at 11:00.
    clock.advance(START - timedelta(days=1) - clock.now())
    assert await run_worker_pass(clean_database, clock, smtp_server) == (0, 0)
    clock.advance(timedelta(hours=1))
    assert await run_worker_pass(clean_database, clock, smtp_server) == (1, 1)
    assert smtp_server.inbox.to("sam@example.org")[-1]["Subject"].startswith(
        "Reminder: Plans with a friend, Saturday 5 December, 11:00"
    )
