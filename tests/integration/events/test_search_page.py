"""/events: filters, htmx fragments, empty states and errors, on both databases."""

from __future__ import annotations

from datetime import timedelta

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


async def titles(client: Client, query: str = "") -> list[str]:
    response = await client.get(f"/events{query}")
    assert response.status_code == 200, response.text
    return texts(parse(response.text), "#results .card__title")


async def test_lists_upcoming_published_events_soonest_first(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    now = clock.now()
    await make_event(session, title="Later", starts_at=now + timedelta(days=3))
    await make_event(session, title="Sooner", starts_at=now + timedelta(days=1))
    await make_event(session, title="Happening now", starts_at=now - timedelta(minutes=30))
    await make_event(session, title="Finished", starts_at=now - timedelta(days=1))
    await make_event(
        session, title="Draft", starts_at=now + timedelta(days=1), status=EventStatus.DRAFT
    )
    await make_event(
        session, title="Cancelled", starts_at=now + timedelta(days=1), status=EventStatus.CANCELLED
    )
    suspended = await make_organiser(session, organiser_status=OrganiserStatus.SUSPENDED)
    await make_event(
        session, title="Suspended host", organiser=suspended, starts_at=now + timedelta(days=1)
    )
    await session.commit()

    assert await titles(client) == ["Happening now", "Sooner", "Later"]


async def test_level_filter_keeps_events_at_or_below_the_level(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    start = clock.now() + timedelta(days=1)
    await make_event(session, title="Gentle", starts_at=start)  # level 1
    await make_event(session, title="Low-key", starts_at=start, capacity=8)  # level 2
    await make_event(session, title="Moderate", starts_at=start, interaction=Interaction.OPEN)
    await make_event(session, title="Busy", starts_at=start, noise=Noise.LOUD)
    await session.commit()

    assert await titles(client, "?level=1") == ["Gentle"]
    assert await titles(client, "?level=2") == ["Gentle", "Low-key"]
    assert await titles(client, "?level=3") == ["Gentle", "Low-key", "Moderate"]
    assert len(await titles(client, "?level=5")) == 4


async def test_every_tag_must_match_from_event_venue_or_facts(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    start = clock.now() + timedelta(days=1)
    organiser = await make_organiser(session)
    step_free_venue = await make_venue(session, organiser, tag_keys=("step-free",))
    await make_event(
        session,
        title="Both",
        organiser=organiser,
        venue=step_free_venue,
        starts_at=start,
        quiet_room=True,
    )
    await make_event(
        session, title="Venue only", organiser=organiser, venue=step_free_venue, starts_at=start
    )
    await make_event(
        session, title="Event tag", starts_at=start, tag_keys=("step-free",), quiet_room=True
    )
    await make_event(session, title="Neither", starts_at=start)
    # A derived tag cannot be claimed: this 20-person event says "small group" but isn't one.
    await make_event(
        session, title="Claims small", starts_at=start, capacity=20, tag_keys=("small-group",)
    )
    await session.commit()

    assert await titles(client, "?tag=step-free") == ["Both", "Venue only", "Event tag"]
    assert await titles(client, "?tag=step-free&tag=quiet-room") == ["Both", "Event tag"]
    assert await titles(client, "?tag=small-group") == [
        "Both",
        "Venue only",
        "Event tag",
        "Neither",
    ]


async def test_mode_dates_and_size_filters(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    now = clock.now()  # Thursday 2026-11-26 12:00 UTC
    await make_event(
        session,
        title="Online Friday",
        starts_at=now + timedelta(days=1),
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example.org/a",
    )
    await make_event(session, title="Big Saturday", starts_at=now + timedelta(days=2), capacity=25)
    await make_event(
        session, title="Small next week", starts_at=now + timedelta(days=7), capacity=6
    )
    await session.commit()

    assert await titles(client, "?mode=online") == ["Online Friday"]
    assert await titles(client, "?mode=in_person") == ["Big Saturday", "Small next week"]
    assert await titles(client, "?from=2026-11-28&to=2026-11-28") == ["Big Saturday"]
    assert await titles(client, "?from=2026-11-29") == ["Small next week"]
    assert await titles(client, "?to=2026-11-27") == ["Online Friday"]
    assert await titles(client, "?max_size=8") == ["Online Friday", "Small next week"]


async def test_pagination_twenty_per_page(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser = await make_organiser(session)
    venue = await make_venue(session, organiser)
    for hour in range(45):
        await make_event(
            session,
            title=f"Hour {hour:02d}",
            organiser=organiser,
            venue=venue,
            starts_at=clock.now() + timedelta(hours=hour + 1),
        )
    await session.commit()

    first = parse((await client.get("/events?level=1")).text)
    assert len(first.select("#results .card")) == 20
    assert "Showing 1–20 of 45 gatherings" in text_of(one(first, ".results__count"))
    next_link = one(first, ".pagination a[rel=next]")
    assert next_link["href"] == "/events?level=1&page=2"
    assert not first.select(".pagination a[rel=prev]")

    last = parse((await client.get("/events?level=1&page=3")).text)
    assert texts(last, "#results .card__title") == [f"Hour {hour}" for hour in range(40, 45)]
    assert not last.select(".pagination a[rel=next]")


async def test_htmx_request_gets_the_results_fragment_only(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, title="Quiet crafting", starts_at=clock.now() + timedelta(days=1))
    await session.commit()

    fragment = await client.get("/events?level=1", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    # The page depends on htmx and on the comfort-profile cookie.
    assert fragment.headers["vary"] == "HX-Request, Cookie"
    soup = parse(fragment.text)
    assert not soup.select("html, form#filters, header")
    assert texts(soup, ".card__title") == ["Quiet crafting"]
    status = one(soup, "#search-status")
    assert status["hx-swap-oob"] == "innerHTML"
    assert text_of(status) == "1 gathering found."

    full = await client.get("/events?level=1")
    assert full.headers["vary"] == "HX-Request, Cookie"
    page = parse(full.text)
    assert one(page, "form#filters")["action"] == "/events"
    assert one(page, "form#filters")["hx-push-url"] == "true"
    assert one(page, "#search-status")["role"] == "status"

    for headers in (
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    ):
        restored = parse((await client.get("/events?level=1", headers=headers)).text)
        assert restored.select("html form#filters"), headers


async def test_empty_state_suggests_a_gentler_search(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, starts_at=clock.now() + timedelta(days=1), noise=Noise.CONVERSATIONAL)
    await session.commit()

    # No single filter, loosened, finds the one gathering: say so, and offer everything.
    response = await client.get("/events?level=1&tag=hearing-loop&mode=in_person")
    assert response.status_code == 200
    soup = parse(response.text)
    assert not soup.select("#results .card")
    empty = one(soup, "#results .empty-state")
    assert text_of(empty).startswith(
        "No gatherings at level 1, with hearing loop, in person just now."
    )
    assert [a["href"] for a in empty.select("a")] == ["/events"]

    # Loosening the level alone finds it: the suggestion says how many, and links there.
    response = await client.get("/events?level=1&mode=in_person")
    empty = one(parse(response.text), "#results .empty-state")
    assert "There is 1 at level 2" in text_of(empty)
    assert [a["href"] for a in empty.select("a")] == ["/events?level=2&mode=in_person"]


async def test_bad_filters_get_400_with_messages_beside_fields_and_input_kept(
    client: Client,
) -> None:
    response = await client.get("/events?level=9&tag=glitter&from=yesterday&max_size=12")
    assert response.status_code == 400
    soup = parse(response.text)
    assert len(soup.select(".error-summary li")) == 3
    assert "1 to 5" in text_of(one(soup, "#filter-level .field-error"))
    assert "'glitter'" in text_of(one(soup, "#filter-tag .field-error"))
    date_input = one(soup, "input#from")
    assert date_input["value"] == "yesterday"
    assert date_input["aria-invalid"] == "true"
    assert "from-error" in date_input["aria-describedby"]
    assert one(soup, "input#max_size")["value"] == "12"
    assert not soup.select("#results .card")


async def test_pending_organisers_are_not_public_yet(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    pending = await make_organiser(session, organiser_status=OrganiserStatus.PENDING)
    await make_event(
        session, title="Not yet", organiser=pending, starts_at=clock.now() + timedelta(days=1)
    )
    await session.commit()

    assert await titles(client) == []
