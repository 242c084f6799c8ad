"""When a gathering happens, on the clocks of the place it happens.

Shared by the ORM model and the lean search card, so both read the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo


class _Scheduled(Protocol):
    starts_at: datetime
    ends_at: datetime
    timezone: str


class LocalTimes:
    """Times in the event's own IANA zone (stored UTC), and its length."""

    __slots__ = ()

    @property
    def zone(self: _Scheduled) -> ZoneInfo:
        """The event's own time zone, in which its times are shown."""
        return ZoneInfo(self.timezone)

    @property
    def local_start(self: _Scheduled) -> datetime:
        """Start time on the clocks of the place it happens."""
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    @property
    def local_end(self: _Scheduled) -> datetime:
        """End time on the clocks of the place it happens."""
        return self.ends_at.astimezone(ZoneInfo(self.timezone))

    @property
    def duration_minutes(self: _Scheduled) -> int:
        """Length in whole minutes."""
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def span_words(start: datetime, end: datetime, timezone: str) -> str:
    """ "Saturday 5 December, 10:00 to 11:00", on the clocks of ``timezone``: how
    emails say when a gathering happens."""
    zone = ZoneInfo(timezone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    day = f"{local_start:%A} {local_start.day} {local_start:%B}"
    return f"{day}, {local_start:%H:%M} to {local_end:%H:%M}"
