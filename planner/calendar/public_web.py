"""Public calendar files and feeds over HTTP.

``/events/{slug}.ics`` shares its path segment with the event page, so the event
page's handler hands it to :func:`event_file_response`. The feeds live under
``/feeds``. Calendar apps fetch these without cookies and on their own schedule:
nothing here depends on who asks, so the answers may be cached anywhere, and an
unchanged calendar answers 304 to a matching ``If-None-Match``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_304_NOT_MODIFIED,
    HTTP_400_BAD_REQUEST,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from sqlalchemy.ext.asyncio import AsyncSession

from planner.calendar.public import (
    PublicCalendar,
    event_calendar,
    get_verified_organiser,
    organiser_calendar,
    search_calendar,
    search_feed_name,
)
from planner.calendar.writer import MEDIA_TYPE
from planner.core.clock import Clock
from planner.core.geocoding import PlaceFinder
from planner.core.settings import Settings
from planner.events.search import parse_search
from planner.events.services import get_published_event, resolve_origin
from planner.tags.services import TagVocabulary

ICS_SUFFIX: Final = ".ics"
CACHE_CONTROL: Final = "public, max-age=900"
"""Fifteen minutes: a cancellation reaches a subscriber's next fetch soon enough, and a
busy feed is built at most four times an hour by a cache in front."""
ORGANISER_FEED_NAME: Final = re.compile(r"^([1-9][0-9]{0,8})\.ics$")
"""``{organiser_id}.ics``; nine digits at most keeps the id inside a 32-bit column."""


def _etag(calendar: PublicCalendar) -> str:
    # Weak: the body's DTSTAMP is the moment of writing, so equal versions differ by it.
    return f'W/"{calendar.version}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def calendar_response(
    request: Request[Any, Any, Any],
    calendar: PublicCalendar,
    *,
    now: datetime,
    filename: str,
    attachment: bool,
) -> Response[str]:
    """The calendar as ``text/calendar``, or 304 when the client holds this version."""
    etag = _etag(calendar)
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(content="", status_code=HTTP_304_NOT_MODIFIED, headers=headers)
    disposition = "attachment" if attachment else "inline"
    headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return Response(
        content=calendar.render(now),
        status_code=HTTP_200_OK,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def _plain(message: str, status_code: int) -> Response[str]:
    # A calendar app shows a failed subscription's body, if anything: plain words.
    return Response(content=message + "\n", status_code=status_code, media_type=MediaType.TEXT)


async def event_file_response(
    request: Request[Any, Any, Any],
    db_session: AsyncSession,
    slug: str,
    *,
    now: datetime,
    base_url: str,
) -> Response[str]:
    """``/events/{slug}.ics``: a gathering the event page would show, as a file to add."""
    event = await get_published_event(db_session, slug)
    if event is None:
        raise NotFoundException(detail="We couldn't find that gathering.")
    return calendar_response(
        request,
        event_calendar(event, base_url),
        now=now,
        filename=f"{event.slug}{ICS_SUFFIX}",
        attachment=True,
    )


class PublicFeeds(Controller):
    """``/feeds/events.ics`` (any search) and ``/feeds/organisers/{id}.ics``."""

    path = "/feeds"
    include_in_schema = False

    @get("/events.ics", name="feeds:events")
    async def events_feed(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        site_zone: NamedDependency[ZoneInfo],
        settings: NamedDependency[Settings],
        vocabulary: NamedDependency[TagVocabulary],
        place_finder: NamedDependency[PlaceFinder],
    ) -> Response[str]:
        """The gatherings ``/events`` finds with the same filters, as a feed to subscribe to.

        No profile cookie counts here: the address alone says what the feed holds.
        """
        parsed = parse_search(request.query_params.dict(), vocabulary.order.keys())
        if not parsed.ok:
            problems = "\n".join(f"- {name}: {message}" for name, message in parsed.errors.items())
            return _plain(
                "This calendar address has a filter we couldn't understand:\n" + problems,
                HTTP_400_BAD_REQUEST,
            )
        search = parsed.search
        origin = await resolve_origin(db_session, search, place_finder)
        if origin.lookup is not None and origin.lookup.unavailable:
            return _plain(
                "Place names can't be looked up just now. Please try again later, "
                "or use lat and lon instead of near.",
                HTTP_503_SERVICE_UNAVAILABLE,
            )
        if origin.place_not_found:
            message = f"We don't know a place called '{search.near}'."
            if origin.lookup is not None and origin.lookup.suggestions:
                message += " Did you mean: " + "; ".join(origin.lookup.suggestions) + "?"
            message += " Town and city names work best, like near=Leeds."
            return _plain(message, HTTP_400_BAD_REQUEST)
        tag_labels = {tag.key: tag.label for tag in vocabulary.tags}
        now = clock.now()
        calendar = await search_calendar(
            db_session,
            search,
            origin=origin.point,
            name=search_feed_name(search, tag_labels, origin.label),
            now=now,
            zone=site_zone,
            base_url=settings.app.base_url,
        )
        return calendar_response(
            request, calendar, now=now, filename="stepwise-gatherings.ics", attachment=False
        )

    @get("/organisers/{feed_name:str}", name="feeds:organiser")
    async def organiser_feed(
        self,
        request: Request[Any, Any, Any],
        feed_name: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response[str]:
        """A verified organiser's upcoming gatherings (``{organiser_id}.ics``)."""
        found = ORGANISER_FEED_NAME.match(feed_name)
        organiser = await get_verified_organiser(db_session, int(found.group(1))) if found else None
        if organiser is None:
            raise NotFoundException(detail="We couldn't find that organiser's calendar.")
        now = clock.now()
        calendar = await organiser_calendar(
            db_session, organiser, now=now, base_url=settings.app.base_url
        )
        return calendar_response(
            request,
            calendar,
            now=now,
            filename=f"stepwise-organiser-{organiser.id}.ics",
            attachment=False,
        )
