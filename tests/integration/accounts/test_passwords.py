"""Password changes and resets: one-time, expiring links that reveal nothing."""

from __future__ import annotations

from datetime import timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.core.clock import FixedClock
from tests.html import one, parse, text_of
from tests.integration.accounts.test_auth import (
    PASSWORD,
    register_and_confirm,
    sign_in,
    signed_in_name,
)
from tests.web import HTML, link_in, outbox, submit

Client = AsyncTestClient[Litestar]
NEW_PASSWORD = "lanterns along the canal"


async def reset_link(client: Client, engine: AsyncEngine, email: str = "sam@example.org") -> str:
    response = await submit(client, "/auth/reset", {"email": email})
    assert (response.status_code, response.headers["location"]) == (303, "/auth/check-email")
    mail = (await outbox(engine, to=email))[-1]
    assert mail.subject == "Reset your Stepwise password"
    return link_in(mail.body_text, "/auth/reset/")


def use_session(client: Client, session_id: str) -> None:
    """Act as another device: the same person, another session cookie."""
    client.cookies.clear()
    client.cookies.set("stepwise-session", session_id, domain="testserver.local")


async def test_reset_sets_a_new_password_and_ends_other_sessions(
    client: Client, clean_database: AsyncEngine
) -> None:
    await register_and_confirm(client, clean_database)
    other_device = await sign_in(client)
    client.cookies.clear()

    link = await reset_link(client, clean_database)
    form = parse((await client.get(link, headers=HTML)).text)
    assert one(form, "input#password")["type"] == "password"
    done = await submit(client, link, {"password": NEW_PASSWORD})
    assert done.status_code == 303
    assert await signed_in_name(client) == "Sam"  # signed in afresh here...
    this_device = client.cookies["stepwise-session"]
    use_session(client, other_device)
    assert await signed_in_name(client) is None  # ...and nowhere else
    use_session(client, this_device)

    refused = await submit(
        client, "/auth/login", {"email": "sam@example.org", "password": PASSWORD}
    )
    assert refused.status_code == 422
    await sign_in(client, password=NEW_PASSWORD)

    # A used link never works twice.
    again = parse((await client.get(link, headers=HTML)).text)
    assert text_of(one(again, "h1")) == "That link didn't work"


async def test_reset_links_expire_after_an_hour(
    client: Client, clean_database: AsyncEngine, clock: FixedClock
) -> None:
    await register_and_confirm(client, clean_database)
    link = await reset_link(client, clean_database)
    clock.advance(timedelta(minutes=61))
    page = parse((await client.get(link, headers=HTML)).text)
    assert text_of(one(page, "h1")) == "That link didn't work"
    response = await submit(client, link, {"password": NEW_PASSWORD}, page="/auth/reset")
    assert response.status_code == 404


async def test_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(
    client: Client, clean_database: AsyncEngine
) -> None:
    response = await submit(client, "/auth/reset", {"email": "nobody@example.org"})
    assert (response.status_code, response.headers["location"]) == (303, "/auth/check-email")
    assert await outbox(clean_database) == []


async def test_reset_refuses_weak_passwords_and_keeps_the_link_usable(
    client: Client, clean_database: AsyncEngine
) -> None:
    await register_and_confirm(client, clean_database)
    link = await reset_link(client, clean_database)
    weak = await submit(client, link, {"password": "password1234"})
    assert weak.status_code == 422
    assert "most common" in text_of(one(parse(weak.text), "#password-error"))
    assert (await submit(client, link, {"password": NEW_PASSWORD})).status_code == 303


async def test_change_password_checks_the_current_one_and_signs_out_elsewhere(
    client: Client, clean_database: AsyncEngine
) -> None:
    await register_and_confirm(client, clean_database)
    other_device = await sign_in(client)
    client.cookies.clear()
    await sign_in(client)

    wrong = await submit(
        client, "/me/password", {"current_password": "not it at all", "password": NEW_PASSWORD}
    )
    assert wrong.status_code == 422
    assert "isn't your current password" in text_of(
        one(parse(wrong.text), "#current_password-error")
    )

    ok = await submit(
        client, "/me/password", {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )
    assert (ok.status_code, ok.headers["location"]) == (303, "/me?changed=password")
    assert await signed_in_name(client) == "Sam"
    use_session(client, other_device)
    assert await signed_in_name(client) is None
