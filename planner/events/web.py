"""Pages for finding and reading gatherings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.calendar.public import (
    event_file_path,
    feed_links,
    organiser_feed_path,
    search_feed_path,
)
from planner.calendar.public_web import ICS_SUFFIX, event_file_response
from planner.core.catalog import CatalogCache
from planner.core.clock import Clock
from planner.core.geocoding import PlaceFinder
from planner.core.htmx import wants_fragment
from planner.core.settings import Settings
from planner.events.comfort import ComfortLevel
from planner.events.jsonld import event_json_ld
from planner.events.models import AttendanceMode, Event
from planner.events.search import (
    DEFAULT_WITHIN_KM,
    DISTANCE_CHOICES,
    SEARCH_PARAMETERS,
    ParsedSearch,
    SortOrder,
    parse_search,
)
from planner.events.services import (
    get_published_event,
    resolve_origin,
    search_events,
)
from planner.events.suggestions import describe_search, gentle_alternatives
from planner.events.tags import effective_tag_keys
from planner.profiles.profile import ComfortProfile
from planner.profiles.store import ProfileStore
from planner.rsvps.web import rsvp_form_context
from planner.tags.services import TagVocabulary

# The page depends on htmx (fragment or page) and on the cookies: the profile
# cookie for a guest, the session (and so the account's profile) for a member.
SEARCH_HEADERS: Final = {"Vary": "HX-Request, Cookie", "Cache-Control": "private, no-cache"}
# A member's page shows their own profile: not even their browser keeps a copy,
# so Back after signing out on a shared computer can't bring it back.
MEMBER_SEARCH_HEADERS: Final = {**SEARCH_HEADERS, "Cache-Control": "private, no-store"}
PROFILE_OFF: Final = "off"
COUNT_UP_TO: Final = 1000
"""The page says "more than 1,000" rather than counting every upcoming gathering."""


def _starting_search(
    params: dict[str, list[str]], profile: ComfortProfile | None, known_tags: Any
) -> tuple[ParsedSearch, bool, bool]:
    """The search to run, and whether it came from the profile / the profile was set aside.

    A saved profile is the starting point only while the address names no filter:
    once a person chooses anything, their choice is the search. ``profile=off``
    sets the profile aside for one search ("Search without my profile").
    """
    parsed = parse_search(params, known_tags)
    set_aside = (params.get("profile") or [""])[0] == PROFILE_OFF
    explicit = bool(SEARCH_PARAMETERS & {name for name, values in params.items() if values})
    if profile is None or profile.is_empty or set_aside or explicit or not parsed.ok:
        return parsed, False, set_aside and profile is not None
    search = replace(profile.to_search(), page=parsed.search.page)
    return ParsedSearch(search=search, raw=search.form_values()), True, False


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
        vocabulary: NamedDependency[TagVocabulary],
        place_finder: NamedDependency[PlaceFinder],
        profile_store: NamedDependency[ProfileStore],
        settings: NamedDependency[Settings],
        current_account: NamedDependency[Account | None],
        catalog_cache: NamedDependency[CatalogCache],
    ) -> Template:
        """Search gatherings, starting from the saved profile (the account's for a member,
        the browser's for a guest); htmx gets the results only."""
        params = request.query_params.dict()
        profile = profile_store.load(request, vocabulary.order.keys())
        parsed, from_profile, profile_set_aside = _starting_search(
            params, profile, vocabulary.order.keys()
        )
        search = parsed.search
        now = clock.now()
        origin = await resolve_origin(db_session, search, place_finder) if parsed.ok else None
        results = None
        alternatives: list[Any] = []
        if parsed.ok and origin is not None and not origin.place_not_found:
            results = await catalog_cache.get_or_make(
                db_session,
                ("page-search", search, origin.point),
                lambda: search_events(
                    db_session,
                    search,
                    now=now,
                    zone=site_zone,
                    tag_order=vocabulary.order,
                    origin=origin.point,
                    count_up_to=COUNT_UP_TO,
                ),
                now=now,
            )
            if results.total == 0 and search.is_filtered:
                alternatives = await gentle_alternatives(
                    db_session, search, origin=origin.point, now=now, zone=site_zone
                )
        tag_labels = {tag.key: tag.label for tag in vocabulary.tags}
        fragment = wants_fragment(request)
        context = {
            "parsed": parsed,
            "search": search,
            "results": results,
            "origin": origin,
            "alternatives": alternatives,
            "described": describe_search(
                search, tag_labels, origin.label if origin is not None else None
            ),
            "tags_by_key": vocabulary.by_key,
            "tag_groups": vocabulary.groups,
            "levels": list(ComfortLevel),
            "modes": list(AttendanceMode),
            "distance_choices": DISTANCE_CHOICES,
            "default_within_km": DEFAULT_WITHIN_KM,
            "sort_orders": list(SortOrder),
            "profile": profile,
            "profile_words": profile.describe(tag_labels) if profile else [],
            "from_profile": from_profile,
            "profile_set_aside": profile_set_aside,
            "profile_on_account": current_account is not None,
            "extra_query": f"profile={PROFILE_OFF}&" if profile_set_aside else "",
            "fragment": fragment,
            # "Subscribe to this search": the same filters, as a feed (the results
            # fragment carries it, so it follows every htmx update).
            "feed": feed_links(settings.app.base_url, search_feed_path(search))
            if results is not None
            else None,
        }
        return Template(
            template_name="events/_results.html" if fragment else "events/index.html",
            context=context,
            status_code=200 if parsed.ok else 400,
            headers=SEARCH_HEADERS if current_account is None else MEMBER_SEARCH_HEADERS,
        )

    @get("/{slug:str}", name="events:detail")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        vocabulary: NamedDependency[TagVocabulary],
        current_account: NamedDependency[Account | None],
        catalog_cache: NamedDependency[CatalogCache],
    ) -> Template | Response[str]:
        """Everything a person needs to decide, calmly, whether to go, and the RSVP form.

        ``/events/{slug}.ics`` arrives here too (Litestar matches whole path segments,
        and slugs never hold a dot): that is the gathering as a calendar file.
        """
        if slug.endswith(ICS_SUFFIX):
            return await event_file_response(
                request,
                db_session,
                slug.removesuffix(ICS_SUFFIX),
                now=clock.now(),
                base_url=settings.app.base_url,
            )
        now = clock.now()
        # A cached gathering is a detached, read-only copy (loaded with everything the
        # page shows); the RSVP form posts elsewhere and loads its own.
        event = await catalog_cache.get_or_make(
            db_session, ("event", slug), lambda: _detached_event(db_session, slug), now=now
        )
        if event is None:
            raise NotFoundException(detail="We couldn't find that gathering.")
        context = event_page_context(event, now, vocabulary, settings)
        context.update(rsvp_form_context(event, clock.now(), account=current_account))
        return Template(template_name="events/detail.html", context=context)


async def _detached_event(db_session: AsyncSession, slug: str) -> Event | None:
    event = await get_published_event(db_session, slug)
    if event is not None:
        # Out of this request's session: nothing it does later can touch the copy that
        # other requests will read.
        db_session.expunge_all()
    return event


def event_page_context(
    event: Event, now: datetime, vocabulary: TagVocabulary, settings: Settings
) -> dict[str, Any]:
    """What the event page shows about the gathering (the RSVP form adds its own part)."""
    keys = effective_tag_keys(event, vocabulary.order)
    return {
        "event": event,
        "comfort": event.comfort,
        "access_tags": [vocabulary.by_key[key] for key in keys],
        "has_ended": event.ends_at <= now,
        "calendar_file": event_file_path(event.slug),
        "organiser_feed": feed_links(
            settings.app.base_url, organiser_feed_path(event.organiser_id)
        ),
        "json_ld": json.dumps(
            event_json_ld(event, vocabulary, settings.app.base_url),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        # Inside <script>, "</" would end the block early: escape every "<".
        .replace("<", "\\u003c"),
    }
