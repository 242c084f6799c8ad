"""Public calendars: one gathering's .ics file, a feed for any search, an organiser's feed.

They show what the public pages show, nothing more (never the online link, which is
for people holding a place). A feed holds gatherings that haven't ended, soonest
first, at most :data:`FEED_LIMIT` of them, and keeps a cancelled gathering for
:data:`CANCELLED_KEPT` after its last change, so a calendar that subscribed before
the cancellation shows it as cancelled rather than letting it silently vanish.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from planner.accounts.models import Account, OrganiserStatus
from planner.calendar.entries import event_entry
from planner.calendar.writer import CalendarEntry, render_calendar
from planner.core.geo import Point
from planner.events.models import Event, not_ended
from planner.events.search import EventSearch, SortOrder
from planner.events.services import listed_status, upcoming_event_ids
from planner.events.suggestions import describe_search

FEED_LIMIT: Final = 200
"""The most gatherings one feed holds (the soonest); a calendar needn't hold a year."""
CANCELLED_KEPT: Final = timedelta(days=30)
"""How long a cancelled gathering stays in feeds after its last change: far longer
than any calendar app waits between fetches."""
FEED_REFRESH: Final = timedelta(hours=6)
"""How often subscribed calendar apps are asked to fetch a feed again."""
SITE_NAME: Final = "Stepwise"
EVENTS_FEED_PATH: Final = "/feeds/events.ics"


@dataclass(frozen=True, slots=True)
class PublicCalendar:
    """A calendar ready to be written: its name and its entries."""

    name: str
    entries: tuple[CalendarEntry, ...]
    refresh: timedelta | None = None

    @property
    def version(self) -> str:
        """Changes whenever anything the file says changes (except DTSTAMP, which is the
        moment of writing): an ETag, so a calendar app polling an unchanged feed gets
        a 304."""
        digest = hashlib.sha256(repr((self.name, self.refresh, self.entries)).encode())
        return digest.hexdigest()[:32]

    def render(self, stamp: datetime) -> str:
        """The iCalendar text, stamped with the moment it was written."""
        return render_calendar(self.entries, name=self.name, stamp=stamp, refresh=self.refresh)


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """The two ways to offer a feed: ``webcal://`` opens the calendar app and
    subscribes; the https address is for pasting into a calendar's "add by URL"."""

    https: str
    webcal: str


def feed_links(base_url: str, path: str) -> FeedLinks:
    """Absolute links to ``path`` (with its query) on the public site."""
    https = f"{base_url.rstrip('/')}{path}"
    parts = urlsplit(https)
    webcal = parts._replace(scheme="webcal").geturl()
    return FeedLinks(https=https, webcal=webcal)


def search_feed_query(search: EventSearch) -> str:
    """The query string of a search's feed: its filters, without page or order (a
    calendar holds every match and orders by time itself)."""
    return search.relaxed(sort=SortOrder.DATE).query_string(page=1)


def search_feed_path(search: EventSearch) -> str:
    """``/feeds/events.ics`` with the search's filters."""
    query = search_feed_query(search)
    return f"{EVENTS_FEED_PATH}?{query}" if query else EVENTS_FEED_PATH


def organiser_feed_path(organiser_id: int) -> str:
    """An organiser's public feed."""
    return f"/feeds/organisers/{organiser_id}.ics"


def event_file_path(slug: str) -> str:
    """One gathering's .ics file."""
    return f"/events/{slug}.ics"


def event_calendar(event: Event, base_url: str) -> PublicCalendar:
    """One gathering (its venue loaded) as a calendar file of its own."""
    return PublicCalendar(name=SITE_NAME, entries=(event_entry(event, base_url),))


def search_feed_name(
    search: EventSearch, tag_labels: Mapping[str, str], place_label: str | None
) -> str:
    """The calendar's name in the subscriber's app: the search in words."""
    described = describe_search(search, tag_labels, place_label)
    return f"{SITE_NAME}: gatherings {described}" if described else f"{SITE_NAME}: gatherings"


async def _events_by_id(session: AsyncSession, ids: Sequence[int]) -> list[Event]:
    """The gatherings with their venues, in one query, in the order of ``ids``."""
    if not ids:
        return []
    found = await session.scalars(
        select(Event).where(Event.id.in_(ids)).options(joinedload(Event.venue))
    )
    by_id = {event.id: event for event in found}
    return [by_id[event_id] for event_id in ids if event_id in by_id]


async def search_calendar(
    session: AsyncSession,
    search: EventSearch,
    *,
    origin: Point | None,
    name: str,
    now: datetime,
    zone: ZoneInfo,
    base_url: str,
) -> PublicCalendar:
    """The feed of a search: what ``/events`` lists for it (upcoming only), and the
    gatherings among those cancelled in the last :data:`CANCELLED_KEPT`."""
    ids = await upcoming_event_ids(
        session,
        search,
        now=now,
        zone=zone,
        limit=FEED_LIMIT,
        origin=origin,
        cancelled_since=now - CANCELLED_KEPT,
    )
    events = await _events_by_id(session, ids)
    return PublicCalendar(
        name=name,
        entries=tuple(event_entry(event, base_url) for event in events),
        refresh=FEED_REFRESH,
    )


async def get_verified_organiser(session: AsyncSession, organiser_id: int) -> Account | None:
    """An organiser whose gatherings the public may see, or None."""
    return await session.scalar(
        select(Account).where(
            Account.id == organiser_id, Account.organiser_status == OrganiserStatus.VERIFIED
        )
    )


async def organiser_calendar(
    session: AsyncSession, organiser: Account, *, now: datetime, base_url: str
) -> PublicCalendar:
    """A verified organiser's upcoming gatherings (and recent cancellations)."""
    events = await session.scalars(
        select(Event)
        .where(
            Event.organiser_id == organiser.id,
            listed_status(now - CANCELLED_KEPT),
            not_ended(now),
        )
        .options(joinedload(Event.venue))
        .order_by(Event.starts_at, Event.id)
        .limit(FEED_LIMIT)
    )
    return PublicCalendar(
        name=f"{SITE_NAME}: gatherings hosted by {organiser.display_name}",
        entries=tuple(event_entry(event, base_url) for event in events),
        refresh=FEED_REFRESH,
    )
