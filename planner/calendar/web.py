"""Calendar pages: a person's own .ics file and private feeds (guests' and members').

Private calendar answers are never cached by browsers or proxies, never indexed,
and answer 404 alike for a wrong, old or switched-off link.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.calendar import feeds
from planner.calendar.pages import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_DAYS,
    DEVICE_COOKIE_PATH,
    device_feed_id,
    device_serializer,
)
from planner.calendar.writer import MEDIA_TYPE, render_calendar
from planner.core.clock import Clock
from planner.core.forms import FormState as PageForm
from planner.core.settings import Settings
from planner.rsvps import services
from planner.rsvps.forms import parse_calendar_choices
from planner.rsvps.models import Rsvp
from planner.rsvps.web import PRIVATE, FormState, form_data, manage_page, run_or_404

FEED_ACTIONS: Final = frozenset({"start", "join", "new-link", "stop", "leave"})
ME_FEED_ACTIONS: Final = frozenset({"start", "new-link", "stop"})


def _calendar_response(body: str, filename: str, *, attachment: bool) -> Response[str]:
    disposition = "attachment" if attachment else "inline"
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={**PRIVATE, "Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


class CalendarPages(Controller):
    """``/rsvps/{token}/calendar…``, ``/calendar/{token}.ics`` and ``/me/calendar``."""

    include_in_schema = False

    @get("/rsvps/{token:str}/calendar.ics", name="calendar:rsvp-file")
    async def rsvp_file(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response[str]:
        """This one gathering for the person's own calendar, with their reminders; the
        entry links to this private page, whose address names nothing."""
        rsvp = await run_or_404(services.find_rsvp(db_session, token))
        base = settings.app.base_url.rstrip("/")
        entry = feeds.personal_entry(rsvp, base, f"{base}/rsvps/{token}")
        body = render_calendar([entry], name=entry.summary, stamp=clock.now())
        filename = "plans.ics" if rsvp.discreet_title else f"{rsvp.event.slug}.ics"
        return _calendar_response(body, filename, attachment=True)

    @post("/rsvps/{token:str}/calendar", name="calendar:choices")
    async def save_choices(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Reminders and the neutral title."""
        parsed = parse_calendar_choices(await form_data(request))
        if parsed.value is None:
            rsvp = await run_or_404(services.find_rsvp(db_session, token))
            state = FormState(values=parsed.values, errors=parsed.errors)
            return manage_page(
                rsvp,
                token,
                clock,
                settings,
                forms={"calendar": state},
                status=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        await run_or_404(
            services.update_calendar_choices(db_session, token, parsed.value, now=clock.now())
        )
        return Redirect(f"/rsvps/{token}?done=calendar#calendar-title", status_code=303)

    @post("/rsvps/{token:str}/feed", name="calendar:guest-feed")
    async def guest_feed(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """Start a private feed with this gathering, add it to the feed made on this
        device, make a new link, switch the feed off, or take this gathering out."""
        action = str((await form_data(request)).get("action") or "")
        if action not in FEED_ACTIONS:
            return Redirect(f"/rsvps/{token}", status_code=HTTP_303_SEE_OTHER, headers=PRIVATE)
        rsvp = await run_or_404(services.find_rsvp(db_session, token))
        feed = rsvp.calendar_feed
        secret = settings.app.secret_key
        cookies: list[Cookie] = []
        if action == "start" or (action == "new-link" and feed is None):
            feed = feeds.start_guest_feed(db_session, rsvp, secret)
            await db_session.flush()
            cookies.append(
                Cookie(
                    key=DEVICE_COOKIE,
                    value=device_serializer(settings).dumps(feed.id),
                    path=DEVICE_COOKIE_PATH,
                    max_age=DEVICE_COOKIE_DAYS * 86_400,
                    httponly=True,
                    secure=settings.https,
                    samesite="lax",
                )
            )
        elif action == "join":
            feed_id = device_feed_id(request, settings)
            found = await feeds.feed_by_id(db_session, feed_id) if feed_id is not None else None
            if found is not None:
                rsvp.calendar_feed = found
        elif feed is not None and action == "new-link":
            feeds.renew_link(feed, secret)
        elif feed is not None and action == "stop":
            feeds.revoke(feed, clock.now())
        elif action == "leave":
            rsvp.calendar_feed = None
        await db_session.flush()
        return Redirect(
            f"/rsvps/{token}?done=feed-{action}#feed-title",
            status_code=HTTP_303_SEE_OTHER,
            headers=PRIVATE,
            cookies=cookies,
        )

    @get("/calendar/{name:str}", name="calendar:feed")
    async def feed(
        self,
        name: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response[str]:
        """A person's private feed: ``/calendar/{token}.ics`` (``webcal://`` works too)."""
        token = name.removesuffix(".ics")
        found = await feeds.find_feed(db_session, token) if name.endswith(".ics") else None
        if found is None:
            raise NotFoundException(detail="There is no calendar at this address.")
        now = clock.now()
        rsvps = await feeds.feed_rsvps(db_session, found, now)
        body = feeds.render_feed(rsvps, base_url=settings.app.base_url, token=token, stamp=now)
        return _calendar_response(body, "stepwise.ics", attachment=False)

    @get("/calendar/{token:str}/events/{event_id:int}", name="calendar:feed-event")
    async def feed_event(
        self,
        token: FromPath[str],
        event_id: FromPath[int],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Redirect:
        """Where a neutral entry's link leads: on to the gathering, if it is in this feed."""
        found = await feeds.find_feed(db_session, token)
        rsvps = await feeds.feed_rsvps(db_session, found, clock.now()) if found else []
        slug = next((rsvp.event.slug for rsvp in rsvps if rsvp.event_id == event_id), None)
        if slug is None:
            raise NotFoundException(detail="There is no calendar at this address.")
        return Redirect(f"/events/{slug}", status_code=HTTP_303_SEE_OTHER, headers=PRIVATE)

    @get("/me/calendar", name="me:calendar")
    async def member_feed(
        self,
        request: Request[Any, Any, Any],
        account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        settings: NamedDependency[Settings],
    ) -> Template:
        """A member's private feed: every gathering they said yes to while signed in."""
        feed = await feeds.account_feed(db_session, account.id)
        links = (
            feeds.feed_links(settings.app.base_url, settings.app.secret_key, feed)
            if feed is not None and feed.revoked_at is None
            else None
        )
        any_reply = await db_session.scalar(
            select(Rsvp.id).where(Rsvp.account_id == account.id).limit(1)
        )
        return Template(
            template_name="me/calendar.html",
            context={
                "form": PageForm(),
                "me": account,
                "feed": feed,
                "links": links,
                "has_replies": any_reply is not None,
                "done": request.query_params.get("done", ""),
            },
            headers=PRIVATE,
        )

    @post("/me/calendar", name="me:calendar-change")
    async def change_member_feed(
        self,
        request: Request[Any, Any, Any],
        account: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """Start the feed, give it a new link, or switch it off."""
        action = str((await form_data(request)).get("action") or "")
        if action in {"start", "new-link"}:
            await feeds.start_account_feed(db_session, account.id, settings.app.secret_key)
        elif action == "stop":
            feed = await feeds.account_feed(db_session, account.id)
            if feed is not None:
                feeds.revoke(feed, clock.now())
        done = action if action in ME_FEED_ACTIONS else ""
        return Redirect(
            f"/me/calendar?done={done}", status_code=HTTP_303_SEE_OTHER, headers=PRIVATE
        )
