"""Every table, imported in one place so the metadata (and Alembic) sees them all."""

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.core.db import Base
from planner.core.geocoding import GeocodeCacheEntry
from planner.events.models import AttendanceMode, Event, EventStatus, Lighting
from planner.tags.models import AccessibilityTag, TagCategory, event_tags, venue_tags
from planner.venues.models import Venue

__all__ = [
    "AccessibilityTag",
    "Account",
    "AttendanceMode",
    "Base",
    "Event",
    "EventStatus",
    "GeocodeCacheEntry",
    "Lighting",
    "OrganiserStatus",
    "Role",
    "TagCategory",
    "Venue",
    "event_tags",
    "venue_tags",
]
