"""``/organiser/venues``: an organiser's places."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.core.clock import Clock
from planner.core.forms import FormState
from planner.core.geocoding import PlaceFinder
from planner.organiser.pages import invalid, page, read_multi
from planner.tags.services import list_tags
from planner.venues import services
from planner.venues.models import Venue


def _values(venue: Venue) -> dict[str, str]:
    return {
        "name": venue.name,
        "address": venue.address,
        "city": venue.city,
        "latitude": f"{venue.latitude:g}",
        "longitude": f"{venue.longitude:g}",
        "quiet_room_description": venue.quiet_room_description,
        "exits_description": venue.exits_description,
        "transit_notes": venue.transit_notes,
        "parking_notes": venue.parking_notes,
    }


async def _read_venue(
    request: Request[Any, Any, Any],
    db_session: AsyncSession,
    place_finder: PlaceFinder,
    *,
    venue: Venue | None,
) -> tuple[services.VenueInput | None, Template]:
    """The posted venue, validated (blank coordinates found from the address), or
    the form again with its messages (422) when something needs fixing."""
    values, multi = await read_multi(request)
    form = FormState(values=values)
    await services.fill_coordinates(db_session, place_finder, form)
    chosen = [str(key) for key in multi.getall("tag", [])]
    tags = services.place_tags(await list_tags(db_session))
    data = services.validate_venue(form, chosen, {tag.key for tag in tags})
    return data, invalid(
        "organiser/venue_form.html", form=form, chosen=chosen, tags=tags, venue=venue
    )


class VenuePages(Controller):
    """Pending and verified organisers manage their own venues; anyone else's is a 404."""

    path = "/organiser/venues"
    include_in_schema = False

    async def _own(self, session: AsyncSession, organiser: Account, venue_id: int) -> Venue:
        venue = await services.get_own_venue(session, organiser, venue_id)
        if venue is None:
            raise NotFoundException
        return venue

    @get("/")
    async def index(
        self, organiser: NamedDependency[Account], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """Your venues."""
        venues = await services.list_own_venues(db_session, organiser)
        return page("organiser/venues.html", venues=venues)

    @get("/new")
    async def new(
        self, organiser: NamedDependency[Account], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """An empty venue form."""
        tags = services.place_tags(await list_tags(db_session))
        return page("organiser/venue_form.html", form=FormState(), chosen=[], tags=tags, venue=None)

    @post("/new")
    async def create(
        self,
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        place_finder: NamedDependency[PlaceFinder],
    ) -> Template | Redirect:
        """Add a venue."""
        data, invalid_form = await _read_venue(request, db_session, place_finder, venue=None)
        if data is None:
            return invalid_form
        await services.create_venue(db_session, organiser, data)
        return Redirect("/organiser/venues?saved=1", status_code=HTTP_303_SEE_OTHER)

    @get("/{venue_id:int}/edit")
    async def edit(
        self,
        venue_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        """A venue's form, filled in."""
        venue = await self._own(db_session, organiser, venue_id)
        tags = services.place_tags(await list_tags(db_session))
        return page(
            "organiser/venue_form.html",
            form=FormState(values=_values(venue)),
            chosen=[tag.key for tag in venue.tags],
            tags=tags,
            venue=venue,
        )

    @post("/{venue_id:int}/edit")
    async def update(
        self,
        venue_id: FromPath[int],
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        place_finder: NamedDependency[PlaceFinder],
    ) -> Template | Redirect:
        """Save a venue's changes."""
        venue = await self._own(db_session, organiser, venue_id)
        data, invalid_form = await _read_venue(request, db_session, place_finder, venue=venue)
        if data is None:
            return invalid_form
        await services.update_venue(db_session, venue, data)
        return Redirect("/organiser/venues?saved=1", status_code=HTTP_303_SEE_OTHER)

    @post("/{venue_id:int}/archive")
    async def archive(
        self,
        venue_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        """Stop offering a venue for new gatherings."""
        venue = await self._own(db_session, organiser, venue_id)
        services.archive_venue(venue, clock.now())
        return Redirect("/organiser/venues?archived=1", status_code=HTTP_303_SEE_OTHER)
