"""The one application factory: ``create_app(settings)``."""

from __future__ import annotations

from pathlib import Path

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
)
from litestar import Litestar
from litestar.config.allowed_hosts import AllowedHostsConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.static_files import create_static_files_router

from planner.core.clock import Clock, SystemClock
from planner.core.db import create_engine
from planner.core.dependencies import (
    provide_clock,
    provide_place_finder,
    provide_profile_store,
    provide_settings,
    provide_site_zone,
    provide_vocabulary,
)
from planner.core.errors import exception_handlers
from planner.core.geocoding import PlaceFinder
from planner.core.security import add_security_headers
from planner.core.settings import Settings
from planner.core.templating import template_config
from planner.events.api import EventApi
from planner.events.web import EventPages
from planner.profiles.store import SignedCookieProfileStore
from planner.profiles.web import ProfilePages
from planner.site.web import SitePages, health, ping
from planner.tags.api import list_tags_api

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


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> Litestar:
    """Build the Stepwise ASGI app from settings (read from the environment when omitted)."""
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    secure_cookies = settings.app.base_url.startswith("https://")
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
    return Litestar(
        route_handlers=[
            SitePages,
            EventPages,
            EventApi,
            ProfilePages,
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
            "place_finder": Provide(provide_place_finder, sync_to_thread=False),
            "profile_store": Provide(provide_profile_store, sync_to_thread=False),
            "vocabulary": Provide(provide_vocabulary),
        },
        state=State(
            {
                "settings": settings,
                "clock": clock,
                "place_finder": place_finder(settings, clock),
                "profile_store": SignedCookieProfileStore(
                    secret_key=settings.app.secret_key,
                    max_age_s=settings.profile.cookie_days * 86_400,
                    secure=secure_cookies,
                ),
            }
        ),
        # Forms that change what the browser keeps (the comfort profile) need a token.
        # Only /profile has such forms today, so only it opts in (``opt`` below and on
        # ProfilePages): other pages neither set a cookie nor pay for minting a token
        # on every view. A new form elsewhere (RSVPs) opts in the same way.
        opt={"exclude_from_csrf": True},
        csrf_config=CSRFConfig(
            secret=settings.app.secret_key,
            cookie_name="stepwise_csrf",
            cookie_secure=secure_cookies,
            cookie_httponly=True,
            cookie_samesite="lax",
        ),
        template_config=template_config(settings),
        allowed_hosts=AllowedHostsConfig(allowed_hosts=allowed_hosts(settings)),
        before_send=[add_security_headers],
        exception_handlers=exception_handlers(),
        openapi_config=OpenAPIConfig(
            title="Stepwise API",
            version="1.0.0",
            description="Gentle, predictable gatherings: search, read, and (later) RSVP.",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
        ),
        debug=settings.app.debug,
    )
