"""What the RSVP pages show about calendars: reminders, the neutral title, and feeds.

Kept apart from the controllers so the RSVP manage page can use it without a cycle.
"""

from __future__ import annotations

from typing import Any, Final

from itsdangerous import BadSignature, URLSafeSerializer
from litestar import Request

from planner.calendar.entries import DISCREET_TITLES
from planner.calendar.feeds import feed_links
from planner.calendar.reminders import REMINDER_CHOICES
from planner.core.settings import Settings
from planner.rsvps.models import Rsvp

DEVICE_COOKIE: Final = "stepwise_feed"
"""Remembers, on the device that made it, which guest feed later replies can join."""
DEVICE_COOKIE_PATH: Final = "/rsvps"
DEVICE_COOKIE_DAYS: Final = 365
DEVICE_SALT: Final = "stepwise.calendar-feed-device"


def device_serializer(settings: Settings) -> URLSafeSerializer:
    """Signs the device cookie so nobody can point it at another person's feed."""
    return URLSafeSerializer(settings.app.secret_key, salt=DEVICE_SALT)


def device_feed_id(request: Request[Any, Any, Any], settings: Settings) -> int | None:
    """The guest feed this browser made, if its cookie carries our signature."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = device_serializer(settings).loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def calendar_values(rsvp: Rsvp) -> dict[str, Any]:
    """The calendar form, filled with what is saved."""
    return {
        "remind": [str(reminder.minutes_before) for reminder in rsvp.reminders],
        "discreet": rsvp.discreet_title is not None,
        "discreet_title": rsvp.discreet_title or DISCREET_TITLES[0],
    }


def calendar_context(
    rsvp: Rsvp, token: str, settings: Settings, *, device_feed: int | None = None
) -> dict[str, Any]:
    """The manage page's calendar section."""
    base = settings.app.base_url.rstrip("/")
    feed = rsvp.calendar_feed
    live = feed is not None and feed.revoked_at is None
    return {
        "reminder_choices": REMINDER_CHOICES,
        "discreet_titles": DISCREET_TITLES,
        "calendar_file_url": f"{base}/rsvps/{token}/calendar.ics",
        "feed": feed,
        "feed_links": feed_links(base, settings.app.secret_key, feed) if feed and live else None,
        "device_feed": device_feed is not None and (feed is None or feed.id != device_feed),
        "member_feed": rsvp.account_id is not None,
    }
