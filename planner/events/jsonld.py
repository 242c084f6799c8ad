"""schema.org ``Event`` JSON-LD for event pages, so search engines and assistive
tools can read the facts (capacity, mode, place) without scraping the page."""

from __future__ import annotations

from typing import Any, Final

from planner.events.models import AttendanceMode, Event, EventStatus
from planner.events.tags import effective_tag_keys
from planner.tags.services import TagVocabulary

SCHEMA: Final = "https://schema.org/"
ATTENDANCE_MODES: Final = {
    AttendanceMode.IN_PERSON: f"{SCHEMA}OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: f"{SCHEMA}OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: f"{SCHEMA}MixedEventAttendanceMode",
}
EVENT_STATUSES: Final = {
    EventStatus.PUBLISHED: f"{SCHEMA}EventScheduled",
    EventStatus.CANCELLED: f"{SCHEMA}EventCancelled",
}


def event_json_ld(event: Event, vocabulary: TagVocabulary, base_url: str) -> dict[str, Any]:
    """The event as a schema.org ``Event``. The online link is never included (only
    confirmed attendees see it); the virtual location points at the event page.

    ``remainingAttendeeCapacity`` equals the capacity until RSVPs exist.
    """
    url = f"{base_url.rstrip('/')}/events/{event.slug}"
    locations: list[dict[str, Any]] = []
    venue = event.venue
    if venue is not None and event.attendance_mode is not AttendanceMode.ONLINE:
        locations.append(
            {
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.address,
                    "addressLocality": venue.city,
                },
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": venue.latitude,
                    "longitude": venue.longitude,
                },
            }
        )
    if event.attendance_mode is not AttendanceMode.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": url})
    features = [
        feature
        for key in effective_tag_keys(event, vocabulary.order)
        if (feature := vocabulary.by_key[key].schema_org_feature)
    ]
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": EVENT_STATUSES.get(event.status, f"{SCHEMA}EventScheduled"),
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance_mode],
        "maximumAttendeeCapacity": event.capacity,
        "remainingAttendeeCapacity": event.capacity,
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": event.organiser.display_name},
    }
    if features:
        document["accessibilityFeature"] = features
    return document
