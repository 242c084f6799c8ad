"""Gentle suggestions when nothing matches, built from the actual data.

"No gatherings at level 2 or gentler within 10 km of Leeds this week. There are 3
online ones and 2 within 25 km." Each suggestion is a real, counted search, so
following it never leads to another empty page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.geo import Point
from planner.events.models import AttendanceMode
from planner.events.search import DISTANCE_CHOICES, MAX_WITHIN_KM, EventSearch, SortOrder
from planner.events.services import count_events


@dataclass(frozen=True, slots=True)
class Alternative:
    """A wider search that does find something."""

    count: int
    words: str
    search: EventSearch

    @property
    def phrase(self) -> str:
        """For example "3 online ones", "1 online one", "1 within 25 km"."""
        words = self.words.replace(" ones", " one") if self.count == 1 else self.words
        return f"{self.count} {words}"


def wider_radius(radius_km: int) -> int | None:
    """The next distance the form offers (or double, up to the maximum)."""
    for choice in DISTANCE_CHOICES:
        if choice > radius_km * 1.5:
            return choice
    doubled = min(radius_km * 2, MAX_WITHIN_KM)
    return doubled if doubled > radius_km else None


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _short_date(moment: object) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"  # type: ignore[attr-defined]


def describe_search(
    search: EventSearch, tag_labels: Mapping[str, str], place_label: str | None
) -> str:
    """The search in words, to follow "No gatherings" ("at level 2 or gentler, with a
    quiet room, within 10 km of Leeds")."""
    parts: list[str] = []
    if search.level is not None:
        parts.append("at level 1" if search.level == 1 else f"at level {search.level} or gentler")
    if search.tags:
        parts.append("with " + _and([tag_labels.get(tag, tag).lower() for tag in search.tags]))
    if search.mode is not None:
        parts.append(search.mode.label.lower())
    if search.max_size is not None:
        parts.append(f"for groups of up to {search.max_size}")
    if place_label is not None:
        parts.append(f"within {search.radius_km} km of {place_label}")
    if search.date_from and search.date_to:
        parts.append(f"between {_short_date(search.date_from)} and {_short_date(search.date_to)}")
    elif search.date_from:
        parts.append(f"from {_short_date(search.date_from)}")
    elif search.date_to:
        parts.append(f"until {_short_date(search.date_to)}")
    return ", ".join(parts)


def _without_place(search: EventSearch) -> EventSearch:
    return search.relaxed(
        near=None, latitude=None, longitude=None, within_km=None, sort=SortOrder.DATE
    )


async def gentle_alternatives(
    session: AsyncSession,
    search: EventSearch,
    *,
    origin: Point | None,
    now: datetime,
    zone: ZoneInfo,
) -> list[Alternative]:
    """Each single relaxation of the search that finds something, with its count."""
    candidates: list[tuple[str, EventSearch, Point | None]] = []
    if origin is not None:
        if search.mode is not AttendanceMode.ONLINE:
            candidates.append(
                ("online ones", _without_place(search).relaxed(mode=AttendanceMode.ONLINE), None)
            )
        wider = wider_radius(search.radius_km)
        if wider is not None:
            candidates.append((f"within {wider} km", search.relaxed(within_km=wider), origin))
    if search.level is not None and search.level < 5:
        candidates.append(
            (f"at level {search.level + 1}", search.relaxed(level=search.level + 1), origin)
        )
    if search.tags:
        candidates.append(("without the access needs", search.relaxed(tags=()), origin))
    if search.date_from or search.date_to:
        candidates.append(("on any date", search.relaxed(date_from=None, date_to=None), origin))
    if search.mode is not None:
        candidates.append(("with any way of taking part", search.relaxed(mode=None), origin))
    if search.max_size is not None:
        candidates.append(("with any group size", search.relaxed(max_size=None), origin))
    found: list[Alternative] = []
    for words, wider_search, where in candidates:
        count = await count_events(session, wider_search, now=now, zone=zone, origin=where)
        if count:
            found.append(Alternative(count, words, wider_search))
    return found
