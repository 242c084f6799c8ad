"""Reading an organiser's .ics file into plain gathering records, its quirks kept in here.

Nothing is saved by this module: :func:`read_calendar_file` turns the uploaded bytes
into :class:`ImportedGathering` values (or raises :class:`CalendarFileError` with a
message a person can act on), and :mod:`planner.calendar.imports` stores them for
review.

The ``ics`` package's grammar tokenises each content line (``ContentLine.parse``,
after its ``unfold_lines``), but the rest is done here, because ``ics.Calendar``:

- treats floating times and unknown TZIDs as UTC without a word: here a TZID is
  that IANA zone (or an error naming the gathering), ``Z`` is UTC, and a floating
  time is read in the zone the organiser chose;
- unescapes text in an order that turns an escaped backslash before ``n`` into a
  line break (``ics.utils.unescape_string``): here it is one pass;
- raises tatsu's own exceptions for some malformed lines, and IndexError from
  ``parse_duration`` for some durations: both become a :class:`CalendarFileError`;
- parses nested components recursively, with no line numbers: here an explicit
  stack walks the file, so deep nesting can't exhaust recursion and every message
  can say which line it means.

Only the properties a gathering needs are read, and only lines with a quoted
parameter go through the grammar (see :func:`_tokenise`). The rest of the file
(alarms, attendees, time zone definitions) is only checked for its shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, Final
from zoneinfo import ZoneInfo, available_timezones

from ics.grammar import parse as ics_grammar
from ics.utils import parse_duration

from planner.events.forms import TEXT_LIMITS
from planner.events.models import MAX_LENGTH

MAX_FILE_BYTES: Final = 2 * 1024 * 1024
"""2 MB: a year of a busy group's gatherings is a few hundred kilobytes."""
MAX_EVENTS: Final = 1000
"""Events (VEVENTs) in one file, past ones included: a bound on one request's work."""
MAX_LINE_CHARS: Final = 10_000
"""One unfolded content line; a long description is a few thousand characters."""
DEFAULT_LENGTH: Final = timedelta(hours=1)
"""How long a gathering with neither DTEND nor DURATION lasts (the review says so)."""
TITLE_LIMIT: Final = TEXT_LIMITS["title"]
SUMMARY_LIMIT: Final = TEXT_LIMITS["summary"]
UNTITLED: Final = "Untitled gathering"

ALREADY_HAPPENED: Final = "Already happened."
ALL_DAY: Final = "An all-day entry: a gathering needs a start and an end time."
CANCELLED: Final = "Cancelled in your calendar."
TOO_LONG: Final = "Lasts more than a week, which is longer than a gathering."
LONGEST: Final = MAX_LENGTH
YEARS: Final = (1900, 2199)
"""The years a date may have; anything else is a typo or a placeholder."""
_SKIPPED_IN_SHORT: Final = {
    ALREADY_HAPPENED: "already happened",
    ALL_DAY: "all-day",
    CANCELLED: "cancelled",
    TOO_LONG: "longer than a week",
}

WANTED: Final = frozenset(
    {
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "UID",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "STATUS",
    }
)
"""The VEVENT properties a gathering is made from; everything else is left alone."""

_GRAMMAR_ERRORS: Final = (
    ics_grammar.ParseError,
    # The grammar raises tatsu's exceptions for some lines; reached through ``ics``
    # so that the package we depend on is the only one we name.
    ics_grammar.tatsu.exceptions.ParseException,
    ValueError,
)
_NAME: Final = re.compile(r"([A-Za-z0-9-]+)[;:]")
_SAFE: Final = r'[^";:,\x00-\x1f]*'
"""An unquoted parameter value (RFC 5545's paramtext)."""
_UNQUOTED: Final = re.compile(rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_SAFE}(?:,{_SAFE})*)*):")
_DATE_TIME: Final = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)", re.ASCII)
_DATE: Final = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_ESCAPED: Final = re.compile(r"\\([\\;,:nN])")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES: Final = re.compile(r"\s+")
_FOLD_BYTES: Final = re.compile(rb"\r?\n[ \t]")

EXPORT_AGAIN: Final = "Please export the file again from your calendar app and try once more."


class CalendarFileError(Exception):
    """A file that can't be imported, with a message for the organiser.

    ``line`` (1-based, of the file as uploaded) and ``gathering`` (its title) are
    set when the problem is in one place; the message already mentions them.
    """

    def __init__(
        self, message: str, *, line: int | None = None, gathering: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.gathering = gathering


@dataclass(frozen=True, slots=True)
class ImportedGathering:
    """One event of the file as a gathering would have it, before anything is saved.

    Times are UTC; ``timezone`` is the IANA zone they are shown in (the event's TZID,
    or the organiser's chosen zone for floating and UTC times). ``skipped`` says why
    it won't become a draft (already happened, all-day, cancelled), else None.
    """

    line: int
    uid: str
    title: str
    summary: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    all_day: bool = False
    notes: tuple[str, ...] = ()
    skipped: str | None = None

    def as_json(self) -> dict[str, Any]:
        """Plain data for the import's JSON column."""
        return {
            "line": self.line,
            "uid": self.uid,
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "location": self.location,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "timezone": self.timezone,
            "all_day": self.all_day,
            "notes": list(self.notes),
            "skipped": self.skipped,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportedGathering:
        """Back from :meth:`as_json`."""
        return cls(
            line=int(data["line"]),
            uid=str(data["uid"]),
            title=str(data["title"]),
            summary=str(data["summary"]),
            description=str(data["description"]),
            location=str(data["location"]),
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(data["ends_at"]),
            timezone=str(data["timezone"]),
            all_day=bool(data.get("all_day", False)),
            notes=tuple(str(note) for note in data.get("notes", [])),
            skipped=data.get("skipped"),
        )

    @property
    def local_start(self) -> datetime:
        """The start in the gathering's own zone."""
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    @property
    def local_end(self) -> datetime:
        """The end in the gathering's own zone."""
        return self.ends_at.astimezone(ZoneInfo(self.timezone))


@dataclass(slots=True)
class _Property:
    line: int
    params: dict[str, list[str]]
    value: str


@dataclass(slots=True)
class _RawEvent:
    line: int
    properties: dict[str, _Property] = field(default_factory=dict)

    def text(self, name: str) -> str:
        found = self.properties.get(name)
        return _clean_text(found.value) if found is not None else ""

    @property
    def name(self) -> str:
        """How messages name it: its title and line, mid-sentence."""
        title = _clip(_one_line(self.text("SUMMARY")), 60)
        return f"“{title}” (line {self.line})" if title else f"the event on line {self.line}"

    @property
    def title(self) -> str | None:
        """Its title as the file gives it, if any (for :class:`CalendarFileError`)."""
        return _one_line(self.text("SUMMARY")) or None


def _unescape(value: str) -> str:
    return _ESCAPED.sub(lambda found: "\n" if found.group(1) in "nN" else found.group(1), value)


def _clean_text(value: str) -> str:
    return _CONTROL.sub("", _unescape(value)).strip()


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_named(name: str) -> ZoneInfo | None:
    """The IANA zone a TZID names, or None.

    Some apps prefix the IANA name with their own path
    (``/mozilla.org/20050126_1/Europe/London``): its last two or three parts are
    tried too.
    """
    known = _known_zones()
    candidate = name.strip().strip('"')
    parts = [part for part in candidate.split("/") if part]
    for tried in (candidate, "/".join(parts[-3:]), "/".join(parts[-2:])):
        if tried in known:
            return ZoneInfo(tried)
    return None


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CalendarFileError(
            f"This file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Please export "
            "a shorter date range (the coming few months, say) and try again."
        )
    if not data.strip():
        raise CalendarFileError(
            "This file is empty. Please choose the .ics file your calendar app saved."
        )
    not_utf8 = (
        "This file isn't UTF-8 text, so we can't read it safely. Please export it again "
        "(most calendar apps write UTF-8), or open it in a text editor and save it as UTF-8."
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Some apps fold long lines in the middle of a multi-byte letter; joined up
        # first, such a file is UTF-8 after all (its line numbers then count lines
        # after unfolding).
        try:
            text = _FOLD_BYTES.sub(b"", data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CalendarFileError(not_utf8) from None
    if "\x00" in text:  # UTF-16 without a byte-order mark decodes, with a NUL per letter
        raise CalendarFileError(not_utf8)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_icalendar() -> CalendarFileError:
    return CalendarFileError(
        "This doesn't look like an iCalendar (.ics) file: it should start with "
        "BEGIN:VCALENDAR. Please choose the .ics file your calendar app saved."
    )


def grammar_tokenise(line: str, number: int) -> _Property:
    """One content line as the ``ics`` grammar reads it (quoted parameters and all)."""
    try:
        content = ics_grammar.ContentLine.parse(line, number)
    except _GRAMMAR_ERRORS:
        raise _malformed(number) from None
    params = {key.upper(): list(values) for key, values in content.params.items()}
    return _Property(line=number, params=params, value=str(content.value))


def _tokenise(line: str, number: int) -> _Property:
    """One content line; the grammar is asked only when a parameter is quoted.

    The grammar costs about half a millisecond a line, so ``NAME:value`` and
    ``NAME;TZID=Europe/London:value`` (unquoted parameters, by far the most common)
    are split directly, the same way it would (a unit test holds them to that).
    """
    found = _UNQUOTED.match(line)
    if found is None:
        return grammar_tokenise(line, number)
    params: dict[str, list[str]] = {}
    for param in found.group(2).split(";")[1:]:
        key, _, values = param.partition("=")
        params[key.upper()] = values.split(",")
    return _Property(line=number, params=params, value=line[found.end() :])


def _malformed(number: int) -> CalendarFileError:
    return CalendarFileError(
        f"Line {number} isn't written the way iCalendar lines are (NAME:value). " + EXPORT_AGAIN,
        line=number,
    )


@dataclass(slots=True)
class _Walker:
    """Follows BEGIN/END through the file with an explicit stack, collecting the
    top-level VEVENTs and the properties of theirs that we use."""

    stack: list[str] = field(default_factory=list)
    events: list[_RawEvent] = field(default_factory=list)
    current: _RawEvent | None = None

    def begin(self, component: str, number: int) -> None:
        self.stack.append(component)
        if self.stack != ["VCALENDAR", "VEVENT"]:
            return
        if len(self.events) >= MAX_EVENTS:
            raise CalendarFileError(
                f"This file holds more than {MAX_EVENTS:,} events. Please export a shorter "
                "date range (the coming few months, say) and try again."
            )
        self.current = _RawEvent(line=number)
        self.events.append(self.current)

    def end(self, component: str, number: int) -> None:
        if not self.stack or self.stack[-1] != component:
            raise CalendarFileError(
                f"Line {number} closes {component or 'something'} that wasn't open, so the "
                "file's structure is broken. " + EXPORT_AGAIN,
                line=number,
            )
        self.stack.pop()
        if self.stack == ["VCALENDAR"]:
            self.current = None

    def property(self, name: str, line: str, number: int) -> None:
        current = self.current
        # Only the first of a repeated property counts (RFC 5545 allows one of each).
        if (
            current is not None
            and len(self.stack) == 2
            and name in WANTED
            and name not in current.properties
        ):
            current.properties[name] = _tokenise(line, number)

    def finish(self) -> list[_RawEvent]:
        if self.current is not None:
            raise CalendarFileError(
                f"The file ends in the middle of {self.current.name}, so it looks cut short. "
                + EXPORT_AGAIN,
                line=self.current.line,
            )
        if self.stack:
            raise CalendarFileError(
                "The file ends before END:VCALENDAR, so it looks cut short. " + EXPORT_AGAIN
            )
        return self.events


def _read_events(text: str) -> list[_RawEvent]:
    """The file's top-level VEVENTs, with the properties we use, checking its shape."""
    walker = _Walker()
    started = False
    for index, line in ics_grammar.unfold_lines(text.split("\n"), with_linenr=True):
        number = index + 1
        if len(line) > MAX_LINE_CHARS:
            raise CalendarFileError(
                f"Line {number} is longer than {MAX_LINE_CHARS:,} characters, far more than a "
                "calendar needs, so we stopped reading. " + EXPORT_AGAIN,
                line=number,
            )
        found = _NAME.match(line)
        if not started and line.strip().upper() != "BEGIN:VCALENDAR":
            raise _not_icalendar()
        started = True
        if found is None:
            raise _malformed(number)
        name = found.group(1).upper()
        if name == "BEGIN":
            walker.begin(line.partition(":")[2].strip().upper(), number)
        elif name == "END":
            walker.end(line.partition(":")[2].strip().upper(), number)
        else:
            walker.property(name, line, number)
    if not started:
        raise _not_icalendar()
    return walker.finish()


@dataclass(frozen=True, slots=True)
class _Moment:
    value: datetime  # aware
    zone: ZoneInfo
    all_day: bool


def _moment(event: _RawEvent, name: str, label: str, floating: ZoneInfo) -> _Moment:
    found = event.properties[name]
    raw = found.value.strip()
    value_type = "".join(found.params.get("VALUE", [])).upper()
    unreadable = CalendarFileError(
        f"The {label} of {event.name} isn't a date and time "
        f"we can read (“{_clip(raw, 40)}”). " + EXPORT_AGAIN,
        line=found.line,
        gathering=event.title,
    )
    day = _DATE.fullmatch(raw)
    if value_type == "DATE" or day is not None:
        if day is None:
            raise unreadable
        try:
            year, month, day_of_month = (int(part) for part in day.groups())
            if not YEARS[0] <= year <= YEARS[1]:
                raise unreadable
            date_only = datetime(year, month, day_of_month, tzinfo=floating)
        except ValueError:
            raise unreadable from None
        return _Moment(date_only, floating, all_day=True)
    exact = _DATE_TIME.fullmatch(raw)
    if exact is None:
        raise unreadable
    *parts, utc = exact.groups()
    year, month, day_of_month, hour, minute, second = (int(part) for part in parts)
    if not YEARS[0] <= year <= YEARS[1]:  # also keeps UTC conversion inside datetime's range
        raise unreadable
    try:
        naive = datetime(year, month, day_of_month, hour, minute, second)  # noqa: DTZ001
    except ValueError:
        raise unreadable from None
    if utc:
        return _Moment(naive.replace(tzinfo=UTC), floating, all_day=False)
    tzid = "".join(found.params.get("TZID", []))
    if not tzid:
        return _Moment(naive.replace(tzinfo=floating), floating, all_day=False)
    zone = zone_named(tzid)
    if zone is None:
        raise CalendarFileError(
            f"{_capital(event.name)} uses the time zone “{_clip(tzid, 60)}”, which we don't "
            "recognise. Please export the calendar again with time zones named like Europe/London.",
            line=found.line,
            gathering=event.title,
        )
    return _Moment(naive.replace(tzinfo=zone), zone, all_day=False)


def _unreadable_length(event: _RawEvent) -> CalendarFileError:
    found = event.properties["DURATION"]
    return CalendarFileError(
        f"The length (DURATION) of {event.name} isn't one we can read "
        f"(“{_clip(found.value.strip(), 40)}”). " + EXPORT_AGAIN,
        line=found.line,
        gathering=event.title,
    )


def _length(event: _RawEvent) -> timedelta | None:
    found = event.properties.get("DURATION")
    if found is None:
        return None
    try:
        length = parse_duration(found.value.strip())
    except (*_GRAMMAR_ERRORS, IndexError, OverflowError):
        raise _unreadable_length(event) from None
    if not isinstance(length, timedelta) or length <= timedelta(0):
        raise _unreadable_length(event)
    return length


def _end(event: _RawEvent, start: _Moment, floating: ZoneInfo) -> tuple[datetime, str | None]:
    """The end in UTC, and a note when the file didn't give one."""
    note = None
    if "DTEND" in event.properties:
        end = _moment(event, "DTEND", "end time", floating)
        if end.all_day:
            raise CalendarFileError(
                f"{_capital(event.name)} starts at a time of day but ends on a date without one. "
                "Please check its times in your calendar app.",
                line=event.properties["DTEND"].line,
                gathering=event.title,
            )
        ends_at = end.value.astimezone(UTC)
    else:
        length = _length(event)
        if length is None:
            length, note = DEFAULT_LENGTH, "No end time in the file, so it is set to one hour."
        # Added to the wall-clock time, so "P1D" is the same time the next day even
        # across a clock change (RFC 5545's nominal days).
        try:
            wall = start.value.replace(tzinfo=None) + length
        except OverflowError:  # "P99999999W": past the year 9999
            raise _unreadable_length(event) from None
        ends_at = wall.replace(tzinfo=start.value.tzinfo).astimezone(UTC)
    if ends_at <= start.value.astimezone(UTC):
        where = event.properties.get("DTEND") or event.properties["DTSTART"]
        raise CalendarFileError(
            f"{_capital(event.name)} ends before it starts. "
            "Please check its times in your calendar app.",
            line=where.line,
            gathering=event.title,
        )
    return ends_at, note


def _texts(event: _RawEvent) -> tuple[str, str, str, list[str]]:
    """Title, summary, description and the notes about them."""
    notes: list[str] = []
    title = _one_line(event.text("SUMMARY"))
    if not title:
        title = UNTITLED
        notes.append("No title in the file: please give it one.")
    elif len(title) > TITLE_LIMIT:
        title = _clip(title, TITLE_LIMIT)
        notes.append(f"Title shortened to {TITLE_LIMIT} characters.")
    description = event.text("DESCRIPTION")
    first_line = next((_one_line(line) for line in description.split("\n") if line.strip()), "")
    summary = _clip(first_line, SUMMARY_LIMIT)
    if not summary:
        notes.append("No description: please add a one-sentence summary.")
    elif len(first_line) > SUMMARY_LIMIT:
        notes.append(
            f"The one-sentence summary is the description's first line, shortened to "
            f"{SUMMARY_LIMIT} characters."
        )
    return title, summary, description, notes


def _gathering(event: _RawEvent, floating: ZoneInfo, now: datetime) -> ImportedGathering:
    if "DTSTART" not in event.properties:
        raise CalendarFileError(
            f"{_capital(event.name)} has no start time (DTSTART). "
            "Please add one in your calendar app and export the file again.",
            line=event.line,
            gathering=event.title,
        )
    start = _moment(event, "DTSTART", "start time", floating)
    title, summary, description, notes = _texts(event)
    common: dict[str, Any] = {
        "line": event.line,
        "uid": _one_line(event.text("UID")),
        "title": title,
        "summary": summary,
        "description": description,
        "location": _one_line(event.text("LOCATION")),
        "timezone": start.zone.key,
    }
    if "RRULE" in event.properties or "RDATE" in event.properties:
        notes.append("Repeats in your calendar: only the first date is imported.")
    if start.all_day:
        return ImportedGathering(
            **common,
            starts_at=start.value.astimezone(UTC),
            ends_at=(start.value + timedelta(days=1)).astimezone(UTC),
            all_day=True,
            notes=tuple(notes),
            skipped=ALL_DAY,
        )
    ends_at, length_note = _end(event, start, floating)
    if length_note:
        notes.append(length_note)
    skipped = None
    if event.text("STATUS").upper() == "CANCELLED":
        skipped = CANCELLED
    elif start.value <= now:
        skipped = ALREADY_HAPPENED
    elif ends_at - start.value > LONGEST:
        skipped = TOO_LONG
    return ImportedGathering(
        **common,
        starts_at=start.value.astimezone(UTC),
        ends_at=ends_at,
        notes=tuple(notes),
        skipped=skipped,
    )


def _nothing_to_import(gatherings: list[ImportedGathering]) -> CalendarFileError:
    counts: dict[str, int] = {}
    for gathering in gatherings:
        reason = _SKIPPED_IN_SHORT.get(gathering.skipped or "", "skipped")
        counts[reason] = counts.get(reason, 0) + 1
    if len(gatherings) == 1:
        (reason,) = counts
        return CalendarFileError(
            f"The one event in this file can't become a gathering ({reason}). "
            "Nothing has been saved."
        )
    parts = ", ".join(f"{count} {reason}" for reason, count in counts.items())
    return CalendarFileError(
        f"None of the {len(gatherings)} events in this file can become a gathering "
        f"({parts}). Nothing has been saved."
    )


def read_calendar_file(
    data: bytes, *, floating_zone: ZoneInfo, now: datetime
) -> list[ImportedGathering]:
    """Every top-level VEVENT of an .ics file as a gathering record, in file order.

    Floating times are read in ``floating_zone``; events that already started by
    ``now``, all-day entries and cancelled events are kept but marked ``skipped``.
    Raises :class:`CalendarFileError` for anything that stops the whole file (too
    big, not UTF-8, not iCalendar, an unreadable time or zone, no events at all, or
    none that could become a gathering): an import is all or nothing.
    """
    text = _decode(data)
    events = _read_events(text)
    if not events:
        raise CalendarFileError("This calendar has no events in it, so there is nothing to import.")
    gatherings = [_gathering(event, floating_zone, now) for event in events]
    if all(gathering.skipped for gathering in gatherings):
        raise _nothing_to_import(gatherings)
    return gatherings
