"""Allies hold places from the invitation; the waitlist fills in order, first that fits;
every place that opens is told by email, through the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.core.mail import SmtpMailer, SmtpSettings
from planner.core.outbox import process_due
from planner.rsvps import services
from planner.rsvps.forms import AllyRequest, RsvpDetails, RsvpRequest
from planner.rsvps.models import AllyStatus, RsvpStatus, SafetyPlan
from tests.factories import make_event
from tests.html import one, parse, text_of, texts
from tests.integration.rsvps.helpers import Client, assert_places_consistent, say_yes, state
from tests.mail import SmtpServer

SENDER = "Stepwise <hello@stepwise.invalid>"
LINKS = services.Links("http://testserver.local")


def ally_token_from(page_html: str) -> str:
    link = text_of(one(parse(page_html), "#ally-link code"))
    assert link.startswith("http://testserver.local/ally/")
    return link.rsplit("/", 1)[1]


async def deliver(engine: AsyncEngine, clock: FixedClock, smtp_server: SmtpServer) -> None:
    mailer = SmtpMailer(SmtpSettings.from_url(smtp_server.url))
    await process_due(create_session_maker(engine), mailer, clock, sender=SENDER)


async def test_sam_brings_an_ally_who_accepts_and_sees_the_shared_plan(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="walk", capacity=3, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    token, _ = await say_yes(client, "walk", pseudonym="Sam", ally_name="Robin")
    assert (await assert_places_consistent(clean_database, event.id)).places_taken == 2

    manage = await client.get(f"/rsvps/{token}")
    assert "hasn't answered yet" in text_of(one(parse(manage.text), "#ally-answer"))
    ally_token = ally_token_from(manage.text)
    assert ally_token != token

    await client.post(
        f"/rsvps/{token}/ally/plan",
        data={
            "meeting_point": "Bus stop outside the library",
            "meet_time": "9:45",
            "leave_signal": "I'll say 'the cat needs feeding'",
            "note": "Thank you for coming.",
        },
    )
    await client.post(
        f"/rsvps/{token}/safety-plan",
        data={
            "triggers": "Sudden loud noises",
            "coping_strategies": "Stepping outside for air",
            "trusted_contacts": "Alex 07700 900123",
            "exit_strategy": "Bus 18 home",
        },
    )

    ally_page = await client.get(f"/ally/{ally_token}")
    assert ally_page.status_code == 200
    assert ally_page.headers["cache-control"] == "no-store"
    soup = parse(ally_page.text)
    assert text_of(one(soup, "h1")) == "Sam would like you to come along"
    plan = dict(zip(texts(soup, ".plan-list dt"), texts(soup, ".plan-list dd"), strict=True))
    assert plan["Where to meet"] == "Bus stop outside the library"
    assert plan['The "I want to leave" signal'] == "I'll say 'the cat needs feeding'"
    # Not shared yet: the safety plan stays private.
    assert "Sudden loud noises" not in ally_page.text
    assert soup.select("#shared-plan-title") == []

    await client.post(
        f"/rsvps/{token}/safety-plan",
        data={"triggers": "Sudden loud noises", "share_with_ally": "on"},
    )
    soup = parse((await client.get(f"/ally/{ally_token}")).text)
    assert "Sudden loud noises" in text_of(one(soup, "#shared-plan"))

    response = await client.post(f"/ally/{ally_token}/accept", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/ally/{ally_token}?done=accepted"
    soup = parse((await client.get(response.headers["location"])).text)
    assert "Thank you for saying yes" in text_of(one(soup, "#ally-status"))
    after = parse((await client.get(f"/rsvps/{token}")).text)
    assert "Robin said yes." in text_of(one(after, "#ally-answer"))
    assert "You have a place, and so does Robin." in text_of(one(after, ".standing"))
    _, rsvps = await state(clean_database, event.id)
    assert rsvps[0].allies[0].status is AllyStatus.ACCEPTED
    assert (await assert_places_consistent(clean_database, event.id)).places_taken == 2


async def test_declining_frees_the_place_for_the_first_waitlisted_who_fits(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    event = await make_event(
        session, slug="walk", capacity=3, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    sam, _ = await say_yes(client, "walk", pseudonym="Sam", ally_name="Robin")
    await say_yes(client, "walk", pseudonym="Ash")
    # Full. Jo brings an ally (needs 2); Kit comes alone (needs 1).
    await say_yes(client, "walk", pseudonym="Jo", ally_name="Lee", email="jo@example.org")
    await say_yes(client, "walk", pseudonym="Kit", email="kit@example.org")

    ally_token = ally_token_from((await client.get(f"/rsvps/{sam}")).text)
    await client.post(f"/ally/{ally_token}/decline")

    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status, r.waitlist_position) for r in rsvps] == [
        ("Sam", RsvpStatus.CONFIRMED, None),
        ("Ash", RsvpStatus.CONFIRMED, None),
        ("Jo", RsvpStatus.WAITLISTED, 1),  # doesn't fit in one place: keeps first position
        ("Kit", RsvpStatus.CONFIRMED, None),  # fits: confirmed
    ]
    manage = parse((await client.get(f"/rsvps/{sam}")).text)
    assert "Robin can't come this time." in text_of(one(manage, "#ally-answer"))
    await assert_places_consistent(clean_database, event.id)

    await deliver(clean_database, clock, smtp_server)
    promoted = smtp_server.inbox.to("kit@example.org")
    assert [m["Subject"] for m in promoted][-1] == "A place has opened at " + event.title
    assert "it is yours" in smtp_server.inbox.body(promoted[-1])
    assert [m["Subject"] for m in smtp_server.inbox.to("jo@example.org")] == [
        f"You're on the waitlist for {event.title}"
    ]

    # Full again: a newcomer queues behind Jo, whose position is kept.
    _, location = await say_yes(client, "walk", pseudonym="Later")
    assert location.endswith("?done=waitlisted")
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.waitlist_position) for r in rsvps if r.waitlist_position] == [
        ("Jo", 1),
        ("Later", 2),
    ]


async def test_a_cancellation_promotes_a_pair_when_two_places_open(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    event = await make_event(
        session, slug="walk", capacity=2, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    sam, _ = await say_yes(client, "walk", pseudonym="Sam", ally_name="Robin")
    jo, _ = await say_yes(client, "walk", pseudonym="Jo", ally_name="Lee", email="jo@example.org")
    await say_yes(client, "walk", pseudonym="Kit")

    await client.post(f"/rsvps/{sam}/cancel")
    _, rsvps = await state(clean_database, event.id)
    assert [(r.pseudonym, r.status) for r in rsvps] == [
        ("Sam", RsvpStatus.CANCELLED),
        ("Jo", RsvpStatus.CONFIRMED),  # first in the queue and fits with Lee
        ("Kit", RsvpStatus.WAITLISTED),
    ]
    await assert_places_consistent(clean_database, event.id)
    await deliver(clean_database, clock, smtp_server)
    body = smtp_server.inbox.body(smtp_server.inbox.to("jo@example.org")[-1])
    assert "and it is yours (and your ally’s)" in body
    # Jo's page says so.
    page = parse((await client.get(f"/rsvps/{jo}")).text)
    assert "You have a place, and so does Lee." in text_of(one(page, ".standing"))


async def test_adding_an_ally_needs_a_free_place_and_withdrawing_frees_it(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="walk", capacity=2, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    sam, _ = await say_yes(client, "walk", pseudonym="Sam")
    kit, _ = await say_yes(client, "walk", pseudonym="Kit")

    response = await client.post(
        f"/rsvps/{sam}/ally", data={"ally_name": "Robin", "meeting_point": "The café"}
    )
    assert response.status_code == 409
    soup = parse(response.text)
    assert "no room for an ally" in text_of(one(soup, ".notice[role=alert]"))
    assert "Your own place is safe" in response.text
    assert one(soup, "#ally-ally_name")["value"] == "Robin"

    await client.post(f"/rsvps/{kit}/cancel")
    response = await client.post(
        f"/rsvps/{sam}/ally", data={"ally_name": "Robin"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert (await assert_places_consistent(clean_database, event.id)).places_taken == 2
    ally_token = ally_token_from((await client.get(f"/rsvps/{sam}")).text)

    await client.post(f"/rsvps/{sam}/ally/withdraw")
    assert (await assert_places_consistent(clean_database, event.id)).places_taken == 1
    # The withdrawn link answers exactly like one that never existed.
    withdrawn = await client.get(f"/ally/{ally_token}")
    missing = await client.get("/ally/" + "A" * 43)
    assert withdrawn.status_code == missing.status_code == 404
    assert withdrawn.text == missing.text


async def test_events_without_allies_offer_none(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(
        session, slug="solo", allies_welcome=False, starts_at=clock.now() + timedelta(days=2)
    )
    await session.commit()
    page = parse((await client.get("/events/solo")).text)
    assert page.select("[name=ally_name]") == []
    token, _ = await say_yes(client, "solo", pseudonym="Sam", ally_name="Robin")
    _, rsvps = await state(clean_database, event.id)
    assert rsvps[0].allies == []
    manage = parse((await client.get(f"/rsvps/{token}")).text)
    assert manage.select(f"form[action='/rsvps/{token}/ally']") == []
    assert manage.select("[name=share_with_ally]") == []
    response = await client.post(f"/rsvps/{token}/ally", data={"ally_name": "Robin"})
    assert response.status_code == 409


async def test_new_rsvp_emails_the_manage_link_and_the_ally_link(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    event = await make_event(session, slug="walk", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(
        client,
        "walk",
        pseudonym="Sam",
        email="sam@example.org",
        ally_name="Robin",
        ally_email="robin@example.org",
    )
    await deliver(clean_database, clock, smtp_server)
    (to_sam,) = smtp_server.inbox.to("sam@example.org")
    assert to_sam["Subject"] == f"Your place at {event.title}"
    assert f"http://testserver.local/rsvps/{token}" in smtp_server.inbox.body(to_sam)
    (to_robin,) = smtp_server.inbox.to("robin@example.org")
    ally_token = ally_token_from((await client.get(f"/rsvps/{token}")).text)
    assert f"http://testserver.local/ally/{ally_token}" in smtp_server.inbox.body(to_robin)
    assert "robin@example.org" not in smtp_server.inbox.body(to_sam)

    # "Email me this link" from the page; mistakes come back beside the field.
    response = await client.post(f"/rsvps/{token}/email-link", data={"email": "nope"})
    assert response.status_code == 422
    assert one(parse(response.text), "#link-email")["aria-invalid"] == "true"
    await client.post(f"/rsvps/{token}/email-link", data={"email": "sam.new@example.org"})
    await deliver(clean_database, clock, smtp_server)
    (again,) = smtp_server.inbox.to("sam.new@example.org")
    assert f"/rsvps/{token}" in smtp_server.inbox.body(again)


async def test_the_safety_plan_is_private_printable_and_deleted_with_the_rsvp(
    client: Client, session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, slug="walk", starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    token, _ = await say_yes(client, "walk", pseudonym="Sam")
    await client.post(
        f"/rsvps/{token}/safety-plan",
        data={"triggers": "Crowds", "exit_strategy": "Taxi from the rank"},
    )
    printable = await client.get(f"/rsvps/{token}/safety-plan")
    assert printable.status_code == 200
    assert printable.headers["cache-control"] == "no-store"
    soup = parse(printable.text)
    assert texts(soup, ".plan-list dd") == ["Crowds", "Taxi from the rank"]
    assert soup.select(".no-print")
    manage = parse((await client.get(f"/rsvps/{token}")).text)
    assert one(manage, "a[href$='/safety-plan']")

    _, rsvps = await state(clean_database, event.id)
    async with create_session_maker(clean_database)() as writer:
        await writer.execute(text("DELETE FROM rsvps WHERE id = :id"), {"id": rsvps[0].id})
        await writer.commit()
        assert await writer.scalar(select(func.count()).select_from(SafetyPlan)) == 0
    assert (await client.get(f"/rsvps/{token}/safety-plan")).status_code == 404


async def test_the_limit_cannot_go_below_places_taken_and_raising_it_promotes(
    session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    event = await make_event(session, capacity=3, starts_at=clock.now() + timedelta(days=2))
    await session.commit()
    maker = create_session_maker(clean_database)
    for name, ally in [("Sam", "Robin"), ("Ash", None), ("Jo", "Lee"), ("Kit", None)]:
        async with maker() as writer:
            request = RsvpRequest(
                details=RsvpDetails(pseudonym=name),
                ally=AllyRequest(name=ally) if ally else None,
            )
            await services.create_rsvp(writer, event.slug, request, now=clock.now(), links=LINKS)
            await writer.commit()

    async with maker() as writer:
        with pytest.raises(services.CapacityBelowPlacesTaken) as refused:
            await services.change_capacity(writer, event.id, 2, now=clock.now(), links=LINKS)
    assert str(refused.value) == (
        "3 places are already taken, allies included, so the limit can't go below 3. "
        "People who said yes keep their places."
    )
    async with maker() as writer:
        with pytest.raises(services.RsvpError, match="between 1 and 500"):
            await services.change_capacity(writer, event.id, 0, now=clock.now(), links=LINKS)

    async with maker() as writer:
        changed = await services.change_capacity(writer, event.id, 4, now=clock.now(), links=LINKS)
        await writer.commit()
    assert changed.capacity == 4
    _, rsvps = await state(clean_database, event.id)
    # One more place: Jo (with Lee) doesn't fit, Kit does.
    assert [(r.pseudonym, r.status) for r in rsvps] == [
        ("Sam", RsvpStatus.CONFIRMED),
        ("Ash", RsvpStatus.CONFIRMED),
        ("Jo", RsvpStatus.WAITLISTED),
        ("Kit", RsvpStatus.CONFIRMED),
    ]
    async with maker() as writer:
        await services.change_capacity(writer, event.id, 6, now=clock.now(), links=LINKS)
        await writer.commit()
    after = await assert_places_consistent(clean_database, event.id)
    assert (after.capacity, after.places_taken) == (6, 6)

    # The database refuses an oversell even from code that skips the services.
    async with maker() as writer:
        lower = text("UPDATE events SET capacity = 5 WHERE id = :id")
        with pytest.raises(IntegrityError):
            await writer.execute(lower, {"id": event.id})
