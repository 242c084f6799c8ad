"""Gatherings as calendar entries: what every calendar file and feed says about one.

Public files and feeds show what the event page shows. A person's own files and
feeds add what only they may see (their reminders; the online link once they hold
a place) and can swap the real title for a neutral one, because calendars are often
shared or seen over a shoulder.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Final
from urllib.parse import urlsplit

from planner.calendar.writer import CalendarEntry, EntryStatus
from planner.events.models import AttendanceMode, Event, EventStatus

DISCREET_TITLES: Final = ("Plans with a friend", "Coffee meet-up", "Appointment", "Busy")
"""Neutral titles offered; a person may also write their own."""
DISCREET_DESCRIPTION: Final = "Details are on your private page."


def calendar_host(base_url: str) -> str:
    """The host that makes UIDs globally unique (``PLANNER_BASE_URL``'s)."""
    return urlsplit(base_url).hostname or "stepwise.invalid"


def event_uid(event: Event, base_url: str) -> str:
    """Stable for the life of the gathering, whoever's calendar it is in: a public file
    and a personal one for the same gathering update the same entry."""
    return f"event-{event.id}@{calendar_host(base_url)}"


def event_location(event: Event) -> str:
    """Venue name and address, "Online", or both for a hybrid gathering."""
    if event.venue is None or event.attendance_mode is AttendanceMode.ONLINE:
        return "Online"
    place = f"{event.venue.name}, {event.venue.address}"
    return f"{place} (or online)" if event.attendance_mode is AttendanceMode.HYBRID else place


def event_description(event: Event, page_url: str, *, online_url: str | None = None) -> str:
    """Plain text: the summary, what to expect, breaks, the way out, and the link back."""
    parts: list[str] = []
    if event.status is EventStatus.CANCELLED:
        cancelled = "This gathering is cancelled."
        if event.cancellation_message:
            cancelled += f" The organiser wrote: {event.cancellation_message}"
        parts.append(cancelled)
    parts.append(event.summary)
    if event.expect_steps:
        parts.append(
            "What to expect:\n"
            + "\n".join(f"{n}. {step}" for n, step in enumerate(event.expect_steps, 1))
        )
    if event.break_notes:
        parts.append(f"Breaks: {event.break_notes}")
    exit_lines: list[str] = []
    if event.exit_no_goodbye_needed:
        exit_lines.append("You can leave at any time; no goodbye needed.")
    if event.exit_plan:
        exit_lines.append(event.exit_plan)
    if event.exit_contact:
        exit_lines.append(f"Contact: {event.exit_contact}")
    if exit_lines:
        parts.append("If you need to leave:\n" + "\n".join(exit_lines))
    if online_url:
        parts.append(f"Join online: {online_url}")
    parts.append(f"More: {page_url}")
    return "\n\n".join(parts)


@dataclass(frozen=True, slots=True)
class Personal:
    """What one person chose for their own copy of a gathering."""

    private_url: str
    """Where the entry's link goes: the person's private page, never the public slug
    (a slug names the gathering)."""
    reminders_minutes: tuple[int, ...] = ()
    discreet_title: str | None = None
    holds_place: bool = False
    """A confirmed place: the online link may be shown."""


def event_entry(event: Event, base_url: str, personal: Personal | None = None) -> CalendarEntry:
    """The calendar entry for a gathering (its venue must be loaded). With ``personal``,
    the person's reminders, and a neutral title and description if they asked for one."""
    page_url = f"{base_url.rstrip('/')}/events/{event.slug}"
    status = (
        EntryStatus.CANCELLED if event.status is EventStatus.CANCELLED else EntryStatus.CONFIRMED
    )
    venue = event.venue
    geo = (
        (venue.latitude, venue.longitude)
        if venue is not None and event.attendance_mode is not AttendanceMode.ONLINE
        else None
    )
    entry = CalendarEntry(
        uid=event_uid(event, base_url),
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description=event_description(event, page_url),
        location=event_location(event),
        url=page_url,
        status=status,
        sequence=event.sequence,
        last_modified=event.updated_at,
        geo=geo,
    )
    if personal is None:
        return entry
    alarms = tuple(timedelta(minutes=minutes) for minutes in personal.reminders_minutes)
    online_url = event.online_url if personal.holds_place else None
    if personal.discreet_title:
        # The place stays (the person needs to find it); the venue's name may say too much.
        location = "Online" if venue is None or geo is None else venue.address
        description = DISCREET_DESCRIPTION + f"\n\n{personal.private_url}"
        if online_url:
            description = f"Join online: {online_url}\n\n{description}"
        return replace(
            entry,
            summary=personal.discreet_title,
            description=description,
            location=location,
            url=personal.private_url,
            alarms=alarms,
            alarm_text=personal.discreet_title,
        )
    return replace(
        entry,
        description=event_description(event, page_url, online_url=online_url),
        url=personal.private_url,
        alarms=alarms,
        alarm_text=f"Reminder: {event.title}",
    )
