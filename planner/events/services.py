"""Finding and reading published gatherings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import ceil
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from planner.accounts.models import Account, OrganiserStatus
from planner.events.models import Event, EventStatus
from planner.events.search import PER_PAGE, EventSearch
from planner.events.tags import has_tag
from planner.venues.models import Venue


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of results."""

    items: list[Event]
    total: int
    page: int
    per_page: int

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


def hosted_by_verified_organiser() -> ColumnElement[bool]:
    """Only verified organisers reach the public: pending ones can't publish yet, and a
    suspended organiser's gatherings vanish at once."""
    return Event.organiser_id.in_(
        select(Account.id).where(Account.organiser_status == OrganiserStatus.VERIFIED)
    )


def visible_to_public() -> list[ColumnElement[bool]]:
    """Published, by a verified organiser."""
    return [Event.status == EventStatus.PUBLISHED, hosted_by_verified_organiser()]


def _card_options() -> tuple[object, ...]:
    return (
        selectinload(Event.tags),
        joinedload(Event.venue).selectinload(Venue.tags),
        joinedload(Event.organiser),
    )


def search_conditions(
    search: EventSearch, now: datetime, zone: ZoneInfo
) -> list[ColumnElement[bool]]:
    """The WHERE clause for a search; without a start date, only what hasn't ended."""
    conditions = visible_to_public()
    start, end = search.window(zone)
    conditions.append(Event.starts_at >= start if start is not None else Event.ends_at > now)
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


async def search_events(
    session: AsyncSession,
    search: EventSearch,
    *,
    now: datetime,
    zone: ZoneInfo,
    per_page: int = PER_PAGE,
) -> SearchPage:
    """One page of published gatherings matching the search, soonest first."""
    conditions = search_conditions(search, now, zone)
    total = await session.scalar(select(func.count()).select_from(Event).where(*conditions)) or 0
    query = (
        select(Event)
        .where(*conditions)
        .options(*_card_options())  # type: ignore[arg-type]
        .order_by(Event.starts_at, Event.id)
        .limit(per_page)
        .offset((search.page - 1) * per_page)
    )
    items = list((await session.scalars(query)).unique())
    return SearchPage(items=items, total=total, page=search.page, per_page=per_page)


async def get_published_event(session: AsyncSession, slug: str) -> Event | None:
    """A gathering the public may see (published or cancelled-after-publishing), or None."""
    query = (
        select(Event)
        .where(Event.slug == slug, hosted_by_verified_organiser())
        .where(Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .options(*_card_options())  # type: ignore[arg-type]
    )
    return (await session.scalars(query)).unique().one_or_none()
