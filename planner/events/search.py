"""Search filters for ``/events``, the API and feeds: parsed once, validated once.

The same rules serve the HTML page (errors shown beside each field, input kept)
and the JSON API (a 400 naming the parameter), so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from math import isfinite
from typing import Final
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from planner.core.geo import Point
from planner.events.models import MAX_CAPACITY, AttendanceMode

PER_PAGE: Final = 20
MAX_PAGE: Final = 10_000
LEVELS: Final = range(1, 6)
DEFAULT_WITHIN_KM: Final = 25
"""How far we look when a place is given without a distance."""
MAX_WITHIN_KM: Final = 300
"""A distance search is a local search; beyond this, leave the place out."""
DISTANCE_CHOICES: Final = (2, 5, 10, 15, 25, 50, 100)
"""The distances the search form offers (any whole number up to the maximum is accepted)."""
MAX_PLACE_LENGTH: Final = 120
COORDINATE_DECIMALS: Final = 4
"""About 10 m: plenty for "how far", and no more precise than a person needs to share."""


class SortOrder(StrEnum):
    """How results are ordered."""

    DATE = "date"
    DISTANCE = "distance"

    @property
    def label(self) -> str:
        """The words people see."""
        return {"date": "Soonest first", "distance": "Nearest first"}[self.value]


@dataclass(frozen=True, slots=True)
class EventSearch:
    """A validated search. Empty fields do not filter."""

    level: int | None = None
    tags: tuple[str, ...] = ()
    mode: AttendanceMode | None = None
    date_from: date | None = None
    date_to: date | None = None
    max_size: int | None = None
    near: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    within_km: int | None = None
    sort: SortOrder = SortOrder.DATE
    page: int = 1

    @property
    def has_location(self) -> bool:
        """True when the search measures distance from somewhere (a name or coordinates)."""
        return self.near is not None or self.coordinates is not None

    @property
    def coordinates(self) -> Point | None:
        """The ``lat``/``lon`` given, if any (they win over ``near``, which is then a label)."""
        if self.latitude is None or self.longitude is None:
            return None
        return Point(self.latitude, self.longitude)

    @property
    def radius_km(self) -> int:
        """The distance limit in force when a location is given."""
        return self.within_km or DEFAULT_WITHIN_KM

    def window(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """The instants the dates stand for: ``from`` at midnight, ``to`` through its end."""
        start = datetime.combine(self.date_from, time.min, zone) if self.date_from else None
        end = (
            datetime.combine(self.date_to + timedelta(days=1), time.min, zone)
            if self.date_to
            else None
        )
        return start, end

    def query_items(self, *, page: int | None = None) -> list[tuple[str, str]]:
        """The search as URL query pairs, in a stable order (for links and feeds)."""
        items: list[tuple[str, str]] = []
        if self.level is not None:
            items.append(("level", str(self.level)))
        items.extend(("tag", tag) for tag in self.tags)
        if self.mode is not None:
            items.append(("mode", self.mode.value))
        if self.date_from is not None:
            items.append(("from", self.date_from.isoformat()))
        if self.date_to is not None:
            items.append(("to", self.date_to.isoformat()))
        if self.max_size is not None:
            items.append(("max_size", str(self.max_size)))
        if self.near is not None:
            items.append(("near", self.near))
        if self.latitude is not None and self.longitude is not None:
            items.append(("lat", _coordinate(self.latitude)))
            items.append(("lon", _coordinate(self.longitude)))
        if self.within_km is not None:
            items.append(("within_km", str(self.within_km)))
        if self.sort is not SortOrder.DATE:
            items.append(("sort", self.sort.value))
        chosen_page = self.page if page is None else page
        if chosen_page != 1:
            items.append(("page", str(chosen_page)))
        return items

    def form_values(self) -> dict[str, list[str]]:
        """The search as the raw input a form would have sent (to show it in the form)."""
        values: dict[str, list[str]] = {}
        for name, value in self.query_items(page=1):
            values.setdefault(name, []).append(value)
        return values

    def query_string(self, *, page: int | None = None) -> str:
        """``query_items`` encoded for a URL."""
        return urlencode(self.query_items(page=page))

    def relaxed(self, **changes: object) -> EventSearch:
        """The same search with some filters changed, back on page 1 (for suggestions)."""
        return replace(self, page=1, **changes)  # type: ignore[arg-type]

    @property
    def is_filtered(self) -> bool:
        """True when anything narrows the search."""
        return bool(self.query_items(page=1))


def _coordinate(value: float) -> str:
    return f"{value:.{COORDINATE_DECIMALS}f}".rstrip("0").rstrip(".")


@dataclass(slots=True)
class ParsedSearch:
    """The outcome of parsing: the search, the raw input to redisplay, and errors."""

    search: EventSearch
    raw: dict[str, list[str]]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every parameter was understood."""
        return not self.errors


def _first(raw: Mapping[str, Sequence[str]], name: str) -> str:
    values = raw.get(name) or []
    return values[0].strip() if values else ""


def _whole_number(
    text: str, name: str, low: int, high: int, message: str, errors: dict[str, str]
) -> int | None:
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        errors[name] = message
        return None
    if not low <= value <= high:
        errors[name] = message
        return None
    return value


def _iso_date(text: str, name: str, label: str, errors: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = f"{label} must be a date like 2026-12-01."
        return None


def _decimal(
    text: str, name: str, low: float, high: float, message: str, errors: dict[str, str]
) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors[name] = message
        return None
    if not isfinite(value) or not low <= value <= high:
        errors[name] = message
        return None
    return round(value, COORDINATE_DECIMALS)


SEARCH_PARAMETERS: Final = frozenset(
    {"level", "tag", "mode", "from", "to", "max_size", "near", "lat", "lon", "within_km", "sort"}
)
"""The query parameters that make a search (``page`` only moves through one)."""


def parse_search(raw: Mapping[str, Sequence[str]], known_tags: Collection[str]) -> ParsedSearch:
    """Validate query parameters; every error names its parameter in plain words."""
    kept = {name: [value for value in values if value] for name, values in raw.items()}
    errors: dict[str, str] = {}

    level = _whole_number(
        _first(raw, "level"), "level", 1, 5, "Comfort level must be a number from 1 to 5.", errors
    )
    tags = _unique(value.strip() for value in raw.get("tag", []) if value.strip())
    unknown = [tag for tag in tags if tag not in known_tags]
    if unknown:
        errors["tag"] = f"We don't know the access tag {', '.join(repr(t) for t in unknown)}."
    mode_text = _first(raw, "mode")
    mode: AttendanceMode | None = None
    if mode_text:
        try:
            mode = AttendanceMode(mode_text)
        except ValueError:
            errors["mode"] = "Way of taking part must be in_person, online or hybrid."
    date_from = _iso_date(_first(raw, "from"), "from", "The start date", errors)
    date_to = _iso_date(_first(raw, "to"), "to", "The end date", errors)
    if date_from and date_to and date_to < date_from:
        errors["to"] = "The end date must be on or after the start date."
    max_size = _whole_number(
        _first(raw, "max_size"),
        "max_size",
        1,
        MAX_CAPACITY,
        f"Largest group must be a number from 1 to {MAX_CAPACITY}.",
        errors,
    )
    near = _first(raw, "near")[:MAX_PLACE_LENGTH] or None
    latitude = _decimal(
        _first(raw, "lat"), "lat", -90, 90, "Latitude must be a number from -90 to 90.", errors
    )
    longitude = _decimal(
        _first(raw, "lon"),
        "lon",
        -180,
        180,
        "Longitude must be a number from -180 to 180.",
        errors,
    )
    if (latitude is None) != (longitude is None) and not {"lat", "lon"} & errors.keys():
        missing = "lon" if longitude is None else "lat"
        errors[missing] = "Latitude and longitude go together: please give both."
    within_km = _whole_number(
        _first(raw, "within_km"),
        "within_km",
        1,
        MAX_WITHIN_KM,
        f"Distance must be a whole number of kilometres from 1 to {MAX_WITHIN_KM}.",
        errors,
    )
    located = near is not None or (latitude is not None and longitude is not None)
    if not located:
        # A distance with no place to measure from says nothing; the search form always
        # sends one, so it is dropped rather than refused.
        within_km = None
    sort_text = _first(raw, "sort")
    sort = SortOrder.DATE
    if sort_text:
        try:
            sort = SortOrder(sort_text)
        except ValueError:
            errors["sort"] = "Order must be date or distance."
    if sort is SortOrder.DISTANCE and not located and "near" not in errors:
        errors["near"] = "To sort by distance, please type a place (or use your location)."
    page = _whole_number(
        _first(raw, "page"), "page", 1, MAX_PAGE, "Page must be a positive number.", errors
    )

    search = EventSearch(
        level=level,
        tags=tuple(tag for tag in tags if tag in known_tags),
        mode=mode,
        date_from=date_from,
        date_to=date_to,
        max_size=max_size,
        near=near,
        latitude=latitude if longitude is not None else None,
        longitude=longitude if latitude is not None else None,
        within_km=within_km,
        sort=sort,
        page=page or 1,
    )
    return ParsedSearch(search=search, raw=kept, errors=errors)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
