"""Application-wide dependencies: settings, clock and shared services live on ``app.state``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.clock import Clock
from planner.core.geocoding import PlaceFinder
from planner.core.settings import Settings
from planner.profiles.store import ProfileStore
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


def provide_place_finder(state: State) -> PlaceFinder:
    """The geocoder service the app was built with (offline or Nominatim)."""
    finder: PlaceFinder = state.place_finder
    return finder


def provide_profile_store(state: State) -> ProfileStore:
    """Where comfort profiles are kept (a signed cookie, for now)."""
    store: ProfileStore = state.profile_store
    return store


async def provide_vocabulary(
    state: State, db_session: NamedDependency[AsyncSession]
) -> TagVocabulary:
    """The accessibility vocabulary, read once per worker (only migrations change it)."""
    return await cached_vocabulary(db_session, state)
