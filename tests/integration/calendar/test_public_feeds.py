"""Public feeds: ``/feeds/events.ics`` for any ``/events`` search, and an organiser's
feed, read back with ``icalendar`` and compared with what the search page lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import Engine, event, update
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, OrganiserStatus
from planner.calendar.public import FEED_LIMIT
from planner.core.clock import FixedClock
from planner.core.geo import Point
from planner.events.comfort import Noise
from planner.events.models import AttendanceMode, Event, EventStatus
from tests.conftest import TEST_HOST
from tests.factories import make_event, make_organiser, make_venue
from tests.html import one, parse
from tests.ics_reading import (
    calendar_name,
    geo,
    read_calendar,
    sequence,
    slugs,
    text,
    vevents,
    when,
)

Client = AsyncTestClient[Litestar]
BASE_URL = f"http://{TEST_HOST}"
HTML = {"accept": "text/html"}
LEEDS = Point(53.7997, -1.5492)
YORK = Point(53.9590, -1.0815)  # ~35 km from Leeds
LONDON = Point(51.5074, -0.1278)
ONLINE_URL = "https://meet.example.org/hybrid-room-31337"

ALL_UPCOMING = [
    "Happening now",
    "Leeds quiet",
    "Online circle",
    "Leeds lively",
    "York small",
    "London walk",
    "Leeds hybrid",
    "Cancelled lately",
    "Next month",
]


@pytest.fixture
async def places(session: AsyncSession, clock: FixedClock) -> Account:
    """Gatherings in Leeds, York, London and online, and some the public never sees.
    Returns their (verified) organiser."""
    now = clock.now()
    day = timedelta(days=1)
    host = await make_organiser(session, display_name="Leeds Quiet Club")
    leeds = await make_venue(
        session,
        host,
        name="Leeds Library",
        address="Calverley St, Leeds LS1 3AB",
        latitude=LEEDS.latitude,
        longitude=LEEDS.longitude,
        tag_keys=("step-free",),
    )
    york = await make_venue(
        session,
        host,
        name="York Rooms",
        city="York",
        latitude=YORK.latitude,
        longitude=YORK.longitude,
    )
    london = await make_venue(
        session,
        host,
        name="London Hall",
        city="London",
        latitude=LONDON.latitude,
        longitude=LONDON.longitude,
    )

    async def at(title: str, starts_at: datetime, **values: Any) -> Event:
        values.setdefault("venue", leeds)
        return await make_event(session, title=title, organiser=host, starts_at=starts_at, **values)

    await at("Happening now", now - timedelta(minutes=30))  # ends in half an hour
    await at("Leeds quiet", now + day, quiet_room=True)  # level 1
    await at(
        "Online circle",
        now + day + timedelta(hours=2),
        venue=None,
        attendance_mode=AttendanceMode.ONLINE,
        online_url=ONLINE_URL,
    )
    await at("Leeds lively", now + 2 * day, noise=Noise.LIVELY)  # level 4
    await at("York small", now + 3 * day, venue=york, capacity=8, quiet_room=True)  # level 2
    await at("London walk", now + 4 * day, venue=london, tag_keys=("hearing-loop",))
    await at(
        "Leeds hybrid",
        now + 5 * day,
        attendance_mode=AttendanceMode.HYBRID,
        online_url=ONLINE_URL,
    )
    await at("Cancelled lately", now + 6 * day, status=EventStatus.CANCELLED, sequence=1)
    await at("Next month", now + 40 * day)
    # Never in a feed:
    await at("Ended", now - day)
    await at("Draft", now + day, status=EventStatus.DRAFT)
    await at("Cancelled and over", now - day, status=EventStatus.CANCELLED)
    old = await at("Cancelled long ago", now + 7 * day, status=EventStatus.CANCELLED)
    pending = await make_organiser(session, organiser_status=OrganiserStatus.PENDING)
    await make_event(session, title="Pending host", organiser=pending, starts_at=now + day)
    suspended = await make_organiser(session, organiser_status=OrganiserStatus.SUSPENDED)
    await make_event(session, title="Suspended host", organiser=suspended, starts_at=now + day)
    await session.commit()
    await session.execute(
        update(Event).where(Event.id == old.id).values(updated_at=now - timedelta(days=31))
    )
    await session.commit()
    return host


async def feed(client: Client, query: str = "", **headers: str) -> Any:
    return await client.get(f"/feeds/events.ics{'?' + query if query else ''}", headers=headers)


async def page_slugs(client: Client, query: str) -> list[str]:
    response = await client.get(f"/events?{query}", headers=HTML)
    assert response.status_code == 200, response.text
    links = parse(response.text).select("#results .card__title a")
    return [str(link["href"]).removeprefix("/events/") for link in links]


def titles(calendar: Any) -> list[str]:
    return [text(entry, "SUMMARY") for entry in vevents(calendar)]


def without(names: list[str], *left_out: str) -> list[str]:
    return [name for name in names if name not in left_out]


@pytest.mark.usefixtures("places")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_UPCOMING),
        ("level=1", without(ALL_UPCOMING, "Leeds lively", "York small")),
        ("level=2&tag=quiet-room", ["Leeds quiet", "York small"]),
        (
            "tag=step-free",
            without(ALL_UPCOMING, "Online circle", "York small", "London walk"),
        ),
        ("tag=hearing-loop", ["London walk"]),
        ("tag=step-free&tag=quiet-room", ["Leeds quiet"]),
        ("mode=online", ["Online circle"]),
        ("mode=hybrid", ["Leeds hybrid"]),
        (
            "near=Leeds&within_km=10",
            without(ALL_UPCOMING, "Online circle", "York small", "London walk"),
        ),
        ("near=Leeds&within_km=50", without(ALL_UPCOMING, "Online circle", "London walk")),
        (f"lat={LONDON.latitude}&lon={LONDON.longitude}&within_km=5", ["London walk"]),
        ("near=York&within_km=5&sort=distance", ["York small"]),
        ("from=2026-11-29&to=2026-12-01", ["York small", "London walk", "Leeds hybrid"]),
        ("max_size=4", without(ALL_UPCOMING, "York small")),
        ("level=2&tag=quiet-room&near=Leeds&within_km=10", ["Leeds quiet"]),
    ],
)
async def test_a_feed_holds_what_the_search_page_lists(
    client: Client, query: str, expected: list[str]
) -> None:
    calendar = read_calendar(await feed(client, query))

    assert titles(calendar) == expected
    # Exactly the page's gatherings, in the same order, and the recent cancellations
    # the page no longer lists.
    entries = vevents(calendar)
    confirmed = [
        slug
        for slug, entry in zip(slugs(calendar), entries, strict=True)
        if text(entry, "STATUS") == "CONFIRMED"
    ]
    assert confirmed == await page_slugs(client, query)
    cancelled = [
        text(entry, "SUMMARY") for entry in entries if text(entry, "STATUS") != "CONFIRMED"
    ]
    assert cancelled == [title for title in expected if title == "Cancelled lately"]
    starts = [when(entry, "DTSTART") for entry in entries]
    assert starts == sorted(starts)


async def test_the_feed_says_everything_about_each_gathering(
    client: Client, session: AsyncSession, clock: FixedClock, places: Account
) -> None:
    response = await feed(client, "level=2&tag=quiet-room&near=Leeds&within_km=50")

    calendar = read_calendar(response)
    assert response.headers["content-disposition"] == 'inline; filename="stepwise-gatherings.ics"'
    assert response.headers["cache-control"] == "public, max-age=900"
    assert calendar_name(calendar) == (
        "Stepwise: gatherings at level 2 or gentler, with quiet room, "
        "within 50 km of Leeds, United Kingdom"
    )
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.text
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT6H"
    quiet, york = vevents(calendar)
    assert text(york, "SUMMARY") == "York small"
    assert text(york, "UID").endswith(f"@{TEST_HOST}")
    assert text(york, "UID") != text(quiet, "UID")
    assert when(york, "DTSTAMP") == clock.now()
    assert when(york, "DTSTART") == clock.now() + timedelta(days=3)
    assert when(york, "DTEND") == clock.now() + timedelta(days=3, hours=1)
    assert text(york, "LOCATION").startswith("York Rooms, ")
    assert geo(york) == pytest.approx((YORK.latitude, YORK.longitude))
    assert text(york, "STATUS") == "CONFIRMED"
    assert sequence(york) == 0
    assert text(york, "URL").startswith(f"{BASE_URL}/events/")
    assert "What to expect:\n1. Arrive when you like" in text(york, "DESCRIPTION")
    assert "If you need to leave:\n" in text(york, "DESCRIPTION")
    assert text(quiet, "LOCATION") == "Leeds Library, Calverley St, Leeds LS1 3AB"


@pytest.mark.usefixtures("places")
async def test_online_links_and_cancellations_in_the_whole_feed(client: Client) -> None:
    response = await feed(client)

    calendar = read_calendar(response)
    assert calendar_name(calendar) == "Stepwise: gatherings"
    assert "hybrid-room" not in response.text.replace("\r\n ", "")
    assert "meet.example.org" not in response.text
    by_title = {text(entry, "SUMMARY"): entry for entry in vevents(calendar)}
    assert text(by_title["Online circle"], "LOCATION") == "Online"
    assert "GEO" not in by_title["Online circle"]
    assert text(by_title["Leeds hybrid"], "LOCATION").endswith("(or online)")
    cancelled = by_title["Cancelled lately"]
    assert text(cancelled, "STATUS") == "CANCELLED"
    assert sequence(cancelled) == 1
    assert text(cancelled, "DESCRIPTION").startswith("This gathering is cancelled.")


@pytest.mark.usefixtures("places")
@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("level=9", "level: Comfort level must be a number from 1 to 5."),
        ("tag=no-such-tag", "tag: We don't know the access tag 'no-such-tag'."),
        ("mode=car", "mode: Way of taking part must be in_person, online or hybrid."),
        ("lat=53.8", "lon: Latitude and longitude go together: please give both."),
        ("from=tomorrow", "from: The start date must be a date like 2026-12-01."),
        ("near=Leeds&within_km=5000", "within_km: Distance must be a whole number"),
        ("sort=distance", "near: To sort by distance, please type a place"),
        ("near=Nowhereville", "We don't know a place called 'Nowhereville'."),
    ],
)
async def test_a_filter_it_cannot_read_is_a_400_in_plain_words(
    client: Client, query: str, says: str
) -> None:
    response = await feed(client, query)

    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert says in response.text
    assert "BEGIN:VCALENDAR" not in response.text


@pytest.mark.usefixtures("places")
async def test_the_profile_cookie_never_changes_a_feed(client: Client) -> None:
    page = parse((await client.get("/profile", headers=HTML)).text)
    token = one(page, "form.profile-form input[name=_csrf_token]")["value"]
    saved = await client.post(
        "/profile",
        data={"_csrf_token": token, "level": "1", "tag": ["quiet-room"]},
        headers=HTML,
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert await page_slugs(client, "") != await page_slugs(client, "profile=off")

    calendar = read_calendar(await feed(client))

    assert titles(calendar) == ALL_UPCOMING
    # The page that starts from the profile offers the profile's filters, spelled out.
    events_page = parse((await client.get("/events", headers=HTML)).text)
    link = one(events_page, "a.subscribe__https")["href"]
    assert link == f"{BASE_URL}/feeds/events.ics?level=1&tag=quiet-room"


@pytest.mark.usefixtures("places")
async def test_an_unchanged_feed_answers_304(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    first = await feed(client, "level=1")
    etag = first.headers["etag"]
    clock.advance(timedelta(minutes=10))

    again = await feed(client, "level=1", **{"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = await feed(client, "level=2", **{"if-none-match": etag})
    assert other.status_code == 200

    await session.execute(
        update(Event).where(Event.title == "Leeds quiet").values(title="Leeds very quiet")
    )
    await session.commit()
    changed = await feed(client, "level=1", **{"if-none-match": etag})
    assert changed.status_code == 200
    assert "Leeds very quiet" in titles(read_calendar(changed))


async def test_a_feed_holds_the_soonest_200(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    host = await make_organiser(session)
    venue = await make_venue(session, host)
    start = clock.now() + timedelta(hours=1)
    for number in range(FEED_LIMIT + 5):
        await make_event(
            session,
            title=f"Gathering {number:03d}",
            organiser=host,
            venue=venue,
            starts_at=start + timedelta(hours=number),
        )
    await session.commit()

    calendar = read_calendar(await feed(client))

    assert titles(calendar) == [f"Gathering {number:03d}" for number in range(FEED_LIMIT)]


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs meanwhile."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def add_gatherings(session: AsyncSession, host: Account, start: datetime, count: int) -> None:
    for number in range(count):
        venue = await make_venue(session, host, latitude=LEEDS.latitude, longitude=LEEDS.longitude)
        await make_event(
            session, organiser=host, venue=venue, starts_at=start + timedelta(hours=number + 1)
        )
    await session.commit()


@pytest.mark.parametrize(
    "path",
    ["/feeds/events.ics", "/feeds/events.ics?near=Leeds&within_km=5&tag=small-group"],
)
async def test_feeds_load_every_venue_in_one_go(
    client: Client, session: AsyncSession, clock: FixedClock, path: str
) -> None:
    host = await make_organiser(session)
    await add_gatherings(session, host, clock.now(), 2)
    await client.get(path)  # the vocabulary is read once per worker; not counted

    with counting_statements() as few:
        assert (await client.get(path)).status_code == 200
    await add_gatherings(session, host, clock.now() + timedelta(days=1), 10)
    with counting_statements() as many:
        response = await client.get(path)

    assert len(vevents(read_calendar(response))) == 12
    assert any("FROM events" in statement for statement in few), "nothing was counted"
    assert len(many) == len(few), "\n".join(many)


async def test_an_organisers_feed_holds_their_public_gatherings_only(
    client: Client, session: AsyncSession, clock: FixedClock, places: Account
) -> None:
    other = await make_organiser(session, display_name="Someone else")
    await make_event(session, title="Not theirs", organiser=other, starts_at=clock.now())
    await session.commit()

    response = await client.get(f"/feeds/organisers/{places.id}.ics")

    calendar = read_calendar(response)
    assert titles(calendar) == ALL_UPCOMING
    assert calendar_name(calendar) == "Stepwise: gatherings hosted by Leeds Quiet Club"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.text
    assert response.headers["content-disposition"].startswith("inline;")
    statuses = {text(entry, "SUMMARY"): text(entry, "STATUS") for entry in vevents(calendar)}
    assert statuses["Cancelled lately"] == "CANCELLED"
    assert "hybrid-room" not in response.text.replace("\r\n ", "")
    other_feed = read_calendar(await client.get(f"/feeds/organisers/{other.id}.ics"))
    assert titles(other_feed) == ["Not theirs"]


async def test_only_verified_organisers_have_a_feed(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    pending = await make_organiser(session, organiser_status=OrganiserStatus.PENDING)
    suspended = await make_organiser(session, organiser_status=OrganiserStatus.SUSPENDED)
    for host in (pending, suspended):
        await make_event(session, organiser=host, starts_at=clock.now() + timedelta(days=1))
    verified = await make_organiser(session)
    await session.commit()

    for name in [
        f"{pending.id}.ics",
        f"{suspended.id}.ics",
        f"{verified.id + 1000}.ics",
        "0.ics",
        f"{verified.id}",
        f"{verified.id}.ical",
        "abc.ics",
        "99999999999999999999.ics",
    ]:
        response = await client.get(f"/feeds/organisers/{name}")
        assert response.status_code == 404, name
        assert "BEGIN:VCALENDAR" not in response.text
    assert (await client.get(f"/feeds/organisers/{verified.id}.ics")).status_code == 200


@pytest.mark.usefixtures("places")
async def test_the_search_page_offers_its_own_feed_and_keeps_it_in_step(client: Client) -> None:
    query = "level=2&tag=quiet-room&near=Leeds&within_km=50&sort=distance"
    expected = "/feeds/events.ics?level=2&tag=quiet-room&near=Leeds&within_km=50"

    full = parse((await client.get(f"/events?{query}", headers=HTML)).text)
    fragment = parse(
        (await client.get(f"/events?{query}", headers={**HTML, "hx-request": "true"})).text
    )

    for soup in (full, fragment):
        block = one(soup, "#results .subscribe") if soup is full else one(soup, ".subscribe")
        assert one(block, "h3").get_text(strip=True) == "Subscribe to this search"
        assert one(block, "a.subscribe__webcal")["href"] == f"webcal://{TEST_HOST}{expected}"
        https = one(block, "a.subscribe__https")
        assert https["href"] == f"{BASE_URL}{expected}"
        assert https.get_text(strip=True) == f"{BASE_URL}{expected}"
    calendar = read_calendar(await client.get(expected))
    assert slugs(calendar) == await page_slugs(client, query.replace("&sort=distance", ""))


@pytest.mark.usefixtures("places")
async def test_coordinates_in_a_feed_address_are_pointed_out(client: Client) -> None:
    soup = parse(
        (await client.get(f"/events?lat={LEEDS.latitude}&lon={LEEDS.longitude}", headers=HTML)).text
    )

    block = one(soup, ".subscribe")
    assert one(block, "a.subscribe__https")["href"] == (
        f"{BASE_URL}/feeds/events.ics?lat={LEEDS.latitude}&lon={LEEDS.longitude}"
    )
    assert "location this search measures from" in one(block, ".hint").get_text()


@pytest.mark.usefixtures("places")
@pytest.mark.parametrize("query", ["level=9", "near=Nowhereville"])
async def test_no_feed_is_offered_for_a_search_that_shows_nothing(
    client: Client, query: str
) -> None:
    response = await client.get(f"/events?{query}", headers=HTML)

    assert parse(response.text).select(".subscribe") == []


@pytest.mark.usefixtures("places")
async def test_a_feed_never_holds_what_has_ended(client: Client) -> None:
    # The page honours a "from" date in the past; a calendar feed looks forward only.
    response = await client.get("/events?from=2026-11-20", headers=HTML)
    listed = [title.get_text(strip=True) for title in parse(response.text).select(".card__title")]
    assert "Ended" in listed

    calendar = read_calendar(await feed(client, "from=2026-11-20"))

    assert titles(calendar) == ALL_UPCOMING
