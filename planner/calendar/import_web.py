"""``/organiser/imports``: an organiser uploads an .ics file, checks what it holds, and
creates drafts from it (or discards it). Anyone else's import is a 404."""

from __future__ import annotations

from typing import Any, Final
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.calendar import imports
from planner.calendar.importing import MAX_EVENTS, MAX_FILE_BYTES, CalendarFileError
from planner.calendar.models import EventImport
from planner.core.clock import Clock
from planner.core.forms import FormState
from planner.events.comfort import INTERACTION_WORDS, NOISE_WORDS, Interaction, Noise
from planner.events.models import Lighting
from planner.events.organiser_web import ZONES
from planner.organiser.pages import is_htmx, page
from planner.venues.models import Venue
from planner.venues.services import list_own_venues

FILE_FIELD: Final = "calendar_file"
DEFAULT_CAPACITY: Final = "8"


def _choices(form: FormState, venues: list[Venue]) -> dict[str, list[tuple[str, str]]]:
    zones = list(ZONES)
    chosen = form.value("timezone")
    if chosen and chosen not in zones:
        zones.append(chosen)
    return {
        "timezone": [(zone, zone.replace("_", " ")) for zone in zones],
        "default_venue": [(str(venue.id), f"{venue.name}, {venue.city}") for venue in venues]
        + [(imports.ONLINE, "Online only")],
        "noise": [(noise.value, NOISE_WORDS[noise].capitalize()) for noise in Noise],
        "lighting": [(light.value, light.label.capitalize()) for light in Lighting],
        "interaction": [(kind.value, INTERACTION_WORDS[kind].capitalize()) for kind in Interaction],
    }


def _facts(options: imports.ImportOptions, default_place: str) -> list[tuple[str, str]]:
    """What the organiser chose for every draft, in the words of the gathering form."""
    return [
        ("Crowd-size limit", str(options.capacity)),
        ("Noise", NOISE_WORDS[options.noise].capitalize()),
        ("Lighting", options.lighting.label.capitalize()),
        ("What is asked of people", INTERACTION_WORDS[options.interaction].capitalize()),
        ("Venue", f"{default_place}, unless the file names one of your venues"),
        ("Time zone", f"{options.timezone.replace('_', ' ')}, for times without one in the file"),
    ]


class ImportPages(Controller):
    """Pending and verified organisers import drafts, like they create them by hand."""

    path = "/organiser/imports"
    include_in_schema = False

    async def _own(self, session: AsyncSession, organiser: Account, import_id: int) -> EventImport:
        event_import = await imports.get_own_import(session, organiser, import_id)
        if event_import is None:
            raise NotFoundException
        return event_import

    async def _upload_form(
        self,
        request: Request[Any, Any, Any],
        session: AsyncSession,
        organiser: Account,
        form: FormState,
        *,
        status: int = 200,
    ) -> Template:
        venues = await list_own_venues(session, organiser)
        context = {
            "form": form,
            "options": _choices(form, venues),
            "waiting": await imports.waiting_imports(session, organiser),
            "max_mb": MAX_FILE_BYTES // (1024 * 1024),
            "max_events": MAX_EVENTS,
        }
        # htmx swaps the form alone, keeping the page (and the focus) where it is.
        name = "organiser/_import_form.html" if is_htmx(request) else "organiser/import_new.html"
        return page(name, status=status, **context)

    @get("/new")
    async def new(
        self,
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        site_zone: NamedDependency[ZoneInfo],
    ) -> Template:
        """The upload form, with gentle defaults for what a calendar file can't say."""
        venues = await list_own_venues(db_session, organiser)
        values = {
            "timezone": await imports.usual_zone(db_session, organiser, str(site_zone)),
            "default_venue": str(venues[0].id) if venues else imports.ONLINE,
            "capacity": DEFAULT_CAPACITY,
            "noise": Noise.QUIET.value,
            "lighting": Lighting.SOFT.value,
            "interaction": Interaction.OBSERVE.value,
        }
        return await self._upload_form(request, db_session, organiser, FormState(values=values))

    @post("/")
    async def upload(
        self,
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect | Response[str]:
        """Read the file and keep it for review; a bad file is explained beside the field."""
        posted = await request.form()
        form = FormState(
            values={key: value for key, value in posted.items() if isinstance(value, str)}
        )
        venues = await list_own_venues(db_session, organiser)
        options, form.errors = imports.validate_options(form.values, {venue.id for venue in venues})
        upload = posted.get(FILE_FIELD)
        data = b""
        filename = None
        if isinstance(upload, UploadFile):
            data = await upload.read(MAX_FILE_BYTES + 1)
            filename = upload.filename
        if not data:
            form.errors[FILE_FIELD] = "Please choose the .ics file your calendar app saved."
        if options is None or form.errors:
            status = (
                HTTP_400_BAD_REQUEST if FILE_FIELD in form.errors else HTTP_422_UNPROCESSABLE_ENTITY
            )
            return await self._upload_form(request, db_session, organiser, form, status=status)
        try:
            event_import = await imports.start_import(
                db_session,
                organiser,
                filename=filename,
                data=data,
                options=options,
                now=clock.now(),
            )
        except CalendarFileError as problem:
            form.errors[FILE_FIELD] = problem.message
            return await self._upload_form(
                request, db_session, organiser, form, status=HTTP_400_BAD_REQUEST
            )
        target = f"/organiser/imports/{event_import.id}"
        if is_htmx(request):
            # The upload went by XMLHttpRequest (for its progress bar): the browser
            # goes to the review as a whole new page.
            return Response(content="", status_code=HTTP_200_OK, headers={"HX-Redirect": target})
        return Redirect(target, status_code=HTTP_303_SEE_OTHER)

    @get("/{import_id:int}")
    async def show(
        self,
        import_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """What creating would do, row by row, before anything is saved."""
        event_import = await self._own(db_session, organiser, import_id)
        review = await imports.review_import(db_session, organiser, event_import, clock.now())
        return page(
            "organiser/import_review.html",
            review=review,
            event_import=event_import,
            facts=_facts(review.options, review.default_place),
        )

    @post("/{import_id:int}/create")
    async def create(
        self,
        import_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        """Create every planned draft at once (a second press changes nothing)."""
        event_import, created_now = await imports.create_drafts(
            db_session, organiser, import_id, clock.now()
        )
        if event_import is None:
            raise NotFoundException
        if not created_now:
            return Redirect(f"/organiser/imports/{import_id}", status_code=HTTP_303_SEE_OTHER)
        return Redirect(
            f"/organiser/events?imported={event_import.created_count}",
            status_code=HTTP_303_SEE_OTHER,
        )

    @post("/{import_id:int}/discard")
    async def discard(
        self,
        import_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        """Forget the file; nothing is created from it."""
        event_import = await self._own(db_session, organiser, import_id)
        imports.discard_import(event_import)
        return Redirect(f"/organiser/imports/{import_id}", status_code=HTTP_303_SEE_OTHER)
