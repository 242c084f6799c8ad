"""Venues: an organiser's own places, validated, editable, archivable, never anyone else's."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from planner.venues.models import Venue
from tests.factories import make_venue
from tests.html import one, parse, texts
from tests.integration.organiser.conftest import Cast, sign_in
from tests.web import HTML, submit

Client = AsyncTestClient[Litestar]

VENUE = {
    "name": "Riverside Library",
    "address": "1 Quay Street, Leeds LS1 4AB",
    "city": "Leeds",
    "latitude": "53.7950",
    "longitude": "-1.5400",
    "exits_description": "Two doors, both on the ground floor.",
}


async def venues_of(session: AsyncSession, organiser_id: int) -> list[Venue]:
    await session.commit()
    query = (
        select(Venue)
        .where(Venue.organiser_id == organiser_id)
        .options(selectinload(Venue.tags))
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(query))


async def test_create_a_venue_with_place_tags(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    await sign_in(client, "host@example.org")
    form = parse((await client.get("/organiser/venues/new", headers=HTML)).text)
    offered = {str(box["value"]) for box in form.select("input[name=tag]")}
    assert {"step-free", "hearing-loop"} <= offered
    assert "small-group" not in offered  # derived from an event's limit, never chosen
    response = await submit(
        client, "/organiser/venues/new", {**VENUE, "tag": ["step-free", "hearing-loop"]}
    )
    assert response.status_code == 303
    (venue,) = await venues_of(session, cast.verified.id)
    assert venue.name == "Riverside Library"
    assert venue.latitude == pytest.approx(53.795)
    assert sorted(tag.key for tag in venue.tags) == ["hearing-loop", "step-free"]
    listing = parse((await client.get("/organiser/venues", headers=HTML)).text)
    assert texts(listing, ".card__title") == ["Riverside Library"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Please give the venue's name."),
        ("address", "", "Please give the address."),
        ("latitude", "91", "The latitude must be between -90 and 90."),
        ("latitude", "north", "Please give the latitude as a number, like 45.0000."),
        ("longitude", "-180.5", "The longitude must be between -180 and 180."),
    ],
)
async def test_venue_validation_keeps_input(
    client: Client, cast: Cast, field: str, value: str, message: str
) -> None:
    await sign_in(client, "host@example.org")
    response = await submit(client, "/organiser/venues/new", {**VENUE, field: value})
    assert response.status_code == 422
    page = parse(response.text)
    assert texts(page, f"#{field}-error") == [f"Error: {message}"]
    assert one(page, "#city")["value"] == "Leeds"


async def test_edit_and_archive(client: Client, session: AsyncSession, cast: Cast) -> None:
    venue = await make_venue(session, cast.verified, name="Old name")
    await session.commit()
    await sign_in(client, "host@example.org")
    response = await submit(client, f"/organiser/venues/{venue.id}/edit", VENUE)
    assert response.status_code == 303
    response = await submit(
        client, f"/organiser/venues/{venue.id}/archive", {}, page="/organiser/venues"
    )
    assert response.status_code == 303
    (saved,) = await venues_of(session, cast.verified.id)
    assert saved.name == "Riverside Library"
    assert saved.archived_at is not None
    listing = parse((await client.get("/organiser/venues", headers=HTML)).text)
    assert texts(listing, ".card__title") == []


async def test_another_organisers_venue_is_not_found(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    theirs = await make_venue(session, cast.other, name="Not yours")
    await session.commit()
    await sign_in(client, "host@example.org")
    assert (
        await client.get(f"/organiser/venues/{theirs.id}/edit", headers=HTML)
    ).status_code == 404
    response = await submit(
        client, f"/organiser/venues/{theirs.id}/edit", VENUE, page="/organiser/venues"
    )
    assert response.status_code == 404
    response = await submit(
        client, f"/organiser/venues/{theirs.id}/archive", {}, page="/organiser/venues"
    )
    assert response.status_code == 404
    (untouched,) = await venues_of(session, cast.other.id)
    assert untouched.name == "Not yours"
    assert untouched.archived_at is None


async def test_blank_coordinates_are_found_from_the_address_or_town(
    client: Client, session: AsyncSession, cast: Cast
) -> None:
    """The offline gazetteer knows towns, not streets: the town's centre is used,
    and the organiser can correct it afterwards."""
    await sign_in(client, "host@example.org")
    response = await submit(
        client, "/organiser/venues/new", {**VENUE, "latitude": "", "longitude": ""}
    )
    assert response.status_code == 303
    (venue,) = await venues_of(session, cast.verified.id)
    assert venue.latitude == pytest.approx(53.80, abs=0.05)  # Leeds
    assert venue.longitude == pytest.approx(-1.55, abs=0.05)


async def test_an_address_nobody_can_find_asks_for_coordinates(client: Client, cast: Cast) -> None:
    await sign_in(client, "host@example.org")
    response = await submit(
        client,
        "/organiser/venues/new",
        {
            **VENUE,
            "address": "Nowhere Lane",
            "city": "Qxzvillebrook",
            "latitude": "",
            "longitude": "",
        },
    )
    assert response.status_code == 422
    page = parse(response.text)
    assert "couldn't find that address" in texts(page, "#latitude-error")[0]
    assert one(page, "#address")["value"] == "Nowhere Lane"
