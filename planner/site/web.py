"""The home page and the health check."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency
from litestar.response import Template
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.catalog import CatalogCache
from planner.core.clock import Clock
from planner.events.comfort import ComfortLevel
from planner.events.search import EventSearch
from planner.events.services import search_events
from planner.tags.services import TagVocabulary

GENTLE_LEVEL = 2
HOME_EVENT_COUNT = 3

LEVEL_DESCRIPTIONS = {
    ComfortLevel.GENTLE: "A handful of people, quiet, short, and nobody has to speak.",
    ComfortLevel.LOW_KEY: "A small group, calm conversation, about an hour and a half.",
    ComfortLevel.MODERATE: "Up to fifteen people, open conversation, up to two hours.",
    ComfortLevel.LIVELY: "A bigger, livelier room, or speaking is expected.",
    ComfortLevel.BUSY: "Crowds, loud rooms or long days.",
}


class SitePages(Controller):
    """Pages that are not about one domain."""

    include_in_schema = False

    @get("/", name="site:home")
    async def home(
        self,
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        site_zone: NamedDependency[ZoneInfo],
        vocabulary: NamedDependency[TagVocabulary],
        catalog_cache: NamedDependency[CatalogCache],
    ) -> Template:
        """What Stepwise is, a comfort-level picker, and a few gentle gatherings."""
        now = clock.now()
        page = await catalog_cache.get_or_make(
            db_session,
            ("home",),
            lambda: search_events(
                db_session,
                EventSearch(level=GENTLE_LEVEL),
                now=now,
                zone=site_zone,
                tag_order=vocabulary.order,
                per_page=HOME_EVENT_COUNT,
                with_total=False,
            ),
            now=now,
        )
        return Template(
            template_name="home.html",
            context={
                "levels": [(level, LEVEL_DESCRIPTIONS[level]) for level in ComfortLevel],
                "gentle_events": page.items,
            },
        )


@get("/health", media_type=MediaType.JSON, tags=["service"])
async def health(db_session: NamedDependency[AsyncSession]) -> Response[dict[str, str]]:
    """Liveness and database reachability, for load balancers and monitors."""
    try:
        await db_session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return Response(
            {"status": "unavailable", "database": "unreachable"},
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Cache-Control": "no-store"},
        )
    return Response(
        {"status": "ok", "database": "ok"},
        status_code=HTTP_200_OK,
        headers={"Cache-Control": "no-store"},
    )


@get("/ping", media_type=MediaType.TEXT, include_in_schema=False, sync_to_thread=False)
def ping() -> str:
    """A plain-text route: the framework's ceiling in benchmarks."""
    return "pong"
