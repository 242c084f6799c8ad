"""Private subscription feeds: each person's confirmed gatherings, at a secret address.

A member's feed follows their account (every RSVP made while signed in). A guest's
feed holds the RSVPs they add to it from their private pages. The link's token is
an HMAC of the app's secret and the feed's salt: the owner's page can show the
link again, while the database alone holds only its hash. A new salt makes a new
link (the old one stops working at once); revoking switches the feed off.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from planner.calendar.entries import Personal, event_entry
from planner.calendar.models import CalendarFeed
from planner.calendar.writer import CalendarEntry, EntryStatus, render_calendar
from planner.events.models import Event
from planner.rsvps.models import Rsvp, RsvpStatus
from planner.rsvps.tokens import hash_token, keyed_token, looks_like_token, token_matches

FEED_NAME: Final = "My gatherings (Stepwise)"
FEED_REFRESH: Final = timedelta(hours=1)
KEEP_PAST: Final = timedelta(days=30)
"""Gatherings stay in the feed for a month after they end, then drop off."""
MAX_ENTRIES: Final = 500


def feed_token(secret_key: str, salt: str) -> str:
    """The link's token, rebuilt from the app's secret and the feed's salt."""
    return keyed_token(secret_key, f"stepwise.calendar-feed:{salt}")


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """The two ways to subscribe: ``webcal://`` opens a calendar app, https is to copy."""

    https: str
    webcal: str


def feed_links(base_url: str, secret_key: str, feed: CalendarFeed) -> FeedLinks:
    """Where the feed lives."""
    https = f"{base_url.rstrip('/')}/calendar/{feed_token(secret_key, feed.salt)}.ics"
    return FeedLinks(https=https, webcal="webcal://" + https.split("://", 1)[1])


def _new_link(feed: CalendarFeed, secret_key: str) -> None:
    feed.salt = secrets.token_hex(16)
    feed.token_hash = hash_token(feed_token(secret_key, feed.salt))
    feed.revoked_at = None


async def account_feed(session: AsyncSession, account_id: int) -> CalendarFeed | None:
    """The member's feed, switched on or off; None if they never made one."""
    feed: CalendarFeed | None = await session.scalar(
        select(CalendarFeed).where(CalendarFeed.account_id == account_id)
    )
    return feed


async def start_account_feed(
    session: AsyncSession, account_id: int, secret_key: str
) -> CalendarFeed:
    """Make the member's feed, or give it a new link (the old one stops working)."""
    feed = await account_feed(session, account_id)
    if feed is None:
        feed = CalendarFeed(account_id=account_id)
        session.add(feed)
    _new_link(feed, secret_key)
    await session.flush()
    return feed


def start_guest_feed(session: AsyncSession, rsvp: Rsvp, secret_key: str) -> CalendarFeed:
    """A new guest feed holding this RSVP."""
    feed = CalendarFeed()
    _new_link(feed, secret_key)
    session.add(feed)
    rsvp.calendar_feed = feed
    return feed


def renew_link(feed: CalendarFeed, secret_key: str) -> None:
    """A new link for the same feed; the old link answers 404 from now on."""
    _new_link(feed, secret_key)


def revoke(feed: CalendarFeed, now: datetime) -> None:
    """Switch the feed off: its link answers 404 until a new link is made."""
    feed.revoked_at = now


async def find_feed(session: AsyncSession, token: str) -> CalendarFeed | None:
    """The live feed behind a link; None for a wrong, old or revoked one alike."""
    if not looks_like_token(token):
        return None
    feed = await session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token))
    )
    if feed is None or feed.revoked_at is not None or not token_matches(token, feed.token_hash):
        return None
    return feed


async def feed_by_id(session: AsyncSession, feed_id: int) -> CalendarFeed | None:
    """A live guest feed by id (for the signed "feed on this device" cookie)."""
    feed = await session.get(CalendarFeed, feed_id)
    if feed is None or feed.revoked_at is not None or feed.account_id is not None:
        return None
    return feed


async def feed_rsvps(session: AsyncSession, feed: CalendarFeed, now: datetime) -> Sequence[Rsvp]:
    """The confirmed RSVPs a feed shows: the member's own, or those added to the guest
    feed, for gatherings that haven't ended more than a month ago."""
    owner = (
        or_(Rsvp.calendar_feed_id == feed.id, Rsvp.account_id == feed.account_id)
        if feed.account_id is not None
        else Rsvp.calendar_feed_id == feed.id
    )
    return list(
        await session.scalars(
            select(Rsvp)
            .join(Event, Event.id == Rsvp.event_id)
            .where(owner, Rsvp.status == RsvpStatus.CONFIRMED, Event.ends_at > now - KEEP_PAST)
            .options(joinedload(Rsvp.event).joinedload(Event.venue), selectinload(Rsvp.reminders))
            .order_by(Event.starts_at, Event.id)
            .limit(MAX_ENTRIES)
        )
    )


def personal_entry(rsvp: Rsvp, base_url: str, private_url: str) -> CalendarEntry:
    """One person's own entry for a gathering: their reminders, their title choice, and
    the online link while they hold a place. A reply the person stepped back from shows
    as cancelled, and a place on the waitlist as tentative."""
    entry = event_entry(
        rsvp.event,
        base_url,
        Personal(
            private_url=private_url,
            reminders_minutes=tuple(reminder.minutes_before for reminder in rsvp.reminders),
            discreet_title=rsvp.discreet_title,
            holds_place=rsvp.status is RsvpStatus.CONFIRMED,
        ),
    )
    if entry.status is EntryStatus.CANCELLED or rsvp.status is RsvpStatus.CONFIRMED:
        return entry
    if rsvp.status is RsvpStatus.CANCELLED:
        return replace(entry, status=EntryStatus.CANCELLED)
    return replace(entry, status=EntryStatus.TENTATIVE)


def render_feed(rsvps: Sequence[Rsvp], *, base_url: str, token: str, stamp: datetime) -> str:
    """The feed's calendar. A discreet entry links through the feed's own address (which
    names nothing) to the gathering; others link to the gathering's page."""
    root = base_url.rstrip("/")
    entries = [
        personal_entry(
            rsvp,
            base_url,
            f"{root}/calendar/{token}/events/{rsvp.event_id}"
            if rsvp.discreet_title
            else f"{root}/events/{rsvp.event.slug}",
        )
        for rsvp in rsvps
    ]
    return render_calendar(entries, name=FEED_NAME, stamp=stamp, refresh=FEED_REFRESH)
