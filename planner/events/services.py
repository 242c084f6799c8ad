"""Finding and reading published gatherings.

Search results are read lean: one query for the page's cards (only the columns a
card or the API listing shows, venue and organiser joined in), one for the
page's access tags (own and venue tags together), and a count. No ORM objects,
no per-card queries, whatever the page size.

A distance search first keeps the rows whose venue lies in a latitude/longitude
box around the place (an indexed range in SQL), then measures the exact
great-circle distance of those candidates only, in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil
from typing import Any, TypeVarTuple
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from planner.accounts.models import Account, OrganiserStatus
from planner.core.geo import Point, bounding_box, distance_km
from planner.core.geocoding import PlaceFinder, PlaceLookup
from planner.events.comfort import (
    ComfortAssessment,
    ComfortInputs,
    ComfortLevel,
    Interaction,
    Noise,
    assess_comfort,
)
from planner.events.models import AttendanceMode, Event, EventStatus, Lighting, not_ended
from planner.events.search import PER_PAGE, EventSearch, SortOrder
from planner.events.tags import DERIVED_TAGS, has_tag
from planner.events.timing import LocalTimes
from planner.tags.models import event_tags, venue_tags
from planner.venues.models import Venue

_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True, slots=True)
class VenueSummary:
    """What a card and the API listing say about the place."""

    id: int
    name: str
    address: str
    city: str
    latitude: float
    longitude: float

    @property
    def point(self) -> Point:
        """Where it is."""
        return Point(self.latitude, self.longitude)


@dataclass(slots=True)
class EventCard(LocalTimes):
    """A gathering as listed: everything a result card or ``EventOut`` needs, nothing else.

    Field names match :class:`~planner.events.models.Event`, so derived tags and the
    comfort ladder read either.
    """

    id: int
    slug: str
    title: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    attendance_mode: AttendanceMode
    capacity: int
    places_taken: int
    noise: Noise
    lighting: Lighting
    interaction: Interaction
    scheduled_breaks: bool
    quiet_room: bool
    come_and_go: bool
    allies_welcome: bool
    status: EventStatus
    comfort_level: int
    venue: VenueSummary | None
    organiser_name: str
    organiser_verified: bool
    tag_keys: list[str] = field(default_factory=list)
    distance_km: float | None = None

    @property
    def comfort_label(self) -> str:
        """The stored level's name."""
        return ComfortLevel(self.comfort_level).label

    @property
    def places_left(self) -> int:
        """Places still free under the crowd-size limit (what the API calls remaining)."""
        return max(0, self.capacity - self.places_taken)

    @property
    def comfort(self) -> ComfortAssessment:
        """Every factor with its level (the same pure function the model uses)."""
        return assess_comfort(
            ComfortInputs(
                capacity=self.capacity,
                noise=self.noise,
                duration_minutes=self.duration_minutes,
                interaction=self.interaction,
                online_only=self.attendance_mode is AttendanceMode.ONLINE,
                come_and_go=self.come_and_go,
                quiet_room=self.quiet_room,
                scheduled_breaks=self.scheduled_breaks,
            )
        )

    @property
    def in_person(self) -> bool:
        """True when there is a place to go to."""
        return self.venue is not None and self.attendance_mode is not AttendanceMode.ONLINE


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of results."""

    items: list[EventCard]
    total: int
    page: int
    per_page: int
    origin: Point | None = None
    total_capped: bool = False
    """``total`` is a floor: more gatherings match than were counted."""

    @property
    def pages(self) -> int:
        """How many pages the whole result has (at least one)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        """There is a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """There is a page after this one."""
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        """1-based position of the first item on this page."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last_number(self) -> int:
        """1-based position of the last item on this page."""
        return self.first_number + len(self.items) - 1


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a search measures distance from, and how we know.

    ``lat``/``lon`` win (they come from "Use my location" or a chosen place);
    otherwise ``near`` is looked up. ``lookup`` says what the lookup found, for the
    "did you mean" and "also called London" lines.
    """

    point: Point | None = None
    label: str | None = None
    lookup: PlaceLookup | None = None

    @property
    def place_not_found(self) -> bool:
        """A place was typed but could not be placed (unknown, or the service is down)."""
        return self.lookup is not None and not self.lookup.found


YOUR_LOCATION = "your location"


async def resolve_origin(session: AsyncSession, search: EventSearch, places: PlaceFinder) -> Origin:
    """The point a search measures from (or why there is none)."""
    if search.coordinates is not None:
        return Origin(point=search.coordinates, label=search.near or YOUR_LOCATION)
    if search.near is None:
        return Origin()
    lookup = await places.find(session, search.near)
    if lookup.place is None:
        return Origin(lookup=lookup)
    return Origin(point=lookup.place.point, label=lookup.place.label, lookup=lookup)


def hosted_by_verified_organiser() -> ColumnElement[bool]:
    """Only verified organisers reach the public: pending ones can't publish yet, and a
    suspended organiser's gatherings vanish at once."""
    return Event.organiser_id.in_(
        select(Account.id).where(Account.organiser_status == OrganiserStatus.VERIFIED)
    )


def listed_status(cancelled_since: datetime | None = None) -> ColumnElement[bool]:
    """Published gatherings; with ``cancelled_since``, also those cancelled and last
    changed since then (calendar feeds keep them, so subscribers see the cancellation)."""
    published = Event.status == EventStatus.PUBLISHED
    if cancelled_since is None:
        return published
    recently_cancelled = and_(
        Event.status == EventStatus.CANCELLED, Event.updated_at >= cancelled_since
    )
    return or_(published, recently_cancelled)


def search_conditions(
    search: EventSearch,
    now: datetime,
    zone: ZoneInfo,
    *,
    cancelled_since: datetime | None = None,
) -> list[ColumnElement[bool]]:
    """The WHERE clause for a search, without distance; without a start date, only
    what hasn't ended. Queries using it join ``accounts`` (see :func:`_from_events`):
    checking the organiser through the join is one primary-key lookup per row, where
    an ``IN (subquery)`` made SQLite build a temporary index on every search.
    ``cancelled_since`` is for feeds (see :func:`listed_status`)."""
    conditions = [
        listed_status(cancelled_since),
        Account.organiser_status == OrganiserStatus.VERIFIED,
    ]
    start, end = search.window(zone)
    conditions.append(Event.starts_at >= start if start is not None else not_ended(now))
    if end is not None:
        conditions.append(Event.starts_at < end)
    if search.level is not None:
        conditions.append(Event.comfort_level <= search.level)
    if search.mode is not None:
        conditions.append(Event.attendance_mode == search.mode)
    if search.max_size is not None:
        conditions.append(Event.capacity <= search.max_size)
    conditions.extend(has_tag(tag) for tag in search.tags)
    return conditions


def within_box(origin: Point, radius_km: float) -> list[ColumnElement[bool]]:
    """SQL: the venue lies in the box around ``origin`` (answered by the venue index),
    and the gathering happens there (online-only gatherings have no distance)."""
    box = bounding_box(origin, radius_km)
    longitudes = [Venue.longitude.between(low, high) for low, high in box.longitude_ranges()]
    return [
        Event.attendance_mode != AttendanceMode.ONLINE,
        Venue.latitude.between(box.south, box.north),
        longitudes[0] if len(longitudes) == 1 else or_(*longitudes),
    ]


_CARD_COLUMNS: tuple[Any, ...] = (
    Event.id,
    Event.slug,
    Event.title,
    Event.summary,
    Event.starts_at,
    Event.ends_at,
    Event.timezone,
    Event.attendance_mode,
    Event.capacity,
    Event.places_taken,
    Event.noise,
    Event.lighting,
    Event.interaction,
    Event.scheduled_breaks,
    Event.quiet_room,
    Event.come_and_go,
    Event.allies_welcome,
    Event.status,
    Event.comfort_level,
    Venue.id,
    Venue.name,
    Venue.address,
    Venue.city,
    Venue.latitude,
    Venue.longitude,
    Account.display_name,
    Account.organiser_status,
)


def _from_events(query: Select[*_Ts]) -> Select[*_Ts]:
    return query.select_from(Event).join(Account, Account.id == Event.organiser_id)


def _count_query(conditions: list[ColumnElement[bool]]) -> Select[Any]:
    return _from_events(select(func.count())).where(*conditions)


def _card_query() -> Select[Any]:
    return _from_events(select(*_CARD_COLUMNS)).outerjoin(Venue, Venue.id == Event.venue_id)


def _card(row: Any) -> EventCard:
    (
        event_id,
        slug,
        title,
        summary,
        starts_at,
        ends_at,
        timezone,
        mode,
        capacity,
        places_taken,
        noise,
        lighting,
        interaction,
        scheduled_breaks,
        quiet_room,
        come_and_go,
        allies_welcome,
        status,
        comfort_level,
        venue_id,
        venue_name,
        venue_address,
        venue_city,
        venue_latitude,
        venue_longitude,
        organiser_name,
        organiser_status,
    ) = row
    return EventCard(
        id=event_id,
        slug=slug,
        title=title,
        summary=summary,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=timezone,
        attendance_mode=mode,
        capacity=capacity,
        places_taken=places_taken,
        noise=noise,
        lighting=lighting,
        interaction=interaction,
        scheduled_breaks=scheduled_breaks,
        quiet_room=quiet_room,
        come_and_go=come_and_go,
        allies_welcome=allies_welcome,
        status=status,
        comfort_level=comfort_level,
        venue=VenueSummary(
            venue_id, venue_name, venue_address, venue_city, venue_latitude, venue_longitude
        )
        if venue_id is not None
        else None,
        organiser_name=organiser_name,
        organiser_verified=organiser_status is OrganiserStatus.VERIFIED,
    )


async def _attach_tags(
    session: AsyncSession, cards: list[EventCard], order: dict[str, int]
) -> None:
    """Every card's effective tags (own, venue's, derived), in one query for the page."""
    if not cards:
        return
    ids = [card.id for card in cards]
    own = select(event_tags.c.event_id, event_tags.c.tag_key).where(event_tags.c.event_id.in_(ids))
    at_venue = (
        select(Event.id, venue_tags.c.tag_key)
        .join(venue_tags, venue_tags.c.venue_id == Event.venue_id)
        .where(Event.id.in_(ids), Event.attendance_mode != AttendanceMode.ONLINE)
    )
    keys: dict[int, set[str]] = defaultdict(set)
    for event_id, key in await session.execute(union_all(own, at_venue)):
        if key not in DERIVED_TAGS:  # derived tags follow the facts, never a stored row
            keys[event_id].add(key)
    last = len(order)
    for card in cards:
        found = keys.get(card.id, set())
        found |= {key for key, derived in DERIVED_TAGS.items() if derived.holds(card)}
        card.tag_keys = sorted(found, key=lambda key: order.get(key, last))


async def _cards_by_id(
    session: AsyncSession, ids: list[int], order: dict[str, int]
) -> list[EventCard]:
    if not ids:
        return []
    rows = await session.execute(_card_query().where(Event.id.in_(ids)))
    by_id = {card.id: card for card in map(_card, rows)}
    cards = [by_id[event_id] for event_id in ids if event_id in by_id]
    await _attach_tags(session, cards, order)
    return cards


@dataclass(frozen=True, slots=True)
class _Candidate:
    event_id: int
    starts_at: datetime
    distance_km: float


async def _nearby(
    session: AsyncSession, conditions: list[ColumnElement[bool]], origin: Point, radius_km: float
) -> list[_Candidate]:
    """Rows in the box, then the exact distance of each: only those within the radius."""
    query = (
        _from_events(select(Event.id, Event.starts_at, Venue.latitude, Venue.longitude))
        .join(Venue, Venue.id == Event.venue_id)
        .where(*conditions, *within_box(origin, radius_km))
    )
    found = []
    for event_id, starts_at, latitude, longitude in await session.execute(query):
        distance = distance_km(origin, Point(latitude, longitude))
        if distance <= radius_km:
            found.append(_Candidate(event_id, starts_at, distance))
    return found


async def count_events(
    session: AsyncSession,
    search: EventSearch,
    *,
    now: datetime,
    zone: ZoneInfo,
    origin: Point | None = None,
) -> int:
    """How many gatherings match (for "there are 3 online ones" suggestions)."""
    conditions = search_conditions(search, now, zone)
    if origin is not None:
        return len(await _nearby(session, conditions, origin, search.radius_km))
    return await session.scalar(_count_query(conditions)) or 0


async def search_events(
    session: AsyncSession,
    search: EventSearch,
    *,
    now: datetime,
    zone: ZoneInfo,
    tag_order: dict[str, int],
    origin: Point | None = None,
    per_page: int = PER_PAGE,
    with_total: bool = True,
    count_up_to: int | None = None,
) -> SearchPage:
    """One page of published gatherings matching the search: soonest first, or nearest
    first when asked and a place (``origin``) is known. With ``origin``, only gatherings
    within ``search.radius_km`` of it, each with its distance. ``with_total=False``
    skips counting (the home page shows a few, not how many); ``count_up_to`` stops
    counting there ("more than 1,000"), since counting every upcoming gathering costs
    a scan of them all while nobody pages past the first few dozen."""
    conditions = search_conditions(search, now, zone)
    offset = (search.page - 1) * per_page
    if origin is None:
        capped = False
        if not with_total:
            total = 0
        elif count_up_to is None:
            total = await session.scalar(_count_query(conditions)) or 0
        else:
            some = _from_events(select(Event.id)).where(*conditions).limit(count_up_to + 1)
            total = await session.scalar(select(func.count()).select_from(some.subquery())) or 0
            capped = total > count_up_to
            total = min(total, count_up_to)
        rows = await session.execute(
            _card_query()
            .where(*conditions)
            .order_by(Event.starts_at, Event.id)
            .limit(per_page)
            .offset(offset)
        )
        cards = [_card(row) for row in rows]
        await _attach_tags(session, cards, tag_order)
        if not with_total:
            total = len(cards)
        return SearchPage(
            items=cards, total=total, page=search.page, per_page=per_page, total_capped=capped
        )

    candidates = await _nearby(session, conditions, origin, search.radius_km)
    if search.sort is SortOrder.DISTANCE:
        candidates.sort(key=lambda item: (item.distance_km, item.starts_at, item.event_id))
    else:
        candidates.sort(key=lambda item: (item.starts_at, item.event_id))
    chosen = candidates[offset : offset + per_page]
    cards = await _cards_by_id(session, [item.event_id for item in chosen], tag_order)
    distances = {item.event_id: item.distance_km for item in chosen}
    for card in cards:
        card.distance_km = distances[card.id]
    return SearchPage(
        items=cards, total=len(candidates), page=search.page, per_page=per_page, origin=origin
    )


async def upcoming_event_ids(
    session: AsyncSession,
    search: EventSearch,
    *,
    now: datetime,
    zone: ZoneInfo,
    limit: int,
    origin: Point | None = None,
    cancelled_since: datetime | None = None,
) -> list[int]:
    """The gatherings a search finds that haven't ended, soonest first, at most
    ``limit`` of them: what a calendar feed of the search holds. Everything else is
    exactly :func:`search_events` (the same filters, the same distance rule), plus
    the recently cancelled ones with ``cancelled_since``."""
    conditions = [
        *search_conditions(search, now, zone, cancelled_since=cancelled_since),
        not_ended(now),  # a ``from`` date in the past still shows nothing that ended
    ]
    if origin is not None:
        candidates = await _nearby(session, conditions, origin, search.radius_km)
        candidates.sort(key=lambda item: (item.starts_at, item.event_id))
        return [item.event_id for item in candidates[:limit]]
    query = (
        _from_events(select(Event.id))
        .where(*conditions)
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


async def get_published_event(session: AsyncSession, slug: str) -> Event | None:
    """A gathering the public may see (published or cancelled-after-publishing), or None."""
    query = (
        select(Event)
        .where(Event.slug == slug, hosted_by_verified_organiser())
        .where(Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .options(
            selectinload(Event.tags),
            joinedload(Event.venue).selectinload(Venue.tags),
            joinedload(Event.organiser),
        )
    )
    return (await session.scalars(query)).unique().one_or_none()
