"""An organiser's venues: described once, reused by every gathering held there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from planner.accounts.models import Account
from planner.core.forms import FormState
from planner.core.geocoding import PlaceFinder
from planner.events.tags import DERIVED_TAGS
from planner.tags.models import AccessibilityTag, TagCategory
from planner.venues.models import Venue

PLACE_CATEGORIES: Final = frozenset(
    {TagCategory.MOBILITY, TagCategory.SENSORY, TagCategory.COMMUNICATION, TagCategory.WELLBEING}
)
"""Tags that describe a building rather than a gathering."""


@dataclass(slots=True)
class VenueInput:
    """A venue as the organiser described it, checked."""

    name: str
    address: str
    city: str
    latitude: float
    longitude: float
    quiet_room_description: str
    exits_description: str
    transit_notes: str
    parking_notes: str
    tag_keys: list[str]


def place_tags(tags: list[AccessibilityTag]) -> list[AccessibilityTag]:
    """The vocabulary an organiser may choose from for a place (never a derived tag)."""
    return [tag for tag in tags if tag.category in PLACE_CATEGORIES and tag.key not in DERIVED_TAGS]


async def fill_coordinates(session: AsyncSession, finder: PlaceFinder, form: FormState) -> None:
    """Coordinates left blank are looked up from the address, then from the town,
    with the configured geocoder (Nominatim finds streets; the offline gazetteer,
    towns). What it finds is put in the form, so the organiser sees and can correct it."""
    if form.value("latitude") or form.value("longitude"):
        return
    address, city = form.value("address"), form.value("city")
    for query in (", ".join(part for part in (address, city) if part), city):
        if not query:
            continue
        lookup = await finder.find(session, query)
        if lookup.place is not None:
            form.values["latitude"] = f"{lookup.place.point.latitude:.6f}"
            form.values["longitude"] = f"{lookup.place.point.longitude:.6f}"
            return
    form.errors["latitude"] = (
        "We couldn't find that address on a map. Please type the coordinates "
        "(a map app shows them when you press on the place)."
    )


def _coordinate(form: FormState, name: str, low: float, high: float, word: str) -> float | None:
    if name in form.errors:  # already explained (the address couldn't be found)
        return None
    text = form.value(name)
    try:
        number = float(text)
    except ValueError:
        form.errors[name] = f"Please give the {word} as a number, like {high / 2:.4f}."
        return None
    if not low <= number <= high:
        form.errors[name] = f"The {word} must be between {low:g} and {high:g}."
        return None
    return number


def validate_venue(
    form: FormState, tag_keys: list[str], allowed_tags: set[str]
) -> VenueInput | None:
    """Check a venue form; messages land in ``form.errors`` beside each field."""
    name = form.require("name", "Please give the venue's name.")
    address = form.require("address", "Please give the address.")
    city = form.require("city", "Please give the town or city.")
    for field, limit in (("name", 120), ("address", 300), ("city", 120)):
        if len(form.value(field)) > limit:
            form.errors[field] = f"Please keep this under {limit} characters."
    latitude = _coordinate(form, "latitude", -90, 90, "latitude")
    longitude = _coordinate(form, "longitude", -180, 180, "longitude")
    if any(key not in allowed_tags for key in tag_keys):
        form.errors["tags"] = "Please choose access features from the list."
    if not form.ok or latitude is None or longitude is None:
        return None
    return VenueInput(
        name=name,
        address=address,
        city=city,
        latitude=latitude,
        longitude=longitude,
        quiet_room_description=form.value("quiet_room_description"),
        exits_description=form.value("exits_description"),
        transit_notes=form.value("transit_notes"),
        parking_notes=form.value("parking_notes"),
        tag_keys=tag_keys,
    )


async def list_own_venues(session: AsyncSession, organiser: Account) -> list[Venue]:
    """The organiser's venues still in use, by name."""
    return list(
        await session.scalars(
            select(Venue)
            .where(Venue.organiser_id == organiser.id, Venue.archived_at.is_(None))
            .options(selectinload(Venue.tags))
            .order_by(Venue.name, Venue.id)
        )
    )


async def get_own_venue(session: AsyncSession, organiser: Account, venue_id: int) -> Venue | None:
    """One of the organiser's venues, or None for anyone else's."""
    return await session.scalar(
        select(Venue)
        .where(Venue.id == venue_id, Venue.organiser_id == organiser.id)
        .options(selectinload(Venue.tags))
    )


async def _apply(session: AsyncSession, venue: Venue, data: VenueInput) -> None:
    venue.name = data.name
    venue.address = data.address
    venue.city = data.city
    venue.latitude = data.latitude
    venue.longitude = data.longitude
    venue.quiet_room_description = data.quiet_room_description
    venue.exits_description = data.exits_description
    venue.transit_notes = data.transit_notes
    venue.parking_notes = data.parking_notes
    keys = data.tag_keys
    venue.tags = (
        list(await session.scalars(select(AccessibilityTag).where(AccessibilityTag.key.in_(keys))))
        if keys
        else []
    )


async def create_venue(session: AsyncSession, organiser: Account, data: VenueInput) -> Venue:
    """A new venue of the organiser's."""
    venue = Venue(organiser_id=organiser.id)
    venue.tags = []
    await _apply(session, venue, data)
    session.add(venue)
    await session.flush()
    return venue


async def update_venue(session: AsyncSession, venue: Venue, data: VenueInput) -> None:
    """Change a venue (every gathering there shows the change)."""
    await _apply(session, venue, data)
    await session.flush()


def archive_venue(venue: Venue, now: datetime) -> None:
    """Hide a venue from the organiser's choices; gatherings already there keep it."""
    venue.archived_at = venue.archived_at or now
