"""/api/v1: the event shape of DESIGN.md §6, the same filters as the page, clear 400s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.clock import FixedClock
from planner.events.comfort import Interaction, Noise
from planner.events.models import AttendanceMode
from tests.factories import make_event, make_organiser, make_venue

Client = AsyncTestClient[Litestar]

EVENT_FIELDS = {
    "slug", "url", "title", "summary", "starts_at", "ends_at", "timezone", "attendance_mode",
    "comfort_level", "comfort_label", "comfort_factors", "capacity", "remaining_capacity", "tags",
    "venue", "distance_km", "status", "allies_welcome", "organiser", "organiser_verified",
}  # fmt: skip


async def test_event_listing_shape(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser = await make_organiser(session, display_name="Bristol Walkers")
    venue = await make_venue(
        session,
        organiser,
        name="Castle Park",
        address="Castle Park, Bristol BS1 3XB",
        city="Bristol",
        latitude=51.4559,
        longitude=-2.5893,
        tag_keys=("step-free",),
    )
    await make_event(
        session,
        organiser=organiser,
        venue=venue,
        slug="park-walk",
        title="Slow park walk",
        starts_at=datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
        minutes=75,
        capacity=10,
        noise=Noise.CONVERSATIONAL,
        interaction=Interaction.STRUCTURED,
        tag_keys=("outdoors",),
    )
    await session.commit()

    response = await client.get("/api/v1/events")
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("total", "page", "per_page")} == {
        "total": 1,
        "page": 1,
        "per_page": 20,
    }
    (event,) = body["items"]
    assert set(event) == EVENT_FIELDS
    assert event["slug"] == "park-walk"
    assert event["url"] == "http://testserver.local/events/park-walk"
    assert event["starts_at"] == "2026-12-01T10:00:00Z" or event["starts_at"].endswith("+00:00")
    assert event["ends_at"].startswith("2026-12-01T11:15:00")
    assert event["timezone"] == "Europe/London"
    assert event["attendance_mode"] == "in_person"
    assert event["comfort_level"] == 3
    assert event["comfort_label"] == "Moderate"
    assert event["comfort_factors"] == {
        "group_size": 3,
        "noise": 2,
        "duration": 2,
        "interaction": 2,
    }
    assert event["capacity"] == 10
    assert event["remaining_capacity"] == 10
    assert event["tags"] == ["step-free", "allies-welcome", "outdoors"]
    assert event["venue"] == {
        "name": "Castle Park",
        "address": "Castle Park, Bristol BS1 3XB",
        "city": "Bristol",
        "latitude": 51.4559,
        "longitude": -2.5893,
    }
    assert event["distance_km"] is None
    assert event["status"] == "published"
    assert event["allies_welcome"] is True
    assert event["organiser"] == "Bristol Walkers"
    assert event["organiser_verified"] is True


async def test_times_carry_the_events_offset(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    clock.current = datetime(2026, 6, 1, tzinfo=UTC)
    await make_event(session, slug="summer", starts_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    await session.commit()

    event = (await client.get("/api/v1/events/summer")).json()
    assert event["starts_at"] == "2026-07-01T10:00:00+01:00"


async def test_detail_adds_what_the_page_shows(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(
        session,
        slug="online-art",
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example.org/private",
        starts_at=clock.now() + timedelta(days=1),
        exit_contact="Sam",
        expect_steps=["Join", "Draw", "Leave"],
        capacity=12,
    )
    await session.commit()

    event = (await client.get("/api/v1/events/online-art")).json()
    assert event["what_to_expect"] == ["Join", "Draw", "Leave"]
    assert event["venue"] is None
    assert event["comfort_factors"]["group_size"] == 2  # 12 people, one step gentler online
    assert "online" in event["comfort_reasons"]["group_size"]
    assert event["exit_contact"] == "Sam"
    assert "private" not in str(event)


async def test_filters_match_the_page(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    start = clock.now() + timedelta(days=1)
    await make_event(session, slug="gentle", starts_at=start, quiet_room=True)
    await make_event(session, slug="loud", starts_at=start, noise=Noise.LOUD)
    await make_event(
        session,
        slug="online",
        starts_at=start + timedelta(days=3),
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example.org/x",
    )
    await session.commit()

    async def slugs(query: str) -> list[str]:
        response = await client.get(f"/api/v1/events{query}")
        assert response.status_code == 200, response.text
        return [item["slug"] for item in response.json()["items"]]

    assert await slugs("?level=1") == ["gentle", "online"]
    assert await slugs("?tag=quiet-room") == ["gentle"]
    assert await slugs("?mode=online") == ["online"]
    assert await slugs("?from=2026-11-29") == ["online"]
    assert await slugs("?to=2026-11-27&level=5") == ["gentle", "loud"]
    assert await slugs("?max_size=4&page=2") == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("level=9", "level"),
        ("level=abc", "level"),
        ("tag=glitter", "tag"),
        ("mode=telepathy", "mode"),
        ("from=2026-13-40", "from"),
        ("to=tomorrow", "to"),
        ("from=2026-12-10&to=2026-12-01", "to"),
        ("max_size=0", "max_size"),
        ("page=0", "page"),
    ],
)
async def test_bad_parameters_get_400_naming_them(
    client: Client, query: str, parameter: str
) -> None:
    response = await client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"status_code", "detail", "extra"}
    assert body["status_code"] == 400
    assert parameter in [item["key"] for item in body["extra"]]


async def test_tags_vocabulary(client: Client) -> None:
    response = await client.get("/api/v1/tags")
    assert response.status_code == 200
    tags = response.json()
    assert len(tags) >= 20
    assert {tag["category"] for tag in tags} == {
        "sensory",
        "mobility",
        "communication",
        "structure",
        "wellbeing",
    }
    assert all(tag["description"].endswith(".") for tag in tags)
    step_free = next(tag for tag in tags if tag["key"] == "step-free")
    assert step_free["osm_key"] == "wheelchair=yes"


async def test_openapi_documents_the_api(client: Client) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert {"/api/v1/events", "/api/v1/events/{slug}", "/api/v1/tags", "/health"} <= set(
        document["paths"]
    )
    parameters = {p["name"] for p in document["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert parameters == {
        "level",
        "tag",
        "mode",
        "from",
        "to",
        "max_size",
        "near",
        "lat",
        "lon",
        "within_km",
        "sort",
        "page",
    }
    assert not any(path.startswith("/events") for path in document["paths"])
