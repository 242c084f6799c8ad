"""Who may use the organiser tools: every route, every kind of person."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.events.models import EventStatus
from tests.factories import make_event, make_venue
from tests.integration.organiser.conftest import Cast, sign_in
from tests.web import HTML, csrf_token

Client = AsyncTestClient[Litestar]

# (method, path): {id} is the verified organiser's draft event, {venue} their venue.
ROUTES = [
    ("GET", "/organiser"),
    ("GET", "/organiser/settings"),
    ("POST", "/organiser/settings/tokens"),
    ("GET", "/organiser/venues"),
    ("GET", "/organiser/venues/new"),
    ("POST", "/organiser/venues/new"),
    ("GET", "/organiser/venues/{venue}/edit"),
    ("POST", "/organiser/venues/{venue}/edit"),
    ("POST", "/organiser/venues/{venue}/archive"),
    ("GET", "/organiser/events"),
    ("GET", "/organiser/events/new"),
    ("POST", "/organiser/events/new"),
    ("POST", "/organiser/events/preview"),
    ("POST", "/organiser/events/steps"),
    ("GET", "/organiser/events/{id}"),
    ("GET", "/organiser/events/{id}/edit"),
    ("POST", "/organiser/events/{id}/edit"),
    ("POST", "/organiser/events/{id}/duplicate"),
    ("POST", "/organiser/events/{id}/publish"),
    ("POST", "/organiser/events/{id}/unpublish"),
    ("GET", "/organiser/events/{id}/cancel"),
    ("POST", "/organiser/events/{id}/cancel"),
]
OWN_ROWS = ("{id}", "{venue}")

# Who is turned away, and how: anonymous people are asked to sign in; signed-in
# people without organiser tools get 403; another organiser gets 404 on rows.
REFUSED = {
    "member": 403,
    "suspended": 403,
    "moderator": 403,
    "admin": 403,
}


async def _request(client: Client, method: str, path: str) -> int:
    if method == "GET":
        return (await client.get(path, headers=HTML, follow_redirects=False)).status_code
    token = await csrf_token(client, "/auth/login")
    response = await client.post(
        path, data={"_csrf_token": token}, headers=HTML, follow_redirects=False
    )
    return response.status_code


@pytest.fixture
async def rows(session: AsyncSession, cast: Cast) -> dict[str, str]:
    venue = await make_venue(session, cast.verified)
    event = await make_event(
        session,
        organiser=cast.verified,
        venue=venue,
        starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC),
        status=EventStatus.DRAFT,
    )
    await session.commit()
    return {"{id}": str(event.id), "{venue}": str(venue.id)}


def _fill(path: str, rows: dict[str, str]) -> str:
    for key, value in rows.items():
        path = path.replace(key, value)
    return path


async def test_anonymous_people_are_asked_to_sign_in(client: Client, rows: dict[str, str]) -> None:
    for method, path in ROUTES:
        status = await _request(client, method, _fill(path, rows))
        assert status == (303 if method == "GET" else 401), (method, path, status)


@pytest.mark.parametrize("who", sorted(REFUSED))
async def test_people_without_organiser_tools_are_refused(
    client: Client, cast: Cast, rows: dict[str, str], who: str
) -> None:
    await sign_in(client, getattr(cast, who).email)
    for method, path in ROUTES:
        status = await _request(client, method, _fill(path, rows))
        assert status == REFUSED[who], (who, method, path, status)


async def test_another_organiser_gets_not_found_for_every_row(
    client: Client, cast: Cast, rows: dict[str, str]
) -> None:
    await sign_in(client, cast.other.email)
    for method, path in ROUTES:
        if not any(key in path for key in OWN_ROWS):
            continue
        status = await _request(client, method, _fill(path, rows))
        assert status == 404, (method, path, status)


async def test_pending_organiser_prepares_drafts_but_cannot_publish(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    event = await make_event(
        session,
        organiser=cast.pending,
        starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC),
        status=EventStatus.DRAFT,
    )
    await session.commit()
    await sign_in(client, cast.pending.email)
    for path in ("/organiser", "/organiser/events/new", f"/organiser/events/{event.id}"):
        assert (await client.get(path, headers=HTML)).status_code == 200
    assert await _request(client, "POST", f"/organiser/events/{event.id}/publish") == 403
    await session.refresh(event)
    assert event.status is EventStatus.DRAFT


async def test_verified_organiser_reaches_every_route(
    client: Client, cast: Cast, rows: dict[str, str]
) -> None:
    await sign_in(client, cast.verified.email)
    for method, path in ROUTES:
        status = await _request(client, method, _fill(path, rows))
        # Empty posts are either validation answers (422), fragments (200/201) or done (303).
        assert status in {200, 201, 303, 422}, (method, path, status)


async def test_posts_without_a_csrf_token_are_refused(
    client: Client, cast: Cast, rows: dict[str, str]
) -> None:
    await sign_in(client, cast.verified.email)
    for method, path in ROUTES:
        if method != "POST":
            continue
        response = await client.post(
            _fill(path, rows), data={}, headers=HTML, follow_redirects=False
        )
        assert response.status_code == 403, (path, response.status_code)
