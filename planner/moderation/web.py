"""``/moderation``: verify organisers, act on them, read the audit log."""

from __future__ import annotations

from math import ceil
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account, OrganiserStatus
from planner.core.clock import Clock
from planner.core.forms import read_form
from planner.moderation.services import (
    AUDIT_PAGE_SIZE,
    Decision,
    DecisionError,
    audit_page,
    decide,
    organisers_by_status,
)

NO_STORE = {"Cache-Control": "no-store"}


class ModerationPages(Controller):
    """Only moderators and admins get past the ``moderator`` dependency."""

    path = "/moderation"
    include_in_schema = False

    @get("/")
    async def index(self, moderator: NamedDependency[Account]) -> Redirect:
        """The queue is the place to start."""
        return Redirect("/moderation/organisers")

    @get("/organisers", name="moderation:organisers")
    async def organisers(
        self,
        moderator: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        done: Annotated[str | None, QueryParameter()] = None,
    ) -> Template:
        """Pending requests first, then everyone else by status."""
        return await self._render(db_session, moderator, done=done or "")

    async def _render(
        self,
        db_session: AsyncSession,
        moderator: Account,
        *,
        status: int = 200,
        errors: dict[int, str] | None = None,
        done: str = "",
    ) -> Template:
        grouped = await organisers_by_status(db_session)
        return Template(
            template_name="moderation/organisers.html",
            context={
                "me": moderator,
                "grouped": grouped,
                "order": [
                    OrganiserStatus.PENDING,
                    OrganiserStatus.VERIFIED,
                    OrganiserStatus.SUSPENDED,
                    OrganiserStatus.DECLINED,
                ],
                "errors": errors or {},
                "done": done,
            },
            status_code=status,
            headers=NO_STORE,
        )

    @post("/organisers/{organiser_id:int}/decision")
    async def decision(
        self,
        organiser_id: FromPath[int],
        request: Request[Any, Any, Any],
        moderator: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template | Redirect:
        """Approve, decline (with a reason), suspend (with a reason) or reinstate."""
        form = await read_form(request)
        try:
            choice = Decision(form.value("decision"))
        except ValueError:
            return await self._render(
                db_session,
                moderator,
                status=HTTP_422_UNPROCESSABLE_ENTITY,
                errors={organiser_id: "Please choose what to do."},
            )
        try:
            organiser = await decide(
                db_session,
                moderator=moderator,
                organiser_id=organiser_id,
                decision=choice,
                reason=form.value("reason"),
                now=clock.now(),
            )
        except DecisionError as error:
            # Nothing was changed; the 422 response rolls the transaction back.
            return await self._render(
                db_session,
                moderator,
                status=HTTP_422_UNPROCESSABLE_ENTITY,
                errors={organiser_id: str(error)},
            )
        if organiser is None:
            raise NotFoundException(detail="There is no such organiser.")
        return Redirect(
            f"/moderation/organisers?done={choice.value}", status_code=HTTP_303_SEE_OTHER
        )

    @get("/audit", name="moderation:audit")
    async def audit(
        self,
        moderator: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        page: Annotated[int, QueryParameter(ge=1)] = 1,
    ) -> Template:
        """Every moderation action, newest first."""
        rows, total = await audit_page(db_session, page)
        return Template(
            template_name="moderation/audit.html",
            context={
                "me": moderator,
                "rows": rows,
                "page": page,
                "pages": max(1, ceil(total / AUDIT_PAGE_SIZE)),
                "total": total,
            },
            headers=NO_STORE,
        )
