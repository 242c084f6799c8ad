"""An organiser's .ics import: read and stored for review, then drafts made in one go.

Nothing becomes an event until the organiser has seen the review and confirmed it.
Every function takes the organiser and only finds their own imports, so a
controller can't show or act on someone else's by passing the wrong id. Once the
drafts exist (or the import is discarded) the file's contents are forgotten: the
drafts themselves are the record.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

import anyio.to_thread
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.calendar.importing import (
    ALREADY_HAPPENED,
    ImportedGathering,
    read_calendar_file,
)
from planner.calendar.models import EventImport, ImportStatus
from planner.events.comfort import Interaction, Noise
from planner.events.forms import TEXT_LIMITS, EventInput
from planner.events.manage import create_events
from planner.events.models import MAX_CAPACITY, MIN_CAPACITY, AttendanceMode, Event, Lighting
from planner.venues.models import Venue
from planner.venues.services import list_own_venues

ONLINE: Final = "online"
"""The default-venue choice meaning "online only"."""
ONLINE_WORDS: Final = frozenset({"online", "online only", "virtual", "zoom", "video call"})
"""LOCATION texts that mean the gathering happens online."""
FILENAME_LIMIT: Final = 200
_URL: Final = re.compile(r"https?://\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the organiser chose for the whole file (a calendar file carries none of it)."""

    timezone: str
    venue_id: int | None
    capacity: int
    noise: Noise
    lighting: Lighting
    interaction: Interaction

    def as_json(self) -> dict[str, Any]:
        """Plain data for the import's ``options`` column."""
        return {
            "timezone": self.timezone,
            "venue_id": self.venue_id,
            "capacity": self.capacity,
            "noise": self.noise.value,
            "lighting": self.lighting.value,
            "interaction": self.interaction.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportOptions:
        """Back from :meth:`as_json`."""
        venue_id = data.get("venue_id")
        return cls(
            timezone=str(data["timezone"]),
            venue_id=int(venue_id) if venue_id is not None else None,
            capacity=int(data["capacity"]),
            noise=Noise(data["noise"]),
            lighting=Lighting(data["lighting"]),
            interaction=Interaction(data["interaction"]),
        )


def validate_options(
    values: dict[str, str], own_venue_ids: set[int]
) -> tuple[ImportOptions | None, dict[str, str]]:
    """The upload form's choices, checked; a message per wrong field otherwise."""
    errors: dict[str, str] = {}
    zone = values.get("timezone", "").strip()
    if zone not in available_timezones():
        errors["timezone"] = "Please choose a time zone from the list, like Europe/London."
    raw_venue = values.get("default_venue", "").strip()
    venue_id: int | None = None
    if raw_venue.isdigit() and int(raw_venue) in own_venue_ids:
        venue_id = int(raw_venue)
    elif raw_venue != ONLINE:
        errors["default_venue"] = "Please choose one of your venues, or online."
    raw_capacity = values.get("capacity", "").strip()
    if not raw_capacity.isdigit() or not MIN_CAPACITY <= int(raw_capacity) <= MAX_CAPACITY:
        errors["capacity"] = (
            f"Please give a crowd-size limit between {MIN_CAPACITY} and {MAX_CAPACITY}."
        )
    choices: dict[str, Any] = {}
    for name, kind, message in (
        ("noise", Noise, "Please choose how loud they will be."),
        ("lighting", Lighting, "Please choose what the light is like."),
        ("interaction", Interaction, "Please choose what is asked of people."),
    ):
        try:
            choices[name] = kind(values.get(name, "").strip())
        except ValueError:
            errors[name] = message
    if errors:
        return None, errors
    return ImportOptions(
        timezone=zone,
        venue_id=venue_id,
        capacity=int(raw_capacity),
        noise=choices["noise"],
        lighting=choices["lighting"],
        interaction=choices["interaction"],
    ), errors


@dataclass(frozen=True, slots=True)
class PlannedDraft:
    """One gathering of the file and what it will become: its place worked out."""

    gathering: ImportedGathering
    attendance_mode: AttendanceMode
    venue: Venue | None
    online_url: str | None
    place: str
    """What the review shows under "becomes": the venue's name, or online."""
    place_note: str | None = None
    """Said when the file's LOCATION did not decide the place on its own."""
    skipped: str | None = None

    @property
    def is_created(self) -> bool:
        """True when this one becomes a draft."""
        return self.skipped is None


@dataclass(frozen=True, slots=True)
class ImportReview:
    """Everything the review page shows."""

    event_import: EventImport
    options: ImportOptions
    default_place: str
    to_create: list[PlannedDraft]
    skipped: list[PlannedDraft]


def _online_url(location: str) -> str | None:
    found = _URL.search(location)
    if found is None:
        return None
    url = found.group(0).rstrip(".,;)")
    parts = urlsplit(url)
    # The gathering form accepts only https links; anything else is left for the organiser.
    if parts.scheme.lower() != "https" or not parts.netloc or len(url) > TEXT_LIMITS["online_url"]:
        return None
    return url


def _venue_for(location: str, venues: list[Venue]) -> Venue | None:
    """An own venue whose name is the LOCATION, or its first part ("Library, 1 High St")."""
    wanted = location.casefold().strip()
    first_part = wanted.split(",", maxsplit=1)[0].strip()
    by_name = {venue.name.casefold().strip(): venue for venue in venues}
    return by_name.get(wanted) or by_name.get(first_part)


def plan_draft(
    gathering: ImportedGathering,
    options: ImportOptions,
    venues: list[Venue],
    now: datetime,
) -> PlannedDraft:
    """Where one gathering will be, and whether it is created at all (a start that has
    passed since the upload is skipped too)."""
    default = next((venue for venue in venues if venue.id == options.venue_id), None)
    skipped = gathering.skipped
    if skipped is None and gathering.starts_at <= now:
        skipped = ALREADY_HAPPENED
    location = gathering.location
    matched = _venue_for(location, venues) if location else None
    if matched is not None:
        return PlannedDraft(
            gathering, AttendanceMode.IN_PERSON, matched, None, matched.name, skipped=skipped
        )
    if location and (location.casefold() in ONLINE_WORDS or _URL.search(location)):
        url = _online_url(location)
        note = None if url else "Online: please add the https:// link before publishing."
        return PlannedDraft(
            gathering, AttendanceMode.ONLINE, None, url, "Online", note, skipped=skipped
        )
    if default is None:
        note = "Online: please add the https:// link before publishing."
        if location:
            note = f"“{location}” isn't one of your venues, so it is online (your default)."
        if options.venue_id is not None:
            note = "Your default venue is no longer in use, so it is online."
        return PlannedDraft(
            gathering, AttendanceMode.ONLINE, None, None, "Online", note, skipped=skipped
        )
    note = None
    if location:
        note = f"“{location}” isn't one of your venues, so it is at {default.name} (your default)."
    return PlannedDraft(
        gathering, AttendanceMode.IN_PERSON, default, None, default.name, note, skipped=skipped
    )


def _filename(raw: str | None) -> str:
    # Browsers send a bare name, but some old ones sent the whole local path.
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = "".join(letter for letter in name if letter.isprintable()).strip()
    name = name or "calendar.ics"
    return name if len(name) <= FILENAME_LIMIT else name[: FILENAME_LIMIT - 1] + "…"


async def start_import(
    session: AsyncSession,
    organiser: Account,
    *,
    filename: str | None,
    data: bytes,
    options: ImportOptions,
    now: datetime,
) -> EventImport:
    """Read the file and keep what it holds for review.

    Raises :class:`planner.calendar.importing.CalendarFileError` (and stores nothing)
    when the file can't be imported. Reading a large file takes a second or two of
    CPU, so it runs in a worker thread and the app keeps answering others meanwhile.
    """
    read = functools.partial(
        read_calendar_file, data, floating_zone=ZoneInfo(options.timezone), now=now
    )
    gatherings = await anyio.to_thread.run_sync(read)
    event_import = EventImport(
        organiser_id=organiser.id,
        filename=_filename(filename),
        status=ImportStatus.REVIEW,
        options=options.as_json(),
        drafts=[gathering.as_json() for gathering in gatherings],
        created_count=0,
    )
    session.add(event_import)
    await session.flush()
    return event_import


async def get_own_import(
    session: AsyncSession, organiser: Account, import_id: int, *, for_update: bool = False
) -> EventImport | None:
    """One of the organiser's imports, or None for anyone else's.

    ``for_update`` locks the row (PostgreSQL; SQLite's write transaction already
    excludes other writers), so two presses of "Create" can't both see "review".
    """
    query = select(EventImport).where(
        EventImport.id == import_id, EventImport.organiser_id == organiser.id
    )
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def waiting_imports(session: AsyncSession, organiser: Account) -> list[EventImport]:
    """The organiser's imports still waiting for review, newest first."""
    return list(
        await session.scalars(
            select(EventImport)
            .where(
                EventImport.organiser_id == organiser.id,
                EventImport.status == ImportStatus.REVIEW,
            )
            .order_by(EventImport.created_at.desc(), EventImport.id.desc())
        )
    )


async def usual_zone(session: AsyncSession, organiser: Account, fallback: str) -> str:
    """The zone the organiser last chose for an import, else their latest gathering's."""
    last_import = await session.scalar(
        select(EventImport.options)
        .where(EventImport.organiser_id == organiser.id)
        .order_by(EventImport.created_at.desc(), EventImport.id.desc())
        .limit(1)
    )
    if last_import and last_import.get("timezone"):
        return str(last_import["timezone"])
    last_event = await session.scalar(
        select(Event.timezone)
        .where(Event.organiser_id == organiser.id)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    )
    return last_event or fallback


async def review_import(
    session: AsyncSession, organiser: Account, event_import: EventImport, now: datetime
) -> ImportReview:
    """What creating would do now, split into what is created and what is skipped."""
    options = ImportOptions.from_json(event_import.options)
    venues = await list_own_venues(session, organiser)
    plans = [
        plan_draft(ImportedGathering.from_json(raw), options, venues, now)
        for raw in event_import.drafts
    ]
    default = next((venue.name for venue in venues if venue.id == options.venue_id), "Online")
    return ImportReview(
        event_import=event_import,
        options=options,
        default_place=default,
        to_create=[plan for plan in plans if plan.is_created],
        skipped=[plan for plan in plans if not plan.is_created],
    )


def _event_input(plan: PlannedDraft, options: ImportOptions) -> EventInput:
    gathering = plan.gathering
    zone = ZoneInfo(gathering.timezone)
    return EventInput(
        title=gathering.title,
        summary=gathering.summary,
        description=gathering.description,
        expect_steps=[],
        starts_at=gathering.starts_at.astimezone(zone),
        ends_at=gathering.ends_at.astimezone(zone),
        timezone=gathering.timezone,
        attendance_mode=plan.attendance_mode,
        online_url=plan.online_url,
        venue_id=plan.venue.id if plan.venue is not None else None,
        capacity=options.capacity,
        noise=options.noise,
        lighting=options.lighting,
        interaction=options.interaction,
        scheduled_breaks=False,
        quiet_room=False,
        come_and_go=False,
        break_notes="",
        exit_no_goodbye_needed=True,
        exit_contact="",
        exit_plan="",
        content_notes="",
        allies_welcome=True,
        tag_keys=[],
    )


async def create_drafts(
    session: AsyncSession, organiser: Account, import_id: int, now: datetime
) -> tuple[EventImport | None, bool]:
    """Make every planned gathering a draft, in the caller's transaction, once.

    The import row is locked first and only an import still under review is acted
    on, so pressing "Create" twice (or in two tabs) makes the drafts once. Returns
    the import (None when it isn't the organiser's) and whether drafts were made now.
    """
    event_import = await get_own_import(session, organiser, import_id, for_update=True)
    if event_import is None or event_import.status is not ImportStatus.REVIEW:
        return event_import, False
    review = await review_import(session, organiser, event_import, now)
    created = await create_events(
        session, organiser, [_event_input(plan, review.options) for plan in review.to_create]
    )
    event_import.status = ImportStatus.CREATED
    event_import.created_count = len(created)
    event_import.drafts = []
    await session.flush()
    return event_import, True


def discard_import(event_import: EventImport) -> None:
    """Forget the file's contents; nothing is created from it."""
    if event_import.status is ImportStatus.REVIEW:
        event_import.status = ImportStatus.DISCARDED
        event_import.drafts = []
