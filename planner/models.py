"""Every table, imported in one place so the metadata (and Alembic) sees them all."""

from advanced_alchemy.base import orm_registry
from sqlalchemy import MetaData

from planner.accounts.models import (
    Account,
    AccountToken,
    ApiToken,
    OrganiserStatus,
    Role,
    TokenPurpose,
    WebSession,
)
from planner.calendar.models import CalendarFeed, EventImport, ImportStatus, RsvpReminder
from planner.core.catalog import CatalogVersion
from planner.core.db import Base
from planner.core.geocoding import GeocodeCacheEntry
from planner.core.outbox import OutboxMessage, OutboxStatus
from planner.events.models import (
    AttendanceMode,
    Event,
    EventSeries,
    EventStatus,
    Frequency,
    Lighting,
)
from planner.moderation.models import AuditEntry
from planner.rsvps.models import AllyInvite, AllyStatus, Rsvp, RsvpStatus, SafetyPlan
from planner.tags.models import AccessibilityTag, TagCategory, event_tags, venue_tags
from planner.venues.models import Venue

__all__ = [
    "AccessibilityTag",
    "Account",
    "AccountToken",
    "AllyInvite",
    "AllyStatus",
    "ApiToken",
    "AttendanceMode",
    "AuditEntry",
    "Base",
    "CalendarFeed",
    "CatalogVersion",
    "Event",
    "EventImport",
    "EventSeries",
    "EventStatus",
    "Frequency",
    "GeocodeCacheEntry",
    "ImportStatus",
    "Lighting",
    "OrganiserStatus",
    "OutboxMessage",
    "OutboxStatus",
    "Role",
    "Rsvp",
    "RsvpReminder",
    "RsvpStatus",
    "SafetyPlan",
    "TagCategory",
    "TokenPurpose",
    "Venue",
    "WebSession",
    "event_tags",
    "schema_metadata",
    "venue_tags",
]


def schema_metadata() -> list[MetaData]:
    """Everything migrations manage: our tables, and Advanced Alchemy's registry,
    which holds the session store's table."""
    return [Base.metadata, orm_registry.metadata]
