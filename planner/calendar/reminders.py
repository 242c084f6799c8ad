"""Reminders people choose for their RSVP, and the emails the worker sends for them.

A reminder is a preference ("the day before") kept as a row whose ``due_at`` follows
the gathering: when the organiser moves it, the reminders move with it. The outbox
worker calls :func:`queue_due_reminders` on every pass; each due reminder becomes
one email in the outbox (if the person gave an address and still holds a place) and
is marked handled in the same transaction, so it is never sent twice, even with
several workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload

from planner.calendar.models import RsvpReminder
from planner.core.db import begin_write
from planner.core.outbox import enqueue_mail
from planner.events.models import Event, EventStatus
from planner.events.timing import span_words
from planner.rsvps.models import Rsvp, RsvpStatus

REMINDER_CHOICES: Final = {
    10080: "A week before",
    1440: "The day before",
    120: "Two hours before",
    60: "An hour before",
}
"""Minutes before the start, and how each choice reads on the page."""

SIGN_OFF: Final = "Go gently,\nStepwise"


def reminder_label(minutes: int) -> str:
    """How a chosen reminder reads ("The day before")."""
    return REMINDER_CHOICES.get(minutes, f"{minutes} minutes before")


def set_reminders(rsvp: Rsvp, event: Event, minutes: Iterable[int], now: datetime) -> None:
    """Make the RSVP's reminders exactly ``minutes`` (its ``reminders`` must be loaded).

    Kept reminders keep their state; new ones whose moment has already passed are
    marked handled at once: a "week before" reminder chosen two days before would
    otherwise arrive straight away, which is not what anyone asked for."""
    wanted = set(minutes)
    rsvp.reminders = [reminder for reminder in rsvp.reminders if reminder.minutes_before in wanted]
    have = {reminder.minutes_before for reminder in rsvp.reminders}
    for minutes_before in sorted(wanted - have, reverse=True):
        due_at = event.starts_at - timedelta(minutes=minutes_before)
        rsvp.reminders.append(
            RsvpReminder(
                minutes_before=minutes_before,
                due_at=due_at,
                handled_at=now if due_at <= now else None,
            )
        )


async def reschedule_reminders(session: AsyncSession, event: Event, now: datetime) -> None:
    """Move every reminder for ``event`` with its new start time.

    A reminder whose new moment is still ahead is armed again (even if it went out for
    the old time); one whose moment has now passed is not sent late."""
    reminders: Sequence[RsvpReminder] = list(
        await session.scalars(
            select(RsvpReminder)
            .join(Rsvp, Rsvp.id == RsvpReminder.rsvp_id)
            .where(Rsvp.event_id == event.id)
        )
    )
    for reminder in reminders:
        reminder.due_at = event.starts_at - timedelta(minutes=reminder.minutes_before)
        if reminder.due_at > now:
            reminder.handled_at = None
        elif reminder.handled_at is None:
            reminder.handled_at = now


def _when(event: Event) -> str:
    return span_words(event.starts_at, event.ends_at, event.timezone)


def _reminder_body(rsvp: Rsvp, event: Event, minutes_before: int) -> tuple[str, str]:
    ahead = reminder_label(minutes_before).lower().replace(" before", "")
    place = (
        "Online"
        if event.venue is None
        else f"{event.venue.address}"
        if rsvp.discreet_title
        else f"{event.venue.name}, {event.venue.address}"
    )
    if rsvp.discreet_title:
        # The person asked for a neutral title: the email says no more than their calendar.
        subject = f"Reminder: {rsvp.discreet_title}, {_when(event)}"
        body = (
            f"Hello {rsvp.pseudonym},\n\nA gentle reminder, {ahead} ahead: "
            f"{rsvp.discreet_title}.\n\nWhen: {_when(event)}\nWhere: {place}\n\n"
            "Your private link has the details. If you'd rather not go, you can step back "
            f"there with one click, no reason needed.\n\n{SIGN_OFF}\n"
        )
        return subject, body
    subject = f"Reminder: {event.title}, {_when(event)}"
    exit_plan = (
        "\n\nIf you need to leave: you can go at any time; no goodbye needed."
        if event.exit_no_goodbye_needed
        else ""
    )
    body = (
        f"Hello {rsvp.pseudonym},\n\nA gentle reminder, {ahead} ahead: you have a place at "
        f"{event.title}.\n\nWhen: {_when(event)}\nWhere: {place}{exit_plan}\n\n"
        "Your private link has the plan. If you'd rather not go, you can step back there "
        f"with one click, no reason needed.\n\n{SIGN_OFF}\n"
    )
    return subject, body


async def queue_due_reminders(
    maker: async_sessionmaker[AsyncSession], now: datetime, *, batch: int = 200
) -> int:
    """Turn every reminder due by ``now`` into an outbox email; returns how many emails.

    Reminders for people without an email, who stepped back or are still waiting,
    or for gatherings that were cancelled or have started, are marked handled
    without a message."""
    queued = 0
    while True:
        async with maker() as session:
            await begin_write(session)
            due = list(
                await session.scalars(
                    select(RsvpReminder)
                    .where(RsvpReminder.handled_at.is_(None), RsvpReminder.due_at <= now)
                    .order_by(RsvpReminder.due_at, RsvpReminder.id)
                    .limit(batch)
                    # PostgreSQL: workers skip each other's rows; SQLite: BEGIN IMMEDIATE.
                    .with_for_update(skip_locked=True)
                )
            )
            if not due:
                return queued
            rsvps = {
                rsvp.id: rsvp
                for rsvp in await session.scalars(
                    select(Rsvp)
                    .where(Rsvp.id.in_({reminder.rsvp_id for reminder in due}))
                    .options(joinedload(Rsvp.event).joinedload(Event.venue))
                )
            }
            for reminder in due:
                reminder.handled_at = now
                rsvp = rsvps[reminder.rsvp_id]
                event = rsvp.event
                if (
                    rsvp.status is RsvpStatus.CONFIRMED
                    and rsvp.contact_email
                    and event.status is EventStatus.PUBLISHED
                    and event.starts_at > now
                ):
                    subject, body = _reminder_body(rsvp, event, reminder.minutes_before)
                    enqueue_mail(
                        session, to=rsvp.contact_email, subject=subject, body=body, now=now
                    )
                    queued += 1
            await session.commit()
            if len(due) < batch:
                return queued
