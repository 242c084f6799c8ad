"""Distance search on both databases, against places whose distances are known."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.clock import FixedClock
from planner.core.geo import Point, distance_km
from planner.events.models import AttendanceMode
from tests.factories import make_event, make_organiser, make_venue
from tests.html import one, parse, text_of, texts

Client = AsyncTestClient[Litestar]

LEEDS = Point(53.7997, -1.5492)  # a venue in the city centre
BRADFORD = Point(53.7960, -1.7594)  # ~14 km west
YORK = Point(53.9590, -1.0815)  # ~35 km north-east
MANCHESTER = Point(53.4808, -2.2426)  # ~58 km south-west
# The gazetteer's Leeds, the point "near=Leeds" measures from.
LEEDS_GAZETTEER = Point(53.79648, -1.54785)


@pytest.fixture
async def yorkshire(session: AsyncSession, clock: FixedClock) -> None:
    """One gathering in each town, on different days, and one online."""
    organiser = await make_organiser(session)
    start = clock.now() + timedelta(days=1)
    for day, (name, point) in enumerate(
        [("Manchester", MANCHESTER), ("York", YORK), ("Bradford", BRADFORD), ("Leeds", LEEDS)]
    ):
        venue = await make_venue(
            session, organiser, city=name, latitude=point.latitude, longitude=point.longitude
        )
        await make_event(
            session,
            title=f"In {name}",
            organiser=organiser,
            venue=venue,
            starts_at=start + timedelta(days=day),
        )
    await make_event(
        session,
        title="Online",
        organiser=organiser,
        starts_at=start,
        attendance_mode=AttendanceMode.ONLINE,
        online_url="https://meet.example.org/x",
    )
    await session.commit()


async def api_titles(client: Client, query: str) -> list[str]:
    response = await client.get(f"/api/v1/events?{query}")
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


@pytest.mark.usefixtures("yorkshire")
@pytest.mark.parametrize(
    ("within_km", "expected"),
    [
        (5, ["In Leeds"]),
        (20, ["In Bradford", "In Leeds"]),
        (40, ["In York", "In Bradford", "In Leeds"]),
        (60, ["In Manchester", "In York", "In Bradford", "In Leeds"]),
    ],
)
async def test_within_km_keeps_only_what_is_that_close(
    client: Client, within_km: int, expected: list[str]
) -> None:
    # Soonest first; the online gathering has no distance, so it is never "near".
    assert await api_titles(client, f"near=Leeds&within_km={within_km}") == expected


@pytest.mark.usefixtures("yorkshire")
async def test_sorted_by_distance_with_distances_from_coordinates(client: Client) -> None:
    response = await client.get(
        f"/api/v1/events?lat={LEEDS.latitude}&lon={LEEDS.longitude}&within_km=100&sort=distance"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == [
        "In Leeds",
        "In Bradford",
        "In York",
        "In Manchester",
    ]
    distances = [item["distance_km"] for item in items]
    assert distances[0] == 0
    assert distances[1] == pytest.approx(distance_km(LEEDS, BRADFORD), abs=0.01)
    assert distances[1] == pytest.approx(13.9, abs=0.3)
    assert distances[2] == pytest.approx(35.1, abs=0.5)
    assert distances[3] == pytest.approx(57.6, abs=0.5)


@pytest.mark.usefixtures("yorkshire")
async def test_without_a_place_there_is_no_distance(client: Client) -> None:
    response = await client.get("/api/v1/events?within_km=5")
    items = response.json()["items"]
    assert len(items) == 5  # a distance alone is ignored: nowhere to measure from
    assert {item["distance_km"] for item in items} == {None}


@pytest.mark.usefixtures("yorkshire")
async def test_page_shows_distance_and_order(client: Client) -> None:
    response = await client.get("/events?near=leeds&within_km=20&sort=distance")
    assert response.status_code == 200
    soup = parse(response.text)
    assert texts(soup, "#results .card__title") == ["In Leeds", "In Bradford"]
    assert texts(soup, "#results .card__distance") == ["400 m away", "14 km away"]
    count = text_of(one(soup, ".results__count"))
    assert "within 20 km of Leeds, United Kingdom, nearest first" in count
    assert one(soup, "input#near")["value"] == "leeds"
    assert one(soup, "#within_km option[selected]")["value"] == "20"


async def test_distance_box_works_across_the_antimeridian(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    organiser = await make_organiser(session)
    east = await make_venue(session, organiser, city="Taveuni", latitude=-16.8, longitude=179.95)
    west = await make_venue(session, organiser, city="Far", latitude=-16.8, longitude=-179.9)
    away = await make_venue(session, organiser, city="Suva", latitude=-18.14, longitude=178.44)
    start = clock.now() + timedelta(days=1)
    for title, venue in [("East", east), ("West", west), ("Away", away)]:
        await make_event(session, title=title, organiser=organiser, venue=venue, starts_at=start)
    await session.commit()

    found = await api_titles(client, "lat=-16.8&lon=-179.99&within_km=30&sort=distance")
    assert found == ["East", "West"]


@pytest.mark.usefixtures("yorkshire")
async def test_unknown_place_gets_a_kind_message_and_suggestions(client: Client) -> None:
    response = await client.get("/events?near=Leedz&level=2")
    assert response.status_code == 200
    soup = parse(response.text)
    empty = one(soup, "#results .empty-state")
    assert "We couldn't find a place called “Leedz”" in text_of(empty)
    links = {text_of(a): a["href"] for a in empty.select("a")}
    assert links["Leeds, United Kingdom"] == "/events?level=2&near=Leeds%2C+United+Kingdom"
    assert links["Search without a place"] == "/events?level=2"
    assert text_of(one(soup, "#search-status")) == "We couldn't find that place."

    api = await client.get("/api/v1/events?near=Leedz")
    assert api.status_code == 400
    assert api.json()["extra"][0]["suggestions"] == ["Leeds, United Kingdom"]


@pytest.mark.usefixtures("yorkshire")
async def test_empty_distance_search_suggests_from_the_data(client: Client) -> None:
    response = await client.get("/events?near=Leeds&within_km=5&level=1&mode=hybrid")
    soup = parse(response.text)
    empty = one(soup, "#results .empty-state")
    text = text_of(empty)
    assert text.startswith(
        "No gatherings at level 1, in person or online, within 5 km of Leeds, United Kingdom"
    )
    links = {text_of(a): a["href"] for a in empty.select("a")}
    assert links == {
        "1 online one": "/events?level=1&mode=online",
        "1 with any way of taking part": "/events?level=1&near=Leeds&within_km=5",
    }


@pytest.mark.usefixtures("yorkshire")
async def test_suggestions_count_online_and_wider(client: Client) -> None:
    # 3 km north of the Leeds venue: nothing within 2 km, one within 5 km.
    response = await client.get("/events?lat=53.8267&lon=-1.5492&within_km=2&level=1")
    empty = one(parse(response.text), "#results .empty-state")
    assert "within 2 km of your location" in text_of(empty)
    links = {text_of(a): a["href"] for a in empty.select("a")}
    assert links == {
        "1 online one": "/events?level=1&mode=online",
        "1 within 5 km": "/events?level=1&lat=53.8267&lon=-1.5492&within_km=5",
    }


async def test_bad_coordinates_are_400(client: Client) -> None:
    for query, name in [
        ("lat=91&lon=0", "lat"),
        ("lat=10", "lon"),
        ("lat=abc&lon=1", "lat"),
        ("lat=1&lon=1&within_km=5000", "within_km"),
        ("sort=distance", "near"),
        ("lat=nan&lon=1", "lat"),
    ]:
        response = await client.get(f"/api/v1/events?{query}")
        assert response.status_code == 400, query
        assert response.json()["extra"][0]["key"] == name, query
