"""Shared steps for comfort-profile tests: save through the form, read the results."""

from __future__ import annotations

from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.html import one, parse, texts

Client = AsyncTestClient[Litestar]


async def csrf_token(client: Client) -> str:
    """The token the profile form carries."""
    page = parse((await client.get("/profile")).text)
    token = one(page, "form.profile-form input[name=_csrf_token]")["value"]
    assert isinstance(token, str)
    return token


async def save_profile(client: Client, **fields: str | list[str]) -> Response:
    """Post the profile form like a browser; it always leads back to the search."""
    token = await csrf_token(client)
    response = await client.post(
        "/profile",
        data={"_csrf_token": token, **fields},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/events"
    return response


async def result_titles(client: Client, query: str = "") -> list[str]:
    """The titles ``/events`` lists, in order."""
    response = await client.get(f"/events{query}")
    assert response.status_code == 200
    return texts(parse(response.text), "#results .card__title")
