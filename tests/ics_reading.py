"""Reading calendar files back with an independent parser (``icalendar``), and the
RFC 5545 wire rules every file must keep whatever it holds."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import icalendar
from httpx import Response

CALENDAR_TYPE = "text/calendar; charset=utf-8"
TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")
TEXT_UNESCAPED = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
MAX_LINE_OCTETS = 75


def raw_lines(body: str) -> list[str]:
    """The content lines as sent (still folded), without their CRLF."""
    assert body.endswith("\r\n"), "a calendar ends with CRLF"
    lines = body.removesuffix("\r\n").split("\r\n")
    for line in lines:
        assert "\n" not in line, f"a bare LF in {line!r}"
        assert "\r" not in line, f"a bare CR in {line!r}"
    return lines


def assert_wire_format(body: str) -> None:
    """CRLF everywhere, and no line longer than 75 octets (RFC 5545 §3.1)."""
    for line in raw_lines(body):
        size = len(line.encode("utf-8"))
        assert size <= MAX_LINE_OCTETS, f"{size} octets: {line!r}"


def read_calendar(response: Response) -> icalendar.Calendar:
    """A successful calendar response, checked on the wire and parsed."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CALENDAR_TYPE, response.headers["content-type"]
    assert "set-cookie" not in response.headers, "a public calendar must not set cookies"
    assert_wire_format(response.text)
    calendar = icalendar.Calendar.from_ical(response.text)
    assert isinstance(calendar, icalendar.Calendar)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    return calendar


def vevents(calendar: icalendar.Calendar) -> list[icalendar.Component]:
    """The VEVENTs, in file order."""
    return list(calendar.walk("VEVENT"))


def text(component: icalendar.Component, name: str) -> str:
    """A TEXT (or URI) property, unescaped by the parser."""
    value = component.decoded(name)
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    assert isinstance(value, str), f"{name} is {value!r}"
    return value


def calendar_name(calendar: icalendar.Calendar) -> str:
    """X-WR-CALNAME, unescaped here: icalendar keeps unknown X- properties as written,
    and RFC 5545 types them TEXT."""
    escaped = str(calendar["X-WR-CALNAME"])
    return TEXT_ESCAPE.sub(lambda found: TEXT_UNESCAPED[found.group(1)], escaped)


def when(component: icalendar.Component, name: str) -> datetime:
    """A DATE-TIME property; it must be written in UTC."""
    moment = component.decoded(name)
    assert isinstance(moment, datetime), f"{name} is {moment!r}"
    offset = moment.utcoffset()
    assert offset is not None, f"{name} is floating, not UTC"
    assert offset.total_seconds() == 0, f"{name} is not in UTC"
    return moment.astimezone(UTC)


def sequence(component: icalendar.Component) -> int:
    """SEQUENCE, which must be there."""
    value = component.decoded("SEQUENCE")
    assert isinstance(value, int)
    return value


def geo(component: icalendar.Component) -> tuple[float, float]:
    """GEO as (latitude, longitude)."""
    latitude, longitude = component.decoded("GEO")
    return float(latitude), float(longitude)


def slugs(calendar: icalendar.Calendar) -> list[str]:
    """The slug each entry's URL points back to, in file order."""
    return [text(event, "URL").rsplit("/events/", 1)[1] for event in vevents(calendar)]
