"""The outbox: mail is queued in the same transaction as the change that causes it.

A cancelled gathering and the message telling people about it commit together
or not at all. A background worker (one per app process; several processes are
safe) claims due messages, sends them through the mailer, and retries failures
with growing pauses before giving up and recording why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from enum import StrEnum
from typing import Final

from sqlalchemy import Index, Integer, String, Text, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.clock import Clock
from planner.core.db import Base, DateTimeUTC, begin_write
from planner.core.mail import Mailer
from planner.core.models import enum_column

logger = logging.getLogger(__name__)

MAX_ATTEMPTS: Final = 6
CLAIM_SECONDS: Final = 120
"""How long a worker owns a claimed message before another may retry it."""


class OutboxStatus(StrEnum):
    """Where a message is on its way out."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(Base):
    """One email waiting to be sent (or sent, kept briefly for the record)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column(OutboxStatus), default=OutboxStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    """Not before: now for most mail, later for reminders and retries."""
    claimed_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), default=None)


def enqueue_mail(
    session: AsyncSession,
    *,
    to: str,
    subject: str,
    body: str,
    now: datetime,
    due_at: datetime | None = None,
) -> OutboxMessage:
    """Queue a message in the caller's transaction (it is sent only if that commits)."""
    message = OutboxMessage(
        to_address=to,
        subject=subject,
        body_text=body,
        created_at=now,
        due_at=due_at or now,
        status=OutboxStatus.PENDING,
        attempts=0,
        last_error="",
    )
    session.add(message)
    return message


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8, 16 minutes between tries."""
    return timedelta(minutes=2 ** max(0, attempts - 1))


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 message for an outbox row."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain="stepwise.invalid")
    email.set_content(message.body_text)
    return email


async def _claim(
    maker: async_sessionmaker[AsyncSession], now: datetime, batch: int
) -> list[OutboxMessage]:
    async with maker() as session:
        await begin_write(session)
        due = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.due_at <= now,
                (OutboxMessage.claimed_until.is_(None)) | (OutboxMessage.claimed_until < now),
            )
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(batch)
            # PostgreSQL: concurrent workers skip each other's rows instead of waiting.
            # SQLite: dropped by SQLAlchemy; BEGIN IMMEDIATE already serialises claims.
            .with_for_update(skip_locked=True)
        )
        ids = list(await session.scalars(due))
        if not ids:
            return []
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        )
        claimed = list(
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
            )
        )
        await session.commit()
        return claimed


async def process_due(
    maker: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    clock: Clock,
    *,
    sender: str,
    batch: int = 20,
) -> int:
    """Send every message that is due now; returns how many were sent."""
    sent = 0
    while claimed := await _claim(maker, clock.now(), batch):
        for message in claimed:
            error = ""
            try:
                await mailer.send(build_email(message, sender))
            except Exception as exc:  # noqa: BLE001 - any failure is retried, never lost
                error = f"{type(exc).__name__}: {exc}"[:1000]
                logger.warning("Outbox message %s failed: %s", message.id, error)
            await _record(maker, message.id, clock.now(), error)
            sent += not error
        if len(claimed) < batch:
            break
    return sent


async def _record(
    maker: async_sessionmaker[AsyncSession], message_id: int, now: datetime, error: str
) -> None:
    async with maker() as session:
        await begin_write(session)
        message = await session.get_one(OutboxMessage, message_id, with_for_update=True)
        message.claimed_until = None
        message.attempts += 1
        if not error:
            message.status = OutboxStatus.SENT
            message.sent_at = now
            message.last_error = ""
        elif message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            message.last_error = error
        else:
            message.last_error = error
            message.due_at = now + retry_delay(message.attempts)
        await session.commit()


@contextlib.asynccontextmanager
async def running_worker(
    maker: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    clock: Clock,
    *,
    sender: str,
    poll_seconds: float,
    producers: Sequence[Callable[[datetime], Awaitable[object]]] = (),
) -> AsyncIterator[asyncio.Task[None]]:
    """Run the outbox loop for as long as the app lives (a Litestar lifespan).

    ``producers`` run first on every pass, with the current time, to queue mail that
    becomes due by the clock rather than by a request (reminders)."""

    async def loop() -> None:
        while True:
            try:
                for produce in producers:
                    await produce(clock.now())
                await process_due(maker, mailer, clock, sender=sender)
            except Exception:
                logger.exception("Outbox worker pass failed; trying again shortly")
            await asyncio.sleep(poll_seconds)

    task = asyncio.create_task(loop(), name="outbox-worker")
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
