"""``/events/{slug}.ics``: one gathering as a calendar file, read back with ``icalendar``."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, OrganiserStatus
from planner.core.clock import FixedClock
from planner.events import manage
from planner.events.forms import EventInput
from planner.events.models import AttendanceMode, Event, EventStatus
from planner.rsvps.services import Links
from tests.conftest import TEST_HOST
from tests.factories import make_event, make_organiser, make_venue
from tests.html import one, parse
from tests.ics_reading import (
    assert_wire_format,
    geo,
    read_calendar,
    sequence,
    text,
    vevents,
    when,
)

Client = AsyncTestClient[Litestar]
BASE_URL = f"http://{TEST_HOST}"
ONLINE_URL = "https://meet.example.org/secret-room-4711"
EXIT_PLAN = "Leave by the side door; it opens onto Park Row.\nNobody will follow you."


async def gathering(
    session: AsyncSession, clock: FixedClock, **overrides: Any
) -> tuple[Account, Event]:
    """A published gathering at a venue with a comma in its address, tomorrow at 10:00."""
    organiser = await make_organiser(session, display_name="Leeds Quiet Club")
    venue = await make_venue(
        session,
        organiser,
        name="The Reading Room",
        address="12 Park Row, Leeds LS1 5HD",
        latitude=53.7997,
        longitude=-1.5492,
    )
    values: dict[str, Any] = {
        "title": "Quiet coffee morning",
        "summary": "Coffee and a gentle chat, no pressure to talk.",
        "expect_steps": ["Arrive any time from 10:00", "Coffee at the big table", "Go home"],
        "break_notes": "A quiet room is open all morning.",
        "exit_plan": EXIT_PLAN,
        "exit_contact": "Sam, in the green scarf",
        "starts_at": datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
        "minutes": 90,
    }
    values.update(overrides)
    event = await make_event(session, organiser=organiser, venue=venue, **values)
    await session.commit()
    return organiser, event


async def fetch(client: Client, slug: str, **headers: str) -> Any:
    return await client.get(f"/events/{slug}.ics", headers=headers)


async def test_the_file_says_everything_the_page_promises(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    _, event = await gathering(session, clock)

    response = await fetch(client, event.slug)

    calendar = read_calendar(response)
    assert response.headers["content-disposition"] == f'attachment; filename="{event.slug}.ics"'
    assert response.headers["cache-control"] == "public, max-age=900"
    assert response.headers["etag"].startswith('W/"')
    (entry,) = vevents(calendar)
    assert text(entry, "UID") == f"event-{event.id}@{TEST_HOST}"
    assert when(entry, "DTSTAMP") == clock.now()
    assert when(entry, "DTSTART") == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert when(entry, "DTEND") == datetime(2026, 11, 27, 11, 30, tzinfo=UTC)
    assert text(entry, "SUMMARY") == "Quiet coffee morning"
    assert text(entry, "LOCATION") == "The Reading Room, 12 Park Row, Leeds LS1 5HD"
    assert text(entry, "URL") == f"{BASE_URL}/events/{event.slug}"
    assert text(entry, "STATUS") == "CONFIRMED"
    assert sequence(entry) == 0
    assert geo(entry) == pytest.approx((53.7997, -1.5492))
    assert "VALARM" not in [component.name for component in entry.subcomponents]
    description = text(entry, "DESCRIPTION")
    assert description.startswith("Coffee and a gentle chat, no pressure to talk.")
    assert (
        "What to expect:\n1. Arrive any time from 10:00\n2. Coffee at the big table\n3. Go home"
    ) in description
    assert "Breaks: A quiet room is open all morning." in description
    assert (
        "If you need to leave:\nYou can leave at any time; no goodbye needed.\n"
        f"{EXIT_PLAN}\nContact: Sam, in the green scarf"
    ) in description
    assert description.endswith(f"More: {BASE_URL}/events/{event.slug}")


async def test_the_event_page_is_unchanged_beside_its_file(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser, event = await gathering(session, clock)

    response = await client.get(f"/events/{event.slug}", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    soup = parse(response.text)
    assert one(soup, "h1").get_text(strip=True) == "Quiet coffee morning"
    add = one(soup, "a.add-to-calendar")
    assert add["href"] == f"/events/{event.slug}.ics"
    assert add.get_text(strip=True) == "Add to my calendar"
    subscribe = one(soup, ".event__subscribe a[href^='webcal:']")
    assert subscribe.get_text(strip=True) == "Subscribe to their gatherings"
    assert subscribe["href"] == f"webcal://{TEST_HOST}/feeds/organisers/{organiser.id}.ics"
    https = one(soup, ".event__subscribe a[href^='http:']")
    assert https["href"] == f"{BASE_URL}/feeds/organisers/{organiser.id}.ics"


@pytest.mark.parametrize(
    ("mode", "location", "has_geo"),
    [
        (AttendanceMode.ONLINE, "Online", False),
        (AttendanceMode.HYBRID, "The Reading Room, 12 Park Row, Leeds LS1 5HD (or online)", True),
    ],
)
async def test_the_online_link_never_appears_in_a_public_file(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    mode: AttendanceMode,
    location: str,
    has_geo: bool,
) -> None:
    _, event = await gathering(session, clock, attendance_mode=mode, online_url=ONLINE_URL)

    response = await fetch(client, event.slug)

    (entry,) = vevents(read_calendar(response))
    assert text(entry, "LOCATION") == location
    assert ("GEO" in entry) is has_geo
    assert "meet.example.org" not in response.text
    assert "secret-room" not in response.text.replace("\r\n ", "")


def edit_of(event: Event, **changes: Any) -> EventInput:
    """The organiser's form as it stands for ``event``, with some answers changed."""
    values = {
        field.name: getattr(event, field.name)
        for field in fields(EventInput)
        if hasattr(event, field.name)
    }
    values.update(tag_keys=[tag.key for tag in event.tags], frequency=None, repeat_until=None)
    values.update(changes)
    return EventInput(**values)


async def own_event(session: AsyncSession, organiser: Account, event_id: int) -> Event:
    session.expunge_all()
    found = await manage.get_own_event(session, organiser, event_id)
    assert found is not None
    return found


async def test_sequence_rises_with_each_change_people_must_hear_about(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser, event = await gathering(session, clock)
    links = Links(BASE_URL)
    first = read_calendar(await fetch(client, event.slug))
    assert sequence(vevents(first)[0]) == 0

    # A new title alone is not a change of plan: same SEQUENCE, new words.
    mine = await own_event(session, organiser, event.id)
    await manage.update_event(
        session, organiser, mine, edit_of(mine, title="Calm coffee"), now=clock.now(), links=links
    )
    await session.commit()
    (renamed,) = vevents(read_calendar(await fetch(client, event.slug)))
    assert sequence(renamed) == 0
    assert text(renamed, "SUMMARY") == "Calm coffee"

    # Moving it an hour later is: SEQUENCE 1, the new times.
    mine = await own_event(session, organiser, event.id)
    later = edit_of(
        mine,
        starts_at=mine.starts_at + timedelta(hours=1),
        ends_at=mine.ends_at + timedelta(hours=1),
    )
    await manage.update_event(session, organiser, mine, later, now=clock.now(), links=links)
    await session.commit()
    (moved,) = vevents(read_calendar(await fetch(client, event.slug)))
    assert sequence(moved) == 1
    assert when(moved, "DTSTART") == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)
    assert when(moved, "DTEND") == datetime(2026, 11, 27, 12, 30, tzinfo=UTC)
    assert text(moved, "STATUS") == "CONFIRMED"

    # Cancelling: SEQUENCE 2, CANCELLED, and the organiser's words first.
    mine = await own_event(session, organiser, event.id)
    await manage.cancel_event(
        session, mine, "The café has a burst pipe; sorry.", now=clock.now(), links=links
    )
    await session.commit()
    response = await fetch(client, event.slug)
    (cancelled,) = vevents(read_calendar(response))
    assert sequence(cancelled) == 2
    assert text(cancelled, "STATUS") == "CANCELLED"
    assert text(cancelled, "UID") == f"event-{event.id}@{TEST_HOST}"
    assert text(cancelled, "DESCRIPTION").startswith(
        "This gathering is cancelled. The organiser wrote: The café has a burst pipe; sorry."
    )


async def test_an_unchanged_file_answers_304_and_a_changed_one_does_not(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser, event = await gathering(session, clock)
    etag = (await fetch(client, event.slug)).headers["etag"]

    clock.advance(timedelta(minutes=5))  # DTSTAMP moves; the gathering doesn't
    unchanged = await fetch(client, event.slug, **{"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == etag

    mine = await own_event(session, organiser, event.id)
    await manage.cancel_event(session, mine, "", now=clock.now(), links=Links(BASE_URL))
    await session.commit()
    changed = await fetch(client, event.slug, **{"if-none-match": etag})
    assert text(vevents(read_calendar(changed))[0], "STATUS") == "CANCELLED"
    assert changed.headers["etag"] != etag


async def test_user_text_round_trips_through_escaping_exactly(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    title = 'Tea, cake; and a \\ "backslash"'
    summary = "First line, with a comma;\nsecond line; with a semicolon\\and a backslash"
    exit_plan = "Door A, then left;\n\nor door B \\ the fire exit,\nwhichever feels right"
    _, event = await gathering(
        session,
        clock,
        title=title,
        summary=summary,
        exit_plan=exit_plan,
        expect_steps=["Hello, again; twice\\over"],
        exit_contact="",
        break_notes="",
    )

    response = await fetch(client, event.slug)

    (entry,) = vevents(read_calendar(response))
    assert text(entry, "SUMMARY") == title
    description = text(entry, "DESCRIPTION")
    assert description.startswith(summary + "\n\nWhat to expect:\n1. Hello, again; twice\\over")
    assert f"no goodbye needed.\n{exit_plan}\n\nMore:" in description
    # On the wire: escaped as RFC 5545 §3.3.11 asks (unfolded to read it whole).
    unfolded = response.text.replace("\r\n ", "")
    assert 'SUMMARY:Tea\\, cake\\; and a \\\\ "backslash"\r\n' in unfolded
    assert "Door A\\, then left\\;\\n\\nor door B \\\\ the fire exit\\,\\n" in unfolded


async def test_long_lines_fold_at_75_octets_without_splitting_characters(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    # Two- to four-octet characters at every offset, so some fold must land inside one.
    title = ("Café ☕ für alle — 𝄞 " * 6)[:120]
    summary = ("Zażółć gęślą jaźń, ☕; " * 14)[:300]
    steps = ["Ein ruhiger Übergang 🌿 " * 8, "x" * 74, "y" * 75, "z" * 76]
    _, event = await gathering(session, clock, title=title, summary=summary, expect_steps=steps)

    response = await fetch(client, event.slug)

    assert_wire_format(response.text)
    folded = [line for line in response.text.split("\r\n") if line.startswith(" ")]
    assert len(folded) > 10, "the long text should have been folded"
    (entry,) = vevents(read_calendar(response))
    assert text(entry, "SUMMARY") == title
    description = text(entry, "DESCRIPTION")
    assert description.startswith(summary + "\n\nWhat to expect:\n")
    for number, step in enumerate(steps, 1):
        assert f"\n{number}. {step}\n" in description


async def make_hidden(session: AsyncSession, clock: FixedClock) -> dict[str, str]:
    """Gatherings the public must not see, by why."""
    start = clock.now() + timedelta(days=1)
    pending = await make_organiser(session, organiser_status=OrganiserStatus.PENDING)
    suspended = await make_organiser(session, organiser_status=OrganiserStatus.SUSPENDED)
    draft = await make_event(session, starts_at=start, status=EventStatus.DRAFT)
    unverified = await make_event(session, organiser=pending, starts_at=start)
    gone = await make_event(session, organiser=suspended, starts_at=start)
    await session.commit()
    return {"draft": draft.slug, "pending": unverified.slug, "suspended": gone.slug}


async def test_drafts_unverified_hosts_and_unknown_slugs_are_not_found(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    hidden = await make_hidden(session, clock)

    for slug in [*hidden.values(), "no-such-gathering"]:
        response = await fetch(client, slug)
        assert response.status_code == 404, slug
        assert "BEGIN:VCALENDAR" not in response.text
        page = await client.get(f"/events/{slug}", headers={"accept": "text/html"})
        assert page.status_code == 404, slug


async def test_a_past_cancelled_gathering_still_has_its_file(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    # The event page shows cancelled and past gatherings; so does their file.
    _, event = await gathering(
        session,
        clock,
        starts_at=clock.now() - timedelta(days=3),
        status=EventStatus.CANCELLED,
        sequence=4,
    )

    (entry,) = vevents(read_calendar(await fetch(client, event.slug)))

    assert text(entry, "STATUS") == "CANCELLED"
    assert sequence(entry) == 4
    page = parse((await client.get(f"/events/{event.slug}", headers={"accept": "text/html"})).text)
    assert page.select("a.add-to-calendar") == []  # nothing left to add


async def test_a_browser_with_cookies_gets_none_set_by_a_file(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    # The answer is public and cacheable: it must not plant or refresh any cookie.
    _, event = await gathering(session, clock)
    await client.get("/events", headers={"accept": "text/html"})
    assert client.cookies, "the page should have set its CSRF cookie"

    response = await fetch(client, event.slug)

    assert response.status_code == 200
    assert "set-cookie" not in response.headers
