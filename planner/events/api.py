"""``/api/v1/events``: the same search as the page, as JSON."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import (
    NotFoundException,
    ServiceUnavailableException,
    ValidationException,
)
from litestar.params import FromPath, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.catalog import CatalogCache
from planner.core.clock import Clock
from planner.core.geocoding import PlaceFinder
from planner.core.settings import Settings
from planner.events.models import AttendanceMode
from planner.events.schemas import EventDetailOut, EventPage, event_detail_out, event_out
from planner.events.search import (
    DEFAULT_WITHIN_KM,
    MAX_PAGE,
    MAX_WITHIN_KM,
    SortOrder,
    parse_search,
)
from planner.events.services import get_published_event, resolve_origin, search_events
from planner.events.tags import effective_tag_keys
from planner.tags.services import TagVocabulary


class EventApi(Controller):
    """Public, read-only access to published gatherings."""

    path = "/api/v1/events"
    tags = ("events",)

    @get("/", name="api:events:index", summary="Search gatherings")
    async def list_events(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        site_zone: NamedDependency[ZoneInfo],
        settings: NamedDependency[Settings],
        vocabulary: NamedDependency[TagVocabulary],
        place_finder: NamedDependency[PlaceFinder],
        catalog_cache: NamedDependency[CatalogCache],
        level: Annotated[
            int | None,
            QueryParameter(
                ge=1, le=5, description="Highest comfort level to include (1 Gentle–5 Busy)."
            ),
        ] = None,
        tag: Annotated[
            list[str] | None,
            QueryParameter(description="Access tag key; repeat it, and every tag must match."),
        ] = None,
        mode: Annotated[
            AttendanceMode | None, QueryParameter(description="Way of taking part.")
        ] = None,
        date_from: Annotated[
            str | None,
            # Read as text so a bad date is reported under its public name, "from".
            QueryParameter(name="from", format="date", description="Earliest start date (ISO)."),
        ] = None,
        date_to: Annotated[
            str | None,
            QueryParameter(name="to", format="date", description="Latest start date, inclusive."),
        ] = None,
        max_size: Annotated[
            int | None,
            QueryParameter(ge=1, le=500, description="Largest crowd-size limit to include."),
        ] = None,
        near: Annotated[
            str | None,
            QueryParameter(
                max_length=120,
                description='A place name ("Leeds", "London, Canada") to measure distance from.',
            ),
        ] = None,
        lat: Annotated[
            str | None,
            QueryParameter(description="Latitude to measure from (with lon; wins over near)."),
        ] = None,
        lon: Annotated[
            str | None, QueryParameter(description="Longitude to measure from (with lat).")
        ] = None,
        within_km: Annotated[
            int | None,
            QueryParameter(
                ge=1,
                le=MAX_WITHIN_KM,
                description=f"Only gatherings this close (default {DEFAULT_WITHIN_KM} km "
                "when a place is given). Online-only gatherings have no distance.",
            ),
        ] = None,
        sort: Annotated[
            SortOrder | None,
            QueryParameter(description="date (soonest first) or distance (nearest first)."),
        ] = None,
        page: Annotated[
            int, QueryParameter(ge=1, le=MAX_PAGE, description="Page, 20 per page.")
        ] = 1,
    ) -> EventPage:
        """Published gatherings that match every filter, soonest (or nearest) first."""
        parsed = parse_search(request.query_params.dict(), vocabulary.order.keys())
        if not parsed.ok:
            name, message = next(iter(parsed.errors.items()))
            raise ValidationException(
                detail=f"Invalid query parameter '{name}': {message}",
                extra=[
                    {"key": key, "message": text, "source": "query"}
                    for key, text in parsed.errors.items()
                ],
            )
        origin = await resolve_origin(db_session, parsed.search, place_finder)
        if origin.lookup is not None and origin.lookup.unavailable:
            raise ServiceUnavailableException(
                detail="Place names can't be looked up just now; try lat and lon instead."
            )
        if origin.place_not_found:
            suggestions = list(origin.lookup.suggestions) if origin.lookup else []
            raise ValidationException(
                detail=f"Invalid query parameter 'near': we don't know a place called "
                f"'{parsed.search.near}'.",
                extra=[
                    {
                        "key": "near",
                        "message": "Unknown place.",
                        "source": "query",
                        "suggestions": suggestions,
                    }
                ],
            )
        now = clock.now()
        results = await catalog_cache.get_or_make(
            db_session,
            ("api-search", parsed.search, origin.point),
            lambda: search_events(
                db_session,
                parsed.search,
                now=now,
                zone=site_zone,
                tag_order=vocabulary.order,
                origin=origin.point,
            ),
            now=now,
        )
        return EventPage(
            items=[event_out(card, settings.app.base_url) for card in results.items],
            total=results.total,
            page=results.page,
            per_page=results.per_page,
        )

    @get("/{slug:str}", name="api:events:detail", summary="One gathering")
    async def get_event(
        self,
        slug: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
        vocabulary: NamedDependency[TagVocabulary],
    ) -> EventDetailOut:
        """A published gathering by its slug."""
        event = await get_published_event(db_session, slug)
        if event is None:
            raise NotFoundException(detail=f"No published gathering has the slug '{slug}'.")
        return event_detail_out(
            event, effective_tag_keys(event, vocabulary.order), settings.app.base_url
        )
