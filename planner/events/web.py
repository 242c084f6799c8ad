"""Pages for finding and reading gatherings."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.core.clock import Clock
from planner.core.htmx import wants_fragment
from planner.events.comfort import ComfortLevel
from planner.events.models import AttendanceMode, Event
from planner.events.search import parse_search
from planner.events.services import get_published_event, search_events
from planner.events.tags import effective_tag_keys
from planner.rsvps.web import rsvp_form_context
from planner.tags.services import group_by_category, list_tags

VARY_ON_HTMX = {"Vary": "HX-Request"}


class EventPages(Controller):
    """``/events`` (search) and ``/events/{slug}`` (one gathering)."""

    path = "/events"
    include_in_schema = False

    @get("/", name="events:index")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        site_zone: NamedDependency[ZoneInfo],
    ) -> Template:
        """Search gatherings; an htmx request gets only the results region."""
        tags = await list_tags(db_session)
        order = {tag.key: tag.position for tag in tags}
        parsed = parse_search(request.query_params.dict(), order.keys())
        results = (
            await search_events(db_session, parsed.search, now=clock.now(), zone=site_zone)
            if parsed.ok
            else None
        )
        context = {
            "parsed": parsed,
            "search": parsed.search,
            "results": results,
            "tags_by_key": {tag.key: tag for tag in tags},
            "tag_groups": group_by_category(tags),
            "event_tags": {
                event.id: effective_tag_keys(event, order)
                for event in (results.items if results else [])
            },
            "levels": list(ComfortLevel),
            "modes": list(AttendanceMode),
        }
        fragment = wants_fragment(request)
        context["fragment"] = fragment
        template = "events/_results.html" if fragment else "events/index.html"
        return Template(
            template_name=template,
            context=context,
            status_code=200 if parsed.ok else 400,
            headers=VARY_ON_HTMX,
        )

    @get("/{slug:str}", name="events:detail")
    async def detail(
        self,
        slug: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        current_account: NamedDependency[Account | None],
    ) -> Template:
        """Everything a person needs to decide, calmly, whether to go, and the RSVP form."""
        event = await get_published_event(db_session, slug)
        if event is None:
            raise NotFoundException(detail="We couldn't find that gathering.")
        context = await event_page_context(db_session, event, clock.now())
        context.update(rsvp_form_context(event, clock.now(), account=current_account))
        return Template(template_name="events/detail.html", context=context)


async def event_page_context(
    db_session: AsyncSession, event: Event, now: datetime
) -> dict[str, Any]:
    """What the event page shows about the gathering (the RSVP form adds its own part)."""
    tags = await list_tags(db_session)
    order = {tag.key: tag.position for tag in tags}
    tags_by_key = {tag.key: tag for tag in tags}
    return {
        "event": event,
        "comfort": event.comfort,
        "access_tags": [tags_by_key[key] for key in effective_tag_keys(event, order)],
        "has_ended": event.ends_at <= now,
    }
