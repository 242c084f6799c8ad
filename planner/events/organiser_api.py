"""``/api/v1/organiser/events``: integrations manage an organiser's own gatherings with a
personal API token. The same validation as the form, the same words in its messages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from litestar import Controller, delete, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotFoundException, ValidationException
from litestar.params import Body, FromPath, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_409_CONFLICT
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.core.clock import Clock
from planner.core.settings import Settings
from planner.events import manage
from planner.events.forms import CHECKBOXES, EventDraft, EventInput, validate_event
from planner.events.models import Event, EventStatus
from planner.events.organiser_web import event_values
from planner.rsvps.services import CapacityBelowPlacesTaken, Links
from planner.tags.services import list_tags
from planner.venues.services import list_own_venues

TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "timezone",
    "attendance_mode",
    "online_url",
    "noise",
    "lighting",
    "interaction",
    "break_notes",
    "exit_contact",
    "exit_plan",
    "content_notes",
)


class EventWrite(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    """A gathering to create, or the fields to change (PATCH: only what is sent).

    ``starts_at``/``ends_at`` are local wall-clock times in ``timezone``
    (``2026-12-01T10:00``). ``repeat`` is ``weekly`` or ``monthly`` (same weekday),
    with ``repeat_until`` the last date; only on creation.
    """

    title: str | None = None
    summary: str | None = None
    description: str | None = None
    expect_steps: list[str] | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    timezone: str | None = None
    attendance_mode: str | None = None
    online_url: str | None = None
    venue_id: int | None = None
    capacity: int | None = None
    noise: str | None = None
    lighting: str | None = None
    interaction: str | None = None
    scheduled_breaks: bool | None = None
    quiet_room: bool | None = None
    come_and_go: bool | None = None
    break_notes: str | None = None
    exit_no_goodbye_needed: bool | None = None
    exit_contact: str | None = None
    exit_plan: str | None = None
    content_notes: str | None = None
    allies_welcome: bool | None = None
    tags: list[str] | None = None
    repeat: str | None = None
    repeat_until: date | None = None
    publish: bool = False
    """Publish at once (otherwise a draft)."""
    scope: str = "this"
    """PATCH on a series: ``this`` or ``following``."""


class OrganiserEventOut(msgspec.Struct, frozen=True):
    """One of the organiser's gatherings."""

    id: int
    slug: str
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    attendance_mode: str
    capacity: int
    comfort_level: int
    comfort_label: str
    sequence: int
    series_id: int | None


class OrganiserEventsOut(msgspec.Struct, frozen=True):
    """The gatherings a request created or changed (one per occurrence of a series)."""

    items: list[OrganiserEventOut]


def _out(event: Event) -> OrganiserEventOut:
    return OrganiserEventOut(
        id=event.id,
        slug=event.slug,
        title=event.title,
        status=event.status.value,
        starts_at=event.local_start,
        ends_at=event.local_end,
        timezone=event.timezone,
        attendance_mode=event.attendance_mode.value,
        capacity=event.capacity,
        comfort_level=event.comfort_level,
        comfort_label=event.comfort_label,
        sequence=event.sequence,
        series_id=event.series_id,
    )


def _merge(body: EventWrite, base: EventDraft) -> EventDraft:
    values = dict(base.values)
    for name in TEXT_FIELDS:
        sent = getattr(body, name)
        if sent is not None:
            values[name] = sent
    if body.venue_id is not None:
        values["venue_id"] = str(body.venue_id)
    if body.capacity is not None:
        values["capacity"] = str(body.capacity)
    for name in CHECKBOXES:
        sent = getattr(body, name)
        if sent is True:
            values[name] = "on"
        elif sent is False:
            values.pop(name, None)
    if body.repeat is not None:
        values["repeat"] = body.repeat
    if body.repeat_until is not None:
        values["repeat_until"] = body.repeat_until.isoformat()
    steps = body.expect_steps if body.expect_steps is not None else base.steps
    tags = body.tags if body.tags is not None else base.tag_keys
    return EventDraft(values=values, steps=list(steps), tag_keys=list(tags))


DEFAULT_CANCELLATION = (
    "This gathering has been cancelled. We're sorry, and hope to see you another time."
)
_API_NAMES = {"steps": "expect_steps", "repeat_until": "repeat_until", "tags": "tags"}


async def _validated(
    session: AsyncSession, account: Account, draft: EventDraft, *, repeat: bool
) -> EventInput:
    tags = await list_tags(session)
    venues = await list_own_venues(session, account)
    data, checked = validate_event(
        draft.values,
        draft.steps,
        draft.tag_keys,
        known_tags={tag.key for tag in tags},
        own_venue_ids={venue.id for venue in venues},
        allow_repeat=repeat,
    )
    if data is None:
        errors = {_API_NAMES.get(key, key): text for key, text in checked.errors.items()}
        name, message = next(iter(errors.items()))
        raise ValidationException(
            detail=f"Invalid field '{name}': {message}",
            extra=[{"key": key, "message": text, "source": "body"} for key, text in errors.items()],
        )
    return data


class OrganiserEventApi(Controller):
    """A verified organiser's own gatherings, with ``Authorization: Bearer <token>``."""

    path = "/api/v1/organiser/events"
    tags = ("organiser",)
    security = [{"BearerToken": []}]  # noqa: RUF012 - Litestar reads it as a class attribute

    async def _own(self, session: AsyncSession, account: Account, slug: str) -> Event:
        event = await manage.get_own_event_by_slug(session, account, slug)
        if event is None:
            raise NotFoundException(detail=f"You have no gathering with the slug '{slug}'.")
        return event

    @post("/", status_code=HTTP_201_CREATED, summary="Create a gathering")
    async def create(
        self,
        data: Annotated[EventWrite, Body(description="The gathering.")],
        api_account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> OrganiserEventsOut:
        """A draft (or, with ``publish``, a published gathering); a repeating one gives
        one gathering per occurrence."""
        draft = _merge(data, EventDraft(values={}, steps=[], tag_keys=[]))
        checked = await _validated(db_session, api_account, draft, repeat=True)
        events = await manage.create_event(db_session, api_account, checked)
        if data.publish:
            for event in events:
                manage.publish_event(event)
            await db_session.flush()
        return OrganiserEventsOut(items=[_out(event) for event in events])

    @patch("/{slug:str}", status_code=HTTP_200_OK, summary="Change a gathering")
    async def update(
        self,
        slug: FromPath[str],
        data: Annotated[EventWrite, Body(description="Only the fields to change.")],
        api_account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> OrganiserEventsOut:
        """Change a gathering (``scope: following`` changes the rest of its series too)."""
        event = await self._own(db_session, api_account, slug)
        if event.status is EventStatus.CANCELLED:
            raise ClientException(
                detail="This gathering is cancelled; create a new one instead.",
                status_code=HTTP_409_CONFLICT,
            )
        base = EventDraft(
            values=event_values(event),
            steps=list(event.expect_steps),
            tag_keys=[tag.key for tag in event.tags],
        )
        checked = await _validated(db_session, api_account, _merge(data, base), repeat=False)
        scope = manage.EditScope.FOLLOWING if data.scope == "following" else manage.EditScope.THIS
        try:
            updated = await manage.update_event(
                db_session,
                api_account,
                event,
                checked,
                scope,
                now=clock.now(),
                links=Links(settings.app.base_url),
            )
        except CapacityBelowPlacesTaken as refusal:
            raise ValidationException(
                detail=f"Invalid field 'capacity': {refusal}",
                extra=[{"key": "capacity", "message": str(refusal), "source": "body"}],
            ) from None
        if data.publish and event.status is EventStatus.DRAFT:
            manage.publish_event(event)
            await db_session.flush()
        return OrganiserEventsOut(items=[_out(item) for item in updated.events])

    @delete("/{slug:str}", status_code=HTTP_200_OK, summary="Cancel a gathering")
    async def cancel(
        self,
        slug: FromPath[str],
        api_account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        message: Annotated[
            str,
            QueryParameter(max_length=2000, description="What the people who said yes will read."),
        ] = DEFAULT_CANCELLATION,
    ) -> OrganiserEventOut:
        """Cancel (kept, never deleted: people who said yes must be told); ``message``
        is what they will read."""
        event = await self._own(db_session, api_account, slug)
        await manage.cancel_event(
            db_session, event, message, now=clock.now(), links=Links(settings.app.base_url)
        )
        await db_session.flush()
        return _out(event)
