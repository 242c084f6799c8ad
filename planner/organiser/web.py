"""``/organiser``: the dashboard and settings (personal API tokens)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_201_CREATED, HTTP_303_SEE_OTHER
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.core.clock import Clock
from planner.core.forms import FormState
from planner.events.manage import dashboard
from planner.organiser import services
from planner.organiser.pages import invalid, page, read_multi


class OrganiserPages(Controller):
    """Pending and verified organisers only (suspended ones are turned away)."""

    path = "/organiser"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Upcoming gatherings with places taken, drafts, recent cancellations."""
        counts = await dashboard(db_session, organiser, clock.now())
        return page("organiser/dashboard.html", me=organiser, counts=counts)

    @get("/settings")
    async def settings_page(
        self, organiser: NamedDependency[Account], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """Personal API tokens."""
        tokens = await services.list_api_tokens(db_session, organiser)
        return page("organiser/settings.html", tokens=tokens, form=FormState(), new_token=None)

    @post("/settings/tokens")
    async def create_token(
        self,
        request: Request[Any, Any, Any],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Make a token and show it this once (it is stored only as a hash)."""
        values, _ = await read_multi(request)
        form = FormState(values=values)
        name = form.require("name", "Please name the token, like 'Our website'.")
        if len(name) > 80:
            form.errors["name"] = "Please keep the name under 80 characters."
        if not form.ok:
            tokens = await services.list_api_tokens(db_session, organiser)
            return invalid("organiser/settings.html", tokens=tokens, form=form, new_token=None)
        token = await services.create_api_token(db_session, organiser, name, clock.now())
        tokens = await services.list_api_tokens(db_session, organiser)
        return page(
            "organiser/settings.html",
            status=HTTP_201_CREATED,
            tokens=tokens,
            form=FormState(),
            new_token=token,
        )

    @post("/settings/tokens/{token_id:int}/revoke")
    async def revoke_token(
        self,
        token_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        """Stop a token working."""
        if not await services.revoke_api_token(db_session, organiser, token_id, clock.now()):
            raise NotFoundException
        return Redirect("/organiser/settings?revoked=1", status_code=HTTP_303_SEE_OTHER)
