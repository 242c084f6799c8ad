"""Personal API tokens, and ``/api/v1/organiser/events`` with them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import ApiToken
from planner.core.tokens import hash_token
from planner.events.models import Event, EventStatus
from planner.venues.models import Venue
from tests.factories import make_event, make_venue
from tests.html import one, parse, texts
from tests.integration.organiser.conftest import Cast, sign_in
from tests.web import submit

Client = AsyncTestClient[Litestar]
API = "/api/v1/organiser/events"


async def make_token(client: Client, email: str) -> str:
    await sign_in(client, email)
    response = await submit(
        client, "/organiser/settings/tokens", {"name": "Our website"}, page="/organiser/settings"
    )
    assert response.status_code == 201
    return str(one(parse(response.text), "#new-token")["value"])


def body(venue: Venue, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Walk and talk",
        "summary": "A slow walk by the canal.",
        "expect_steps": ["Meet at the gate", "Walk for an hour"],
        "starts_at": "2026-12-06T10:00",
        "ends_at": "2026-12-06T11:00",
        "timezone": "Europe/London",
        "attendance_mode": "in_person",
        "venue_id": venue.id,
        "capacity": 8,
        "noise": "conversational",
        "lighting": "variable",
        "interaction": "open",
        "tags": ["step-free"],
    }
    values.update(changes)
    return values


async def test_token_is_shown_once_stored_hashed_and_revocable(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    token = await make_token(client, cast.verified.email)
    await session.commit()
    row = await session.scalar(select(ApiToken).where(ApiToken.account_id == cast.verified.id))
    assert row is not None
    assert row.token_hash == hash_token(token)
    assert token.startswith(row.prefix)
    page = parse((await client.get("/organiser/settings")).text)
    assert page.select("#new-token") == []
    assert texts(page, ".card__title") == ["Our website"]
    headers = {"authorization": f"Bearer {token}"}
    assert (await client.delete(f"{API}/nothing-here", headers=headers)).status_code == 404
    response = await submit(
        client, f"/organiser/settings/tokens/{row.id}/revoke", {}, page="/organiser/settings"
    )
    assert response.status_code == 303
    assert (await client.delete(f"{API}/nothing-here", headers=headers)).status_code == 401


async def test_create_patch_and_cancel_through_the_api(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified, city="Leeds")
    await session.commit()
    headers = {"authorization": f"Bearer {await make_token(client, cast.verified.email)}"}
    response = await client.post(API, json=body(venue, publish=True), headers=headers)
    assert response.status_code == 201, response.text
    (created,) = response.json()["items"]
    assert created["slug"] == "walk-and-talk-2026-12-06-leeds"
    assert created["status"] == "published"
    assert created["comfort_level"] == 3  # open conversation
    assert created["starts_at"] == "2026-12-06T10:00:00Z"

    response = await client.patch(
        f"{API}/{created['slug']}",
        json={"starts_at": "2026-12-06T11:00", "ends_at": "2026-12-06T12:00"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    (changed,) = response.json()["items"]
    assert changed["sequence"] == 1
    assert changed["title"] == "Walk and talk"

    response = await client.delete(
        f"{API}/{created['slug']}", params={"message": "Too icy, sorry."}, headers=headers
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    await session.commit()
    event = await session.scalar(select(Event).where(Event.slug == created["slug"]))
    assert event is not None
    assert event.cancellation_message == "Too icy, sorry."
    response = await client.patch(f"{API}/{created['slug']}", json={}, headers=headers)
    assert response.status_code == 409


async def test_api_errors_name_the_field_like_the_form(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    venue = await make_venue(session, cast.verified)
    await session.commit()
    headers = {"authorization": f"Bearer {await make_token(client, cast.verified.email)}"}
    response = await client.post(API, json=body(venue, capacity=600), headers=headers)
    assert response.status_code == 400
    error = response.json()
    assert set(error) == {"status_code", "detail", "extra"}
    assert error["extra"] == [
        {
            "key": "capacity",
            "message": "Please give a crowd-size limit between 1 and 500.",
            "source": "body",
        }
    ]
    response = await client.post(
        API, json=body(venue, expect_steps=[], ends_at="2026-12-06T09:00"), headers=headers
    )
    assert {item["key"] for item in response.json()["extra"]} == {"expect_steps", "ends_at"}


async def test_api_sees_only_your_own_events_and_needs_a_verified_token(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    theirs = await make_event(
        session, organiser=cast.other, starts_at=datetime(2026, 12, 5, 10, tzinfo=UTC)
    )
    await session.commit()
    assert (await client.post(API, json={})).status_code == 401
    headers = {"authorization": f"Bearer {await make_token(client, cast.verified.email)}"}
    assert (await client.patch(f"{API}/{theirs.slug}", json={}, headers=headers)).status_code == 404
    assert (await client.delete(f"{API}/{theirs.slug}", headers=headers)).status_code == 404
    await session.refresh(theirs)
    assert theirs.status is EventStatus.PUBLISHED


async def test_openapi_documents_the_organiser_api(client: Client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"post"} <= set(schema["paths"][API])
    assert {"patch", "delete"} <= set(schema["paths"][API + "/{slug}"])
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
