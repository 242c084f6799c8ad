"""The Nominatim adapter against a local stand-in: real HTTP on loopback, geopy's own
Nominatim code, its RateLimiter, and our database cache."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.app import create_app
from planner.core.clock import FixedClock
from planner.core.geocoding import GeocodeCacheEntry, PlaceFinder
from planner.core.settings import GeocoderSettings, Settings
from tests.html import one, parse, text_of

USER_AGENT = "Stepwise-tests/1.0 (+http://testserver.local)"
PLACES = {
    "leeds": [
        {
            "lat": "53.7974185",
            "lon": "-1.5437941",
            "display_name": "Leeds, West Yorkshire, England, United Kingdom",
        }
    ],
    "york": [
        {"lat": "53.9590555", "lon": "-1.0815361", "display_name": "York, England, United Kingdom"}
    ],
}


@dataclass
class StandIn:
    """A tiny Nominatim: /search answers JSON like the real one; "broken" answers 500."""

    base_url: str = ""
    requests: list[tuple[float, str, str]] = field(default_factory=list)

    def queries(self) -> list[str]:
        return [query for _, query, _ in self.requests]


@pytest.fixture
def nominatim() -> Iterator[StandIn]:
    stand_in = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = parse_qs(url.query).get("q", [""])[0]
            stand_in.requests.append((time.monotonic(), query, self.headers.get("User-Agent", "")))
            if url.path != "/search" or query.lower() == "broken":
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"Internal error")
                return
            body = json.dumps(PLACES.get(query.lower(), [])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:  # keep test output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stand_in.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stand_in
    server.shutdown()
    server.server_close()


def finder(stand_in: StandIn, clock: FixedClock) -> PlaceFinder:
    return PlaceFinder.nominatim(
        clock, url=stand_in.base_url, user_agent=USER_AGENT, cache_days=30, timeout_s=3
    )


async def cached_rows(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(GeocodeCacheEntry)) or 0


async def test_finds_a_place_and_caches_it(
    nominatim: StandIn, session: AsyncSession, clock: FixedClock
) -> None:
    places = finder(nominatim, clock)
    found = await places.find(session, "Leeds")
    assert found.place is not None
    assert found.place.label == "Leeds, West Yorkshire, England, United Kingdom"
    assert found.place.point.latitude == pytest.approx(53.7974, abs=1e-3)
    assert nominatim.queries() == ["Leeds"]
    assert nominatim.requests[0][2] == USER_AGENT

    # Asked again (any capitalisation) in a later request, the database answers:
    # Nominatim hears nothing. (Each request has its own transaction; end this one.)
    await session.commit()
    again = await places.find(session, "  LEEDS ")
    assert again.place == found.place
    assert nominatim.queries() == ["Leeds"]
    assert await cached_rows(session) == 1

    # A month later the answer is stale and asked for again.
    clock.advance(timedelta(days=31))
    await places.find(session, "leeds")
    assert nominatim.queries() == ["Leeds", "leeds"]


async def test_never_more_than_one_request_a_second(
    nominatim: StandIn, session: AsyncSession, clock: FixedClock
) -> None:
    places = finder(nominatim, clock)
    await places.find(session, "Leeds")
    await places.find(session, "York")
    await places.find(session, "Nowhere at all")
    times = [moment for moment, _, _ in nominatim.requests]
    assert len(times) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.95, gaps


async def test_unknown_place_is_remembered_and_gets_offline_suggestions(
    nominatim: StandIn, session: AsyncSession, clock: FixedClock
) -> None:
    places = finder(nominatim, clock)
    lookup = await places.find(session, "Leedz")
    assert not lookup.found
    assert not lookup.unavailable
    assert "Leeds, United Kingdom" in lookup.suggestions
    await session.commit()  # a later request
    await places.find(session, "leedz")
    assert nominatim.queries() == ["Leedz"]


async def test_an_error_response_is_unavailable_not_a_crash(
    nominatim: StandIn, session: AsyncSession, clock: FixedClock
) -> None:
    places = finder(nominatim, clock)
    lookup = await places.find(session, "Broken")
    assert lookup.unavailable
    assert not lookup.found
    assert await cached_rows(session) == 0  # errors are not remembered


@pytest.fixture
async def nominatim_client(
    nominatim: StandIn, settings: Settings, clock: FixedClock, clean_database: AsyncEngine
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    configured = replace(
        settings,
        geocoder=GeocoderSettings(kind="nominatim", nominatim_url=nominatim.base_url),
    )
    app = create_app(configured, clock=clock)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        yield client


async def test_search_pages_use_nominatim_when_configured(
    nominatim: StandIn, nominatim_client: AsyncTestClient[Litestar]
) -> None:
    page = await nominatim_client.get("/events?near=York&within_km=10")
    assert page.status_code == 200
    assert "within 10 km of York, England, United Kingdom" in text_of(
        one(parse(page.text), ".results__count, .empty-state")
    )
    assert nominatim.requests[0][2].startswith("Stepwise/0.1 (+http://testserver.local)")

    broken = await nominatim_client.get("/events?near=Broken")
    assert broken.status_code == 200
    assert "We couldn't look up places just now" in text_of(
        one(parse(broken.text), "#results .empty-state")
    )
    api = await nominatim_client.get("/api/v1/events?near=Broken")
    assert api.status_code == 503
