"""The one application factory: ``create_app(settings)``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
)
from advanced_alchemy.extensions.litestar.plugins.init.config.asyncio import (
    autocommit_handler_maker,
)
from advanced_alchemy.extensions.litestar.store import SQLAlchemyStore
from litestar import Litestar, Request
from litestar.config.allowed_hosts import AllowedHostsConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from planner.accounts.guards import auth_dependencies, provide_current_account
from planner.accounts.models import WebSession
from planner.accounts.ratelimit import create_rate_limiter
from planner.accounts.sessions import STORE_NAME, session_config, session_store
from planner.accounts.web import AuthPages, MePages
from planner.calendar.import_web import ImportPages
from planner.calendar.public_web import PublicFeeds
from planner.calendar.reminders import queue_due_reminders
from planner.calendar.web import CalendarPages
from planner.core.catalog import CatalogCache
from planner.core.clock import Clock, SystemClock
from planner.core.db import begin_write, commit_before_send, create_engine, create_session_maker
from planner.core.dependencies import (
    provide_browser_profile_store,
    provide_catalog_cache,
    provide_clock,
    provide_place_finder,
    provide_profile_store,
    provide_settings,
    provide_site_zone,
    provide_vocabulary,
)
from planner.core.errors import exception_handlers
from planner.core.geocoding import PlaceFinder
from planner.core.mail import Mailer, create_mailer
from planner.core.outbox import running_worker
from planner.core.security import add_security_headers
from planner.core.settings import Settings
from planner.core.templating import template_config
from planner.events.api import EventApi
from planner.events.organiser_api import OrganiserEventApi
from planner.events.organiser_web import OrganiserEventPages
from planner.events.web import EventPages
from planner.moderation.web import ModerationPages
from planner.organiser.web import OrganiserPages
from planner.profiles.store import SignedCookieProfileStore
from planner.profiles.web import ProfilePages
from planner.rsvps.api import RsvpApi
from planner.rsvps.web import OrganiserAttendeePages, RsvpPages
from planner.site.web import SitePages, health, ping
from planner.tags.api import list_tags_api
from planner.venues.web import VenuePages

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


def allowed_hosts(settings: Settings) -> list[str]:
    """Each allowed host, bare and with the serving port (Litestar matches the whole
    ``Host`` header, and browsers send ``127.0.0.1:8000`` to a non-default port)."""
    hosts = list(settings.app.allowed_hosts)
    return hosts + [f"{host}:{settings.server.port}" for host in hosts if host != "*"]


def place_finder(settings: Settings, clock: Clock) -> PlaceFinder:
    """The geocoder chosen by ``PLANNER_GEOCODER``."""
    geo = settings.geocoder
    if geo.kind == "nominatim":
        return PlaceFinder.nominatim(
            clock,
            url=geo.nominatim_url,
            user_agent=geo.user_agent or f"Stepwise/0.1 (+{settings.app.base_url})",
            cache_days=geo.cache_days,
            timeout_s=geo.timeout_s,
        )
    return PlaceFinder.offline(clock)


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, mailer: Mailer | None = None
) -> Litestar:
    """Build the Stepwise ASGI app from settings (read from the environment when omitted)."""
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    mailer = mailer or create_mailer(settings.mail.smtp_url)
    engine = create_engine(
        settings.database_url,
        echo=settings.db.echo,
        pool_size=settings.db.pool_size,
        busy_timeout_ms=settings.db.sqlite_busy_timeout_ms,
    )
    alchemy = SQLAlchemyAsyncConfig(
        engine_instance=engine,
        session_config=AsyncSessionConfig(expire_on_commit=False),
        # Plain "autocommit" rolls back on 3xx, losing every Post/Redirect/Get write.
        before_send_handler="autocommit_include_redirects",
        create_all=False,
    )
    session_maker = create_session_maker(engine)
    # The request's transaction must be committed before the session middleware
    # writes the session (on SQLite both need the one write lock), so this runs
    # inside it; the plugin's own handler then finds nothing left to do.
    commit_first = commit_before_send(
        autocommit_handler_maker(
            commit_on_redirect=True, session_scope_key=alchemy.session_scope_key
        )
    )

    @contextlib.asynccontextmanager
    async def outbox_worker(_app: Litestar) -> AsyncIterator[None]:
        if not settings.mail.outbox_worker:
            yield
            return
        async with running_worker(
            session_maker,
            mailer,
            clock,
            sender=settings.mail.mail_from,
            poll_seconds=settings.mail.outbox_poll_seconds,
            producers=[partial(queue_due_reminders, session_maker)],
        ):
            yield

    rate_limiter = create_rate_limiter(
        settings.security.redis_url, settings.security.login_attempts_per_minute
    )
    sessions = session_config(settings)
    database_store = SQLAlchemyStore(config=alchemy, model=WebSession, namespace="sessions")

    async def prepare_request(request: Request[Any, Any, Any]) -> None:
        # Requests that change things run in one write transaction from their first
        # query (BEGIN IMMEDIATE on SQLite), so every read they act on is isolated.
        if request.method not in SAFE_METHODS:
            await begin_write(alchemy.provide_session(request.app.state, request.scope))
        # Signed-in people see their name in the header of every page; anonymous
        # visitors carry no session, so this costs them nothing.
        if request.scope.get("session"):
            db_session = alchemy.provide_session(request.app.state, request.scope)
            await provide_current_account(request, db_session, clock, settings)

    return Litestar(
        route_handlers=[
            SitePages,
            EventPages,
            PublicFeeds,
            AuthPages,
            MePages,
            ModerationPages,
            ProfilePages,
            RsvpPages,
            CalendarPages,
            OrganiserAttendeePages,
            RsvpApi,
            OrganiserPages,
            VenuePages,
            OrganiserEventPages,
            ImportPages,
            EventApi,
            OrganiserEventApi,
            list_tags_api,
            health,
            ping,
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], include_in_schema=False
            ),
        ],
        plugins=[SQLAlchemyPlugin(config=alchemy)],
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False),
            "clock": Provide(provide_clock, sync_to_thread=False),
            "site_zone": Provide(provide_site_zone, sync_to_thread=False),
            "rate_limiter": Provide(lambda: rate_limiter, sync_to_thread=False),
            "place_finder": Provide(provide_place_finder, sync_to_thread=False),
            "catalog_cache": Provide(provide_catalog_cache, sync_to_thread=False),
            "browser_profile_store": Provide(provide_browser_profile_store, sync_to_thread=False),
            "profile_store": Provide(provide_profile_store, sync_to_thread=False),
            "vocabulary": Provide(provide_vocabulary),
            **auth_dependencies(),
        },
        middleware=[sessions.middleware, commit_first],
        stores={STORE_NAME: session_store(settings, database_store)},
        csrf_config=CSRFConfig(
            secret=settings.app.secret_key,
            cookie_name="__Host-csrftoken" if settings.https else "csrftoken",
            cookie_secure=settings.https,
            cookie_httponly=True,
            cookie_samesite="lax",
            header_name="x-csrftoken",
            # The JSON API uses bearer tokens (or nothing), never cookies; the
            # service routes and static files render no forms. Calendar files and
            # feeds are fetched by calendar apps: no cookie, and no Set-Cookie on an
            # answer that caches may share.
            exclude=[
                "^/api/",
                "^/static/",
                "^/health",
                "^/ping",
                "^/schema",
                "^/feeds/",
                r"^/events/[^/]+\.ics$",
                r"^/calendar/[^/]+\.ics$",
            ],
        ),
        before_request=prepare_request,
        state=State(
            {
                "settings": settings,
                "clock": clock,
                "mailer": mailer,
                "place_finder": place_finder(settings, clock),
                "catalog_cache": CatalogCache(enabled=settings.db.catalog_cache),
                "browser_profile_store": SignedCookieProfileStore(
                    secret_key=settings.app.secret_key,
                    max_age_s=settings.profile.cookie_days * 86_400,
                    secure=settings.https,
                ),
            }
        ),
        lifespan=[outbox_worker],
        template_config=template_config(settings),
        allowed_hosts=AllowedHostsConfig(allowed_hosts=allowed_hosts(settings)),
        before_send=[add_security_headers],
        exception_handlers=exception_handlers(),
        openapi_config=OpenAPIConfig(
            title="Stepwise API",
            version="1.0.0",
            description=(
                "Gentle, predictable gatherings: search, read and RSVP as a guest; organisers "
                "manage their own gatherings with a personal API token."
            ),
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        description="A personal API token made on /organiser/settings.",
                    )
                }
            ),
        ),
        debug=settings.app.debug,
    )
