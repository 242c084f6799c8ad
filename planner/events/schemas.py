"""The JSON shape of a gathering (DESIGN.md §6), shared by every API route."""

from __future__ import annotations

from datetime import datetime

import msgspec

from planner.events.comfort import Factor
from planner.events.models import Event
from planner.events.services import EventCard, VenueSummary
from planner.venues.models import Venue


class ComfortFactors(msgspec.Struct, frozen=True):
    """Each factor's level, 1 (gentlest) to 5."""

    group_size: int
    noise: int
    duration: int
    interaction: int


class ComfortReasons(msgspec.Struct, frozen=True):
    """Each factor's plain-language reason."""

    group_size: str
    noise: str
    duration: str
    interaction: str


class VenueOut(msgspec.Struct, frozen=True):
    """Where an in-person gathering happens."""

    name: str
    address: str
    city: str
    latitude: float
    longitude: float


class EventOut(msgspec.Struct, frozen=True):
    """A gathering as listed. Times carry the event's own UTC offset."""

    slug: str
    url: str
    title: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    attendance_mode: str
    comfort_level: int
    comfort_label: str
    comfort_factors: ComfortFactors
    capacity: int
    remaining_capacity: int
    tags: list[str]
    venue: VenueOut | None
    distance_km: float | None
    """Kilometres from the place searched from (great circle), when one was given."""
    status: str
    allies_welcome: bool
    organiser: str
    organiser_verified: bool


class EventDetailOut(EventOut, frozen=True):
    """A gathering with everything its page shows (never who is coming)."""

    description: str = ""
    what_to_expect: list[str] = msgspec.field(default_factory=list)
    comfort_reasons: ComfortReasons | None = None
    noise: str = ""
    lighting: str = ""
    interaction: str = ""
    scheduled_breaks: bool = False
    quiet_room: bool = False
    come_and_go: bool = False
    break_notes: str = ""
    exit_plan: str = ""
    exit_contact: str = ""
    leaving_without_goodbye_is_fine: bool = True
    content_notes: str = ""


class EventPage(msgspec.Struct, frozen=True):
    """One page of search results."""

    items: list[EventOut]
    total: int
    page: int
    per_page: int


def _venue_out(venue: Venue | VenueSummary | None) -> VenueOut | None:
    if venue is None:
        return None
    return VenueOut(
        name=venue.name,
        address=venue.address,
        city=venue.city,
        latitude=venue.latitude,
        longitude=venue.longitude,
    )


def _common(
    event: Event | EventCard,
    tags: list[str],
    base_url: str,
    *,
    organiser: str,
    organiser_verified: bool,
    distance: float | None = None,
) -> dict[str, object]:
    comfort = event.comfort.by_factor
    return {
        "slug": event.slug,
        "url": f"{base_url.rstrip('/')}/events/{event.slug}",
        "title": event.title,
        "summary": event.summary,
        "starts_at": event.local_start,
        "ends_at": event.local_end,
        "timezone": event.timezone,
        "attendance_mode": event.attendance_mode.value,
        "comfort_level": event.comfort_level,
        "comfort_label": event.comfort_label,
        "comfort_factors": ComfortFactors(
            **{factor.value: comfort[factor].level for factor in Factor}
        ),
        "capacity": event.capacity,
        "remaining_capacity": event.places_left,
        "tags": tags,
        "venue": _venue_out(event.venue),
        "distance_km": round(distance, 2) if distance is not None else None,
        "status": event.status.value,
        "allies_welcome": event.allies_welcome,
        "organiser": organiser,
        "organiser_verified": organiser_verified,
    }


def event_out(card: EventCard, base_url: str) -> EventOut:
    """The listing shape, from a search card."""
    return EventOut(
        **_common(  # type: ignore[arg-type]
            card,
            card.tag_keys,
            base_url,
            organiser=card.organiser_name,
            organiser_verified=card.organiser_verified,
            distance=card.distance_km,
        )
    )


def event_detail_out(event: Event, tags: list[str], base_url: str) -> EventDetailOut:
    """The full shape (the online link is never included: only confirmed attendees see it)."""
    comfort = event.comfort.by_factor
    return EventDetailOut(
        **_common(  # type: ignore[arg-type]
            event,
            tags,
            base_url,
            organiser=event.organiser.display_name,
            organiser_verified=event.organiser.is_verified_organiser,
        ),
        description=event.description,
        what_to_expect=list(event.expect_steps),
        comfort_reasons=ComfortReasons(
            **{factor.value: comfort[factor].reason for factor in Factor}
        ),
        noise=event.noise.value,
        lighting=event.lighting.value,
        interaction=event.interaction.value,
        scheduled_breaks=event.scheduled_breaks,
        quiet_room=event.quiet_room,
        come_and_go=event.come_and_go,
        break_notes=event.break_notes,
        exit_plan=event.exit_plan,
        exit_contact=event.exit_contact,
        leaving_without_goodbye_is_fine=event.exit_no_goodbye_needed,
        content_notes=event.content_notes,
    )
