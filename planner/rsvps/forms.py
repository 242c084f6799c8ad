"""Reading what people typed: one set of rules for the web forms and the API.

Each parser returns the cleaned values, the messages to show beside each field
(empty when all is well), and what was typed, so a form can be shown again as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from planner.calendar.entries import DISCREET_TITLES
from planner.calendar.reminders import REMINDER_CHOICES
from planner.rsvps.models import (
    DISCREET_TITLE_MAX,
    EMAIL_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    PSEUDONYM_MAX,
    SHORT_TEXT_MAX,
)

EMAIL_SHAPE: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TRUE_WORDS: Final = frozenset({"on", "true", "1", "yes"})

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AllyPlan:
    """The plan the survivor shares with their ally."""

    meeting_point: str = ""
    meet_time: str = ""
    leave_signal: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AllyRequest:
    """An ally to invite: a name, optionally an email, and the plan."""

    name: str
    email: str | None = None
    plan: AllyPlan = field(default_factory=AllyPlan)


@dataclass(frozen=True, slots=True)
class RsvpDetails:
    """What a person may change about their own RSVP."""

    pseudonym: str
    email: str | None = None
    access_needs: str = ""
    may_leave_early: bool = False


@dataclass(frozen=True, slots=True)
class CalendarChoices:
    """How the gathering sits in the person's calendar."""

    reminders: tuple[int, ...] = ()
    """Minutes before the start, from :data:`REMINDER_CHOICES`."""
    discreet_title: str | None = None
    """A neutral title in place of the real one, or None."""


@dataclass(frozen=True, slots=True)
class RsvpRequest:
    """A new RSVP."""

    details: RsvpDetails
    ally: AllyRequest | None = None
    account_id: int | None = None
    calendar: CalendarChoices = field(default_factory=CalendarChoices)


@dataclass(frozen=True, slots=True)
class SafetyPlanInput:
    """The survivor's safety plan."""

    triggers: str = ""
    coping_strategies: str = ""
    trusted_contacts: str = ""
    exit_strategy: str = ""
    share_with_ally: bool = False


@dataclass(slots=True)
class Parsed(Generic[T]):
    """The outcome of reading a form."""

    value: T | None
    errors: dict[str, str]
    values: dict[str, Any]

    @property
    def ok(self) -> bool:
        """Nothing to correct."""
        return not self.errors and self.value is not None


class _Reader:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def text(self, name: str, limit: int, *, required: str = "", label: str = "") -> str:
        raw = self.data.get(name)
        value = raw.strip() if isinstance(raw, str) else ""
        self.values[name] = value
        if required and not value:
            self.errors[name] = required
        elif len(value) > limit:
            self.errors[name] = f"Please keep {label or 'this'} to {limit} characters or fewer."
        return value

    def email(self, name: str) -> str | None:
        value = self.text(name, EMAIL_MAX, label="the email address")
        if value and name not in self.errors and not EMAIL_SHAPE.fullmatch(value):
            self.errors[name] = "This doesn't look like an email address, like name@example.org."
        return value or None

    def flag(self, name: str) -> bool:
        raw = self.data.get(name)
        value = raw if isinstance(raw, bool) else str(raw or "").strip().lower() in TRUE_WORDS
        self.values[name] = value
        return value


def _calendar(reader: _Reader) -> CalendarChoices:
    raw = reader.data.get("remind")
    items = raw if isinstance(raw, list) else [] if raw in (None, "") else [raw]
    minutes: set[int] = set()
    for item in items:
        text = str(item).strip()
        if text.isdigit() and int(text) in REMINDER_CHOICES:
            minutes.add(int(text))
        else:
            reader.errors["remind"] = "Please choose from the reminders offered."
    reader.values["remind"] = [str(value) for value in sorted(minutes, reverse=True)]
    discreet = reader.flag("discreet")
    title = reader.text("discreet_title", DISCREET_TITLE_MAX, label="the neutral title")
    if discreet and not title:
        title = DISCREET_TITLES[0]
        reader.values["discreet_title"] = title
    return CalendarChoices(
        reminders=tuple(sorted(minutes, reverse=True)), discreet_title=title if discreet else None
    )


def _details(reader: _Reader) -> RsvpDetails:
    return RsvpDetails(
        pseudonym=reader.text(
            "pseudonym",
            PSEUDONYM_MAX,
            required="Please give a name to use. Any name you like is fine.",
            label="the name",
        ),
        email=reader.email("email"),
        access_needs=reader.text("access_needs", LONG_TEXT_MAX, label="access needs"),
        may_leave_early=reader.flag("may_leave_early"),
    )


def _ally_plan(reader: _Reader) -> AllyPlan:
    return AllyPlan(
        meeting_point=reader.text("meeting_point", SHORT_TEXT_MAX, label="the meeting point"),
        meet_time=reader.text("meet_time", SHORT_TEXT_MAX, label="the meeting time"),
        leave_signal=reader.text("leave_signal", SHORT_TEXT_MAX, label="the signal"),
        note=reader.text("note", LONG_TEXT_MAX, label="the note"),
    )


def _ally(reader: _Reader, prefix: str = "") -> AllyRequest:
    name = reader.text(
        f"{prefix}name",
        NAME_MAX,
        required="Please give your ally's name, so they know the invitation is for them.",
        label="the name",
    )
    email = reader.email(f"{prefix}email")
    return AllyRequest(name=name, email=email, plan=_ally_plan(reader))


def parse_rsvp(data: Mapping[str, Any], *, allies_welcome: bool) -> Parsed[RsvpRequest]:
    """A new RSVP from the event page's form (or the API's JSON, flattened the same way)."""
    reader = _Reader(data)
    details = _details(reader)
    ally = None
    # Filling in an ally's name is how the form asks for one (no checkbox to forget).
    wants_ally = any(str(data.get(name) or "").strip() for name in ("ally_name", "ally_email"))
    if allies_welcome and wants_ally:
        ally = _ally(reader, prefix="ally_")
    request = RsvpRequest(details=details, ally=ally, calendar=_calendar(reader))
    return Parsed(None if reader.errors else request, reader.errors, reader.values)


def parse_calendar_choices(data: Mapping[str, Any]) -> Parsed[CalendarChoices]:
    """Reminders and the neutral title, from the manage page."""
    reader = _Reader(data)
    choices = _calendar(reader)
    return Parsed(None if reader.errors else choices, reader.errors, reader.values)


def parse_details(data: Mapping[str, Any]) -> Parsed[RsvpDetails]:
    """Changes to one's own RSVP."""
    reader = _Reader(data)
    details = _details(reader)
    return Parsed(None if reader.errors else details, reader.errors, reader.values)


def parse_ally(data: Mapping[str, Any]) -> Parsed[AllyRequest]:
    """An ally invitation from the manage page."""
    reader = _Reader(data)
    ally = _ally(reader, prefix="ally_")
    return Parsed(None if reader.errors else ally, reader.errors, reader.values)


def parse_ally_plan(data: Mapping[str, Any]) -> Parsed[AllyPlan]:
    """Changes to the plan shared with the ally."""
    reader = _Reader(data)
    plan = _ally_plan(reader)
    return Parsed(None if reader.errors else plan, reader.errors, reader.values)


def parse_safety_plan(data: Mapping[str, Any]) -> Parsed[SafetyPlanInput]:
    """The safety plan form."""
    reader = _Reader(data)
    plan = SafetyPlanInput(
        triggers=reader.text("triggers", LONG_TEXT_MAX, label="this"),
        coping_strategies=reader.text("coping_strategies", LONG_TEXT_MAX, label="this"),
        trusted_contacts=reader.text("trusted_contacts", LONG_TEXT_MAX, label="this"),
        exit_strategy=reader.text("exit_strategy", LONG_TEXT_MAX, label="this"),
        share_with_ally=reader.flag("share_with_ally"),
    )
    return Parsed(None if reader.errors else plan, reader.errors, reader.values)


def parse_email(data: Mapping[str, Any]) -> Parsed[str]:
    """An address to send the manage link to."""
    reader = _Reader(data)
    email = reader.email("email")
    if email is None and "email" not in reader.errors:
        reader.errors["email"] = "Please give the email address to send the link to."
    return Parsed(None if reader.errors else email, reader.errors, reader.values)
