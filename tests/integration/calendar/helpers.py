"""Reading calendars back with an independent parser (icalendar), and driving the
outbox worker's reminder pass with the test clock."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import icalendar
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from planner.calendar.reminders import queue_due_reminders
from planner.core.clock import FixedClock
from planner.core.db import create_session_maker
from planner.core.mail import SmtpMailer, SmtpSettings
from planner.core.outbox import process_due
from tests.mail import SmtpServer
from tests.web import csrf_token

Client = AsyncTestClient[Litestar]

SENDER = "Stepwise <hello@stepwise.invalid>"


def vevents(body: str) -> list[Any]:
    """Every VEVENT of a calendar file, parsed by icalendar (not by us)."""
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


def only_event(body: str) -> Any:
    """The one VEVENT of a single-gathering file."""
    events = vevents(body)
    assert len(events) == 1, body
    return events[0]


def utc(component: Any, name: str) -> datetime:
    """A DATE-TIME property, which we always write in UTC."""
    value = component.decoded(name)
    assert isinstance(value, datetime)
    assert value.utcoffset() == timedelta(0)
    return value


def triggers(component: Any) -> list[timedelta]:
    """The VALARM triggers of an event, biggest first."""
    return sorted((alarm.decoded("TRIGGER") for alarm in component.walk("VALARM")), reverse=False)


def raw_lines(body: str) -> list[str]:
    """The file's physical lines (folded as written)."""
    assert body.endswith("\r\n")
    return body[:-2].split("\r\n")


async def run_worker_pass(
    engine: AsyncEngine, clock: FixedClock, smtp_server: SmtpServer
) -> tuple[int, int]:
    """One pass of the outbox worker at the clock's time: reminders queued, mail sent."""
    maker = create_session_maker(engine)
    queued = await queue_due_reminders(maker, clock.now())
    sent = await process_due(
        maker, SmtpMailer(SmtpSettings.from_url(smtp_server.url)), clock, sender=SENDER
    )
    return queued, sent


@contextlib.asynccontextmanager
async def another_device(client: Client) -> AsyncIterator[Client]:
    """The same client as a different person on another device: no cookies, a CSRF
    token of its own; the first device's cookies come back afterwards. (A second test
    client on the same app would run it on another event loop.)"""
    saved_cookies = httpx.Cookies(client.cookies)
    saved_headers = dict(client.headers)
    client.cookies.clear()
    client.headers.pop("x-csrftoken", None)
    client.headers["x-csrftoken"] = await csrf_token(client)
    try:
        yield client
    finally:
        client.cookies.clear()
        client.cookies.update(saved_cookies)
        client.headers.clear()
        client.headers.update(saved_headers)
