"""Application-wide dependencies: settings, clock and shared services live on ``app.state``."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.core.catalog import CatalogCache
from planner.core.clock import Clock
from planner.core.geocoding import PlaceFinder
from planner.core.settings import Settings
from planner.profiles.store import ProfileStore, SignedCookieProfileStore, store_for
from planner.tags.services import TagVocabulary, cached_vocabulary


def provide_settings(state: State) -> Settings:
    """The settings the app was built with."""
    settings: Settings = state.settings
    return settings


def provide_clock(state: State) -> Clock:
    """The app's clock (a fixed one in tests)."""
    clock: Clock = state.clock
    return clock


def provide_site_zone(state: State) -> ZoneInfo:
    """The zone that dates typed without one are read in."""
    settings: Settings = state.settings
    return ZoneInfo(settings.app.timezone)


def provide_catalog_cache(state: State) -> CatalogCache:
    """This process's cache of what the public sees (see ``planner.core.catalog``)."""
    cache: CatalogCache = state.catalog_cache
    return cache


def provide_place_finder(state: State) -> PlaceFinder:
    """The geocoder service the app was built with (offline or Nominatim)."""
    finder: PlaceFinder = state.place_finder
    return finder


def provide_browser_profile_store(state: State) -> SignedCookieProfileStore:
    """The signed-cookie store: a guest's profile, kept in their own browser."""
    store: SignedCookieProfileStore = state.browser_profile_store
    return store


def provide_profile_store(
    request: Request[Any, Any, Any],
    current_account: NamedDependency[Account | None],
    browser_profile_store: NamedDependency[SignedCookieProfileStore],
) -> ProfileStore:
    """Where this person's comfort profile is kept: on their account when signed in,
    otherwise in their browser."""
    return store_for(request, current_account, browser_profile_store)


async def provide_vocabulary(
    state: State, db_session: NamedDependency[AsyncSession]
) -> TagVocabulary:
    """The accessibility vocabulary, read once per worker (only migrations change it)."""
    return await cached_vocabulary(db_session, state)
