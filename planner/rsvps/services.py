"""RSVPs, the waitlist and allies: every change to who holds a place happens here.

The crowd-size limit is a promise, kept like this in every unit of work that
adds or frees places:

1. :func:`_begin_write_unit` starts a write transaction (SQLite: ``BEGIN
   IMMEDIATE``, the database's write lock, taken before the first read);
2. :func:`_lock_event` reads the event ``FOR UPDATE`` (PostgreSQL: a row lock
   that every other RSVP change for the same event waits on; SQLAlchemy drops
   the clause on SQLite, where step 1 already serialises writers);
3. only then are places counted and changed, through ``events.places_taken``,
   whose CHECK constraint refuses a total above the limit if a path ever forgets.

Locks are always taken event first, so two units of work never wait on each other
in opposite orders. Services flush but never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from planner.calendar.reminders import set_reminders
from planner.core.db import WRITE_OPTION, begin_write, is_sqlite
from planner.core.outbox import enqueue_mail
from planner.events.models import MAX_CAPACITY, MIN_CAPACITY, Event, EventStatus
from planner.events.services import hosted_by_verified_organiser
from planner.rsvps.forms import (
    AllyPlan,
    AllyRequest,
    CalendarChoices,
    RsvpDetails,
    RsvpRequest,
    SafetyPlanInput,
)
from planner.rsvps.models import AllyInvite, AllyStatus, Rsvp, RsvpStatus, SafetyPlan
from planner.rsvps.tokens import (
    derive_ally_token,
    hash_token,
    looks_like_token,
    new_salt,
    new_token,
    token_matches,
)
from planner.venues.models import Venue

SIGN_OFF: Final = "Go gently,\nStepwise"


class RsvpError(Exception):
    """A request we can't honour, with words to show the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(RsvpError):  # noqa: N818 - reads as the answer it is
    """No RSVP or invitation behind that link (wrong, old and missing look the same)."""

    def __init__(self) -> None:
        super().__init__("We couldn't find that link. It may be incomplete or no longer used.")


class RsvpsClosed(RsvpError):  # noqa: N818
    """The gathering has started, ended, been cancelled or is not public."""


class NoPlaceForAlly(RsvpError):  # noqa: N818
    """Every place is taken, so an ally can't be added to a confirmed RSVP right now."""


class AlliesNotWelcome(RsvpError):  # noqa: N818
    """The organiser asked for attendees only."""


class CapacityBelowPlacesTaken(RsvpError):  # noqa: N818
    """The limit can't go below the places already promised to people."""


@dataclass(frozen=True, slots=True)
class Links:
    """Where links in emails point (``PLANNER_BASE_URL``)."""

    base_url: str

    def manage(self, token: str) -> str:
        """The private manage page."""
        return f"{self.base_url.rstrip('/')}/rsvps/{token}"

    def ally(self, token: str) -> str:
        """The private ally page."""
        return f"{self.base_url.rstrip('/')}/ally/{token}"

    def event(self, event: Event) -> str:
        """The public event page."""
        return f"{self.base_url.rstrip('/')}/events/{event.slug}"


@dataclass(frozen=True, slots=True)
class CreatedRsvp:
    """A new RSVP and its private link (shown once, never stored)."""

    rsvp: Rsvp
    manage_token: str
    ally_token: str | None


@dataclass(frozen=True, slots=True)
class InvitedAlly:
    """A new ally invitation and its private link."""

    rsvp: Rsvp
    invite: AllyInvite
    ally_token: str


# ---------------------------------------------------------------------------
# Transactions and locks


async def _begin_write_unit(session: AsyncSession) -> None:
    """Start a write transaction, ending a read-only one first if a dependency (the
    signed-in account, say) already read through this session. Nothing read before
    is relied on: everything is read again under the lock."""
    if session.in_transaction():
        connection = (await session.connection()).sync_connection
        if (
            connection is not None
            and is_sqlite(str(connection.engine.url))
            and not connection.get_execution_options().get(WRITE_OPTION)
        ):
            await session.commit()
    await begin_write(session)


async def _lock_event(session: AsyncSession, event_id: int) -> Event:
    """The event, locked against every other change to its places until commit."""
    event = await session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if event is None:  # deleted between look-up and lock
        raise NotFound
    return event


async def _adjust_places(session: AsyncSession, event: Event, delta: int) -> None:
    """Change ``places_taken`` in the database itself (``SET places_taken = places_taken
    + :delta``), never as a read-modify-write in Python: if a future code path forgot the
    event lock, concurrent changes would still add up, and the CHECK would refuse an
    oversell with an error instead of a lost update hiding it."""
    if delta == 0:
        return
    result = await session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(places_taken=Event.places_taken + delta)
        .returning(Event.places_taken)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(event, "places_taken", result.scalar_one())


def _rsvp_options() -> tuple[object, ...]:
    return (
        selectinload(Rsvp.allies),
        selectinload(Rsvp.safety_plan),
        selectinload(Rsvp.reminders),
        selectinload(Rsvp.calendar_feed),
    )


async def _reload_rsvp(session: AsyncSession, rsvp_id: int) -> Rsvp:
    """The RSVP as committed now (after the event lock: nobody else can change it)."""
    rsvp: Rsvp | None = await session.scalar(
        select(Rsvp)
        .where(Rsvp.id == rsvp_id)
        .options(*_rsvp_options())  # type: ignore[arg-type]
        .execution_options(populate_existing=True)
    )
    if rsvp is None:
        raise NotFound
    return rsvp


async def _locked_rsvp(session: AsyncSession, token: str) -> tuple[Rsvp, Event]:
    """The RSVP behind a manage token, with its event locked."""
    await _begin_write_unit(session)
    found = await _rsvp_by_token(session, token)
    event = await _lock_event(session, found.event_id)
    rsvp = await _reload_rsvp(session, found.id)
    rsvp.event = event
    return rsvp, event


# ---------------------------------------------------------------------------
# Reading


async def _rsvp_by_token(session: AsyncSession, token: str) -> Rsvp:
    if not looks_like_token(token):
        raise NotFound
    rsvp = await session.scalar(select(Rsvp).where(Rsvp.manage_token_hash == hash_token(token)))
    if rsvp is None or not token_matches(token, rsvp.manage_token_hash):
        raise NotFound
    return rsvp


def _event_options() -> tuple[object, ...]:
    return (
        joinedload(Rsvp.event).joinedload(Event.venue),
        joinedload(Rsvp.event).joinedload(Event.organiser),
        *_rsvp_options(),
    )


async def find_rsvp(session: AsyncSession, token: str) -> Rsvp:
    """The RSVP behind a manage link, with its event, ally and safety plan.

    Raises :class:`NotFound` for a token that is malformed, unknown or no longer used,
    all alike."""
    if not looks_like_token(token):
        raise NotFound
    query = select(Rsvp).where(Rsvp.manage_token_hash == hash_token(token))
    rsvp: Rsvp | None = await session.scalar(
        query.options(*_event_options())  # type: ignore[arg-type]
    )
    if rsvp is None or not token_matches(token, rsvp.manage_token_hash):
        raise NotFound
    return rsvp


async def find_ally_invite(session: AsyncSession, token: str) -> AllyInvite:
    """The invitation behind an ally link, with the RSVP, event and safety plan.

    A withdrawn invitation answers like a missing one: the survivor took it back."""
    if not looks_like_token(token):
        raise NotFound
    invite: AllyInvite | None = await session.scalar(
        select(AllyInvite)
        .where(AllyInvite.token_hash == hash_token(token))
        .options(
            joinedload(AllyInvite.rsvp).options(*_event_options())  # type: ignore[arg-type]
        )
    )
    if (
        invite is None
        or not token_matches(token, invite.token_hash)
        or invite.status is AllyStatus.WITHDRAWN
    ):
        raise NotFound
    return invite


async def allies_welcome(session: AsyncSession, slug: str) -> bool | None:
    """Whether a public gathering welcomes allies; None when there is no such gathering."""
    welcome: bool | None = await session.scalar(
        select(Event.allies_welcome).where(
            Event.slug == slug,
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            hosted_by_verified_organiser(),
        )
    )
    return welcome


def accepting_rsvps(event: Event, now: datetime) -> bool:
    """RSVPs (and new allies) are taken until the gathering starts."""
    return event.status is EventStatus.PUBLISHED and now < event.starts_at


def closed_message(event: Event, now: datetime) -> str:
    """Why a gathering takes no more RSVPs, in kind words."""
    if event.status is EventStatus.CANCELLED:
        return "This gathering has been cancelled, so it isn't taking replies."
    if now >= event.starts_at:
        return "This gathering has already started, so replies are closed."
    return "This gathering isn't taking replies."


# ---------------------------------------------------------------------------
# Saying yes


async def create_rsvp(
    session: AsyncSession, slug: str, request: RsvpRequest, *, now: datetime, links: Links
) -> CreatedRsvp:
    """Say yes to a gathering: a confirmed place if the person (and their ally) fit
    under the limit, otherwise a place on the waitlist, decided under the event's lock."""
    await _begin_write_unit(session)
    event_id = await session.scalar(
        select(Event.id).where(
            Event.slug == slug,
            Event.status.in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]),
            hosted_by_verified_organiser(),
        )
    )
    if event_id is None:
        raise NotFound
    event = await _lock_event(session, event_id)
    if not accepting_rsvps(event, now):
        raise RsvpsClosed(closed_message(event, now))
    if request.ally is not None and not event.allies_welcome:
        raise AlliesNotWelcome("This gathering is for attendees only, without allies.")

    manage_token, manage_hash = new_token()
    details = request.details
    rsvp = Rsvp(
        event_id=event.id,
        account_id=request.account_id,
        pseudonym=details.pseudonym,
        contact_email=details.email,
        access_needs=details.access_needs,
        may_leave_early=details.may_leave_early,
        manage_token_hash=manage_hash,
        created_at=now,
        updated_at=now,
    )
    ally_token = None
    invites: list[AllyInvite] = []
    if request.ally is not None:
        invite, ally_token = _new_invite(request.ally, manage_token, now)
        invites.append(invite)
    rsvp.allies = invites
    rsvp.safety_plan = None
    rsvp.calendar_feed = None
    rsvp.event = event
    rsvp.discreet_title = request.calendar.discreet_title
    rsvp.reminders = []
    set_reminders(rsvp, event, request.calendar.reminders, now)
    party = rsvp.party_size
    if party <= event.places_left:
        rsvp.status = RsvpStatus.CONFIRMED
        await _adjust_places(session, event, party)
    else:
        rsvp.status = RsvpStatus.WAITLISTED
        rsvp.waitlist_position = await _next_waitlist_position(session, event.id)
    session.add(rsvp)
    await session.flush()

    if details.email:
        _mail_new_rsvp(session, rsvp, event, manage_token, now=now, links=links)
    if request.ally is not None and request.ally.email and ally_token is not None:
        _mail_ally_invite(session, rsvp, event, invites[0], ally_token, now=now, links=links)
    return CreatedRsvp(rsvp=rsvp, manage_token=manage_token, ally_token=ally_token)


def _new_invite(ally: AllyRequest, manage_token: str, now: datetime) -> tuple[AllyInvite, str]:
    salt = new_salt()
    ally_token = derive_ally_token(manage_token, salt)
    invite = AllyInvite(
        name=ally.name,
        email=ally.email,
        token_hash=hash_token(ally_token),
        link_salt=salt,
        status=AllyStatus.INVITED,
        meeting_point=ally.plan.meeting_point,
        meet_time=ally.plan.meet_time,
        leave_signal=ally.plan.leave_signal,
        note=ally.plan.note,
        created_at=now,
        updated_at=now,
    )
    return invite, ally_token


async def _next_waitlist_position(session: AsyncSession, event_id: int) -> int:
    # Safe without its own lock: the caller holds the event's.
    highest = await session.scalar(
        select(func.max(Rsvp.waitlist_position)).where(Rsvp.event_id == event_id)
    )
    return (highest or 0) + 1


async def _fill_from_waitlist(
    session: AsyncSession, event: Event, *, now: datetime, links: Links
) -> list[Rsvp]:
    """Confirm waitlisted RSVPs, in order of arrival, whose party fits the places left.

    One that doesn't fit (a person with an ally when one place is free) keeps its
    position, and the next that fits is confirmed; it will be first when more open."""
    if not accepting_rsvps(event, now) or event.places_left == 0:
        return []
    waiting = list(
        await session.scalars(
            select(Rsvp)
            .where(Rsvp.event_id == event.id, Rsvp.status == RsvpStatus.WAITLISTED)
            .order_by(Rsvp.waitlist_position, Rsvp.id)
            .options(*_rsvp_options())  # type: ignore[arg-type]
            .execution_options(populate_existing=True)
        )
    )
    promoted: list[Rsvp] = []
    for rsvp in waiting:
        if event.places_left == 0:
            break
        if rsvp.party_size <= event.places_left:
            rsvp.status = RsvpStatus.CONFIRMED
            rsvp.waitlist_position = None
            rsvp.updated_at = now
            await _adjust_places(session, event, rsvp.party_size)
            promoted.append(rsvp)
            if rsvp.contact_email:
                _mail_promoted(session, rsvp, event, now=now, links=links)
    await session.flush()
    return promoted


async def cancel_rsvp(session: AsyncSession, token: str, *, now: datetime, links: Links) -> Rsvp:
    """Step back: one action, no reason asked. The places go to the waitlist."""
    rsvp, event = await _locked_rsvp(session, token)
    if rsvp.status is RsvpStatus.CANCELLED:
        return rsvp
    await _adjust_places(session, event, -rsvp.places_held)
    rsvp.status = RsvpStatus.CANCELLED
    rsvp.waitlist_position = None
    rsvp.updated_at = now
    ally = rsvp.ally
    if ally is not None and ally.email:
        enqueue_mail(
            session,
            to=ally.email,
            subject=f"{rsvp.pseudonym} has stepped back from {event.title}",
            body=(
                f"Hello {ally.name},\n\n{rsvp.pseudonym} has decided not to go to "
                f"{event.title} for now, so there's nothing you need to do.\n\n{SIGN_OFF}\n"
            ),
            now=now,
        )
    await session.flush()
    await _fill_from_waitlist(session, event, now=now, links=links)
    return rsvp


async def renew_rsvp(session: AsyncSession, token: str, *, now: datetime, links: Links) -> Rsvp:
    """Say yes again after cancelling: a place if one fits, otherwise the waitlist."""
    rsvp, event = await _locked_rsvp(session, token)
    if rsvp.status is not RsvpStatus.CANCELLED:
        return rsvp
    if not accepting_rsvps(event, now):
        raise RsvpsClosed(closed_message(event, now))
    rsvp.updated_at = now
    if rsvp.party_size <= event.places_left:
        rsvp.status = RsvpStatus.CONFIRMED
        await _adjust_places(session, event, rsvp.party_size)
    else:
        rsvp.status = RsvpStatus.WAITLISTED
        rsvp.waitlist_position = await _next_waitlist_position(session, event.id)
    await session.flush()
    return rsvp


async def update_details(session: AsyncSession, token: str, details: RsvpDetails) -> Rsvp:
    """Change one's name, email, access needs or "may leave early" (no places involved,
    so no event lock)."""
    rsvp = await find_rsvp(session, token)
    rsvp.pseudonym = details.pseudonym
    rsvp.contact_email = details.email
    rsvp.access_needs = details.access_needs
    rsvp.may_leave_early = details.may_leave_early
    await session.flush()
    return rsvp


async def update_calendar_choices(
    session: AsyncSession, token: str, choices: CalendarChoices, *, now: datetime
) -> Rsvp:
    """Change one's reminders and whether calendars show a neutral title."""
    rsvp = await find_rsvp(session, token)
    rsvp.discreet_title = choices.discreet_title
    set_reminders(rsvp, rsvp.event, choices.reminders, now)
    await session.flush()
    return rsvp


async def email_manage_link(
    session: AsyncSession, token: str, email: str, *, now: datetime, links: Links
) -> Rsvp:
    """Send the manage link to ``email`` and keep the address for changes to the gathering."""
    rsvp = await find_rsvp(session, token)
    rsvp.contact_email = email
    enqueue_mail(
        session,
        to=email,
        subject=f"Your link for {rsvp.event.title}",
        body=(
            f"Hello {rsvp.pseudonym},\n\nHere is your private link for {rsvp.event.title}. "
            "Keep it safe: it is your key to change or cancel your reply.\n\n"
            f"{links.manage(token)}\n\n{SIGN_OFF}\n"
        ),
        now=now,
    )
    await session.flush()
    return rsvp


# ---------------------------------------------------------------------------
# Allies


async def invite_ally(
    session: AsyncSession, token: str, ally: AllyRequest, *, now: datetime, links: Links
) -> InvitedAlly:
    """Invite an ally. On a confirmed RSVP the ally takes a place at once, so there must
    be one free; on a waitlisted RSVP they join the queue together."""
    rsvp, event = await _locked_rsvp(session, token)
    if not event.allies_welcome:
        raise AlliesNotWelcome("This gathering is for attendees only, without allies.")
    if not accepting_rsvps(event, now):
        raise RsvpsClosed(closed_message(event, now))
    if rsvp.status is RsvpStatus.CANCELLED:
        raise RsvpsClosed("Please say yes again before inviting an ally.")
    if rsvp.ally is not None:
        raise RsvpError(
            "You have already invited an ally. Remove them first to invite someone else."
        )
    if rsvp.status is RsvpStatus.CONFIRMED:
        if event.places_left < 1:
            raise NoPlaceForAlly(
                "Every place is taken just now, so there's no room for an ally. "
                "Your own place is safe."
            )
        await _adjust_places(session, event, 1)
    invite, ally_token = _new_invite(ally, token, now)
    rsvp.allies.append(invite)
    rsvp.updated_at = now
    await session.flush()
    if ally.email:
        _mail_ally_invite(session, rsvp, event, invite, ally_token, now=now, links=links)
    return InvitedAlly(rsvp=rsvp, invite=invite, ally_token=ally_token)


async def update_ally_plan(session: AsyncSession, token: str, plan: AllyPlan) -> Rsvp:
    """Change what the ally sees: meeting point and time, the leave signal, a note."""
    rsvp = await find_rsvp(session, token)
    ally = rsvp.ally
    if ally is None:
        raise RsvpError("There is no ally invitation to change.")
    ally.meeting_point = plan.meeting_point
    ally.meet_time = plan.meet_time
    ally.leave_signal = plan.leave_signal
    ally.note = plan.note
    await session.flush()
    return rsvp


async def withdraw_ally(session: AsyncSession, token: str, *, now: datetime, links: Links) -> Rsvp:
    """Take the invitation back: the ally link stops working and the place is freed."""
    rsvp, event = await _locked_rsvp(session, token)
    ally = rsvp.ally
    if ally is None:
        return rsvp
    if rsvp.status is RsvpStatus.CONFIRMED:
        await _adjust_places(session, event, -1)
    ally.status = AllyStatus.WITHDRAWN
    ally.responded_at = now
    rsvp.updated_at = now
    await session.flush()
    await _fill_from_waitlist(session, event, now=now, links=links)
    return rsvp


async def answer_ally_invite(
    session: AsyncSession, token: str, *, accept: bool, now: datetime, links: Links
) -> AllyInvite:
    """The ally says yes or no. Declining frees the place they held."""
    await _begin_write_unit(session)
    found = await find_ally_invite(session, token)
    event = await _lock_event(session, found.rsvp.event_id)
    rsvp = await _reload_rsvp(session, found.rsvp_id)
    invite = next(item for item in rsvp.allies if item.id == found.id)
    if invite.status is AllyStatus.WITHDRAWN:
        raise NotFound
    wanted = AllyStatus.ACCEPTED if accept else AllyStatus.DECLINED
    if invite.status is wanted:
        return invite
    if invite.status is AllyStatus.DECLINED:
        # Changing one's mind back to yes needs the place again.
        if rsvp.status is RsvpStatus.CONFIRMED:
            if event.places_left < 1:
                raise NoPlaceForAlly(
                    "Every place has been taken since you declined, so there isn't one to "
                    "come back to. Please let the person who invited you know."
                )
            await _adjust_places(session, event, 1)
    elif not accept and rsvp.status is RsvpStatus.CONFIRMED:
        await _adjust_places(session, event, -1)
    invite.status = wanted
    invite.responded_at = now
    rsvp.updated_at = now
    if rsvp.contact_email:
        answer = "will come with you" if accept else "can't come this time"
        enqueue_mail(
            session,
            to=rsvp.contact_email,
            subject=f"{invite.name} {answer}",
            body=(
                f"Hello {rsvp.pseudonym},\n\n{invite.name} {answer} to {event.title}. "
                f"Your private link shows their answer and the plan.\n\n{SIGN_OFF}\n"
            ),
            now=now,
        )
    await session.flush()
    if not accept:
        await _fill_from_waitlist(session, event, now=now, links=links)
    invite.rsvp = rsvp
    rsvp.event = event
    return invite


# ---------------------------------------------------------------------------
# Safety plan


async def save_safety_plan(session: AsyncSession, token: str, plan: SafetyPlanInput) -> Rsvp:
    """Write (or rewrite) the survivor's safety plan."""
    rsvp = await find_rsvp(session, token)
    current = rsvp.safety_plan
    if current is None:
        current = SafetyPlan(rsvp_id=rsvp.id)
        session.add(current)
        rsvp.safety_plan = current
    current.triggers = plan.triggers
    current.coping_strategies = plan.coping_strategies
    current.trusted_contacts = plan.trusted_contacts
    current.exit_strategy = plan.exit_strategy
    current.share_with_ally = plan.share_with_ally
    await session.flush()
    return rsvp


# ---------------------------------------------------------------------------
# The limit itself


async def change_capacity(
    session: AsyncSession, event_id: int, new_capacity: int, *, now: datetime, links: Links
) -> Event:
    """Set an event's crowd-size limit. Lowering it below the places already taken is
    refused (those are promises to people); raising it confirms waitlisted people who
    now fit. The organiser's edit form calls this."""
    if not MIN_CAPACITY <= new_capacity <= MAX_CAPACITY:
        msg = f"The limit must be between {MIN_CAPACITY} and {MAX_CAPACITY} people."
        raise RsvpError(msg)
    await _begin_write_unit(session)
    event = await _lock_event(session, event_id)
    if new_capacity < event.places_taken:
        taken = event.places_taken
        msg = (
            f"{taken} {'place is' if taken == 1 else 'places are'} already taken, allies "
            f"included, so the limit can't go below {taken}. People who said yes keep "
            "their places."
        )
        raise CapacityBelowPlacesTaken(msg)
    event.capacity = new_capacity
    await session.flush()
    await _fill_from_waitlist(session, event, now=now, links=links)
    return event


# ---------------------------------------------------------------------------
# What the organiser sees


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    """One RSVP as the organiser sees it: never an email, a safety plan or an ally's name."""

    pseudonym: str
    status: RsvpStatus
    access_needs: str
    may_leave_early: bool
    brings_ally: bool


@dataclass(frozen=True, slots=True)
class AttendeeSummary:
    """Counts, the door list and the access needs to prepare for."""

    event: Event
    confirmed: int
    allies: int
    waitlisted: int
    cancelled: int
    coming: list[AttendeeRow]
    waiting: list[AttendeeRow]

    @property
    def access_needs(self) -> list[AttendeeRow]:
        """Everyone coming who told the organiser what would help."""
        return [row for row in self.coming if row.access_needs]

    @property
    def leaving_early(self) -> int:
        """How many said they may leave early."""
        return sum(row.may_leave_early for row in self.coming)


async def attendee_summary(
    session: AsyncSession, event_id: int, organiser_id: int
) -> AttendeeSummary | None:
    """The attendee view of one of the organiser's own gatherings; None for anyone
    else's (the caller answers 404, so other organisers' events don't even show)."""
    event = await session.scalar(
        select(Event)
        .where(Event.id == event_id, Event.organiser_id == organiser_id)
        .options(joinedload(Event.venue).selectinload(Venue.tags))
    )
    if event is None:
        return None
    rsvps: Sequence[Rsvp] = list(
        await session.scalars(
            select(Rsvp)
            .where(Rsvp.event_id == event.id)
            .order_by(Rsvp.waitlist_position, func.lower(Rsvp.pseudonym), Rsvp.id)
            .options(selectinload(Rsvp.allies))
        )
    )

    def row(rsvp: Rsvp) -> AttendeeRow:
        return AttendeeRow(
            pseudonym=rsvp.pseudonym,
            status=rsvp.status,
            access_needs=rsvp.access_needs,
            may_leave_early=rsvp.may_leave_early,
            brings_ally=rsvp.ally is not None,
        )

    coming = [row(rsvp) for rsvp in rsvps if rsvp.status is RsvpStatus.CONFIRMED]
    waiting = sorted(
        (rsvp for rsvp in rsvps if rsvp.status is RsvpStatus.WAITLISTED),
        key=lambda rsvp: rsvp.waitlist_position or 0,
    )
    return AttendeeSummary(
        event=event,
        confirmed=len(coming),
        allies=sum(item.brings_ally for item in coming),
        waitlisted=len(waiting),
        cancelled=sum(rsvp.status is RsvpStatus.CANCELLED for rsvp in rsvps),
        coming=coming,
        waiting=[row(rsvp) for rsvp in waiting],
    )


# ---------------------------------------------------------------------------
# Mail (always through the outbox, in the same transaction)


def _when_words(event: Event) -> str:
    start = event.local_start
    return f"{start:%A} {start.day} {start:%B} at {start:%H:%M}"


def _mail_new_rsvp(
    session: AsyncSession,
    rsvp: Rsvp,
    event: Event,
    manage_token: str,
    *,
    now: datetime,
    links: Links,
) -> None:
    assert rsvp.contact_email is not None
    if rsvp.status is RsvpStatus.CONFIRMED:
        subject = f"Your place at {event.title}"
        opening = f"You have a place at {event.title}, on {_when_words(event)}."
    else:
        subject = f"You're on the waitlist for {event.title}"
        opening = (
            f"{event.title} is full just now, so you're on the waitlist. "
            "We'll let you know if a place opens."
        )
    enqueue_mail(
        session,
        to=rsvp.contact_email,
        subject=subject,
        body=(
            f"Hello {rsvp.pseudonym},\n\n{opening}\n\n"
            "Your private link lets you see the plan, bring an ally, write a safety plan, "
            "or step back with one click, no reason needed. Keep it safe: it is your key.\n\n"
            f"{links.manage(manage_token)}\n\n{SIGN_OFF}\n"
        ),
        now=now,
    )


def _mail_ally_invite(
    session: AsyncSession,
    rsvp: Rsvp,
    event: Event,
    invite: AllyInvite,
    ally_token: str,
    *,
    now: datetime,
    links: Links,
) -> None:
    assert invite.email is not None
    enqueue_mail(
        session,
        to=invite.email,
        subject=f"{rsvp.pseudonym} would like you to come along",
        body=(
            f"Hello {invite.name},\n\n{rsvp.pseudonym} would like you to come with them to "
            f"{event.title} as their ally. Your private page has the plan and lets you say "
            f"yes or no:\n\n{links.ally(ally_token)}\n\n{SIGN_OFF}\n"
        ),
        now=now,
    )


def _mail_promoted(
    session: AsyncSession, rsvp: Rsvp, event: Event, *, now: datetime, links: Links
) -> None:
    assert rsvp.contact_email is not None
    enqueue_mail(
        session,
        to=rsvp.contact_email,
        subject=f"A place has opened at {event.title}",
        body=(
            f"Hello {rsvp.pseudonym},\n\nA place has opened at {event.title} on "
            f"{_when_words(event)}, and it is yours"
            f"{' (and your ally’s)' if rsvp.ally is not None else ''}. Nothing else is "
            "needed. If you'd rather not go, that's okay: your private link lets you step "
            f"back with one click.\n\nThe gathering: {links.event(event)}\n\n{SIGN_OFF}\n"
        ),
        now=now,
    )


async def tell_people_of_cancellation(
    session: AsyncSession, event: Event, message: str, *, now: datetime, links: Links
) -> int:
    """Email everyone holding or waiting for a place (and their allies who gave an
    email) that the gathering is cancelled, with the organiser's words. Returns how
    many messages were queued; they go out only if the cancellation commits."""
    rsvps = await session.scalars(
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.status != RsvpStatus.CANCELLED)
        .options(*_rsvp_options())  # type: ignore[arg-type]
    )
    note = f"\n\nThe organiser wrote: {message}" if message.strip() else ""
    subject = f"{event.title} on {_when_words(event)} is cancelled"
    queued = 0
    for rsvp in rsvps:
        people = [(rsvp.contact_email, rsvp.pseudonym)]
        ally = rsvp.ally
        if ally is not None and ally.status in {AllyStatus.INVITED, AllyStatus.ACCEPTED}:
            people.append((ally.email, ally.name))
        for address, name in people:
            if not address:
                continue
            enqueue_mail(
                session,
                to=address,
                subject=subject,
                body=(
                    f"Hello {name},\n\n{event.title} on {_when_words(event)} won't go "
                    f"ahead. Nothing is needed from you.{note}\n\n{SIGN_OFF}\n"
                ),
                now=now,
            )
            queued += 1
    return queued


@dataclass(frozen=True, slots=True)
class Change:
    """One thing about a gathering that changed, in words: what, and old and new."""

    what: str
    before: str
    after: str
    for_confirmed_only: bool = False
    """Told only to people holding a place (the online link is theirs alone)."""

    def line(self) -> str:
        """``When: was …, now …``."""
        if not self.before and not self.after:
            return f"{self.what}: changed. Your private link shows the new one."
        return f"{self.what}: was {self.before}\n{' ' * (len(self.what) + 2)}now {self.after}"


async def people_to_tell(session: AsyncSession, event_ids: Sequence[int]) -> int:
    """How many messages a change to these gatherings would send: everyone holding or
    waiting for a place who gave an email, and their allies who gave one."""
    if not event_ids:
        return 0
    rsvps = await session.scalars(
        select(Rsvp)
        .where(Rsvp.event_id.in_(event_ids), Rsvp.status != RsvpStatus.CANCELLED)
        .options(selectinload(Rsvp.allies))
    )
    return sum(
        bool(rsvp.contact_email) + bool(rsvp.ally is not None and rsvp.ally.email) for rsvp in rsvps
    )


async def tell_people_of_change(
    session: AsyncSession,
    event: Event,
    changes: Sequence[Change],
    *,
    now: datetime,
    links: Links,
) -> int:
    """Email everyone holding or waiting for a place (and allies with an email) exactly
    what changed, old and new. Returns how many messages were queued; like every
    email, they go out only if the change commits."""
    if not changes:
        return 0
    rsvps = await session.scalars(
        select(Rsvp)
        .where(Rsvp.event_id == event.id, Rsvp.status != RsvpStatus.CANCELLED)
        .options(*_rsvp_options())  # type: ignore[arg-type]
    )
    queued = 0
    for rsvp in rsvps:
        confirmed = rsvp.status is RsvpStatus.CONFIRMED
        told = [change for change in changes if confirmed or not change.for_confirmed_only]
        if not told:
            continue
        summary = "\n\n".join(change.line() for change in told)
        people = [(rsvp.contact_email, rsvp.pseudonym, rsvp.discreet_title)]
        ally = rsvp.ally
        if ally is not None:
            people.append((ally.email, ally.name, None))
        for address, name, neutral in people:
            if not address:
                continue
            title = neutral or event.title
            enqueue_mail(
                session,
                to=address,
                subject=f"A change to {title}: {', '.join(c.what.lower() for c in told)}",
                body=(
                    f"Hello {name},\n\nThe organiser has changed {title}, so we're letting "
                    f"you know before you set off.\n\n{summary}\n\n"
                    "Your calendar updates by itself if you subscribed to your feed; a file you "
                    "added by hand needs adding again from your private link. If the change "
                    "doesn't suit you, you can step back there with one click, no reason "
                    f"needed.\n\n{SIGN_OFF}\n"
                ),
                now=now,
            )
            queued += 1
    return queued


def ally_link_token(manage_token: str, invite: AllyInvite) -> str:
    """The ally link's token, rebuilt for the survivor's manage page."""
    return derive_ally_token(manage_token, invite.link_salt)
