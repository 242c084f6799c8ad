"""The comfort profile: saved once in a signed cookie, the start of every search,
set aside with one click, forgotten on request, and never trusted when tampered with."""

from __future__ import annotations

import logging

import pytest
from itsdangerous import URLSafeSerializer
from litestar import Litestar
from litestar.testing import AsyncTestClient

from planner.core.settings import Settings
from planner.profiles.store import COOKIE_NAME, SIGNING_SALT
from tests.html import one, parse, text_of, texts
from tests.integration.profiles.helpers import csrf_token, result_titles, save_profile

Client = AsyncTestClient[Litestar]


@pytest.mark.usefixtures("gatherings")
async def test_profile_set_once_starts_every_search(client: Client) -> None:
    assert len(await result_titles(client)) == 4

    await save_profile(client, level="2", tag=["quiet-room"], home="Leeds", within_km="15")
    cookie = client.cookies.get(COOKIE_NAME)
    assert cookie

    response = await client.get("/events")
    soup = parse(response.text)
    assert texts(soup, "#results .card__title") == ["Quiet Leeds"]
    note = text_of(one(soup, ".notice--profile"))
    assert "up to level 2, quiet room, within 15 km of Leeds, United Kingdom" in note
    # The form shows the profile's choices, so changing one keeps the rest.
    assert one(soup, "input[name=level][value='2']").has_attr("checked")
    assert one(soup, "input[name=tag][value=quiet-room]").has_attr("checked")
    assert one(soup, "input[name=lat]")["value"] == "53.7965"
    assert one(soup, "#within_km option[selected]")["value"] == "15"
    assert response.headers["vary"] == "HX-Request, Cookie"

    # One click sets it aside for a single search...
    aside = parse((await client.get("/events?profile=off")).text)
    assert len(texts(aside, "#results .card__title")) == 4
    assert one(aside, "input[name=profile]")["value"] == "off"
    assert "set aside" in text_of(one(aside, ".notice--profile"))
    # ...and a search that names its own filters is taken as it is.
    assert await result_titles(client, "?level=5&tag=quiet-room") == [
        "Quiet Leeds",
        "Lively Leeds",
        "Quiet Manchester",
    ]
    # Back at /events, the profile is the starting point again.
    assert await result_titles(client) == ["Quiet Leeds"]


@pytest.mark.usefixtures("gatherings")
async def test_profile_form_shows_what_is_saved_and_forgets(client: Client) -> None:
    await save_profile(client, level="1", mode="in_person")
    form = parse((await client.get("/profile")).text)
    assert one(form, "input[name=level][value='1']").has_attr("checked")
    assert one(form, "input[name=mode][value=in_person]").has_attr("checked")

    token = await csrf_token(client)
    forgot = await client.post(
        "/profile/forget", data={"_csrf_token": token}, follow_redirects=False
    )
    assert forgot.status_code == 303
    assert forgot.headers["location"] == "/profile?forgotten=1"
    assert (
        "Max-Age=0" in forgot.headers["set-cookie"]
        or "max-age=0" in forgot.headers["set-cookie"].lower()
    )
    client.cookies.delete(COOKIE_NAME)
    assert len(await result_titles(client)) == 4
    assert "forgotten" in text_of(
        one(parse((await client.get("/profile?forgotten=1")).text), "[role=status] .notice")
    )


async def test_cookie_is_http_only_and_lax(client: Client) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/profile", data={"_csrf_token": token, "level": "2"}, follow_redirects=False
    )
    header = response.headers["set-cookie"].lower()
    assert f"{COOKIE_NAME}=" in header
    assert "httponly" in header
    assert "samesite=lax" in header


@pytest.mark.usefixtures("gatherings")
@pytest.mark.parametrize(
    "forge",
    [
        "edited",  # a signed cookie with one character changed
        "unsigned",  # a hand-written payload
        "other-secret",  # signed, but not with this site's secret
    ],
)
async def test_tampered_cookie_is_ignored(client: Client, settings: Settings, forge: str) -> None:
    await save_profile(client, level="1")
    genuine = client.cookies.get(COOKIE_NAME)
    assert genuine
    payload = {"v": 1, "l": 5, "t": ["quiet-room"]}
    if forge == "edited":
        value = genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB")
    elif forge == "unsigned":
        value = URLSafeSerializer("", salt=SIGNING_SALT).dumps(payload).rsplit(".", 1)[0]
    else:
        value = URLSafeSerializer("not-" + settings.app.secret_key, salt=SIGNING_SALT).dumps(
            payload
        )
    client.cookies.delete(COOKIE_NAME)
    client.cookies.set(COOKIE_NAME, value)

    soup = parse((await client.get("/events")).text)
    assert not soup.select(".notice--profile")
    assert len(texts(soup, "#results .card__title")) == 4
    assert one(soup, ".profile-invite a")["href"] == "/profile"
    assert one(parse((await client.get("/profile")).text), "input[name=level][value='']").has_attr(
        "checked"
    )


async def test_profile_post_needs_the_csrf_token(client: Client) -> None:
    await client.get("/profile")
    response = await client.post("/profile", data={"level": "2"}, follow_redirects=False)
    assert response.status_code == 403
    assert not client.cookies.get(COOKIE_NAME)


async def test_unknown_home_is_a_kind_422_with_input_kept(client: Client) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/profile",
        data={"_csrf_token": token, "level": "2", "home": "Leedz", "within_km": "15"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    soup = parse(response.text)
    assert "We couldn't find a place called “Leedz”" in text_of(one(soup, "#profile-home-error"))
    assert "Leeds, United Kingdom" in text_of(one(soup, "#profile-home"))
    assert one(soup, "input#home")["value"] == "Leedz"
    assert one(soup, "input#home")["aria-invalid"] == "true"
    assert one(soup, "input[name=level][value='2']").has_attr("checked")
    assert not client.cookies.get(COOKIE_NAME)


async def test_bad_choices_are_refused(client: Client) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/profile",
        data={"_csrf_token": token, "level": "9", "tag": "glitter", "mode": "x"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert len(parse(response.text).select(".error-summary li")) == 3


@pytest.mark.usefixtures("gatherings")
async def test_profile_is_never_logged(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        await save_profile(client, level="2", tag=["quiet-room"], home="Leeds")
        await client.get("/events")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    cookie = client.cookies.get(COOKIE_NAME)
    assert cookie
    assert cookie not in logged
    assert "quiet-room" not in logged


async def test_routes_without_forms_set_no_cookies(client: Client) -> None:
    for path in ("/api/v1/events", "/api/v1/tags", "/health", "/ping", "/static/css/stepwise.css"):
        assert "set-cookie" not in (await client.get(path)).headers, path
    # Pages carry a CSRF token for their forms (and htmx), but never a session.
    page_cookies = (await client.get("/profile")).headers.get_list("set-cookie")
    assert [cookie.split("=")[0] for cookie in page_cookies] == ["csrftoken"]
