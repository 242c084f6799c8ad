"""Pages for saying yes, managing it through the private link, and the ally's page.

Every form works without JavaScript: success answers 303 to a page that announces
what changed (Post/Redirect/Get), a mistake re-renders the form with 422 and what
was typed. Pages that show someone's data are never cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeVar

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from sqlalchemy.ext.asyncio import AsyncSession

from planner.accounts.models import Account
from planner.calendar.entries import DISCREET_TITLES
from planner.calendar.feeds import feed_by_id
from planner.calendar.pages import calendar_context, calendar_values, device_feed_id
from planner.calendar.reminders import REMINDER_CHOICES
from planner.core.clock import Clock
from planner.core.settings import Settings
from planner.events.models import Event
from planner.events.services import get_published_event
from planner.rsvps import services
from planner.rsvps.forms import (
    parse_ally,
    parse_ally_plan,
    parse_details,
    parse_email,
    parse_rsvp,
    parse_safety_plan,
)
from planner.rsvps.models import AllyInvite, Rsvp, RsvpStatus
from planner.rsvps.services import Links, NotFound, RsvpError, RsvpsClosed
from planner.tags.services import TagVocabulary

T = TypeVar("T")

PRIVATE: Final = {
    # Survivor data: never kept by a browser cache or a proxy, never indexed.
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}

DONE_MESSAGES: Final = {
    "confirmed": "You have a place. We're glad you're coming.",
    "waitlisted": "You're on the waitlist. We'll let you know if a place opens.",
    "cancelled": "You've stepped back. That's okay. Taking a pause is part of the process.",
    "renewed": "You've said yes again. Welcome back.",
    "details": "Your details are saved.",
    "ally-invited": "Your ally is invited. Pass their link on to them.",
    "ally-plan": "The plan for your ally is saved.",
    "ally-removed": "Your ally's invitation is withdrawn, and their link no longer works.",
    "safety-plan": "Your safety plan is saved.",
    "link-sent": "We've sent your link. It may take a few minutes to arrive.",
    "calendar": "Your calendar choices are saved. Add the gathering to your calendar again "
    "to bring them into a file you added before; a feed updates by itself.",
    "feed-start": "Your private feed is ready. Subscribe to it from your calendar app.",
    "feed-join": "This gathering is now in your private feed.",
    "feed-new-link": "Your feed has a new link. The old one no longer works.",
    "feed-stop": "Your feed is switched off. Its link no longer works.",
    "feed-leave": "This gathering is no longer in your private feed.",
    "accepted": "Thank you for saying yes. The plan is below.",
    "declined": "Thank you for letting them know. Their place is freed.",
}


@dataclass(slots=True)
class FormState:
    """What a form shows: the values typed, and a message beside each field to fix."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    message: str = ""


def links_for(settings: Settings) -> Links:
    """Links in emails point at the public address."""
    return Links(settings.app.base_url)


def done_message(request: Request[Any, Any, Any]) -> str:
    """The status line after a redirect (only our own fixed words, never echoed input)."""
    return DONE_MESSAGES.get(request.query_params.get("done", ""), "")


async def form_data(request: Request[Any, Any, Any]) -> Mapping[str, Any]:
    """The posted form; a field sent more than once (checkboxes) becomes a list."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key in form:
        values = form.getall(key)
        data[key] = values if len(values) > 1 else values[0]
    return data


def rsvp_form_context(
    event: Event, now: Any, state: FormState | None = None, account: Account | None = None
) -> dict[str, Any]:
    """What the RSVP form on the event page needs; a signed-in member's form starts
    filled with their name and email (both theirs to change)."""
    if state is None:
        state = FormState()
        if account is not None:
            state.values = {"pseudonym": account.display_name, "email": account.email}
    return {
        "rsvp_form": state,
        "rsvps_open": services.accepting_rsvps(event, now),
        "rsvps_closed_message": services.closed_message(event, now),
        "event_full": event.places_left == 0,
        "reminder_choices": REMINDER_CHOICES,
        "discreet_titles": DISCREET_TITLES,
    }


class RsvpPages(Controller):
    """``POST /events/{slug}/rsvps``, ``/rsvps/{token}…`` and ``/ally/{token}…``."""

    include_in_schema = False

    @post("/events/{slug:str}/rsvps", name="rsvps:create")
    async def create(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        vocabulary: NamedDependency[TagVocabulary],
        current_account: NamedDependency[Account | None],
    ) -> Template | Redirect:
        """Say yes from the event page; mistakes come back beside each field. A signed-in
        member's reply is linked to their account (they still choose the name shown)."""
        event = await get_published_event(db_session, slug)
        if event is None:
            raise NotFoundException(detail="We couldn't find that gathering.")
        parsed = parse_rsvp(await form_data(request), allies_welcome=event.allies_welcome)
        state = FormState(values=parsed.values, errors=parsed.errors)
        if parsed.value is None:
            return await self._event_page(
                db_session, slug, clock, vocabulary, settings, state, HTTP_422_UNPROCESSABLE_ENTITY
            )
        request_data = parsed.value
        if current_account is not None:
            request_data = replace(request_data, account_id=current_account.id)
        try:
            created = await services.create_rsvp(
                db_session, slug, request_data, now=clock.now(), links=links_for(settings)
            )
        except RsvpsClosed as refusal:
            state.message = refusal.message
            return await self._event_page(
                db_session, slug, clock, vocabulary, settings, state, HTTP_409_CONFLICT
            )
        except NotFound as missing:
            raise NotFoundException(detail="We couldn't find that gathering.") from missing
        except RsvpError as refusal:
            state.message = refusal.message
            return await self._event_page(
                db_session, slug, clock, vocabulary, settings, state, HTTP_422_UNPROCESSABLE_ENTITY
            )
        done = created.rsvp.status.value
        return Redirect(f"/rsvps/{created.manage_token}?done={done}", status_code=303)

    async def _event_page(
        self,
        db_session: AsyncSession,
        slug: str,
        clock: Clock,
        vocabulary: TagVocabulary,
        settings: Settings,
        state: FormState,
        status: int,
    ) -> Template:
        from planner.events.web import event_page_context  # noqa: PLC0415 - avoids a cycle

        await _start_over(db_session)
        fresh = await get_published_event(db_session, slug)
        if fresh is None:
            raise NotFoundException(detail="We couldn't find that gathering.")
        context = event_page_context(fresh, clock.now(), vocabulary, settings)
        context.update(rsvp_form_context(fresh, clock.now(), state))
        return Template(
            template_name="events/detail.html",
            context=context,
            status_code=status,
            headers=PRIVATE,
        )

    # -- the manage page -------------------------------------------------------

    @get("/rsvps/{token:str}", name="rsvps:manage")
    async def manage(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template:
        """The private page: status, ally, safety plan, calendar, details, stepping back."""
        rsvp = await _find(db_session, token)
        device_feed = device_feed_id(request, settings)
        if device_feed is not None and await feed_by_id(db_session, device_feed) is None:
            device_feed = None
        return manage_page(
            rsvp, token, clock, settings, message=done_message(request), device_feed=device_feed
        )

    @get("/rsvps/{token:str}/safety-plan", name="rsvps:safety-plan")
    async def safety_plan(
        self, token: FromPath[str], db_session: NamedDependency[AsyncSession]
    ) -> Template:
        """The safety plan alone, laid out to print."""
        rsvp = await _find(db_session, token)
        return Template(
            template_name="rsvps/safety_plan.html",
            context={"rsvp": rsvp, "event": rsvp.event, "plan": rsvp.safety_plan, "token": token},
            headers=PRIVATE,
        )

    @post("/rsvps/{token:str}/cancel", name="rsvps:cancel")
    async def cancel(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """One button, no reason asked."""
        await run_or_404(
            services.cancel_rsvp(db_session, token, now=clock.now(), links=links_for(settings))
        )
        return _back(token, "cancelled")

    @post("/rsvps/{token:str}/renew", name="rsvps:renew")
    async def renew(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Say yes again after stepping back."""
        try:
            rsvp = await run_or_404(
                services.renew_rsvp(db_session, token, now=clock.now(), links=links_for(settings))
            )
        except RsvpError as refusal:
            return await self._refused(db_session, token, clock, settings, "status", refusal)
        return _back(token, "renewed" if rsvp.status.value == "confirmed" else "waitlisted")

    @post("/rsvps/{token:str}/details", name="rsvps:details")
    async def details(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Change name, email, access needs, "may leave early"."""
        parsed = parse_details(await form_data(request))
        if parsed.value is None:
            return await self._invalid(db_session, token, clock, settings, "details", parsed)
        await run_or_404(services.update_details(db_session, token, parsed.value))
        return _back(token, "details")

    @post("/rsvps/{token:str}/email-link", name="rsvps:email-link")
    async def email_link(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Send the manage link by email."""
        parsed = parse_email(await form_data(request))
        if parsed.value is None:
            return await self._invalid(db_session, token, clock, settings, "email_link", parsed)
        await run_or_404(
            services.email_manage_link(
                db_session, token, parsed.value, now=clock.now(), links=links_for(settings)
            )
        )
        return _back(token, "link-sent")

    @post("/rsvps/{token:str}/ally", name="rsvps:ally")
    async def ally(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Invite an ally, with the plan to share."""
        parsed = parse_ally(await form_data(request))
        if parsed.value is None:
            return await self._invalid(db_session, token, clock, settings, "ally", parsed)
        try:
            await run_or_404(
                services.invite_ally(
                    db_session, token, parsed.value, now=clock.now(), links=links_for(settings)
                )
            )
        except RsvpError as refusal:
            return await self._refused(
                db_session, token, clock, settings, "ally", refusal, parsed.values
            )
        return _back(token, "ally-invited")

    @post("/rsvps/{token:str}/ally/plan", name="rsvps:ally-plan")
    async def ally_plan(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Change the plan the ally sees."""
        parsed = parse_ally_plan(await form_data(request))
        if parsed.value is None:
            return await self._invalid(db_session, token, clock, settings, "ally_plan", parsed)
        try:
            await run_or_404(services.update_ally_plan(db_session, token, parsed.value))
        except RsvpError as refusal:
            return await self._refused(db_session, token, clock, settings, "ally_plan", refusal)
        return _back(token, "ally-plan")

    @post("/rsvps/{token:str}/ally/withdraw", name="rsvps:ally-withdraw")
    async def ally_withdraw(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """Take the ally invitation back; their place is freed."""
        await run_or_404(
            services.withdraw_ally(db_session, token, now=clock.now(), links=links_for(settings))
        )
        return _back(token, "ally-removed")

    @post("/rsvps/{token:str}/safety-plan", name="rsvps:safety-plan-save")
    async def safety_plan_save(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Write the safety plan."""
        parsed = parse_safety_plan(await form_data(request))
        if parsed.value is None:
            return await self._invalid(db_session, token, clock, settings, "safety_plan", parsed)
        await run_or_404(services.save_safety_plan(db_session, token, parsed.value))
        return _back(token, "safety-plan")

    async def _invalid(
        self,
        db_session: AsyncSession,
        token: str,
        clock: Clock,
        settings: Settings,
        form: str,
        parsed: Any,
    ) -> Template:
        rsvp = await _find(db_session, token)
        state = FormState(values=parsed.values, errors=parsed.errors)
        return manage_page(
            rsvp, token, clock, settings, forms={form: state}, status=HTTP_422_UNPROCESSABLE_ENTITY
        )

    async def _refused(
        self,
        db_session: AsyncSession,
        token: str,
        clock: Clock,
        settings: Settings,
        form: str,
        refusal: RsvpError,
        values: dict[str, Any] | None = None,
    ) -> Template:
        await _start_over(db_session)
        rsvp = await _find(db_session, token)
        state = FormState(values=values or {}, message=refusal.message)
        return manage_page(
            rsvp, token, clock, settings, forms={form: state}, status=HTTP_409_CONFLICT
        )

    # -- the ally's page ---------------------------------------------------------

    @get("/ally/{token:str}", name="ally:page")
    async def ally_page(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """The plan the survivor chose to share, and a yes or no."""
        invite = await run_or_404(services.find_ally_invite(db_session, token))
        return _ally_page(invite, token, clock, message=done_message(request))

    @post("/ally/{token:str}/accept", name="ally:accept")
    async def ally_accept(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """The ally says yes."""
        return await self._answer(db_session, token, clock, settings, accept=True)

    @post("/ally/{token:str}/decline", name="ally:decline")
    async def ally_decline(
        self,
        token: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """The ally says no; their place is freed."""
        return await self._answer(db_session, token, clock, settings, accept=False)

    async def _answer(
        self,
        db_session: AsyncSession,
        token: str,
        clock: Clock,
        settings: Settings,
        *,
        accept: bool,
    ) -> Template | Redirect:
        try:
            await run_or_404(
                services.answer_ally_invite(
                    db_session, token, accept=accept, now=clock.now(), links=links_for(settings)
                )
            )
        except RsvpError as refusal:
            await _start_over(db_session)
            invite = await services.find_ally_invite(db_session, token)
            return _ally_page(invite, token, clock, refusal=refusal.message, status=409)
        done = "accepted" if accept else "declined"
        return Redirect(f"/ally/{token}?done={done}", status_code=303, headers=PRIVATE)


async def _start_over(db_session: AsyncSession) -> None:
    """Drop a refused unit of work (releasing its lock) and everything it loaded, so the
    page shown next reads the data afresh."""
    await db_session.rollback()
    db_session.expunge_all()


def _not_found() -> NotFoundException:
    # The same answer for a wrong, old or missing link: nothing to learn from it.
    return NotFoundException(detail="We couldn't find that link. It may be incomplete.")


async def _find(db_session: AsyncSession, token: str) -> Rsvp:
    try:
        return await services.find_rsvp(db_session, token)
    except NotFound as missing:
        raise _not_found() from missing


async def run_or_404(work: Awaitable[T]) -> T:
    """Await a service call; a missing or wrong link becomes the one calm 404."""
    try:
        return await work
    except NotFound as missing:
        raise _not_found() from missing


def _back(token: str, done: str) -> Redirect:
    return Redirect(f"/rsvps/{token}?done={done}", status_code=303, headers=PRIVATE)


def manage_page(
    rsvp: Rsvp,
    token: str,
    clock: Clock,
    settings: Settings,
    *,
    message: str = "",
    forms: dict[str, FormState] | None = None,
    status: int = 200,
    device_feed: int | None = None,
) -> Template:
    """The private manage page; ``forms`` replaces a form's saved values with what was
    typed (and the messages beside it)."""
    event = rsvp.event
    now = clock.now()
    ally = rsvp.ally
    states = _saved_values(rsvp, ally)
    states.update(forms or {})
    latest = rsvp.latest_ally
    return Template(
        template_name="rsvps/manage.html",
        context={
            "rsvp": rsvp,
            "event": event,
            "token": token,
            "manage_url": f"{settings.app.base_url.rstrip('/')}/rsvps/{token}",
            "ally": ally,
            "latest_ally": latest,
            "ally_url": (
                f"{settings.app.base_url.rstrip('/')}/ally/{services.ally_link_token(token, ally)}"
                if ally is not None
                else ""
            ),
            "plan": rsvp.safety_plan,
            "forms": states,
            "message": message,
            "rsvps_open": services.accepting_rsvps(event, now),
            "closed_message": services.closed_message(event, now),
            "places_left": event.places_left,
            "has_ended": event.ends_at <= now,
            "online_url": event.online_url if rsvp.status is RsvpStatus.CONFIRMED else None,
            **calendar_context(rsvp, token, settings, device_feed=device_feed),
        },
        status_code=status,
        headers=PRIVATE,
    )


def _saved_values(rsvp: Rsvp, ally: AllyInvite | None) -> dict[str, FormState]:
    """Each form on the manage page, filled with what is saved."""
    plan = rsvp.safety_plan
    return {
        "status": FormState(),
        "details": FormState(
            values={
                "pseudonym": rsvp.pseudonym,
                "email": rsvp.contact_email or "",
                "access_needs": rsvp.access_needs,
                "may_leave_early": rsvp.may_leave_early,
            }
        ),
        "email_link": FormState(values={"email": rsvp.contact_email or ""}),
        "calendar": FormState(values=calendar_values(rsvp)),
        "ally": FormState(),
        "ally_plan": FormState(
            values={
                "meeting_point": ally.meeting_point,
                "meet_time": ally.meet_time,
                "leave_signal": ally.leave_signal,
                "note": ally.note,
            }
            if ally is not None
            else {}
        ),
        "safety_plan": FormState(
            values={
                "triggers": plan.triggers,
                "coping_strategies": plan.coping_strategies,
                "trusted_contacts": plan.trusted_contacts,
                "exit_strategy": plan.exit_strategy,
                "share_with_ally": plan.share_with_ally,
            }
            if plan is not None
            else {}
        ),
    }


def _ally_page(
    invite: AllyInvite,
    token: str,
    clock: Clock,
    *,
    message: str = "",
    refusal: str = "",
    status: int = 200,
) -> Template:
    rsvp = invite.rsvp
    plan = rsvp.safety_plan
    return Template(
        template_name="ally/page.html",
        context={
            "invite": invite,
            "rsvp": rsvp,
            "event": rsvp.event,
            "token": token,
            "shared_plan": plan if plan is not None and plan.share_with_ally else None,
            "message": message,
            "refusal": refusal,
            "has_started": rsvp.event.starts_at <= clock.now(),
        },
        status_code=status,
        headers=PRIVATE,
    )


class OrganiserAttendeePages(Controller):
    """``/organiser/events/{id}/attendees`` and the printable door list: counts,
    pseudonyms, access needs and "may leave early"; never emails, safety plans or
    allies' names. Another organiser's gathering answers 404, as if it didn't exist."""

    path = "/organiser/events"
    include_in_schema = False

    @get("/{event_id:int}/attendees", name="organiser:attendees")
    async def attendees(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        """Who is coming, and what to prepare for."""
        summary = await _summary(db_session, event_id, organiser)
        return Template(
            template_name="rsvps/attendees.html", context={"summary": summary}, headers=PRIVATE
        )

    @get("/{event_id:int}/door-list", name="organiser:door-list")
    async def door_list(
        self,
        event_id: FromPath[int],
        organiser: NamedDependency[Account],
        db_session: NamedDependency[AsyncSession],
    ) -> Template:
        """Pseudonyms only, to print and tick off at the door."""
        summary = await _summary(db_session, event_id, organiser)
        return Template(
            template_name="rsvps/door_list.html", context={"summary": summary}, headers=PRIVATE
        )


async def _summary(
    db_session: AsyncSession, event_id: int, organiser: Account
) -> services.AttendeeSummary:
    summary = await services.attendee_summary(db_session, event_id, organiser.id)
    if summary is None:
        raise NotFoundException(detail="We couldn't find that gathering among yours.")
    return summary
