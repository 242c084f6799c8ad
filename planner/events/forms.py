"""The one validation of an organiser's gathering, shared by the form and the API.

Both hand over plain text fields (as a form posts them), the what-to-expect
steps and the chosen tag keys; both get back either an :class:`EventInput` or a
message per field, in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Final, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from planner.events.comfort import (
    ComfortAssessment,
    ComfortInputs,
    Interaction,
    Noise,
    assess_comfort,
)
from planner.events.models import (
    MAX_CAPACITY,
    MAX_LENGTH,
    MIN_CAPACITY,
    AttendanceMode,
    Frequency,
    Lighting,
)
from planner.events.tags import DERIVED_TAGS

E = TypeVar("E", bound=StrEnum)

MAX_STEPS: Final = 20
MAX_STEP_LENGTH: Final = 200
MAX_OCCURRENCES: Final = 53
"""A year of weekly gatherings, and a bit: enough, and a bound on one request's work."""
MAX_REPEAT_DAYS: Final = 366
"""A series is planned at most a year ahead (so never more than MAX_OCCURRENCES)."""
LOCAL_FORMAT: Final = "%Y-%m-%dT%H:%M"

TEXT_LIMITS: Final = {
    "title": 120,
    "summary": 300,
    "exit_contact": 200,
    "online_url": 500,
}

CHECKBOXES: Final = (
    "scheduled_breaks",
    "quiet_room",
    "come_and_go",
    "exit_no_goodbye_needed",
    "allies_welcome",
)


@dataclass(slots=True)
class EventInput:
    """A gathering as the organiser described it, checked and typed."""

    title: str
    summary: str
    description: str
    expect_steps: list[str]
    starts_at: datetime
    ends_at: datetime
    timezone: str
    attendance_mode: AttendanceMode
    online_url: str | None
    venue_id: int | None
    capacity: int
    noise: Noise
    lighting: Lighting
    interaction: Interaction
    scheduled_breaks: bool
    quiet_room: bool
    come_and_go: bool
    break_notes: str
    exit_no_goodbye_needed: bool
    exit_contact: str
    exit_plan: str
    content_notes: str
    allies_welcome: bool
    tag_keys: list[str]
    frequency: Frequency | None = None
    repeat_until: date | None = None


@dataclass(slots=True)
class EventDraft:
    """What was sent, and what is wrong with it."""

    values: dict[str, str]
    steps: list[str]
    tag_keys: list[str]
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        """The stripped text of a field."""
        return self.values.get(name, "").strip()

    def checked(self, name: str) -> bool:
        """A checkbox: present and not "false"/"off"/"0"."""
        return name in self.values and self.values[name].strip().lower() not in {
            "",
            "false",
            "off",
            "0",
        }


def _choice(draft: EventDraft, name: str, kind: type[E], message: str) -> E | None:
    try:
        return kind(draft.text(name))
    except ValueError:
        draft.errors.setdefault(name, message)
        return None


def _zone(draft: EventDraft) -> ZoneInfo | None:
    name = draft.text("timezone")
    if not name or name not in available_timezones():
        draft.errors["timezone"] = "Please choose a time zone from the list, like Europe/London."
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        draft.errors["timezone"] = "Please choose a time zone from the list, like Europe/London."
        return None


def parse_local(text: str) -> datetime | None:
    """``2026-12-01T10:00`` (seconds allowed) as a naive wall-clock time, or None."""
    for layout in (LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text.strip(), layout)  # noqa: DTZ007 - wall-clock, zoned below
        except ValueError:
            continue
    return None


def _when(draft: EventDraft, name: str, zone: ZoneInfo | None, message: str) -> datetime | None:
    local = parse_local(draft.text(name))
    if local is None:
        draft.errors[name] = message
        return None
    return local.replace(tzinfo=zone) if zone is not None else None


def _check_texts(draft: EventDraft) -> None:
    errors = draft.errors
    if not draft.text("title"):
        errors["title"] = "Please give the gathering a title."
    if not draft.text("summary"):
        errors["summary"] = "Please write one sentence about the gathering."
    for name, limit in TEXT_LIMITS.items():
        if len(draft.text(name)) > limit:
            errors.setdefault(name, f"Please keep this under {limit} characters.")
    if not draft.steps:
        errors["steps"] = "Please add at least one step of what to expect."
    elif len(draft.steps) > MAX_STEPS:
        errors["steps"] = f"Please keep to {MAX_STEPS} steps or fewer."
    elif any(len(step) > MAX_STEP_LENGTH for step in draft.steps):
        errors["steps"] = f"Please keep each step under {MAX_STEP_LENGTH} characters."


def _check_times(draft: EventDraft) -> tuple[datetime | None, datetime | None]:
    zone = _zone(draft)
    starts_at = _when(draft, "starts_at", zone, "Please give the start date and time.")
    ends_at = _when(draft, "ends_at", zone, "Please give the end date and time.")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        draft.errors["ends_at"] = "The end must be after the start."
    elif starts_at is not None and ends_at is not None and ends_at - starts_at > MAX_LENGTH:
        draft.errors["ends_at"] = "A gathering can last at most a week."
    return starts_at, ends_at


def _check_place(
    draft: EventDraft, own_venue_ids: set[int]
) -> tuple[AttendanceMode | None, str | None, int | None]:
    mode = _choice(draft, "attendance_mode", AttendanceMode, "Please choose how people take part.")
    online_url = draft.text("online_url") or None
    if mode in {AttendanceMode.ONLINE, AttendanceMode.HYBRID}:
        parts = urlsplit(online_url or "")
        if parts.scheme != "https" or not parts.netloc:
            draft.errors.setdefault(
                "online_url", "Please give the online link, starting with https://."
            )
    venue_id: int | None = None
    if mode in {AttendanceMode.IN_PERSON, AttendanceMode.HYBRID}:
        raw_venue = draft.text("venue_id")
        if not raw_venue.isdigit() or int(raw_venue) not in own_venue_ids:
            draft.errors["venue_id"] = "Please choose one of your venues (add one first if needed)."
        else:
            venue_id = int(raw_venue)
    if mode is AttendanceMode.IN_PERSON:
        online_url = None
    return mode, online_url, venue_id


def _check_capacity(draft: EventDraft) -> int | None:
    raw = draft.text("capacity")
    if not raw.isdigit() or not MIN_CAPACITY <= int(raw) <= MAX_CAPACITY:
        draft.errors["capacity"] = (
            f"Please give a crowd-size limit between {MIN_CAPACITY} and {MAX_CAPACITY}."
        )
        return None
    return int(raw)


def _check_tags(draft: EventDraft, known_tags: set[str]) -> list[str]:
    if any(key in DERIVED_TAGS for key in draft.tag_keys):
        draft.errors["tags"] = (
            "Some tags follow from the facts you give (quiet room, group size…); "
            "please set those facts instead."
        )
    elif any(key not in known_tags for key in draft.tag_keys):
        draft.errors["tags"] = "Please choose tags from the list."
    return [key for key in draft.tag_keys if key not in DERIVED_TAGS]


def _check_repeat(
    draft: EventDraft, starts_at: datetime | None
) -> tuple[Frequency | None, date | None]:
    if draft.text("repeat") in {"", "none"}:
        return None, None
    frequency = _choice(draft, "repeat", Frequency, "Please choose how often it repeats.")
    try:
        until = date.fromisoformat(draft.text("repeat_until"))
    except ValueError:
        draft.errors["repeat_until"] = "Please give the date of the last gathering."
        return frequency, None
    if starts_at is not None and until <= starts_at.date():
        draft.errors["repeat_until"] = "The last date must be after the first gathering."
    elif starts_at is not None and (until - starts_at.date()).days > MAX_REPEAT_DAYS:
        draft.errors["repeat_until"] = (
            "Please choose a last date within a year of the first gathering."
        )
    return frequency, until


def validate_event(
    values: dict[str, str],
    steps: list[str],
    tag_keys: list[str],
    *,
    known_tags: set[str],
    own_venue_ids: set[int],
    allow_repeat: bool = True,
) -> tuple[EventInput | None, EventDraft]:
    """Check a gathering; the input when everything is right, and always the draft
    (with a message per wrong field) so a form can be shown again as it was typed."""
    draft = EventDraft(
        values=values,
        steps=[step.strip() for step in steps if step.strip()],
        tag_keys=[key for key in tag_keys if key],
    )
    _check_texts(draft)
    starts_at, ends_at = _check_times(draft)
    mode, online_url, venue_id = _check_place(draft, own_venue_ids)
    capacity = _check_capacity(draft)
    noise = _choice(draft, "noise", Noise, "Please choose how loud it will be.")
    lighting = _choice(draft, "lighting", Lighting, "Please choose what the light is like.")
    interaction = _choice(
        draft, "interaction", Interaction, "Please choose what is asked of people."
    )
    tags = _check_tags(draft, known_tags)
    frequency, until = _check_repeat(draft, starts_at) if allow_repeat else (None, None)
    if (
        draft.errors
        or starts_at is None
        or ends_at is None
        or mode is None
        or capacity is None
        or noise is None
        or lighting is None
        or interaction is None
    ):
        return None, draft
    return EventInput(
        title=draft.text("title"),
        summary=draft.text("summary"),
        description=draft.text("description"),
        expect_steps=draft.steps,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=draft.text("timezone"),
        attendance_mode=mode,
        online_url=online_url,
        venue_id=venue_id,
        capacity=capacity,
        noise=noise,
        lighting=lighting,
        interaction=interaction,
        scheduled_breaks=draft.checked("scheduled_breaks"),
        quiet_room=draft.checked("quiet_room"),
        come_and_go=draft.checked("come_and_go"),
        break_notes=draft.text("break_notes"),
        exit_no_goodbye_needed=draft.checked("exit_no_goodbye_needed"),
        exit_contact=draft.text("exit_contact"),
        exit_plan=draft.text("exit_plan"),
        content_notes=draft.text("content_notes"),
        allies_welcome=draft.checked("allies_welcome"),
        tag_keys=tags,
        frequency=frequency,
        repeat_until=until,
    ), draft


def preview_comfort(draft: EventDraft) -> ComfortAssessment | None:
    """The comfort level the facts typed so far give, or None while a fact is missing."""
    try:
        noise = Noise(draft.text("noise"))
        interaction = Interaction(draft.text("interaction"))
        mode = AttendanceMode(draft.text("attendance_mode"))
        capacity = int(draft.text("capacity"))
    except ValueError:
        return None
    start = parse_local(draft.text("starts_at"))
    end = parse_local(draft.text("ends_at"))
    if start is None or end is None or end <= start or capacity < 1:
        return None
    return assess_comfort(
        ComfortInputs(
            capacity=capacity,
            noise=noise,
            duration_minutes=int((end - start).total_seconds() // 60),
            interaction=interaction,
            online_only=mode is AttendanceMode.ONLINE,
            come_and_go=draft.checked("come_and_go"),
            quiet_room=draft.checked("quiet_room"),
            scheduled_breaks=draft.checked("scheduled_breaks"),
        )
    )
