"""The JSON shapes of RSVPs (``/api/v1``). Never an attendee list: only one's own reply."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

from planner.rsvps.models import (
    DISCREET_TITLE_MAX,
    EMAIL_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    PSEUDONYM_MAX,
    SHORT_TEXT_MAX,
    AllyInvite,
    Rsvp,
    SafetyPlan,
)

Short = Annotated[str, msgspec.Meta(max_length=SHORT_TEXT_MAX)]
Long = Annotated[str, msgspec.Meta(max_length=LONG_TEXT_MAX)]
Email = Annotated[str, msgspec.Meta(max_length=EMAIL_MAX)]


class AllyIn(msgspec.Struct, frozen=True):
    """An ally to invite, and the plan to share with them."""

    name: Annotated[str, msgspec.Meta(max_length=NAME_MAX, description="Your ally's name.")]
    email: Email | None = msgspec.field(default=None)
    meeting_point: Short = ""
    meet_time: Short = ""
    leave_signal: Annotated[
        str, msgspec.Meta(max_length=SHORT_TEXT_MAX, description='The "I want to leave" signal.')
    ] = ""
    note: Long = ""

    def form(self, prefix: str = "ally_") -> dict[str, Any]:
        """The same fields the web form sends."""
        return {
            f"{prefix}name": self.name,
            f"{prefix}email": self.email or "",
            "meeting_point": self.meeting_point,
            "meet_time": self.meet_time,
            "leave_signal": self.leave_signal,
            "note": self.note,
        }


class AllyPlanIn(msgspec.Struct, frozen=True):
    """Changes to the plan the ally sees."""

    meeting_point: Short = ""
    meet_time: Short = ""
    leave_signal: Short = ""
    note: Long = ""


class RsvpIn(msgspec.Struct, frozen=True):
    """A guest's RSVP. Only ``pseudonym`` is required."""

    pseudonym: Annotated[
        str, msgspec.Meta(max_length=PSEUDONYM_MAX, description="Any name you like.")
    ]
    email: Annotated[
        str | None,
        msgspec.Meta(description="Optional; for reminders and changes. Never shown to anyone."),
    ] = None
    access_needs: Annotated[
        str, msgspec.Meta(max_length=LONG_TEXT_MAX, description="Shared with the organiser.")
    ] = ""
    may_leave_early: bool = False
    ally: AllyIn | None = None
    reminders: Annotated[
        list[int],
        msgspec.Meta(
            description="Reminders, in minutes before the start: any of 10080 (a week), "
            "1440 (a day), 120 and 60. In the calendar file, and emailed if you gave an email."
        ),
    ] = msgspec.field(default_factory=list)
    discreet_title: (
        Annotated[
            str,
            msgspec.Meta(
                max_length=DISCREET_TITLE_MAX,
                description='A neutral calendar title ("Plans with a friend") instead of the '
                "real one.",
            ),
        ]
        | None
    ) = None

    def form(self) -> dict[str, Any]:
        """The same fields the web form sends."""
        fields: dict[str, Any] = {
            "pseudonym": self.pseudonym,
            "email": self.email or "",
            "access_needs": self.access_needs,
            "may_leave_early": self.may_leave_early,
            "remind": [str(minutes) for minutes in self.reminders],
            "discreet": self.discreet_title is not None,
            "discreet_title": self.discreet_title or "",
        }
        if self.ally is not None:
            fields |= self.ally.form()
        return fields


class RsvpDetailsPatch(msgspec.Struct, frozen=True):
    """Fields to change; leave one out to keep it. An empty ``email`` removes it."""

    pseudonym: Annotated[str, msgspec.Meta(max_length=PSEUDONYM_MAX)] | None = None
    email: Email | None = None
    access_needs: Long | None = None
    may_leave_early: bool | None = None


class SafetyPlanIn(msgspec.Struct, frozen=True):
    """The survivor's safety plan."""

    triggers: Long = ""
    coping_strategies: Long = ""
    trusted_contacts: Long = ""
    exit_strategy: Long = ""
    share_with_ally: bool = False


class EventRef(msgspec.Struct, frozen=True):
    """The gathering a reply is for."""

    slug: str
    title: str
    url: str
    starts_at: datetime
    ends_at: datetime


class AllyOut(msgspec.Struct, frozen=True):
    """The survivor's ally, as the survivor sees them."""

    name: str
    email: str | None
    status: str
    link: str
    meeting_point: str
    meet_time: str
    leave_signal: str
    note: str


class SafetyPlanOut(msgspec.Struct, frozen=True):
    """The survivor's safety plan, for their eyes."""

    triggers: str
    coping_strategies: str
    trusted_contacts: str
    exit_strategy: str
    share_with_ally: bool


class RsvpOut(msgspec.Struct, frozen=True):
    """One's own reply, read through the private token."""

    status: str
    pseudonym: str
    email: str | None
    access_needs: str
    may_leave_early: bool
    waitlist_position: int | None
    places_held: int
    event: EventRef
    ally: AllyOut | None
    safety_plan: SafetyPlanOut | None
    manage_url: str
    reminders: list[int]
    """Minutes before the start."""
    discreet_title: str | None
    calendar_url: str
    """This reply as an .ics file, with its reminders."""


class RsvpCreatedOut(RsvpOut, frozen=True):
    """A new reply. ``manage_token`` is shown this once: keep it, it is your key."""

    manage_token: str = ""


def _base(base_url: str) -> str:
    return base_url.rstrip("/")


def ally_out(invite: AllyInvite, ally_token: str, base_url: str) -> AllyOut:
    """The ally with the link to pass on."""
    return AllyOut(
        name=invite.name,
        email=invite.email,
        status=invite.status.value,
        link=f"{_base(base_url)}/ally/{ally_token}",
        meeting_point=invite.meeting_point,
        meet_time=invite.meet_time,
        leave_signal=invite.leave_signal,
        note=invite.note,
    )


def safety_plan_out(plan: SafetyPlan) -> SafetyPlanOut:
    """The plan as JSON."""
    return SafetyPlanOut(
        triggers=plan.triggers,
        coping_strategies=plan.coping_strategies,
        trusted_contacts=plan.trusted_contacts,
        exit_strategy=plan.exit_strategy,
        share_with_ally=plan.share_with_ally,
    )


def rsvp_fields(rsvp: Rsvp, token: str, base_url: str, ally_token: str | None) -> dict[str, Any]:
    """Everything in :class:`RsvpOut`."""
    event = rsvp.event
    ally = rsvp.ally
    return {
        "status": rsvp.status.value,
        "pseudonym": rsvp.pseudonym,
        "email": rsvp.contact_email,
        "access_needs": rsvp.access_needs,
        "may_leave_early": rsvp.may_leave_early,
        "waitlist_position": rsvp.waitlist_position,
        "places_held": rsvp.places_held,
        "event": EventRef(
            slug=event.slug,
            title=event.title,
            url=f"{_base(base_url)}/events/{event.slug}",
            starts_at=event.local_start,
            ends_at=event.local_end,
        ),
        "ally": ally_out(ally, ally_token, base_url)
        if ally is not None and ally_token is not None
        else None,
        "safety_plan": safety_plan_out(rsvp.safety_plan) if rsvp.safety_plan else None,
        "manage_url": f"{_base(base_url)}/rsvps/{token}",
        "reminders": [reminder.minutes_before for reminder in rsvp.reminders],
        "discreet_title": rsvp.discreet_title,
        "calendar_url": f"{_base(base_url)}/rsvps/{token}/calendar.ics",
    }
