"""Reminder emails: sent by the outbox worker at the moment chosen, to a real SMTP
server on loopback, with the clock moved forward (never slept)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.core.clock import FixedClock
from tests.factories import make_event, make_organiser, make_venue
from tests.integration.calendar.helpers import run_worker_pass
from tests.integration.rsvps.helpers import say_yes
from tests.mail import Inbox, SmtpServer
from tests.web import csrf_token

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def client(client: Client) -> Client:
    """The test client, sending its CSRF token like htmx does."""
    client.headers["x-csrftoken"] = await csrf_token(client)
    return client


async def test_each_reminder_arrives_once_at_its_time(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    organiser = await make_organiser(session)
    venue = await make_venue(session, organiser, name="The Reading Room", address="1 Park Row")
    start = clock.now() + timedelta(days=3)
    await make_event(
        session, organiser=organiser, venue=venue, slug="tea", title="Tea", starts_at=start
    )
    await session.commit()
    await say_yes(client, "tea", pseudonym="Sam", email="sam@example.org", remind=["1440", "120"])
    await say_yes(client, "tea", pseudonym="No email", remind=["1440"])
    await run_worker_pass(clean_database, clock, smtp_server)  # the "your place" emails
    smtp_server.inbox.messages.clear()

    clock.advance(start - timedelta(days=1, minutes=1) - clock.now())
    assert await run_worker_pass(clean_database, clock, smtp_server) == (0, 0)

    clock.advance(timedelta(minutes=1))
    assert await run_worker_pass(clean_database, clock, smtp_server) == (1, 1)
    (day_before,) = smtp_server.inbox.to("sam@example.org")
    assert day_before["Subject"].startswith("Reminder: Tea, ")
    body = Inbox.body(day_before)
    assert "A gentle reminder, the day ahead: you have a place at Tea." in body
    assert "The Reading Room, 1 Park Row" in body
    assert "step back" in body

    # Never twice, however many passes run.
    assert await run_worker_pass(clean_database, clock, smtp_server) == (0, 0)

    clock.advance(timedelta(hours=22))
    assert await run_worker_pass(clean_database, clock, smtp_server) == (1, 1)
    assert len(smtp_server.inbox.to("sam@example.org")) == 2


async def test_no_reminder_for_people_who_stepped_back_or_a_cancelled_gathering(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    start = clock.now() + timedelta(days=2)
    await make_event(session, slug="tea", starts_at=start)
    await session.commit()
    token, _ = await say_yes(client, "tea", email="sam@example.org", remind=["1440"])
    await client.post(f"/rsvps/{token}/cancel")
    await run_worker_pass(clean_database, clock, smtp_server)
    smtp_server.inbox.messages.clear()

    clock.advance(timedelta(days=1, hours=1))
    assert await run_worker_pass(clean_database, clock, smtp_server) == (0, 0)
    assert smtp_server.inbox.messages == []


async def test_a_reminder_whose_moment_has_passed_is_not_sent_late(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    await make_event(session, slug="soon", starts_at=clock.now() + timedelta(hours=5))
    await session.commit()
    await say_yes(client, "soon", email="sam@example.org", remind=["10080", "1440", "120"])
    await run_worker_pass(clean_database, clock, smtp_server)
    # Only the "your place" email: the week and the day before are already behind us.
    assert [m["Subject"].split(" at ")[0] for m in smtp_server.inbox.messages] == ["Your place"]
    clock.advance(timedelta(hours=3))
    assert await run_worker_pass(clean_database, clock, smtp_server) == (1, 1)
    assert smtp_server.inbox.messages[-1]["Subject"].startswith("Reminder: ")


async def test_a_neutral_title_keeps_the_reminder_email_discreet(
    client: Client,
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    smtp_server: SmtpServer,
) -> None:
    organiser = await make_organiser(session)
    venue = await make_venue(session, organiser, name="Recovery Centre", address="2 Mill Lane")
    start = clock.now() + timedelta(days=2)
    await make_event(
        session,
        organiser=organiser,
        venue=venue,
        slug="c",
        title="Survivors' circle",
        starts_at=start,
    )
    await session.commit()
    await say_yes(client, "c", email="sam@example.org", remind=["1440"], discreet="on")
    clock.advance(timedelta(days=1))
    await run_worker_pass(clean_database, clock, smtp_server)
    reminder = smtp_server.inbox.messages[-1]
    assert reminder["Subject"].startswith("Reminder: Plans with a friend, ")
    body = Inbox.body(reminder)
    assert "2 Mill Lane" in body
    assert "Survivors" not in body
    assert "Recovery Centre" not in body
