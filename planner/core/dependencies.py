"""Application-wide dependencies: settings and clock live on ``app.state``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar.datastructures import State

from planner.core.clock import Clock
from planner.core.settings import Settings


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
