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
