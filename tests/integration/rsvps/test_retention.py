"""`planner purge`: replies of gatherings long over go, with everything hanging on
them; recent ones, gatherings, venues and accounts stay."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.calendar.models import CalendarFeed, EventImport, ImportStatus, RsvpReminder
from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.core.outbox import OutboxMessage, OutboxStatus, enqueue_mail
from planner.events.models import Event
from planner.rsvps.models import AllyInvite, AllyStatus, Rsvp, RsvpStatus, SafetyPlan
from planner.rsvps.retention import purge
from planner.rsvps.tokens import new_salt, new_token
from tests.factories import make_event, make_organiser

DAYS = 90


def _reply(event: Event, name: str, when: datetime, feed: CalendarFeed | None = None) -> Rsvp:
    rsvp = Rsvp(
        event_id=event.id,
        pseudonym=name,
        contact_email=f"{name.lower()}@example.org",
        status=RsvpStatus.CONFIRMED,
        access_needs="A seat near the door",
        manage_token_hash=new_token()[1],
        created_at=when,
        updated_at=when,
    )
    rsvp.allies = [
        AllyInvite(
            name="Robin",
            token_hash=new_token()[1],
            link_salt=new_salt(),
            status=AllyStatus.ACCEPTED,
        )
    ]
    rsvp.safety_plan = SafetyPlan(triggers="Loud noises")
    rsvp.reminders = [RsvpReminder(minutes_before=1440, due_at=event.starts_at)]
    rsvp.calendar_feed = feed
    return rsvp


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    async with create_session_maker(engine)() as session:
        tables = {
            "rsvps": Rsvp,
            "allies": AllyInvite,
            "plans": SafetyPlan,
            "reminders": RsvpReminder,
            "messages": OutboxMessage,
            "imports": EventImport,
            "feeds": CalendarFeed,
            "events": Event,
        }
        return {
            name: await session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in tables.items()
        }


async def _arrange(session: AsyncSession, now: datetime) -> tuple[Event, Event]:
    organiser = await make_organiser(session)
    long_ago = now - timedelta(days=DAYS + 10)
    old = await make_event(session, organiser=organiser, starts_at=long_ago, places_taken=2)
    recent = await make_event(
        session, organiser=organiser, starts_at=now - timedelta(days=DAYS - 10), places_taken=2
    )
    empty_feed = CalendarFeed(token_hash=new_token()[1], salt=new_salt(), created_at=long_ago)
    kept_feed = CalendarFeed(token_hash=new_token()[1], salt=new_salt(), created_at=long_ago)
    session.add_all(
        [
            _reply(old, "Old", long_ago, empty_feed),
            _reply(recent, "Recent", long_ago, kept_feed),
            EventImport(
                organiser_id=organiser.id,
                filename="old.ics",
                status=ImportStatus.REVIEW,
                created_at=long_ago,
                updated_at=long_ago,
            ),
        ]
    )
    enqueue_mail(
        session, to="old@example.org", subject="Sent", body="x", now=long_ago
    ).status = OutboxStatus.SENT
    enqueue_mail(
        session, to="new@example.org", subject="Sent", body="x", now=now
    ).status = OutboxStatus.SENT
    await session.commit()
    return old, recent


async def test_purge_keeps_only_what_is_still_useful(
    session: AsyncSession, clock: FixedClock, clean_database: AsyncEngine
) -> None:
    old, recent = await _arrange(session, clock.now())
    before = await _counts(clean_database)
    assert before == {
        "rsvps": 2,
        "allies": 2,
        "plans": 2,
        "reminders": 2,
        "messages": 2,
        "imports": 1,
        "feeds": 2,
        "events": 2,
    }

    async with create_session_maker(clean_database)() as writer:
        purged = await purge(writer, now=clock.now(), retention_days=DAYS)
        await writer.commit()
    assert (purged.rsvps, purged.messages, purged.imports, purged.feeds) == (1, 1, 1, 1)
    assert await _counts(clean_database) == {
        "rsvps": 1,
        "allies": 1,
        "plans": 1,
        "reminders": 1,
        "messages": 1,
        "imports": 0,
        "feeds": 1,
        "events": 2,
    }
    async with create_session_maker(clean_database)() as check:
        left = await check.scalar(select(Rsvp.pseudonym))
        places = dict(
            (await check.execute(select(Event.id, Event.places_taken).order_by(Event.id))).all()
        )
    assert left == "Recent"
    assert places == {old.id: 0, recent.id: 2}

    # Again: nothing more to delete.
    async with create_session_maker(clean_database)() as writer:
        again = await purge(writer, now=clock.now(), retention_days=DAYS)
        await writer.commit()
    assert (again.rsvps, again.messages, again.imports, again.feeds) == (0, 0, 0, 0)


async def test_the_command_applies_the_configured_retention(
    session: AsyncSession,
    clock: FixedClock,
    clean_database: AsyncEngine,
    database_url: str,
    tmp_path: Path,
) -> None:
    await _arrange(session, clock.now())
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")} | {
        "PLANNER_DATABASE_URL": database_url,
        "PLANNER_VAR_DIR": str(tmp_path),
        "PLANNER_RETENTION_DAYS": str(DAYS),
    }
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "planner", "purge"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert f"Kept everything from the last {DAYS} days. Deleted 1 replies" in result.stdout
    assert (await _counts(clean_database))["rsvps"] == 1
