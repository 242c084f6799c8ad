"""A comfort profile: the search a person wants to start from, every time.

It holds the highest comfort level they want to see, the access needs they always
have, a home place with a travel distance, and whether they prefer online or in
person. It is personal and sensitive (it says a lot about someone's health), so it
is stored only where the person keeps it (see :mod:`planner.profiles.store`) and
never logged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from math import isfinite
from typing import Any, Final

from planner.core.geo import Point
from planner.events.models import AttendanceMode
from planner.events.search import DEFAULT_WITHIN_KM, MAX_WITHIN_KM, EventSearch

MAX_HOME_LENGTH: Final = 120
PROFILE_VERSION: Final = 1


@dataclass(frozen=True, slots=True)
class ComfortProfile:
    """A person's standing search preferences. Every part is optional."""

    max_level: int | None = None
    tags: tuple[str, ...] = ()
    home: str | None = None
    home_point: Point | None = None
    within_km: int | None = None
    mode: AttendanceMode | None = None

    @property
    def is_empty(self) -> bool:
        """True when nothing is set (saving it is the same as forgetting)."""
        return self == ComfortProfile()

    def to_search(self) -> EventSearch:
        """The search ``/events`` starts from. An online preference ignores the home
        place: online gatherings have no distance."""
        located = self.home_point is not None and self.mode is not AttendanceMode.ONLINE
        return EventSearch(
            level=self.max_level,
            tags=self.tags,
            mode=self.mode,
            near=self.home if located else None,
            latitude=self.home_point.latitude if located and self.home_point else None,
            longitude=self.home_point.longitude if located and self.home_point else None,
            within_km=(self.within_km or DEFAULT_WITHIN_KM) if located else None,
        )

    def to_data(self) -> dict[str, Any]:
        """A compact, JSON-able form for the signed cookie and the account's column."""
        data: dict[str, Any] = {"v": PROFILE_VERSION}
        if self.max_level is not None:
            data["l"] = self.max_level
        if self.tags:
            data["t"] = list(self.tags)
        if self.home is not None and self.home_point is not None:
            data["h"] = [self.home, self.home_point.latitude, self.home_point.longitude]
        if self.within_km is not None:
            data["d"] = self.within_km
        if self.mode is not None:
            data["m"] = self.mode.value
        return data

    @classmethod
    def from_data(cls, data: object, known_tags: Collection[str]) -> ComfortProfile | None:
        """Read :meth:`to_data`'s output back; ``None`` for anything malformed.

        The cookie is signed and the column only written by us, so this only meets
        data we wrote, but an old version or a tag that has since left the
        vocabulary must not break the page.
        """
        if not isinstance(data, Mapping) or data.get("v") != PROFILE_VERSION:
            return None
        try:
            level = data.get("l")
            if level is not None and (not isinstance(level, int) or not 1 <= level <= 5):
                raise ValueError(data)
            tags = tuple(tag for tag in data.get("t", []) if tag in known_tags)
            home = home_point = None
            if "h" in data:
                name, latitude, longitude = data["h"]
                if not isinstance(name, str) or not all(
                    isinstance(value, (int, float)) and isfinite(value)
                    for value in (latitude, longitude)
                ):
                    raise ValueError(data)
                if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                    raise ValueError(data)
                home, home_point = name[:MAX_HOME_LENGTH], Point(float(latitude), float(longitude))
            within = data.get("d")
            if within is not None and (
                not isinstance(within, int) or not 1 <= within <= MAX_WITHIN_KM
            ):
                raise ValueError(data)
            mode = AttendanceMode(data["m"]) if "m" in data else None
        except (TypeError, ValueError, KeyError):
            return None
        return cls(
            max_level=level,
            tags=tags,
            home=home,
            home_point=home_point,
            within_km=within,
            mode=mode,
        )

    def describe(self, tag_labels: Mapping[str, str]) -> list[str]:
        """Plain words for each part ("up to level 2", "quiet room", "within 15 km of Leeds")."""
        parts: list[str] = []
        if self.max_level is not None:
            parts.append(f"up to level {self.max_level}")
        parts.extend(tag_labels.get(tag, tag).lower() for tag in self.tags)
        if self.mode is AttendanceMode.ONLINE:
            parts.append("online")
        elif self.mode is not None:
            parts.append(self.mode.label.lower())
        if self.home and self.mode is not AttendanceMode.ONLINE:
            parts.append(f"within {self.within_km or DEFAULT_WITHIN_KM} km of {self.home}")
        return parts
