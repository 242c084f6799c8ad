"""Writing iCalendar (RFC 5545) with the ``ics`` package, its quirks kept in here.

The rest of the code describes entries as plain :class:`CalendarEntry` values and
calls :func:`render_calendar`. ``ics`` 0.7 is used for what it does well (building
and escaping the properties of a VEVENT and its VALARMs); this module adds what it
leaves out or gets wrong:

- times are written in UTC (``ics`` converts aware datetimes anyway): recurring
  gatherings are stored as separate occurrences, so no RRULE or VTIMEZONE is needed;
- DTSTAMP is always set (``ics`` writes none otherwise), and SEQUENCE comes from
  the gathering, through ``extra`` (``ics`` has no field for it);
- a calendar's events are kept in a set by ``ics``; they are written here in order
  of start time, then UID, so the same data always gives the same file;
- long lines are folded at 75 octets without splitting a UTF-8 character, and the
  file ends with CRLF, as RFC 5545 asks.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

import ics
from ics.alarm import DisplayAlarm
from ics.grammar.parse import ContentLine

PRODUCT_ID: Final = "-//Stepwise//Stepwise gatherings//EN"
FOLD_OCTETS: Final = 75
MEDIA_TYPE: Final = "text/calendar"
"""What to give Litestar as ``media_type``: it appends "; charset=utf-8" to every
``text/*`` type itself, so naming the charset here would send it twice."""


class EntryStatus(StrEnum):
    """STATUS of a VEVENT."""

    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    """A place on the waitlist: maybe."""
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One gathering as a calendar shows it."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    location: str = ""
    url: str | None = None
    status: EntryStatus = EntryStatus.CONFIRMED
    sequence: int = 0
    last_modified: datetime | None = None
    geo: tuple[float, float] | None = None
    alarms: tuple[timedelta, ...] = field(default=())
    """How long before the start each reminder goes off."""
    alarm_text: str = "Reminder"


def _ics_event(entry: CalendarEntry, stamp: datetime) -> ics.Event:
    event = ics.Event(
        uid=entry.uid,
        name=entry.summary,
        begin=entry.starts_at,
        end=entry.ends_at,
        description=entry.description or None,
        location=entry.location or None,
        url=entry.url,
        status=entry.status.value,
        # ``created`` is what ics 0.7 writes as DTSTAMP.
        created=stamp,
        last_modified=entry.last_modified,
        geo=entry.geo,
    )
    for before in sorted(set(entry.alarms), reverse=True):
        event.alarms.append(DisplayAlarm(trigger=-before, display_text=entry.alarm_text))
    event.extra.append(ContentLine("SEQUENCE", value=str(entry.sequence)))
    return event


def fold(line: str) -> str:
    """Fold one content line into pieces of at most 75 octets (RFC 5545 §3.1),
    never inside a UTF-8 character; continuation lines start with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= FOLD_OCTETS:
        return line
    pieces: list[str] = []
    start, limit = 0, FOLD_OCTETS
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        # Step back off UTF-8 continuation bytes (0b10xxxxxx).
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        pieces.append(encoded[start:end].decode("utf-8"))
        start, limit = end, FOLD_OCTETS - 1  # the leading space counts
    return "\r\n ".join(pieces)


def render_calendar(
    entries: Iterable[CalendarEntry],
    *,
    name: str,
    stamp: datetime,
    refresh: timedelta | None = None,
) -> str:
    """A whole VCALENDAR: entries in start order, every line folded, CRLF endings.

    ``name`` becomes the calendar's display name in apps that subscribe to it;
    ``refresh`` suggests how often a subscribed app should fetch it again.
    """
    calendar = ics.Calendar(creator=PRODUCT_ID)
    calendar.method = "PUBLISH"
    calendar.extra.append(ContentLine("X-WR-CALNAME", value=ics.utils.escape_string(name)))
    if refresh is not None:
        duration = ics.utils.timedelta_to_duration(refresh)
        calendar.extra.append(
            ContentLine("REFRESH-INTERVAL", params={"VALUE": ["DURATION"]}, value=duration)
        )
        calendar.extra.append(ContentLine("X-PUBLISHED-TTL", value=duration))
    ordered = sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))
    with warnings.catch_warnings():
        # ics 0.7 calls str() on its own components internally, which warns about 0.9.
        warnings.simplefilter("ignore", FutureWarning)
        shell = calendar.serialize().split("\r\n")
        bodies = [_ics_event(entry, stamp).serialize() for entry in ordered]
    end = shell.index("END:VCALENDAR")
    lines = [*shell[:end], *"\r\n".join(bodies).split("\r\n"), *shell[end:]]
    return "".join(fold(line) + "\r\n" for line in lines if line)
