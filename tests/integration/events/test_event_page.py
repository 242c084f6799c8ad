"""/events/{slug}: everything a person needs to decide calmly, and nothing private."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import OrganiserStatus
from planner.core.clock import FixedClock
from planner.events.comfort import Interaction, Noise
from planner.events.models import AttendanceMode, EventStatus
from tests.factories import make_event, make_organiser, make_venue
from tests.html import one, parse, text_of, texts

Client = AsyncTestClient[Litestar]


async def test_event_page_shows_steps_factors_access_breaks_and_exit_plan(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser = await make_organiser(session, display_name="Leeds Quiet Crafters")
    venue = await make_venue(
        session,
        organiser,
        name="Central Library",
        address="Calverley Street, Leeds LS1 3AB",
        tag_keys=("step-free", "accessible-toilet"),
        quiet_room_description="the small study room on the first floor",
        exits_description="The exit is the door you came in by, straight down the corridor.",
        transit_notes="Five minutes' walk from Leeds station.",
    )
    await make_event(
        session,
        organiser=organiser,
        venue=venue,
        slug="quiet-crafting",
        title="Quiet crafting",
        summary="Bring something to make, or just watch.",
        description="We **knit**, sketch and sew.\n\n<script>alert('x')</script>",
        expect_steps=["Arrive from 10:00", "Settle in with tea", "Craft until 11:30"],
        starts_at=clock.now() + timedelta(days=2),
        minutes=150,
        capacity=6,
        noise=Noise.CONVERSATIONAL,
        interaction=Interaction.STRUCTURED,
        come_and_go=True,
        quiet_room=True,
        exit_contact="Priya, in the green lanyard",
        exit_plan="If it gets too much, step out; nobody will follow you.",
        content_notes="We sometimes talk about hard winters.",
        tag_keys=("no-music",),
    )
    await session.commit()

    response = await client.get("/events/quiet-crafting")
    assert response.status_code == 200
    soup = parse(response.text)
    assert text_of(one(soup, "h1")) == "Quiet crafting"
    assert "Verified organiser" in text_of(one(soup, ".event__organiser"))
    assert texts(soup, ".expect-steps li") == [
        "Arrive from 10:00",
        "Settle in with tea",
        "Craft until 11:30",
    ]
    # 6 people → 2; conversational → 2; 2h30 capped at 2 (come and go + quiet room); turns → 2.
    assert text_of(one(soup, "#comfort-title")) == "Why it is level 2, Low-key"
    rows = [texts(row, "th, td") for row in soup.select(".comfort-table tbody tr")]
    assert [row[:2] for row in rows] == [
        ["Group size", "2"],
        ["Noise", "2"],
        ["Length", "2"],
        ["What is asked of you", "2"],
    ]
    assert "come and go" in rows[2][2]
    # Vocabulary order; from the venue, the event, and the facts (quiet room, size, ...).
    assert texts(soup, ".access-list dt") == [
        "Quiet room",
        "No background music",
        "Step-free access",
        "Accessible toilet",
        "Small group",
        "Come and go",
        "Allies welcome",
    ]
    breaks = text_of(one(soup, "section[aria-labelledby=breaks-title]"))
    assert "the small study room on the first floor" in breaks
    exit_plan = text_of(one(soup, "section[aria-labelledby=exit-title]"))
    assert "without saying goodbye" in exit_plan
    assert "Priya, in the green lanyard" in exit_plan
    assert "straight down the corridor" in exit_plan
    assert "Places are available" in text_of(one(soup, ".facts"))
    # Markdown is rendered, and raw HTML never reaches the page.
    prose = one(soup, ".prose")
    assert prose.select("strong")
    assert not soup.select(".prose script")
    assert "<script>" not in str(prose)  # shown as harmless text, never as markup


async def test_online_link_is_never_on_the_public_page(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(
        session,
        slug="online-art",
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example.org/secret-room",
        starts_at=clock.now() + timedelta(days=1),
    )
    await session.commit()

    page = await client.get("/events/online-art")
    api = await client.get("/api/v1/events/online-art")
    listing = await client.get("/api/v1/events")
    for response in (page, api, listing):
        assert response.status_code == 200
        assert "secret-room" not in response.text
    assert "the link is shared with people who have said yes" in page.text


async def test_drafts_unknown_slugs_and_suspended_organisers_are_404(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    start = clock.now() + timedelta(days=1)
    await make_event(session, slug="draft", status=EventStatus.DRAFT, starts_at=start)
    suspended = await make_organiser(session, organiser_status=OrganiserStatus.SUSPENDED)
    await make_event(session, slug="hidden", organiser=suspended, starts_at=start)
    await session.commit()

    for slug in ("draft", "hidden", "no-such-event"):
        page = await client.get(f"/events/{slug}", headers={"accept": "text/html"})
        assert page.status_code == 404
        assert text_of(one(parse(page.text), "h1")) == "We couldn't find that page"
        api = await client.get(f"/api/v1/events/{slug}")
        assert api.status_code == 404
        assert api.json()["status_code"] == 404


async def test_cancelled_event_stays_readable_with_a_calm_notice(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(
        session,
        slug="cancelled",
        status=EventStatus.CANCELLED,
        starts_at=clock.now() + timedelta(days=1),
    )
    await session.commit()

    soup = parse((await client.get("/events/cancelled")).text)
    assert "has been cancelled" in text_of(one(soup, ".notice"))
    assert "Places are available" not in text_of(one(soup, ".facts"))


async def test_times_are_shown_in_the_events_own_zone(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    # 2026-07-01 09:00 UTC is 10:00 in London (BST).
    clock.current = datetime(2026, 6, 1, tzinfo=UTC)
    await make_event(
        session, slug="summer", starts_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC), minutes=90
    )
    await session.commit()

    soup = parse((await client.get("/events/summer")).text)
    when = one(soup, ".facts time")
    assert when["datetime"] == "2026-07-01T10:00:00+01:00"
    assert text_of(when) == "Wednesday 1 July 2026, 10:00 to 11:30 (BST)"


async def test_event_page_carries_schema_org_event_json_ld(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser = await make_organiser(session, display_name="Leeds Quiet Crafters")
    venue = await make_venue(
        session, organiser, name="Central Library", tag_keys=("step-free",), city="Leeds"
    )
    await make_event(
        session,
        organiser=organiser,
        venue=venue,
        slug="hybrid-crafting",
        title="Crafting </script><b>",
        starts_at=clock.now() + timedelta(days=2),
        capacity=6,
        attendance_mode=AttendanceMode.HYBRID,
        online_url="https://meet.example.org/secret-room",
    )
    await session.commit()

    response = await client.get("/events/hybrid-crafting")
    soup = parse(response.text)
    script = one(soup, "head script[type='application/ld+json']")
    assert "</script><b>" not in response.text  # a title can't break out of the block
    data = json.loads(script.string or "")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Crafting </script><b>"
    assert data["maximumAttendeeCapacity"] == 6
    assert data["remainingAttendeeCapacity"] == 6
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 53.7997, "longitude": -1.5492}
    assert virtual == {
        "@type": "VirtualLocation",
        "url": "http://testserver.local/events/hybrid-crafting",
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Leeds Quiet Crafters"}
    assert "secret-room" not in (
        script.string or ""
    )  # the online link is for confirmed attendees only
    assert data["startDate"].startswith("2026-11-28T12:00:00+00:00")
