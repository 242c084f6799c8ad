"""Which access tags a gathering has.

Some tags state a fact the organiser already gave in a structured field (a
quiet room, come-and-go, a small group…). Those are *derived* from the field,
never chosen, so a 40-person gathering cannot call itself a "small group".
The rest come from the event itself and from its venue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import ColumnElement, and_, exists, or_, select

from planner.events.comfort import Interaction
from planner.events.models import AttendanceMode, Event, Lighting
from planner.tags.models import event_tags, venue_tags

SMALL_GROUP_LIMIT: Final = 8


@dataclass(frozen=True, slots=True)
class DerivedTag:
    """A tag that follows from an event's structured facts.

    ``holds`` reads an ``Event`` or anything with the same fields (a search card).
    """

    holds: Callable[[Any], bool]
    condition: Callable[[], ColumnElement[bool]]


DERIVED_TAGS: Final[dict[str, DerivedTag]] = {
    "quiet-room": DerivedTag(lambda e: e.quiet_room, lambda: Event.quiet_room.is_(True)),
    "come-and-go": DerivedTag(lambda e: e.come_and_go, lambda: Event.come_and_go.is_(True)),
    "breaks-scheduled": DerivedTag(
        lambda e: e.scheduled_breaks, lambda: Event.scheduled_breaks.is_(True)
    ),
    "allies-welcome": DerivedTag(
        lambda e: e.allies_welcome, lambda: Event.allies_welcome.is_(True)
    ),
    "small-group": DerivedTag(
        lambda e: e.capacity <= SMALL_GROUP_LIMIT, lambda: Event.capacity <= SMALL_GROUP_LIMIT
    ),
    "observe-only": DerivedTag(
        lambda e: e.interaction is Interaction.OBSERVE,
        lambda: Event.interaction == Interaction.OBSERVE,
    ),
    "online-option": DerivedTag(
        lambda e: e.attendance_mode is not AttendanceMode.IN_PERSON,
        lambda: Event.attendance_mode != AttendanceMode.IN_PERSON,
    ),
    "dim-lighting": DerivedTag(
        lambda e: e.lighting is Lighting.DIM, lambda: Event.lighting == Lighting.DIM
    ),
}


def effective_tag_keys(event: Event, order: dict[str, int]) -> list[str]:
    """The event's tags (its own, its venue's, and the derived ones), in vocabulary order.

    Needs ``event.tags`` and ``event.venue.tags`` loaded.
    """
    keys = {tag.key for tag in event.tags if tag.key not in DERIVED_TAGS}
    if event.venue is not None and event.attendance_mode is not AttendanceMode.ONLINE:
        keys |= {tag.key for tag in event.venue.tags if tag.key not in DERIVED_TAGS}
    keys |= {key for key, derived in DERIVED_TAGS.items() if derived.holds(event)}
    return sorted(keys, key=lambda key: order.get(key, len(order)))


def has_tag(key: str) -> ColumnElement[bool]:
    """SQL condition: the event has this tag by any of the three routes."""
    derived = DERIVED_TAGS.get(key)
    if derived is not None:
        return derived.condition()
    on_event = exists(
        select(1).where(event_tags.c.event_id == Event.id, event_tags.c.tag_key == key)
    )
    on_venue = and_(
        Event.attendance_mode != AttendanceMode.ONLINE,
        exists(
            select(1).where(venue_tags.c.venue_id == Event.venue_id, venue_tags.c.tag_key == key)
        ),
    )
    return or_(on_event, on_venue)
