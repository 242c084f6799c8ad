"""The comfort profile of a signed-in member: kept on their account and nowhere else.

It starts their search on any device, leaves nothing in a shared browser, is
never shown to anyone else, and meets a guest's browser profile kindly at
sign-in: adopted when the account has none, never replacing one without asking.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from httpx import Cookies, Response
from itsdangerous import URLSafeSerializer
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.accounts.passwords import hash_password
from planner.app import create_app
from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.core.settings import Settings
from planner.profiles.store import COOKIE_NAME, SIGNING_SALT
from tests.conftest import TEST_HOST
from tests.factories import make_organiser
from tests.html import one, parse, text_of, texts
from tests.integration.profiles.helpers import result_titles, save_profile
from tests.web import HTML, submit

Client = AsyncTestClient[Litestar]
PASSWORD = "a calm walk by the river"
MEMBER = "robin@example.org"
OTHER_MEMBER = "alex@example.org"
MODERATOR = "mod@example.org"
ALL_FOUR = ["Quiet Leeds", "Lively Leeds", "No quiet room", "Quiet Manchester"]
LEVEL_ONE = ["Quiet Leeds", "No quiet room", "Quiet Manchester"]
LEEDS_PROFILE: dict[str, str | list[str]] = {
    "level": "2",
    "tag": ["quiet-room"],
    "home": "Leeds",
    "within_km": "15",
}
LEEDS_WORDS = "up to level 2, quiet room, within 15 km of Leeds, United Kingdom"


@cache
def password_hash() -> str:
    """Argon2 is slow on purpose; every person in these tests shares one hash."""
    return hash_password(PASSWORD)


async def make_person(
    session: AsyncSession,
    email: str,
    clock: FixedClock,
    *,
    role: Role = Role.MEMBER,
    status: OrganiserStatus = OrganiserStatus.NONE,
    comfort_profile: dict[str, Any] | None = None,
) -> Account:
    """A confirmed account that can sign in with PASSWORD."""
    account = await make_organiser(
        session,
        email=email,
        display_name=email.split("@", maxsplit=1)[0].title(),
        role=role,
        organiser_status=status,
        password_hash=password_hash(),
        email_verified_at=clock.now(),
        comfort_profile=comfort_profile,
    )
    await session.commit()
    return account


@pytest.fixture
async def member(session: AsyncSession, clock: FixedClock) -> Account:
    """Robin, a member with no profile yet."""
    return await make_person(session, MEMBER, clock)


@contextlib.contextmanager
def another_browser(client: Client) -> Iterator[Client]:
    """The same client with an empty cookie jar (a second browser); the first
    browser's cookies come back afterwards. (Two test clients on one app would
    share its connection pool across two event loops.)"""
    own = Cookies(client.cookies)
    client.cookies.clear()
    try:
        yield client
    finally:
        client.cookies = own


async def sign_in(client: Client, email: str = MEMBER, next_page: str = "") -> Response:
    data = {"email": email, "password": PASSWORD} | ({"next": next_page} if next_page else {})
    response = await submit(client, "/auth/login", data)
    assert response.status_code == 303, response.text
    return response


async def sign_out(client: Client) -> None:
    response = await submit(client, "/auth/logout", {}, page="/events")
    assert response.status_code == 303


async def stored_profile(engine: AsyncEngine, email: str = MEMBER) -> Any:
    """What the account's column holds, as committed now."""
    async with create_session_maker(engine)() as session:
        return await session.scalar(select(Account.comfort_profile).where(Account.email == email))


async def column_is_sql_null(engine: AsyncEngine, email: str = MEMBER) -> bool:
    """True when the column is SQL NULL (not the JSON text 'null')."""
    async with create_session_maker(engine)() as session:
        found = await session.scalar(
            select(Account.id).where(Account.email == email, Account.comfort_profile.is_(None))
        )
    return found is not None


def profile_cookies_set(response: Response) -> list[str]:
    """The profile cookie values a response sets ('' when it expires the cookie)."""
    values = []
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        if name.strip() == COOKIE_NAME:
            values.append(rest.split(";", 1)[0].strip('"'))
    return values


def leeds_data(stored: Any) -> None:
    """Check the column holds the Leeds profile (level 2, quiet room, 15 km)."""
    assert stored["v"] == 1
    assert stored["l"] == 2
    assert stored["t"] == ["quiet-room"]
    assert stored["h"][0] == "Leeds, United Kingdom"
    assert stored["d"] == 15


async def profile_note(client: Client, query: str = "") -> str | None:
    notes = parse((await client.get(f"/events{query}")).text).select(".notice--profile")
    return text_of(notes[0]) if notes else None


@pytest.mark.usefixtures("gatherings", "member")
async def test_member_profile_lives_on_the_account_and_starts_the_search(
    client: Client, clean_database: AsyncEngine
) -> None:
    await sign_in(client)
    saved = await save_profile(client, **LEEDS_PROFILE)

    assert profile_cookies_set(saved) == []
    assert not client.cookies.get(COOKIE_NAME)
    leeds_data(await stored_profile(clean_database))

    response = await client.get("/events")
    soup = parse(response.text)
    assert texts(soup, "#results .card__title") == ["Quiet Leeds"]
    assert LEEDS_WORDS in text_of(one(soup, ".notice--profile"))
    assert one(soup, "input[name=level][value='2']").has_attr("checked")
    # A member's page is theirs alone: never cached by others, nor kept by the browser.
    assert response.headers["vary"] == "HX-Request, Cookie"
    assert response.headers["cache-control"] == "private, no-store"

    fragment = await client.get("/events", headers={"HX-Request": "true"})
    assert texts(parse(fragment.text), ".card__title") == ["Quiet Leeds"]
    assert fragment.headers["cache-control"] == "private, no-store"

    # "Search without my profile" sets it aside for one search, as for guests.
    assert await result_titles(client, "?profile=off") == ALL_FOUR
    assert "set aside" in (await profile_note(client, "?profile=off") or "")
    assert await result_titles(client) == ["Quiet Leeds"]

    form = parse((await client.get("/profile")).text)
    assert one(form, "input[name=level][value='2']").has_attr("checked")
    assert one(form, "input[name=tag][value=quiet-room]").has_attr("checked")
    assert one(form, "input#home")["value"] == "Leeds, United Kingdom"
    assert "on your account, and only there" in text_of(one(form, ".where-kept"))

    me = parse((await client.get("/me", headers=HTML)).text)
    assert f"Saved on your account: {LEEDS_WORDS}" in text_of(one(me, ".comfort-profile"))
    assert one(me, ".comfort-profile a")["href"] == "/profile"


@pytest.mark.usefixtures("gatherings", "member")
async def test_sign_out_leaves_nothing_behind_and_sign_in_brings_it_back(
    client: Client, clean_database: AsyncEngine
) -> None:
    await sign_in(client)
    await save_profile(client, **LEEDS_PROFILE)
    await sign_out(client)

    assert not client.cookies.get(COOKIE_NAME)
    guest = await client.get("/events")
    assert texts(parse(guest.text), "#results .card__title") == ALL_FOUR
    assert not parse(guest.text).select(".notice--profile")
    assert "no account needed" in text_of(one(parse(guest.text), ".profile-invite"))
    assert guest.headers["cache-control"] == "private, no-cache"
    leeds_data(await stored_profile(clean_database))  # still on the account

    await sign_in(client)
    assert await result_titles(client) == ["Quiet Leeds"]


@pytest.mark.usefixtures("gatherings", "member")
async def test_nobody_else_sees_a_members_profile(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_person(session, OTHER_MEMBER, clock)
    await sign_in(client)
    await save_profile(client, **LEEDS_PROFILE)

    with another_browser(client) as other:
        # A guest in another browser...
        assert await result_titles(other) == ALL_FOUR
        assert await profile_note(other) is None
        # ...and another member, signed in there.
        await sign_in(other, OTHER_MEMBER)
        assert await result_titles(other) == ALL_FOUR
        assert await profile_note(other) is None
        other_form = parse((await other.get("/profile")).text)
        assert one(other_form, "input[name=level][value='']").has_attr("checked")
        assert one(other_form, "input#home")["value"] == ""
        other_me = parse((await other.get("/me", headers=HTML)).text)
        assert text_of(one(other_me, ".comfort-profile dd")).startswith("None saved.")

    # The JSON API never applies or reveals it, even with the member's cookies.
    assert await result_titles(client) == ["Quiet Leeds"]  # (still signed in here)
    listing = await client.get("/api/v1/events")
    assert listing.json()["total"] == len(ALL_FOUR)
    assert "comfort_profile" not in listing.text
    assert "Leeds, United Kingdom" not in listing.text


@pytest.mark.usefixtures("gatherings", "member")
async def test_a_guest_profile_moves_to_an_account_that_has_none(
    client: Client, clean_database: AsyncEngine
) -> None:
    guest_page = parse((await client.get("/profile")).text)
    assert "your account keeps this profile when it has none of its own" in text_of(
        one(guest_page, ".where-kept")
    )
    await save_profile(client, **LEEDS_PROFILE)
    assert client.cookies.get(COOKIE_NAME)

    signed_in = await sign_in(client)
    assert signed_in.headers["location"] == "/me?changed=profile"
    assert profile_cookies_set(signed_in) == [""]  # expired, not just left alone
    assert not client.cookies.get(COOKIE_NAME)
    leeds_data(await stored_profile(clean_database))

    me = parse((await client.get("/me?changed=profile", headers=HTML)).text)
    assert "now kept on your account" in text_of(one(me, "[role=status]"))
    assert await result_titles(client) == ["Quiet Leeds"]

    # Signing out on this (perhaps shared) computer leaves no profile in it.
    await sign_out(client)
    assert await profile_note(client) is None
    assert await result_titles(client) == ALL_FOUR


@pytest.mark.usefixtures("gatherings")
async def test_adopting_at_sign_in_keeps_the_page_the_person_was_going_to(
    client: Client, member: Account, clean_database: AsyncEngine
) -> None:
    await save_profile(client, **LEEDS_PROFILE)
    signed_in = await sign_in(client, next_page="/events")
    assert signed_in.headers["location"] == "/events"
    leeds_data(await stored_profile(clean_database))
    assert LEEDS_WORDS in (await profile_note(client) or "")


@pytest.mark.usefixtures("gatherings")
@pytest.mark.parametrize("choice", ["adopt", "clear-browser"])
async def test_a_guest_profile_never_replaces_the_accounts_own_without_asking(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    choice: str,
) -> None:
    await make_person(session, MEMBER, clock, comfort_profile={"v": 1, "l": 1})
    await save_profile(client, **LEEDS_PROFILE)

    signed_in = await sign_in(client)
    assert signed_in.headers["location"] == "/me"
    assert profile_cookies_set(signed_in) == []
    assert client.cookies.get(COOKIE_NAME)
    assert await stored_profile(clean_database) == {"v": 1, "l": 1}
    assert await result_titles(client) == LEVEL_ONE  # the account's profile is the one used

    page = parse((await client.get("/profile")).text)
    offer = one(page, ".browser-profile")
    assert LEEDS_WORDS in text_of(offer)
    assert one(page, "input[name=level][value='1']").has_attr("checked")  # the form: account's
    token = str(one(offer, "form.adopt-form input[name=_csrf_token]")["value"])

    answer = await client.post(
        f"/profile/{choice}", data={"_csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert profile_cookies_set(answer) == [""]
    assert not client.cookies.get(COOKIE_NAME)
    after = parse((await client.get(answer.headers["location"])).text)
    assert not after.select(".browser-profile")
    if choice == "adopt":
        assert answer.headers["location"] == "/profile?done=adopted"
        assert "now keeps this profile" in text_of(one(after, "[role=status]"))
        leeds_data(await stored_profile(clean_database))
        assert await result_titles(client) == ["Quiet Leeds"]
    else:
        assert answer.headers["location"] == "/profile?done=browser-cleared"
        assert "no longer holds a profile" in text_of(one(after, "[role=status]"))
        assert await stored_profile(clean_database) == {"v": 1, "l": 1}
        assert await result_titles(client) == LEVEL_ONE


@pytest.mark.usefixtures("gatherings")
async def test_the_same_profile_in_both_places_just_leaves_the_browser(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    await make_person(session, MEMBER, clock, comfort_profile={"v": 1, "l": 1})
    await save_profile(client, level="1")
    signed_in = await sign_in(client)
    assert signed_in.headers["location"] == "/me"
    assert profile_cookies_set(signed_in) == [""]
    assert await stored_profile(clean_database) == {"v": 1, "l": 1}
    assert not parse((await client.get("/profile")).text).select(".browser-profile")


async def test_choosing_for_the_browser_profile_needs_an_account(client: Client) -> None:
    await save_profile(client, level="1")
    for action in ("/profile/adopt", "/profile/clear-browser"):
        response = await submit(client, action, {}, page="/profile")
        assert response.status_code == 401
        assert "Please sign in" in response.text
    assert client.cookies.get(COOKIE_NAME)  # a guest's own profile is untouched


@pytest.mark.usefixtures("gatherings", "member")
async def test_forgetting_empties_the_account_column(
    client: Client, clean_database: AsyncEngine
) -> None:
    await sign_in(client)
    await save_profile(client, **LEEDS_PROFILE)
    forgot = await submit(client, "/profile/forget", {}, page="/profile")
    assert (forgot.status_code, forgot.headers["location"]) == (303, "/profile?forgotten=1")
    assert profile_cookies_set(forgot) == []  # there was nothing in the browser to clear

    assert await column_is_sql_null(clean_database)
    assert await result_titles(client) == ALL_FOUR
    assert await profile_note(client) is None
    invite = text_of(one(parse((await client.get("/events")).text), ".profile-invite"))
    assert "kept on your account" in invite
    notice = parse((await client.get("/profile?forgotten=1")).text)
    assert "forgotten" in text_of(one(notice, "[role=status] .notice"))
    me = parse((await client.get("/me", headers=HTML)).text)
    assert text_of(one(me, ".comfort-profile dd")).startswith("None saved.")

    # Saving an empty profile is the same as forgetting it.
    await save_profile(client, level="1")
    assert await stored_profile(clean_database) == {"v": 1, "l": 1}
    await save_profile(client, level="", within_km="15")
    assert await column_is_sql_null(clean_database)


@pytest.mark.usefixtures("gatherings", "member")
async def test_a_forged_cookie_is_not_adopted_at_sign_in(
    client: Client, settings: Settings, clean_database: AsyncEngine
) -> None:
    forged = URLSafeSerializer("not-" + settings.app.secret_key, salt=SIGNING_SALT).dumps(
        {"v": 1, "l": 5, "t": ["quiet-room"]}
    )
    client.cookies.set(COOKIE_NAME, forged)
    signed_in = await sign_in(client)
    assert signed_in.headers["location"] == "/me"
    assert profile_cookies_set(signed_in) == [""]  # cleared: it can never be used
    assert await column_is_sql_null(clean_database)
    assert await profile_note(client) is None


@pytest.mark.usefixtures("gatherings")
async def test_moderators_never_see_a_members_profile(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_person(session, MEMBER, clock, status=OrganiserStatus.NONE)
    await make_person(session, MODERATOR, clock, role=Role.MODERATOR)
    await sign_in(client)
    await save_profile(
        client, level="2", tag=["scent-free"], home="Harrogate", within_km="10", mode="in_person"
    )
    request = await submit(
        client,
        "/me/organiser",
        {"group_name": "Robin's Walks", "group_about": "Slow walks.", "contact": "robin.example"},
    )
    assert request.status_code == 303

    member_id = await _account_id(session, MEMBER)
    with another_browser(client) as moderator:
        await sign_in(moderator, MODERATOR)
        queue = await moderator.get("/moderation/organisers", headers=HTML)
        assert MEMBER in queue.text  # the moderator does see the request...
        decided = await submit(
            moderator,
            f"/moderation/organisers/{member_id}/decision",
            {"decision": "approve", "reason": ""},
            page="/moderation/organisers",
        )
        assert decided.status_code == 303
        for path in ("/moderation/organisers", "/moderation/audit"):
            page = (await moderator.get(path, headers=HTML)).text
            for private in ("Harrogate", "Scent", "scent-free", "within 10 km", "up to level 2"):
                assert private not in page, (path, private)  # ...but never the profile
    # The profile is really there, on the member's own pages.
    me = text_of(one(parse((await client.get("/me", headers=HTML)).text), ".comfort-profile"))
    assert "within 10 km of Harrogate" in me


async def _account_id(session: AsyncSession, email: str) -> int:
    await session.commit()  # see what the app committed
    found = await session.scalar(select(Account.id).where(Account.email == email))
    assert found is not None
    return found


class Collected(logging.Handler):
    """Every message logged anywhere while attached to the root logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.mark.usefixtures("gatherings", "member")
async def test_a_members_profile_is_never_logged_even_with_sql_echo(
    settings: Settings, clock: FixedClock
) -> None:
    echoing = replace(settings, db=replace(settings.db, echo=True))
    root = logging.getLogger()
    collected = Collected()
    async with AsyncTestClient(
        app=create_app(echoing, clock=clock), base_url=f"http://{TEST_HOST}"
    ) as client:
        # Attached after the app has configured logging at startup (which replaces
        # the root handlers, pytest's caplog among them).
        level = root.level
        root.addHandler(collected)
        root.setLevel(logging.DEBUG)
        try:
            await sign_in(client)
            await save_profile(client, level="2", tag=["scent-free"], home="Harrogate")
            await client.get("/events")
            await client.get("/me", headers=HTML)
        finally:
            root.removeHandler(collected)
            root.setLevel(level)
    logged = "\n".join(collected.messages)
    assert "UPDATE accounts SET comfort_profile" in logged  # statements are logged, as asked...
    for private in ("Harrogate", "scent-free", "'l': 2", '"l": 2'):
        assert private not in logged, private  # ...but never their values
