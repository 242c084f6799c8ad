"""Search filters for ``/events``, the API and feeds: parsed once, validated once.

The same rules serve the HTML page (errors shown beside each field, input kept)
and the JSON API (a 400 naming the parameter), so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Final
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from planner.events.models import MAX_CAPACITY, AttendanceMode

PER_PAGE: Final = 20
MAX_PAGE: Final = 10_000
LEVELS: Final = range(1, 6)


@dataclass(frozen=True, slots=True)
class EventSearch:
    """A validated search. Empty fields do not filter."""

    level: int | None = None
    tags: tuple[str, ...] = ()
    mode: AttendanceMode | None = None
    date_from: date | None = None
    date_to: date | None = None
    max_size: int | None = None
    page: int = 1

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
        chosen_page = self.page if page is None else page
        if chosen_page != 1:
            items.append(("page", str(chosen_page)))
        return items

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
        page=page or 1,
    )
    return ParsedSearch(search=search, raw=kept, errors=errors)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
