"""Privacy rules, each with a test: nothing about who is coming leaks anywhere public,
tokens never reach logs, and every wrong link looks the same."""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.core.redact import redact_path
from planner.rsvps import services, tokens
from planner.rsvps.services import AttendeeRow, attendee_summary
from tests.factories import make_event, make_organiser
from tests.html import one, parse, text_of
from tests.integration.rsvps.helpers import Client, say_yes, state

SECRETS = ("Zephyrine", "zephyrine@example.org", "needs-a-ramp-XYZ", "Quillon", "quillon@")


async def test_no_public_page_or_api_lists_attendees(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", capacity=6, starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(
        client,
        "tea",
        pseudonym="Zephyrine",
        email="zephyrine@example.org",
        access_needs="needs-a-ramp-XYZ",
        ally_name="Quillon",
        ally_email="quillon@example.org",
    )
    for path in (
        "/",
        "/events",
        "/events/tea",
        "/api/v1/events",
        "/api/v1/events/tea",
        "/schema/openapi.json",
    ):
        response = await client.get(path)
        assert response.status_code == 200, path
        for secret in (*SECRETS, token):
            assert secret not in response.text, f"{secret!r} leaked on {path}"
    detail = (await client.get("/api/v1/events/tea")).json()
    assert (detail["capacity"], detail["remaining_capacity"]) == (6, 4)
    listed = (await client.get("/api/v1/events")).json()["items"][0]
    assert listed["remaining_capacity"] == 4
    assert not {"attendees", "rsvps", "pseudonyms"} & detail.keys()


async def test_wrong_old_and_missing_tokens_all_get_the_same_404(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    old, _ = await say_yes(client, "tea", pseudonym="Gone")
    _, rsvps = await state(clean_database, event.id)
    async with create_session_maker(clean_database)() as writer:
        await writer.execute(text("DELETE FROM rsvps WHERE id = :id"), {"id": rsvps[0].id})
        await writer.commit()
    live, _ = await say_yes(client, "tea", pseudonym="Here")
    wrong = live[:-1] + ("A" if live[-1] != "A" else "B")

    for prefix in ("/rsvps/", "/ally/"):
        answers = [
            await client.get(f"{prefix}{candidate}")
            for candidate in (old, wrong, "x" * 43, "short", "A" * 43)
        ]
        assert {response.status_code for response in answers} == {404}
        assert len({response.text for response in answers}) == 1
    api = [await client.get(f"/api/v1/rsvps/{candidate}") for candidate in (old, wrong, "short")]
    assert {response.status_code for response in api} == {404}
    assert len({response.text for response in api}) == 1
    for action in ("cancel", "renew", "details", "ally", "ally/withdraw", "safety-plan"):
        assert (await client.post(f"/rsvps/{wrong}/{action}", data={})).status_code == 404


def test_tokens_are_long_random_hashed_and_compared_in_constant_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    token, stored = tokens.new_token()
    assert len(token) == 43
    assert tokens.looks_like_token(token)
    assert stored == tokens.hash_token(token) != token
    assert len(stored) == 64
    assert tokens.new_token()[0] != token

    compared: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert tokens.token_matches(token, stored)
    assert not tokens.token_matches(token[:-1] + "x", stored)
    assert compared == [(stored, stored), (tokens.hash_token(token[:-1] + "x"), stored)]

    ally = tokens.derive_ally_token(token, "salt")
    assert tokens.looks_like_token(ally)
    assert ally == tokens.derive_ally_token(token, "salt") != tokens.derive_ally_token(token, "s2")


def test_private_paths_are_redacted() -> None:
    token = "A" * 43
    assert redact_path(f"/rsvps/{token}") == "/rsvps/[redacted]"
    assert redact_path(f"/rsvps/{token}/cancel") == "/rsvps/[redacted]/cancel"
    assert redact_path(f"/ally/{token}/accept") == "/ally/[redacted]/accept"
    assert redact_path(f"/api/v1/rsvps/{token}/ally") == "/api/v1/rsvps/[redacted]/ally"
    assert redact_path(f"/calendar/{token}.ics") == "/calendar/[redacted]"
    assert redact_path(f"/calendar/{token}/events/7") == "/calendar/[redacted]/events/7"
    assert redact_path("/events/tea/rsvps") == "/events/tea/rsvps"


async def test_a_crash_on_a_private_page_never_logs_its_token(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Sam", ally_name="Robin")

    async def broken(*_args: object, **_kwargs: object) -> None:
        message = "the disk is on fire"
        raise RuntimeError(message)

    monkeypatch.setattr(services, "find_rsvp", broken)
    monkeypatch.setattr(services, "find_ally_invite", broken)
    caplog.set_level(logging.ERROR, logger="planner")
    for path in (f"/rsvps/{token}", f"/api/v1/rsvps/{token}", f"/ally/{token}"):
        response = await client.get(path, headers={"accept": "text/html"})
        assert response.status_code == 500
    records = [record for record in caplog.records if record.name == "planner.core.errors"]
    assert len(records) == 3
    logged = "\n".join(record.getMessage() for record in records)
    assert token not in logged
    assert token not in caplog.text  # nor in any other error record, tracebacks included
    assert "/rsvps/[redacted]" in logged
    assert "/ally/[redacted]" in logged


async def test_organisers_see_their_own_attendees_only_and_never_private_details(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    host = await make_organiser(session)
    other = await make_organiser(session)
    event = await make_event(
        session, organiser=host, slug="tea", capacity=3, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    await say_yes(
        client,
        "tea",
        pseudonym="Sam",
        email="sam@example.org",
        access_needs="A chair near the door",
        may_leave_early="on",
        ally_name="Robin",
    )
    await say_yes(client, "tea", pseudonym="Ash")
    await say_yes(client, "tea", pseudonym="Kit")  # waitlisted

    async with create_session_maker(clean_database)() as reader:
        assert await attendee_summary(reader, event.id, other.id) is None
        summary = await attendee_summary(reader, event.id, host.id)
    assert summary is not None
    assert (summary.confirmed, summary.allies, summary.waitlisted, summary.cancelled) == (
        2,
        1,
        1,
        0,
    )
    assert [(row.pseudonym, row.brings_ally) for row in summary.coming] == [
        ("Ash", False),
        ("Sam", True),
    ]
    assert [row.pseudonym for row in summary.access_needs] == ["Sam"]
    assert summary.leaving_early == 1
    # What an organiser row can carry, by construction: no email, plan or ally name.
    assert set(AttendeeRow.__slots__) == {
        "pseudonym",
        "status",
        "access_needs",
        "may_leave_early",
        "brings_ally",
    }


async def test_manage_and_ally_pages_are_never_cached(
    client: Client, session: AsyncSession, clock: FixedClock
) -> None:
    await make_event(session, slug="tea", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(client, "tea", pseudonym="Sam", ally_name="Robin")
    page = await client.get(f"/rsvps/{token}")
    ally_link = text_of(one(parse(page.text), "#ally-link code"))
    ally_path = ally_link.removeprefix("http://testserver.local")
    for response in (
        page,
        await client.get(ally_path),
        await client.get(f"/rsvps/{token}/safety-plan"),
        await client.get(f"/api/v1/rsvps/{token}"),
        await client.post(f"/rsvps/{token}/cancel", follow_redirects=False),
        await client.post("/events/tea/rsvps", data={"pseudonym": ""}),
    ):
        assert response.headers.get("cache-control") == "no-store", response.url
