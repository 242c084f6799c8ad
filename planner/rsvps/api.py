"""``/api/v1``: RSVP as a guest, then manage it with the private token.

The same services and the same validation as the web forms. Responses that carry a
person's reply are never cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any, Final, TypeVar

import msgspec
from litestar import Controller, get, patch, post, put
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.exceptions import ClientException, NotFoundException, ValidationException
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_409_CONFLICT
from sqlalchemy.ext.asyncio import AsyncSession

from planner.core.clock import Clock
from planner.core.settings import Settings
from planner.rsvps import services
from planner.rsvps.forms import (
    Parsed,
    parse_ally,
    parse_ally_plan,
    parse_details,
    parse_rsvp,
    parse_safety_plan,
)
from planner.rsvps.models import Rsvp
from planner.rsvps.schemas import (
    AllyIn,
    AllyPlanIn,
    RsvpCreatedOut,
    RsvpDetailsPatch,
    RsvpIn,
    RsvpOut,
    SafetyPlanIn,
    rsvp_fields,
)
from planner.rsvps.services import NotFound, RsvpError, RsvpsClosed
from planner.rsvps.web import links_for

T = TypeVar("T")

NO_STORE: Final = [ResponseHeader(name="Cache-Control", value="no-store")]


def _checked(parsed: Parsed[T]) -> T:
    if parsed.value is None:
        name, message = next(iter(parsed.errors.items()))
        raise ValidationException(
            detail=f"Invalid field '{name}': {message}",
            extra=[
                {"key": key, "message": text, "source": "body"}
                for key, text in parsed.errors.items()
            ],
        )
    return parsed.value


async def _call(work: Awaitable[T]) -> T:
    try:
        return await work
    except NotFound as missing:
        raise NotFoundException(detail="No RSVP has that token.") from missing
    except RsvpsClosed as closed:
        raise ClientException(detail=closed.message, status_code=HTTP_409_CONFLICT) from closed
    except RsvpError as refusal:
        raise ClientException(detail=refusal.message, status_code=HTTP_409_CONFLICT) from refusal


def _out(rsvp: Rsvp, token: str, settings: Settings) -> RsvpOut:
    ally = rsvp.ally
    ally_token = services.ally_link_token(token, ally) if ally is not None else None
    return RsvpOut(**rsvp_fields(rsvp, token, settings.app.base_url, ally_token))


class RsvpApi(Controller):
    """Guest RSVPs and their private management."""

    path = "/api/v1"
    tags = ("rsvps",)
    response_headers = NO_STORE

    @post(
        "/events/{slug:str}/rsvps",
        name="api:rsvps:create",
        summary="RSVP as a guest",
        status_code=HTTP_201_CREATED,
        raises=[NotFoundException, ValidationException, ClientException],
    )
    async def create(
        self,
        slug: FromPath[str],
        data: JSONBody[RsvpIn],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> RsvpCreatedOut:
        """Say yes to a published gathering. ``status`` is ``confirmed`` when the person
        (and their ally) fit under the crowd-size limit, otherwise ``waitlisted``.
        The ``manage_token`` is returned this once and never again: it is the key to
        every other operation. 409 when replies are closed (the gathering has started)
        or allies are not welcome."""
        welcome = await services.allies_welcome(db_session, slug)
        if welcome is None:
            raise NotFoundException(detail=f"No published gathering has the slug '{slug}'.")
        if data.ally is not None and not welcome:
            raise ClientException(
                detail="This gathering is for attendees only, without allies.",
                status_code=HTTP_409_CONFLICT,
            )
        request = _checked(parse_rsvp(data.form(), allies_welcome=welcome))
        created = await _call(
            services.create_rsvp(
                db_session, slug, request, now=clock.now(), links=links_for(settings)
            )
        )
        fields = rsvp_fields(
            created.rsvp, created.manage_token, settings.app.base_url, created.ally_token
        )
        return RsvpCreatedOut(**fields, manage_token=created.manage_token)

    @get("/rsvps/{token:str}", name="api:rsvps:detail", summary="Your RSVP")
    async def detail(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Status, details, ally (with the link to pass on) and safety plan."""
        rsvp = await _call(services.find_rsvp(db_session, token))
        return _out(rsvp, token, settings)

    @patch("/rsvps/{token:str}", name="api:rsvps:update", summary="Change your details")
    async def update(
        self,
        token: FromPath[str],
        data: JSONBody[RsvpDetailsPatch],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Change the name to use, email, access needs or "may leave early"."""
        current = await _call(services.find_rsvp(db_session, token))
        merged: Mapping[str, Any] = {
            "pseudonym": current.pseudonym if data.pseudonym is None else data.pseudonym,
            "email": (current.contact_email or "") if data.email is None else data.email,
            "access_needs": current.access_needs
            if data.access_needs is None
            else data.access_needs,
            "may_leave_early": current.may_leave_early
            if data.may_leave_early is None
            else data.may_leave_early,
        }
        details = _checked(parse_details(merged))
        rsvp = await _call(services.update_details(db_session, token, details))
        return _out(rsvp, token, settings)

    @post(
        "/rsvps/{token:str}/cancel",
        name="api:rsvps:cancel",
        summary="Step back",
        status_code=HTTP_200_OK,
    )
    async def cancel(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Cancel: no reason asked. The place goes to the first waitlisted person who fits."""
        rsvp = await _call(
            services.cancel_rsvp(db_session, token, now=clock.now(), links=links_for(settings))
        )
        return _out(rsvp, token, settings)

    @post(
        "/rsvps/{token:str}/renew",
        name="api:rsvps:renew",
        summary="Say yes again",
        status_code=HTTP_200_OK,
    )
    async def renew(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Renew a cancelled RSVP: confirmed if places remain, otherwise waitlisted."""
        rsvp = await _call(
            services.renew_rsvp(db_session, token, now=clock.now(), links=links_for(settings))
        )
        return _out(rsvp, token, settings)

    @post(
        "/rsvps/{token:str}/ally",
        name="api:rsvps:ally-invite",
        summary="Invite an ally",
        status_code=HTTP_201_CREATED,
    )
    async def invite_ally(
        self,
        token: FromPath[str],
        data: JSONBody[AllyIn],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Invite an ally; the response's ``ally.link`` is theirs to open. On a confirmed
        RSVP the ally takes a place at once (409 when none is free)."""
        ally = _checked(parse_ally(data.form()))
        invited = await _call(
            services.invite_ally(
                db_session, token, ally, now=clock.now(), links=links_for(settings)
            )
        )
        return _out(invited.rsvp, token, settings)

    @patch("/rsvps/{token:str}/ally", name="api:rsvps:ally-plan", summary="Change the ally plan")
    async def ally_plan(
        self,
        token: FromPath[str],
        data: JSONBody[AllyPlanIn],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Meeting point and time, the leave signal, a note."""
        plan = _checked(parse_ally_plan(msgspec_to_dict(data)))
        rsvp = await _call(services.update_ally_plan(db_session, token, plan))
        return _out(rsvp, token, settings)

    @post(
        "/rsvps/{token:str}/ally/withdraw",
        name="api:rsvps:ally-withdraw",
        summary="Withdraw the ally invitation",
        status_code=HTTP_200_OK,
    )
    async def withdraw_ally(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """The ally's link stops working and their place is freed."""
        rsvp = await _call(
            services.withdraw_ally(db_session, token, now=clock.now(), links=links_for(settings))
        )
        return _out(rsvp, token, settings)

    @put(
        "/rsvps/{token:str}/safety-plan",
        name="api:rsvps:safety-plan",
        summary="Write your safety plan",
    )
    async def safety_plan(
        self,
        token: FromPath[str],
        data: JSONBody[SafetyPlanIn],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
    ) -> RsvpOut:
        """Visible only with this token, and to the ally when ``share_with_ally`` is true."""
        plan = _checked(parse_safety_plan(msgspec_to_dict(data)))
        rsvp = await _call(services.save_safety_plan(db_session, token, plan))
        return _out(rsvp, token, settings)


def msgspec_to_dict(value: Any) -> dict[str, Any]:
    """A struct's fields as the form parsers read them."""
    result: dict[str, Any] = msgspec.structs.asdict(value)
    return result
