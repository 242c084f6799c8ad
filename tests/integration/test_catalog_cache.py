"""The catalog cache: a second look costs no search, and nothing committed is ever
missed, whoever commits it (a request, a worker, another session)."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.catalog import CatalogCache, CatalogVersion
from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.events.models import Event, EventStatus
from tests.factories import make_event
from tests.html import one, parse, text_of
from tests.web import submit

Client = AsyncTestClient[Litestar]


def cache_of(app: Litestar) -> CatalogCache:
    cache: CatalogCache = app.state.catalog_cache
    return cache


async def version(engine: AsyncEngine) -> int:
    async with create_session_maker(engine)() as session:
        return await session.scalar(select(CatalogVersion.version)) or 0


async def test_a_second_look_is_served_from_the_cache(
    client: Client, app: Litestar, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", title="Tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    cache = cache_of(app)
    for path in ("/events", "/api/v1/events", "/events/tea", "/"):
        first = await client.get(path)
        hits = cache.hits
        second = await client.get(path)
        assert second.status_code == first.status_code == 200
        assert cache.hits == hits + 1, path
        assert "Tea" in second.text


async def test_a_place_taken_shows_at_once(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    await make_event(session, slug="tea", capacity=1, starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    before = (await client.get("/api/v1/events")).json()["items"][0]
    assert before["remaining_capacity"] == 1
    assert "Places are available" in (await client.get("/events/tea")).text
    start = await version(clean_database)

    response = await submit(client, "/events/tea/rsvps", {"pseudonym": "Sam"}, page="/events/tea")
    assert response.status_code == 303
    assert await version(clean_database) == start + 1
    after = (await client.get("/api/v1/events")).json()["items"][0]
    assert after["remaining_capacity"] == 0
    assert "Every place is taken" in (await client.get("/events/tea")).text


async def test_changes_from_any_session_reach_every_cached_view(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="tea", title="Tea", starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    assert "Tea" in (await client.get("/events")).text
    assert "Tea" in (await client.get("/events/tea")).text

    # An ORM change, and an ORM-enabled UPDATE statement, each commit a new version.
    event.title = "Tea and cake"
    await session.commit()
    page = parse((await client.get("/events/tea")).text)
    assert text_of(one(page, "h1")) == "Tea and cake"
    await session.execute(
        update(Event).where(Event.id == event.id).values(status=EventStatus.DRAFT)
    )
    await session.commit()
    assert (await client.get("/events/tea")).status_code == 404
    assert "Tea and cake" not in (await client.get("/events")).text


async def test_nothing_is_bumped_for_changes_listings_never_show(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    start = await version(clean_database)
    # Saving one's safety plan (private) leaves every cached listing good.
    response = await submit(client, "/events/tea/rsvps", {"pseudonym": "Sam"}, page="/events/tea")
    token = response.headers["location"].split("/rsvps/")[1].split("?")[0]
    after_rsvp = await version(clean_database)
    assert after_rsvp == start + 1  # places taken changed
    saved = await submit(
        client, f"/rsvps/{token}/safety-plan", {"triggers": "Loud bangs"}, page=f"/rsvps/{token}"
    )
    assert saved.status_code == 303
    assert await version(clean_database) == after_rsvp


async def test_time_alone_retires_an_entry(
    client: Client, app: Litestar, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(
        session,
        slug="soon",
        title="Brief chat",
        starts_at=clock.now() + timedelta(minutes=5),
        minutes=10,
    )
    await session.commit()
    assert "Brief chat" in (await client.get("/events")).text
    clock.advance(timedelta(minutes=16))  # it has ended; no commit happened
    assert "Brief chat" not in (await client.get("/events")).text
    misses = cache_of(app).misses
    await client.get("/events")
    assert cache_of(app).misses == misses  # the fresh answer is cached again
