"""An organiser's own gatherings: create, edit, duplicate, publish, cancel, repeat.

Every function here takes the organiser and only ever finds their own rows, so a
controller cannot leak another organiser's event by passing the wrong id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from planner.accounts.models import Account
from planner.calendar.reminders import reschedule_reminders
from planner.demo.seed import SLUG_MAX, slugify
from planner.events.forms import MAX_OCCURRENCES, EventInput
from planner.events.models import Event, EventSeries, EventStatus, Frequency
from planner.events.timing import span_words
from planner.rsvps.services import (
    Change,
    Links,
    change_capacity,
    tell_people_of_cancellation,
    tell_people_of_change,
)
from planner.tags.models import AccessibilityTag
from planner.venues.models import Venue

SCHEDULE_FIELDS: Final = ("starts_at", "ends_at", "venue_id", "attendance_mode", "online_url")
"""Changes the people who said yes must hear about (they bump ``sequence``)."""

NOT_COPIED: Final = frozenset(
    {
        "id",
        "slug",
        "status",
        "sequence",
        "series_id",
        "created_at",
        "updated_at",
        "cancellation_message",
        "comfort_level",
        "organiser_id",
    }
)
"""What a duplicate starts afresh: identity, state, and the series it isn't part of."""


class EditScope(StrEnum):
    """Which occurrences of a series an edit changes."""

    THIS = "this"
    FOLLOWING = "following"


@dataclass(frozen=True, slots=True)
class Updated:
    """What an edit changed: the gatherings, and how many people were told."""

    events: list[Event]
    notices: int
    changes: tuple[str, ...] = ()
    """What people were told changed ("When", "Where"...)."""


@dataclass(frozen=True, slots=True)
class DashboardCounts:
    """The organiser's dashboard, in numbers."""

    upcoming: list[Event]
    drafts: int
    recent_cancellations: int


def occurrence_starts(
    first: datetime, frequency: Frequency | None, until: date | None
) -> list[datetime]:
    """Start times of every occurrence, keeping the first one's local wall-clock time
    across daylight-saving changes ("10:00 in London" stays 10:00, summer or winter).

    ``first`` is aware, in the event's own zone. Monthly means the same weekday in the
    same week of the month ("the second Tuesday"); a month without a fifth Tuesday is
    skipped rather than moved.
    """
    if frequency is None or until is None:
        return [first]
    zone = first.tzinfo
    wall = first.replace(tzinfo=None)
    starts: list[datetime] = []
    if frequency is Frequency.WEEKLY:
        moment = wall
        while moment.date() <= until and len(starts) < MAX_OCCURRENCES:
            starts.append(moment.replace(tzinfo=zone))
            moment += timedelta(weeks=1)
        return starts
    week = (wall.day - 1) // 7
    year, month = wall.year, wall.month
    while len(starts) < MAX_OCCURRENCES:
        month_start = date(year, month, 1)
        if month_start > until:
            break
        first_weekday = month_start + timedelta(days=(wall.weekday() - month_start.weekday()) % 7)
        day = first_weekday + timedelta(weeks=week)
        if day.month == month and day <= until:
            starts.append(datetime.combine(day, wall.time(), tzinfo=zone))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def _slug_base(title: str, day: date, place: str) -> str:
    suffix = f"-{day.isoformat()}-{slugify(place)}"
    head = slugify(title)[: SLUG_MAX - len(suffix) - 4].rstrip("-") or "gathering"
    return head + suffix


def _first_free(base: str, taken: set[str]) -> str:
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


async def _unique_slug(session: AsyncSession, title: str, day: date, place: str) -> str:
    base = _slug_base(title, day, place)
    taken = set(
        await session.scalars(
            select(Event.slug).where((Event.slug == base) | Event.slug.like(f"{base}-%"))
        )
    )
    return _first_free(base, taken)


async def _unique_slugs(session: AsyncSession, wanted: list[tuple[str, date, str]]) -> list[str]:
    """Slugs for many new gatherings at once: one indexed query for the usual case
    where none is taken, instead of a pattern search per gathering."""
    bases = [_slug_base(title, day, place) for title, day, place in wanted]
    taken: set[str] = set()
    distinct = sorted(set(bases))
    for start in range(0, len(distinct), 500):  # well under every driver's parameter limit
        chunk = distinct[start : start + 500]
        taken.update(await session.scalars(select(Event.slug).where(Event.slug.in_(chunk))))
    for base in sorted(taken):
        taken.update(await session.scalars(select(Event.slug).where(Event.slug.like(f"{base}-%"))))
    slugs = []
    for base in bases:
        slug = _first_free(base, taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs


async def _tags(session: AsyncSession, keys: list[str]) -> list[AccessibilityTag]:
    if not keys:
        return []
    return list(
        await session.scalars(select(AccessibilityTag).where(AccessibilityTag.key.in_(keys)))
    )


async def _place(session: AsyncSession, data: EventInput) -> str:
    if data.venue_id is None:
        return "online"
    venue = await session.get(Venue, data.venue_id)
    return venue.city if venue is not None else "online"


def _apply(event: Event, data: EventInput) -> None:
    event.title = data.title
    event.summary = data.summary
    event.description = data.description
    event.expect_steps = list(data.expect_steps)
    event.timezone = data.timezone
    event.attendance_mode = data.attendance_mode
    event.online_url = data.online_url
    event.venue_id = data.venue_id
    event.capacity = data.capacity
    event.noise = data.noise
    event.lighting = data.lighting
    event.interaction = data.interaction
    event.scheduled_breaks = data.scheduled_breaks
    event.quiet_room = data.quiet_room
    event.come_and_go = data.come_and_go
    event.break_notes = data.break_notes
    event.exit_no_goodbye_needed = data.exit_no_goodbye_needed
    event.exit_contact = data.exit_contact
    event.exit_plan = data.exit_plan
    event.content_notes = data.content_notes
    event.allies_welcome = data.allies_welcome


async def create_event(session: AsyncSession, organiser: Account, data: EventInput) -> list[Event]:
    """A new draft gathering; a repeating one becomes one draft per occurrence, linked
    by a series. Returns the occurrences, first first."""
    series: EventSeries | None = None
    if data.frequency is not None and data.repeat_until is not None:
        series = EventSeries(
            organiser_id=organiser.id, frequency=data.frequency, until=data.repeat_until
        )
        session.add(series)
        await session.flush()
    duration = data.ends_at - data.starts_at
    tags = await _tags(session, data.tag_keys)
    place = await _place(session, data)
    events: list[Event] = []
    for start in occurrence_starts(data.starts_at, data.frequency, data.repeat_until):
        event = Event(organiser_id=organiser.id, status=EventStatus.DRAFT, sequence=0)
        _apply(event, data)
        event.starts_at = start
        # The same length of wall-clock time, even on the night the clocks change.
        event.ends_at = (start.replace(tzinfo=None) + duration).replace(tzinfo=start.tzinfo)
        event.series_id = series.id if series is not None else None
        event.slug = await _unique_slug(session, data.title, start.date(), place)
        event.tags = list(tags)
        session.add(event)
        await session.flush()
        events.append(event)
    return events


async def create_events(
    session: AsyncSession, organiser: Account, inputs: list[EventInput]
) -> list[Event]:
    """Many single (non-repeating) draft gatherings in one go, in the caller's
    transaction: a few queries and one flush, however many there are (an import)."""
    if not inputs:
        return []
    venue_ids = {data.venue_id for data in inputs if data.venue_id is not None}
    cities: dict[int | None, str] = {None: "online"}
    if venue_ids:
        rows = await session.execute(select(Venue.id, Venue.city).where(Venue.id.in_(venue_ids)))
        cities.update((venue_id, city) for venue_id, city in rows)
    slugs = await _unique_slugs(
        session,
        [(data.title, data.starts_at.date(), cities[data.venue_id]) for data in inputs],
    )
    events: list[Event] = []
    for data, slug in zip(inputs, slugs, strict=True):
        event = Event(organiser_id=organiser.id, status=EventStatus.DRAFT, sequence=0)
        _apply(event, data)
        event.starts_at = data.starts_at
        event.ends_at = data.ends_at
        event.series_id = None
        event.slug = slug
        event.tags = await _tags(session, data.tag_keys) if data.tag_keys else []
        events.append(event)
    session.add_all(events)
    await session.flush()
    return events


async def get_own_event(session: AsyncSession, organiser: Account, event_id: int) -> Event | None:
    """One of the organiser's gatherings (with tags and venue), or None for anyone else's."""
    return await session.scalar(
        select(Event)
        .where(Event.id == event_id, Event.organiser_id == organiser.id)
        .options(selectinload(Event.tags), selectinload(Event.venue))
    )


async def get_own_event_by_slug(
    session: AsyncSession, organiser: Account, slug: str
) -> Event | None:
    """The same, by slug (the API's handle)."""
    event_id = await session.scalar(
        select(Event.id).where(Event.slug == slug, Event.organiser_id == organiser.id)
    )
    return await get_own_event(session, organiser, event_id) if event_id is not None else None


async def list_own_events(session: AsyncSession, organiser: Account) -> list[Event]:
    """Every gathering of the organiser, soonest first."""
    return list(
        await session.scalars(
            select(Event)
            .where(Event.organiser_id == organiser.id)
            .options(selectinload(Event.venue))
            .order_by(Event.starts_at, Event.id)
        )
    )


def _wall(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


async def update_event(
    session: AsyncSession,
    organiser: Account,
    event: Event,
    data: EventInput,
    scope: EditScope = EditScope.THIS,
    *,
    now: datetime,
    links: Links,
) -> Updated:
    """Change a gathering (or it and the rest of its series). When time, place, format
    or online link of a published one changes, ``sequence`` goes up (calendars update),
    reminders move with it, and everyone who said yes or is waiting is emailed exactly
    what changed, in the same transaction.

    The crowd-size limit changes through :func:`change_capacity`: it can't go below
    places already taken (:class:`CapacityBelowPlacesTaken`), and raising it confirms
    people from the waitlist.
    """
    targets = [event]
    if scope is EditScope.FOLLOWING and event.series_id is not None:
        targets = list(
            await session.scalars(
                select(Event)
                .where(
                    Event.series_id == event.series_id,
                    Event.organiser_id == organiser.id,
                    Event.starts_at >= event.starts_at,
                    Event.status != EventStatus.CANCELLED,
                )
                .options(selectinload(Event.tags))
                .order_by(Event.starts_at)
            )
        )
    zone = ZoneInfo(data.timezone)
    # Each later occurrence moves by the same wall-clock shift as this one.
    shift = _wall(data.starts_at, zone) - _wall(event.starts_at, event.zone)
    duration = _wall(data.ends_at, zone) - _wall(data.starts_at, zone)
    tags = await _tags(session, data.tag_keys)
    for target in targets:  # refuse before changing anything
        if data.capacity < target.places_taken:
            await change_capacity(session, target.id, data.capacity, now=now, links=links)
    befores: dict[int, dict[str, Any]] = {}
    for target in targets:
        before = {name: getattr(target, name) for name in (*SCHEDULE_FIELDS, "timezone")}
        befores[target.id] = before
        start = (_wall(target.starts_at, target.zone) + shift).replace(tzinfo=zone)
        capacity = target.capacity
        _apply(target, data)
        target.capacity = capacity  # changed below, under the event lock
        target.starts_at = start
        target.ends_at = (start.replace(tzinfo=None) + duration).replace(tzinfo=zone)
        target.tags = list(tags)
        changed = any(before[name] != getattr(target, name) for name in SCHEDULE_FIELDS)
        if changed and target.status is EventStatus.PUBLISHED:
            target.sequence += 1
    await session.flush()
    notices = 0
    told: dict[str, None] = {}
    for target in targets:
        if target.status is not EventStatus.PUBLISHED:
            continue
        before = befores[target.id]
        changes = await describe_changes(session, before, target)
        if before["starts_at"] != target.starts_at:
            await reschedule_reminders(session, target, now)
        sent = await tell_people_of_change(session, target, changes, now=now, links=links)
        notices += sent
        if sent:
            told.update(dict.fromkeys(change.what for change in changes))
    for target in targets:
        if target.capacity != data.capacity:
            await change_capacity(session, target.id, data.capacity, now=now, links=links)
    return Updated(events=targets, notices=notices, changes=tuple(told))


async def _place_words(session: AsyncSession, venue_id: int | None) -> str:
    venue = await session.get(Venue, venue_id) if venue_id is not None else None
    return "Online" if venue is None else f"{venue.name}, {venue.address}"


async def describe_changes(
    session: AsyncSession, before: dict[str, Any], event: Event
) -> list[Change]:
    """What people must hear about, old and new, from the values before an edit."""
    changes: list[Change] = []
    if (before["starts_at"], before["ends_at"]) != (event.starts_at, event.ends_at):
        changes.append(
            Change(
                "When",
                span_words(before["starts_at"], before["ends_at"], before["timezone"]),
                span_words(event.starts_at, event.ends_at, event.timezone),
            )
        )
    if before["venue_id"] != event.venue_id:
        changes.append(
            Change(
                "Where",
                await _place_words(session, before["venue_id"]),
                await _place_words(session, event.venue_id),
            )
        )
    if before["attendance_mode"] != event.attendance_mode:
        changes.append(Change("How", before["attendance_mode"].label, event.attendance_mode.label))
    if before["online_url"] != event.online_url and event.online_url:
        changes.append(Change("Online link", "", "", for_confirmed_only=True))
    return changes


async def duplicate_event(session: AsyncSession, organiser: Account, event: Event) -> Event:
    """A draft copy, a week later, outside any series."""
    copy = Event(organiser_id=organiser.id, status=EventStatus.DRAFT, sequence=0)
    for column in Event.__table__.columns:
        if column.key not in NOT_COPIED:
            setattr(copy, column.key, getattr(event, column.key))
    copy.starts_at = event.starts_at + timedelta(weeks=1)
    copy.ends_at = event.ends_at + timedelta(weeks=1)
    copy.title = event.title
    place = event.venue.city if event.venue is not None else "online"
    copy.slug = await _unique_slug(session, event.title, copy.local_start.date(), place)
    copy.tags = list(event.tags)
    session.add(copy)
    await session.flush()
    return copy


def publish_event(event: Event) -> None:
    """Make a draft (or an unpublished gathering) visible."""
    if event.status is EventStatus.DRAFT:
        event.status = EventStatus.PUBLISHED


async def publish_series_from(session: AsyncSession, organiser: Account, event: Event) -> int:
    """Publish this draft and every later draft of its series; how many were published."""
    targets = [event]
    if event.series_id is not None:
        targets = list(
            await session.scalars(
                select(Event).where(
                    Event.series_id == event.series_id,
                    Event.organiser_id == organiser.id,
                    Event.starts_at >= event.starts_at,
                    Event.status == EventStatus.DRAFT,
                )
            )
        )
    for target in targets:
        publish_event(target)
    await session.flush()
    return len(targets)


def unpublish_event(event: Event) -> None:
    """Back to a draft (only before anyone could rely on it being cancelled)."""
    if event.status is EventStatus.PUBLISHED:
        event.status = EventStatus.DRAFT


async def cancel_event(
    session: AsyncSession, event: Event, message: str, *, now: datetime, links: Links
) -> int:
    """Cancel, keeping the organiser's message; ``sequence`` goes up so calendars
    update, and everyone who said yes (or is waiting) is emailed in the same
    transaction. Returns how many messages were queued."""
    if event.status is EventStatus.CANCELLED:
        return 0
    event.status = EventStatus.CANCELLED
    event.cancellation_message = message
    event.sequence += 1
    return await tell_people_of_cancellation(session, event, message, now=now, links=links)


async def dashboard(session: AsyncSession, organiser: Account, now: datetime) -> DashboardCounts:
    """Upcoming published gatherings, how many drafts, and cancellations of the last 30 days."""
    upcoming = list(
        await session.scalars(
            select(Event)
            .where(
                Event.organiser_id == organiser.id,
                Event.status == EventStatus.PUBLISHED,
                Event.ends_at > now,
            )
            .order_by(Event.starts_at)
            .limit(20)
        )
    )
    drafts = await session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.organiser_id == organiser.id, Event.status == EventStatus.DRAFT)
    )
    cancelled = await session.scalar(
        select(func.count())
        .select_from(Event)
        .where(
            Event.organiser_id == organiser.id,
            Event.status == EventStatus.CANCELLED,
            Event.updated_at >= now - timedelta(days=30),
        )
    )
    return DashboardCounts(
        upcoming=upcoming, drafts=drafts or 0, recent_cancellations=cancelled or 0
    )
