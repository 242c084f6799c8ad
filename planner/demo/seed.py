"""``planner demo``: fill a database with the demo organisers, places and gatherings.

Dates are computed from ``now`` so the demo never goes stale: series reach back
three weeks and forward eight, each occurrence at a sensible wall-clock time in
the UK (10:00 stays 10:00 across the clocks changing) and stored in UTC.
Nothing is random, so the same ``now`` always gives the same rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, Role
from planner.core.db import begin_write
from planner.demo.data import (
    EVENTS,
    ORGANISERS,
    TIMEZONE,
    VENUES,
    EventTemplate,
    Once,
    Schedule,
    VenueSeed,
    Weekly,
)
from planner.demo.replies import seed_replies
from planner.events.models import Event, EventStatus
from planner.events.tags import DERIVED_TAGS
from planner.tags.models import AccessibilityTag
from planner.venues.models import Venue

SLUG_MAX: Final = 140
"""The width of ``events.slug``."""

ZONE: Final = ZoneInfo(TIMEZONE)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a seeding run did."""

    organisers: int
    venues: int
    events: int
    already_seeded: bool
    replies: int = 0


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One dated gathering made from a template."""

    template: EventTemplate
    starts_at: datetime
    ends_at: datetime


async def seed_demo(session: AsyncSession, now: datetime) -> DemoSummary:
    """Add the demo organisers, venues and gatherings, unless they are already there.

    ``now`` must be timezone-aware; gatherings are placed around it. Flushes but
    does not commit: the caller owns the transaction. Call it on a fresh session
    so that, on SQLite, the write lock is taken before the "already seeded?" check.
    """
    if now.utcoffset() is None:
        msg = "seed_demo needs a timezone-aware 'now'"
        raise ValueError(msg)
    if not session.in_transaction():
        # We read ("is the demo there?") and then write on the strength of it; two
        # `planner demo` runs at once must not both decide to seed.
        await begin_write(session)

    first_email = ORGANISERS[0].email
    if await session.scalar(select(Account.id).where(Account.email == first_email)) is not None:
        return DemoSummary(organisers=0, venues=0, events=0, already_seeded=True)

    tags = await _load_tags(session)
    accounts = {
        seed.key: Account(
            email=seed.email.lower(),
            display_name=seed.display_name,
            role=Role.ORGANISER,
            organiser_status=seed.status,
        )
        for seed in ORGANISERS
    }
    venues = {seed.key: _venue(seed, accounts[seed.organiser], tags) for seed in VENUES}
    taken = set(await session.scalars(select(Event.slug)))
    events = [
        _event(occurrence, accounts, venues, tags, taken) for occurrence in occurrences(EVENTS, now)
    ]

    session.add_all([*accounts.values(), *venues.values(), *events])
    await session.flush()
    replies = await seed_replies(session, events, now)
    return DemoSummary(
        organisers=len(accounts),
        venues=len(venues),
        events=len(events),
        already_seeded=False,
        replies=replies,
    )


async def _load_tags(session: AsyncSession) -> dict[str, AccessibilityTag]:
    tags = {tag.key: tag for tag in await session.scalars(select(AccessibilityTag))}
    wanted = {key for seed in VENUES for key in seed.tags} | {
        key for template in EVENTS for key in template.tags
    }
    missing = sorted(wanted - tags.keys())
    if missing:
        # The vocabulary comes from a migration; without it the demo would silently
        # lose its access information, which is the point of the demo.
        msg = f"accessibility tags missing (run the migrations first): {', '.join(missing)}"
        raise RuntimeError(msg)
    derived = sorted(wanted & DERIVED_TAGS.keys())
    if derived:
        # Derived tags follow from an event's fields (planner/events/tags.py); attaching
        # them by hand would let the label and the facts disagree.
        msg = f"demo data attaches derived tags by hand: {', '.join(derived)}"
        raise RuntimeError(msg)
    return tags


def _venue(seed: VenueSeed, organiser: Account, tags: dict[str, AccessibilityTag]) -> Venue:
    return Venue(
        organiser=organiser,
        name=seed.name,
        address=seed.address,
        city=seed.city,
        latitude=seed.latitude,
        longitude=seed.longitude,
        quiet_room_description=seed.quiet_room_description,
        exits_description=seed.exits_description,
        transit_notes=seed.transit_notes,
        parking_notes=seed.parking_notes,
        tags=[tags[key] for key in seed.tags],
    )


def _event(
    occurrence: Occurrence,
    accounts: dict[str, Account],
    venues: dict[str, Venue],
    tags: dict[str, AccessibilityTag],
    taken: set[str],
) -> Event:
    template = occurrence.template
    venue = venues[template.venue] if template.venue is not None else None
    place = venue.city if venue is not None else "online"
    local_day = occurrence.starts_at.astimezone(ZONE).date()
    return Event(
        slug=unique_slug(template.title, local_day, place, taken),
        organiser=accounts[template.organiser],
        venue=venue,
        title=template.title,
        summary=template.summary,
        description=template.description,
        expect_steps=list(template.expect_steps),
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        timezone=TIMEZONE,
        attendance_mode=template.mode,
        online_url=template.online_url,
        capacity=template.capacity,
        noise=template.noise,
        lighting=template.lighting,
        interaction=template.interaction,
        scheduled_breaks=template.scheduled_breaks,
        quiet_room=template.quiet_room,
        come_and_go=template.come_and_go,
        break_notes=template.break_notes,
        exit_no_goodbye_needed=True,
        exit_contact=template.exit_contact,
        exit_plan=template.exit_plan,
        content_notes=template.content_notes,
        allies_welcome=template.allies_welcome,
        status=template.status,
        # A cancellation is news for anyone who said yes (DESIGN.md §2.1), so a
        # cancelled gathering has already moved one step past its first version.
        sequence=1 if template.status is EventStatus.CANCELLED else 0,
        tags=[tags[key] for key in template.tags],
    )


def occurrences(templates: tuple[EventTemplate, ...], now: datetime) -> list[Occurrence]:
    """Every dated gathering the templates give around ``now``, in start order."""
    today = now.astimezone(ZONE).date()
    found = [
        Occurrence(template, start, start + timedelta(minutes=template.minutes))
        for template in templates
        for day in schedule_days(template.schedule, today)
        for start in [local_to_utc(day, template.schedule)]
    ]
    # Sorting makes ids follow time, which is what anyone browsing the tables expects.
    return sorted(found, key=lambda item: (item.starts_at, item.template.title))


def local_to_utc(day: date, schedule: Schedule) -> datetime:
    """The schedule's wall-clock start on ``day`` in the UK, as an aware UTC instant."""
    return datetime.combine(day, schedule.start, tzinfo=ZONE).astimezone(UTC)


def schedule_days(schedule: Schedule, today: date) -> list[date]:
    """The local dates a schedule falls on, relative to ``today``."""
    if isinstance(schedule, Once):
        return [today + timedelta(days=schedule.day)]
    first = today + timedelta(days=schedule.first_day)
    last = today + timedelta(days=schedule.last_day)
    if isinstance(schedule, Weekly):
        start = first + timedelta(days=(schedule.weekday - first.weekday()) % 7)
        step = timedelta(weeks=schedule.every_weeks)
        return list(_every(start, last, step))
    return [
        day
        for month_start in _month_starts(first, last)
        for day in [nth_weekday(month_start, schedule.weekday, schedule.nth)]
        if first <= day <= last
    ]


def _every(start: date, last: date, step: timedelta) -> Iterator[date]:
    day = start
    while day <= last:
        yield day
        day += step


def _month_starts(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def nth_weekday(month_start: date, weekday: int, nth: int) -> date:
    """The ``nth`` ``weekday`` of the month (1 = first; -1 = last)."""
    if nth == -1:
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        last_day = next_month - timedelta(days=1)
        return last_day - timedelta(days=(last_day.weekday() - weekday) % 7)
    first = month_start + timedelta(days=(weekday - month_start.weekday()) % 7)
    return first + timedelta(weeks=nth - 1)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens ("Café & cake" → "cafe-and-cake")."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("&", " and "))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def unique_slug(title: str, day: date, place: str, taken: set[str]) -> str:
    """``title-yyyy-mm-dd-place``, with a counter if that is taken; records the result."""
    suffix = f"-{day.isoformat()}-{slugify(place)}"
    # Leave room for a "-NN" counter so a collision never pushes past the column width.
    head = slugify(title)[: SLUG_MAX - len(suffix) - 3].rstrip("-")
    slug = head + suffix
    counter = 2
    while slug in taken:
        slug = f"{head}{suffix}-{counter}"
        counter += 1
    taken.add(slug)
    return slug
