"""The outbox: mail commits with the change that causes it, and is delivered with retries."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.core.mail import ConsoleMailer, SmtpMailer, SmtpSettings
from planner.core.outbox import MAX_ATTEMPTS, OutboxMessage, OutboxStatus, enqueue_mail, process_due
from tests.mail import SmtpServer, free_port

SENDER = "Stepwise <hello@stepwise.invalid>"


async def test_only_committed_mail_is_sent_over_smtp(
    clean_database: AsyncEngine, clock: FixedClock, smtp_server: SmtpServer
) -> None:
    maker = create_session_maker(clean_database)
    async with maker() as session:
        enqueue_mail(
            session,
            to="sam@example.org",
            subject="Your plan",
            body="See you Tuesday.",
            now=clock.now(),
        )
        enqueue_mail(
            session,
            to="alex@example.org",
            subject="A change",
            body="Now at 11:00.",
            now=clock.now(),
        )
        await session.commit()
    async with maker() as session:
        enqueue_mail(
            session, to="ghost@example.org", subject="Never", body="Rolled back.", now=clock.now()
        )
        await session.rollback()

    mailer = SmtpMailer(SmtpSettings.from_url(smtp_server.url))
    assert await process_due(maker, mailer, clock, sender=SENDER) == 2

    received = {message["To"]: message for message in smtp_server.inbox.messages}
    assert set(received) == {"sam@example.org", "alex@example.org"}
    assert received["sam@example.org"]["Subject"] == "Your plan"
    assert received["sam@example.org"]["From"] == SENDER
    assert smtp_server.inbox.body(received["alex@example.org"]).strip() == "Now at 11:00."
    async with maker() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    assert all(row.sent_at == clock.now() and row.attempts == 1 for row in rows)

    # Nothing is sent twice.
    assert await process_due(maker, mailer, clock, sender=SENDER) == 0
    assert len(smtp_server.inbox.messages) == 2


async def test_scheduled_mail_waits_for_its_time(
    clean_database: AsyncEngine, clock: FixedClock, smtp_server: SmtpServer
) -> None:
    maker = create_session_maker(clean_database)
    async with maker() as session:
        enqueue_mail(
            session,
            to="sam@example.org",
            subject="Tomorrow",
            body="A reminder.",
            now=clock.now(),
            due_at=clock.now() + timedelta(hours=20),
        )
        await session.commit()
    mailer = SmtpMailer(SmtpSettings.from_url(smtp_server.url))

    assert await process_due(maker, mailer, clock, sender=SENDER) == 0
    clock.advance(timedelta(hours=20))
    assert await process_due(maker, mailer, clock, sender=SENDER) == 1
    assert [m["Subject"] for m in smtp_server.inbox.messages] == ["Tomorrow"]


async def test_failures_are_retried_with_growing_pauses_then_recorded(
    clean_database: AsyncEngine, clock: FixedClock, smtp_server: SmtpServer
) -> None:
    maker = create_session_maker(clean_database)
    async with maker() as session:
        enqueue_mail(session, to="sam@example.org", subject="Hello", body="Hi.", now=clock.now())
        await session.commit()
    down = SmtpMailer(SmtpSettings.from_url(f"smtp://127.0.0.1:{free_port()}?starttls=false"))

    assert await process_due(maker, down, clock, sender=SENDER) == 0
    async with maker() as session:
        row = await session.scalar(select(OutboxMessage))
        assert row is not None
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
        assert row.due_at == clock.now() + timedelta(minutes=1)
        assert row.last_error

    # Not retried before its time; then once the server is back, delivered.
    assert await process_due(maker, down, clock, sender=SENDER) == 0
    clock.advance(timedelta(minutes=1))
    working = SmtpMailer(SmtpSettings.from_url(smtp_server.url))
    assert await process_due(maker, working, clock, sender=SENDER) == 1

    async with maker() as session:
        enqueue_mail(session, to="alex@example.org", subject="Doomed", body="Hi.", now=clock.now())
        await session.commit()
    for _ in range(MAX_ATTEMPTS):
        await process_due(maker, down, clock, sender=SENDER)
        clock.advance(timedelta(hours=1))
    async with maker() as session:
        doomed = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.subject == "Doomed")
        )
        assert doomed is not None
        assert (doomed.status, doomed.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)


async def test_console_mailer_prints_the_message(
    clean_database: AsyncEngine, clock: FixedClock
) -> None:
    maker = create_session_maker(clean_database)
    async with maker() as session:
        enqueue_mail(
            session, to="sam@example.org", subject="Hello", body="A calm note.", now=clock.now()
        )
        await session.commit()
    stream = io.StringIO()
    assert await process_due(maker, ConsoleMailer(stream), clock, sender=SENDER) == 1
    printed = stream.getvalue()
    assert "To: sam@example.org" in printed
    assert "A calm note." in printed
