"""``/organiser/events``: an organiser's gatherings, from draft to published to cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Final
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, OrganiserStatus
from planner.core.clock import Clock
from planner.core.forms import FormState
from planner.core.settings import Settings
from planner.events import manage
from planner.events.comfort import INTERACTION_WORDS, NOISE_WORDS, Interaction, Noise
from planner.events.forms import (
    CHECKBOXES,
    LOCAL_FORMAT,
    EventDraft,
    preview_comfort,
    validate_event,
)
from planner.events.models import AttendanceMode, Event, EventStatus, Frequency, Lighting
from planner.events.tags import DERIVED_TAGS
from planner.organiser.pages import invalid, is_htmx, page, read_multi
from planner.rsvps.services import CapacityBelowPlacesTaken, Links, people_to_tell
from planner.tags.services import group_by_category, list_tags
from planner.venues.models import Venue
from planner.venues.services import list_own_venues

EMPTY_STEP_ROWS: Final = 1


@dataclass(frozen=True, slots=True)
class NotifyWarning:
    """Shown before saving a change people will be told about."""

    people: int
    changes: tuple[str, ...]


ZONES: Final = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Pacific/Auckland",
)


def event_values(event: Event) -> dict[str, str]:
    """An event as the form's fields."""
    values = {
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "starts_at": event.local_start.strftime(LOCAL_FORMAT),
        "ends_at": event.local_end.strftime(LOCAL_FORMAT),
        "timezone": event.timezone,
        "attendance_mode": event.attendance_mode.value,
        "online_url": event.online_url or "",
        "venue_id": str(event.venue_id or ""),
        "capacity": str(event.capacity),
        "noise": event.noise.value,
        "lighting": event.lighting.value,
        "interaction": event.interaction.value,
        "break_notes": event.break_notes,
        "exit_contact": event.exit_contact,
        "exit_plan": event.exit_plan,
        "content_notes": event.content_notes,
    }
    for name in CHECKBOXES:
        if getattr(event, name):
            values[name] = "on"
    return values


def _options(draft: EventDraft, venues: list[Venue]) -> dict[str, list[tuple[str, str]]]:
    """The choices of every select on the form, as (value, words) pairs."""
    zones = list(ZONES)
    typed = draft.text("timezone")
    if typed and typed not in zones:
        zones.append(typed)
    return {
        "timezone": [(zone, zone.replace("_", " ")) for zone in zones],
        "repeat": [("none", "No, just once")] + [(f.value, f.label) for f in Frequency],
        "attendance_mode": [(mode.value, mode.label) for mode in AttendanceMode],
        "venue_id": [("", "Online only: no venue")]
        + [(str(venue.id), f"{venue.name}, {venue.city}") for venue in venues],
        "noise": [(noise.value, NOISE_WORDS[noise].capitalize()) for noise in Noise],
        "lighting": [(light.value, light.label.capitalize()) for light in Lighting],
        "interaction": [(kind.value, INTERACTION_WORDS[kind].capitalize()) for kind in Interaction],
    }


def _move_steps(steps: list[str], action: str) -> tuple[list[str], int | None]:
    """Apply a step button (add, remove:N, up:N, down:N); returns the row to focus."""
    verb, _, raw = action.partition(":")
    index = int(raw) if raw.isdigit() else -1
    if verb == "add":
        return [*steps, ""], len(steps)
    if not 0 <= index < len(steps):
        return steps, None
    if verb == "remove":
        return steps[:index] + steps[index + 1 :], min(index, len(steps) - 2)
    if verb == "up" and index > 0:
        steps[index - 1], steps[index] = steps[index], steps[index - 1]
        return steps, index - 1
    if verb == "down" and index < len(steps) - 1:
        steps[index + 1], steps[index] = steps[index], steps[index + 1]
        return steps, index + 1
    return steps, index


class OrganiserEventPages(Controller):
    """Organisers' own gatherings; anyone else's id is a 404, never a peek."""

    path = "/organiser/events"
    include_in_schema = False

    async def _own(self, session: AsyncSession, organiser: Account, event_id: int) -> Event:
        event = await manage.get_own_event(session, organiser, event_id)
        if event is None:
            raise NotFoundException
        return event

    async def _form(
        self,
        session: AsyncSession,
        organiser: Account,
        draft: EventDraft,
        *,
        event: Event | None,
        status: int = 200,
        focus_step: int | None = None,
        warning: NotifyWarning | None = None,
    ) -> Template:
        tags = await list_tags(session)
        venues = await list_own_venues(session, organiser)
        choosable = [tag for tag in tags if tag.key not in DERIVED_TAGS]
        context: dict[str, Any] = {
            "form": FormState(values=draft.values, errors=draft.errors),
            "steps": draft.steps or [""] * EMPTY_STEP_ROWS,
            "focus_step": focus_step,
            "chosen": draft.tag_keys,
            "tag_groups": group_by_category(choosable),
            "venues": venues,
            "comfort": preview_comfort(draft),
            "event": event,
            "options": _options(draft, venues),
            "warning": warning,
            "people_to_tell": (
                await people_to_tell(session, [event.id])
                if event is not None and event.status is EventStatus.PUBLISHED
                else 0
            ),
        }
        if status == 422:
            return invalid("organiser/event_form.html", **context)
        return page("organiser/event_form.html", status=status, **context)

    async def _read(self, request: Request[Any, Any, Any]) -> EventDraft:
        values, multi = await read_multi(request)
        steps = [str(step) for step in multi.getall("step", [])]
        tags = [str(tag) for tag in multi.getall("tag", [])]
        return EventDraft(values=values, steps=steps, tag_keys=tags)

    async def _validate(
        self, session: AsyncSession, organiser: Account, draft: EventDraft, *, repeat: bool
    ) -> tuple[Any, EventDraft]:
        tags = await list_tags(session)
        venues = await list_own_venues(session, organiser)
        return validate_event(
            draft.values,
            draft.steps,
            draft.tag_keys,
            known_tags={tag.key for tag in tags},
            own_venue_ids={venue.id for venue in venues},
            allow_repeat=repeat,
        )

    @get("/")
    async def index(
        self,
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        imported: Annotated[int | None, QueryParameter(ge=0)] = None,
    ) -> Template:
        """Every gathering of yours (and, after an import, how many drafts it made)."""
        events = await manage.list_own_events(db_session, organiser)
        return page("organiser/events.html", events=events, imported=imported)

    @get("/new")
    async def new(
        self,
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        site_zone: NamedDependency[ZoneInfo],
    ) -> Template:
        """An empty gathering form, with gentle defaults."""
        values = {
            "timezone": str(site_zone),
            "attendance_mode": AttendanceMode.IN_PERSON.value,
            "noise": Noise.QUIET.value,
            "lighting": Lighting.SOFT.value,
            "interaction": Interaction.OBSERVE.value,
            "capacity": "8",
            "exit_no_goodbye_needed": "on",
            "allies_welcome": "on",
        }
        draft = EventDraft(values=values, steps=[], tag_keys=[])
        return await self._form(db_session, organiser, draft, event=None)

    @post("/new")
    async def create(
        self,
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template | Redirect:
        """Save a new draft (one per occurrence when it repeats)."""
        draft = await self._read(request)
        if action := draft.values.get("step_action"):
            return await self._steps_action(request, db_session, organiser, draft, action, None)
        data, draft = await self._validate(db_session, organiser, draft, repeat=True)
        if data is None:
            return await self._form(db_session, organiser, draft, event=None, status=422)
        events = await manage.create_event(db_session, organiser, data)
        return Redirect(f"/organiser/events/{events[0].id}", status_code=HTTP_303_SEE_OTHER)

    async def _steps_action(
        self,
        request: Request[Any, Any, Any],
        session: AsyncSession,
        organiser: Account,
        draft: EventDraft,
        action: str,
        event: Event | None,
    ) -> Template:
        # Step buttons change only the list of rows: nothing is saved yet.
        steps, focus = _move_steps(list(draft.steps), action)
        draft.steps = steps
        if is_htmx(request):
            return page(
                "organiser/_steps.html", steps=steps or [""], focus_step=focus, form=FormState()
            )
        return await self._form(session, organiser, draft, event=event, focus_step=focus)

    @post("/steps")
    async def steps(
        self, request: Request[Any, Any, Any], organiser: NamedDependency[Account]
    ) -> Template:
        """htmx: add, remove or move a what-to-expect step (returns the rows alone)."""
        draft = await self._read(request)
        steps, focus = _move_steps(list(draft.steps), draft.values.get("step_action", ""))
        return page(
            "organiser/_steps.html", steps=steps or [""], focus_step=focus, form=FormState()
        )

    @post("/preview")
    async def preview(
        self, request: Request[Any, Any, Any], organiser: NamedDependency[Account]
    ) -> Template:
        """htmx: the comfort level the form's facts give, as survivors will see it."""
        draft = await self._read(request)
        return page("organiser/_comfort_preview.html", comfort=preview_comfort(draft))

    @get("/{event_id:int}")
    async def show(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        """One gathering: its state and what you can do with it."""
        event = await self._own(db_session, organiser, event_id)
        can_publish = organiser.organiser_status is OrganiserStatus.VERIFIED
        return page(
            "organiser/event.html", event=event, comfort=event.comfort, can_publish=can_publish
        )

    @get("/{event_id:int}/edit")
    async def edit(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        """The gathering's form, filled in."""
        event = await self._own(db_session, organiser, event_id)
        draft = EventDraft(
            values=event_values(event),
            steps=list(event.expect_steps),
            tag_keys=[tag.key for tag in event.tags],
        )
        return await self._form(db_session, organiser, draft, event=event)

    @post("/{event_id:int}/edit")
    async def update(
        self,
        event_id: FromPath[int],
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Save changes to this gathering (or to it and the rest of its series)."""
        event = await self._own(db_session, organiser, event_id)
        if event.status is EventStatus.CANCELLED:
            raise ClientException(
                detail="This gathering is cancelled; duplicate it to plan it again.",
                status_code=HTTP_409_CONFLICT,
            )
        draft = await self._read(request)
        if action := draft.values.get("step_action"):
            return await self._steps_action(request, db_session, organiser, draft, action, event)
        data, draft = await self._validate(db_session, organiser, draft, repeat=False)
        if data is None:
            return await self._form(db_session, organiser, draft, event=event, status=422)
        scope = (
            manage.EditScope.FOLLOWING
            if draft.values.get("scope") == manage.EditScope.FOLLOWING.value
            else manage.EditScope.THIS
        )
        try:
            # A trial run in a savepoint: the very code that saves finds out who would
            # be told, and the change is undone until the organiser has seen that.
            async with db_session.begin_nested() as trial:
                updated = await manage.update_event(
                    db_session,
                    organiser,
                    event,
                    data,
                    scope,
                    now=clock.now(),
                    links=Links(settings.app.base_url),
                )
                # Saving goes ahead once the organiser has seen this very number.
                told_ok = draft.values.get("confirm_notify") == str(updated.notices)
                if updated.notices and not told_ok:
                    await trial.rollback()
        except CapacityBelowPlacesTaken as refusal:
            draft.errors["capacity"] = str(refusal)
            return await self._form(db_session, organiser, draft, event=event, status=422)
        if updated.notices and not told_ok:
            event = await self._own(db_session, organiser, event_id)
            warning = NotifyWarning(people=updated.notices, changes=updated.changes)
            return await self._form(
                db_session, organiser, draft, event=event, status=409, warning=warning
            )
        return Redirect(f"/organiser/events/{event.id}", status_code=HTTP_303_SEE_OTHER)

    @post("/{event_id:int}/duplicate")
    async def duplicate(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """A draft copy a week later, to edit."""
        event = await self._own(db_session, organiser, event_id)
        copy = await manage.duplicate_event(db_session, organiser, event)
        return Redirect(f"/organiser/events/{copy.id}/edit", status_code=HTTP_303_SEE_OTHER)

    @post("/{event_id:int}/publish")
    async def publish(
        self,
        event_id: FromPath[int],
        request: Request[Any, Any, Any],
        verified_organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Make a draft public (verified organisers only), or it and the rest of its series."""
        event = await self._own(db_session, verified_organiser, event_id)
        values, _ = await read_multi(request)
        if values.get("scope") == manage.EditScope.FOLLOWING.value:
            await manage.publish_series_from(db_session, verified_organiser, event)
        else:
            manage.publish_event(event)
        return Redirect(f"/organiser/events/{event.id}", status_code=HTTP_303_SEE_OTHER)

    @post("/{event_id:int}/unpublish")
    async def unpublish(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Take a gathering back to draft."""
        event = await self._own(db_session, organiser, event_id)
        manage.unpublish_event(event)
        return Redirect(f"/organiser/events/{event.id}", status_code=HTTP_303_SEE_OTHER)

    @get("/{event_id:int}/cancel")
    async def cancel_form(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        """Ask for a message before cancelling."""
        event = await self._own(db_session, organiser, event_id)
        return page("organiser/cancel.html", event=event, form=FormState())

    @post("/{event_id:int}/cancel")
    async def cancel(
        self,
        event_id: FromPath[int],
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Cancel, with a message for the people who said yes."""
        event = await self._own(db_session, organiser, event_id)
        values, _ = await read_multi(request)
        form = FormState(values=values)
        message = form.require(
            "message", "Please write a short, kind message for the people who said yes."
        )
        if len(message) > 2000:
            form.errors["message"] = "Please keep the message under 2000 characters."
        if not form.ok:
            return invalid("organiser/cancel.html", event=event, form=form)
        await manage.cancel_event(
            db_session, event, message, now=clock.now(), links=Links(settings.app.base_url)
        )
        return Redirect(f"/organiser/events/{event.id}", status_code=HTTP_303_SEE_OTHER)
