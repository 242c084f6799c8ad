"""Organisers' gatherings through the web: create, validate, preview, repeat, publish, cancel."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from planner.events.models import Event, EventStatus
from planner.venues.models import Venue
from tests.factories import make_event, make_venue
from tests.html import one, parse, text_of, texts
from tests.integration.organiser.conftest import Cast, sign_in
from tests.web import HTML, submit

Client = AsyncTestClient[Litestar]
HTMX = {"hx-request": "true"}


def gathering(venue: Venue, **changes: str | list[str]) -> dict[str, str | list[str]]:
    """A valid, gentle gathering as the form posts it."""
    values: dict[str, str | list[str]] = {
        "title": "Quiet crafts",
        "summary": "Knitting and tea, no talking needed.",
        "description": "Bring *nothing*. <script>alert(1)</script>",
        "step": ["Tea as people arrive", "Crafts at your own pace", "Leave when you like"],
        "starts_at": "2026-12-05T10:00",
        "ends_at": "2026-12-05T11:00",
        "timezone": "Europe/London",
        "attendance_mode": "in_person",
        "venue_id": str(venue.id),
        "online_url": "",
        "capacity": "6",
        "noise": "quiet",
        "lighting": "soft",
        "interaction": "observe",
        "quiet_room": "on",
        "exit_no_goodbye_needed": "on",
        "allies_welcome": "on",
        "exit_plan": "The door is beside your seat.",
        "tag": ["no-music"],
        "repeat": "none",
    }
    values.update(changes)
    return values


async def events_of(session: AsyncSession, organiser_id: int) -> list[Event]:
    await session.commit()
    query = (
        select(Event)
        .where(Event.organiser_id == organiser_id)
        .options(selectinload(Event.tags))
        .order_by(Event.starts_at)
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(query))


async def test_create_publish_and_find_it(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified, city="Leeds")
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(client, "/organiser/events/new", gathering(venue))
    assert response.status_code == 303
    (event,) = await events_of(session, cast.verified.id)
    assert event.status is EventStatus.DRAFT
    assert event.slug == "quiet-crafts-2026-12-05-leeds"
    assert event.starts_at == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert event.expect_steps[0] == "Tea as people arrive"
    assert [tag.key for tag in event.tags] == ["no-music"]
    assert event.comfort_level == 2  # six people: group size level 2
    assert (await client.get(f"/events/{event.slug}", headers=HTML)).status_code == 404

    page = parse((await client.get(f"/organiser/events/{event.id}", headers=HTML)).text)
    description = one(page, "section[aria-labelledby=description-title]")
    assert description.select("script") == []
    assert text_of(one(description, "em")) == "nothing"
    response = await submit(
        client, f"/organiser/events/{event.id}/publish", {}, page=f"/organiser/events/{event.id}"
    )
    assert response.status_code == 303
    public = await client.get(f"/events/{event.slug}", headers=HTML)
    assert public.status_code == 200
    listing = parse((await client.get("/events?level=2", headers=HTML)).text)
    assert "Quiet crafts" in texts(listing, ".card__title")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Please give the gathering a title."),
        (
            {"ends_at": "2026-12-05T09:00"},
            "ends_at",
            "The end must be after the start.",
        ),
        (
            {"capacity": "0"},
            "capacity",
            "Please give a crowd-size limit between 1 and 500.",
        ),
        (
            {"capacity": "501"},
            "capacity",
            "Please give a crowd-size limit between 1 and 500.",
        ),
        (
            {"attendance_mode": "online", "online_url": "http://example.org/room"},
            "online_url",
            "Please give the online link, starting with https://.",
        ),
        (
            {"venue_id": ""},
            "venue_id",
            "Please choose one of your venues (add one first if needed).",
        ),
        ({"step": ["", " "]}, "steps", "Please add at least one step of what to expect."),
        (
            {"timezone": "Mars/Olympus"},
            "timezone",
            "Please choose a time zone from the list, like Europe/London.",
        ),
        (
            {"tag": ["small-group"]},
            "tags",
            "Some tags follow from the facts you give (quiet room, group size…); "
            "please set those facts instead.",
        ),
        (
            {"repeat": "weekly", "repeat_until": ""},
            "repeat_until",
            "Please give the date of the last gathering.",
        ),
        (
            {"repeat": "weekly", "repeat_until": "2026-12-05"},
            "repeat_until",
            "The last date must be after the first gathering.",
        ),
        (
            {"repeat": "weekly", "repeat_until": "2028-01-01"},
            "repeat_until",
            "Please choose a last date within a year of the first gathering.",
        ),
    ],
)
async def test_every_validation_message_beside_its_field(
    client: Client,
    session: AsyncSession,
    cast: Cast,
    changes: dict[str, str | list[str]],
    field: str,
    message: str,
) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(client, "/organiser/events/new", gathering(venue, **changes))
    assert response.status_code == 422
    page = parse(response.text)
    assert texts(page, f"#{field}-error") == [f"Error: {message}"]
    assert one(page, "#summary")["value"] == "Knitting and tea, no talking needed."
    assert await events_of(session, cast.verified.id) == []


async def test_another_organisers_venue_is_refused(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    theirs = await make_venue(session, cast.other)
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(client, "/organiser/events/new", gathering(theirs))
    assert response.status_code == 422


async def test_steps_rows_without_javascript_and_with_htmx(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    await sign_in(client, "host@example.org")
    form = gathering(venue, step=["One", "Two"])
    response = await submit(client, "/organiser/events/new", {**form, "step_action": "add"})
    assert response.status_code == 200
    assert [row["value"] for row in parse(response.text).select("input[name=step]")] == [
        "One",
        "Two",
        "",
    ]
    response = await submit(client, "/organiser/events/new", {**form, "step_action": "up:1"})
    rows = parse(response.text).select("input[name=step]")
    assert [row["value"] for row in rows] == ["Two", "One"]
    assert rows[0].has_attr("autofocus")
    response = await submit(
        client,
        "/organiser/events/steps",
        {"step": ["One", "Two"], "step_action": "remove:0"},
        page="/organiser/events/new",
        headers=HTMX,
    )
    fragment = parse(response.text)
    assert one(fragment, "fieldset")["id"] == "steps"
    assert [row["value"] for row in fragment.select("input[name=step]")] == ["Two"]
    assert await events_of(session, cast.verified.id) == []


async def test_comfort_preview_follows_the_facts(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(
        client,
        "/organiser/events/preview",
        gathering(venue, capacity="40", noise="lively"),
        page="/organiser/events/new",
        headers=HTMX,
    )
    assert response.status_code == 200
    fragment = parse(response.text)
    assert text_of(one(fragment, ".comfort")) == "Level 5 · Busy"
    assert len(fragment.select("tbody tr")) == 4


async def test_weekly_series_keeps_local_time_across_clock_changes(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(
        client,
        "/organiser/events/new",
        gathering(
            venue,
            starts_at="2026-03-19T10:00",
            ends_at="2026-03-19T11:00",
            repeat="weekly",
            repeat_until="2026-04-02",
        ),
    )
    assert response.status_code == 303
    events = await events_of(session, cast.verified.id)
    # 29 March 2026: the UK moves to BST, so 10:00 local becomes 09:00 UTC.
    assert [event.starts_at.hour for event in events] == [10, 10, 9]
    assert [event.local_start.strftime("%d %H:%M") for event in events] == [
        "19 10:00",
        "26 10:00",
        "02 10:00",
    ]
    assert len({event.series_id for event in events}) == 1
    assert len({event.slug for event in events}) == 3
    response = await submit(
        client,
        f"/organiser/events/{events[1].id}/publish",
        {"scope": "following"},
        page=f"/organiser/events/{events[1].id}",
    )
    assert response.status_code == 303
    events = await events_of(session, cast.verified.id)
    assert [event.status for event in events] == [
        EventStatus.DRAFT,
        EventStatus.PUBLISHED,
        EventStatus.PUBLISHED,
    ]


async def test_monthly_series_across_october_change_and_edit_following(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    await sign_in(client, "host@example.org")
    # The second Tuesday: 13 October (BST), 10 November and 8 December (GMT).
    response = await submit(
        client,
        "/organiser/events/new",
        gathering(
            venue,
            starts_at="2026-10-13T10:00",
            ends_at="2026-10-13T11:00",
            repeat="monthly",
            repeat_until="2026-12-31",
        ),
    )
    assert response.status_code == 303
    events = await events_of(session, cast.verified.id)
    assert [event.local_start.strftime("%d/%m %H:%M") for event in events] == [
        "13/10 10:00",
        "10/11 10:00",
        "08/12 10:00",
    ]
    second = events[1]
    response = await submit(
        client,
        f"/organiser/events/{second.id}/edit",
        gathering(
            venue,
            title="Quiet crafts, later",
            starts_at="2026-11-10T14:00",
            ends_at="2026-11-10T15:30",
            scope="following",
        ),
    )
    assert response.status_code == 303
    events = await events_of(session, cast.verified.id)
    assert [event.title for event in events] == [
        "Quiet crafts",
        "Quiet crafts, later",
        "Quiet crafts, later",
    ]
    assert [event.local_start.strftime("%d/%m %H:%M") for event in events] == [
        "13/10 10:00",
        "10/11 14:00",
        "08/12 14:00",
    ]
    assert events[2].duration_minutes == 90


async def test_edit_this_one_only(client: Client, session: AsyncSession, cast: Cast) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    await sign_in(client, "host@example.org")
    await submit(
        client,
        "/organiser/events/new",
        gathering(venue, repeat="weekly", repeat_until="2026-12-19"),
    )
    _first, second, _third = await events_of(session, cast.verified.id)
    response = await submit(
        client,
        f"/organiser/events/{second.id}/edit",
        gathering(
            venue,
            title="Just this once",
            starts_at="2026-12-12T10:00",
            ends_at="2026-12-12T11:00",
            scope="this",
        ),
    )
    assert response.status_code == 303
    assert [event.title for event in await events_of(session, cast.verified.id)] == [
        "Quiet crafts",
        "Just this once",
        "Quiet crafts",
    ]


async def test_changing_time_of_a_published_event_bumps_sequence_and_cancel_keeps_message(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified)
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC),
    )
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(
        client,
        f"/organiser/events/{event.id}/edit",
        gathering(venue, starts_at="2026-12-05T11:00", ends_at="2026-12-05T12:00"),
    )
    assert response.status_code == 303
    (saved,) = await events_of(session, cast.verified.id)
    assert saved.sequence == 1

    response = await submit(client, f"/organiser/events/{event.id}/cancel", {"message": ""})
    assert response.status_code == 422
    assert texts(parse(response.text), "#message-error") == [
        "Error: Please write a short, kind message for the people who said yes."
    ]
    response = await submit(
        client, f"/organiser/events/{event.id}/cancel", {"message": "Sorry: the roof leaks."}
    )
    assert response.status_code == 303
    (saved,) = await events_of(session, cast.verified.id)
    assert saved.status is EventStatus.CANCELLED
    assert saved.sequence == 2
    assert saved.cancellation_message == "Sorry: the roof leaks."


async def test_duplicate_and_unpublish(client: Client, session: AsyncSession, cast: Cast) -> None:
    event = await make_event(
        session, organiser=cast.verified, starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC)
    )
    await session.commit()
    await sign_in(client, "host@example.org")
    page = f"/organiser/events/{event.id}"
    response = await submit(client, f"{page}/duplicate", {}, page=page)
    assert response.status_code == 303
    response = await submit(client, f"{page}/unpublish", {}, page=page)
    assert response.status_code == 303
    original, copy = await events_of(session, cast.verified.id)
    assert original.status is EventStatus.DRAFT
    assert copy.status is EventStatus.DRAFT
    assert copy.title == original.title
    assert copy.starts_at == datetime(2026, 12, 12, 10, tzinfo=UTC)
    assert copy.slug != original.slug
    assert response.headers["location"] == page


async def test_dashboard_counts(client: Client, session: AsyncSession, cast: Cast) -> None:
    start = datetime(2026, 12, 5, 10, tzinfo=UTC)
    await make_event(session, organiser=cast.verified, starts_at=start)
    await make_event(session, organiser=cast.verified, starts_at=start, status=EventStatus.DRAFT)
    await make_event(
        session, organiser=cast.verified, starts_at=start, status=EventStatus.CANCELLED
    )
    await make_event(session, organiser=cast.other, starts_at=start)
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await client.get("/organiser", headers=HTML)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    page = parse(response.text)
    assert texts(page, ".facts dd") == ["1", "1", "1"]
