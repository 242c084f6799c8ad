"""Reading .ics files into gathering records: times, zones, text, limits and every refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.calendar import importing
from planner.calendar.importing import (
    ALL_DAY,
    ALREADY_HAPPENED,
    CANCELLED,
    MAX_EVENTS,
    MAX_FILE_BYTES,
    TOO_LONG,
    CalendarFileError,
    ImportedGathering,
    read_calendar_file,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def vevent(*lines: str, summary: str | None = "Quiet crafts") -> str:
    """One VEVENT; a start in December unless the lines give one."""
    body = list(lines)
    if summary is not None:
        body.insert(0, f"SUMMARY:{summary}")
    if not any(line.startswith("DTSTART") for line in lines):
        body.append("DTSTART:20261205T100000Z")
    return "\r\n".join(["BEGIN:VEVENT", *body, "END:VEVENT"])


def calendar(*events: str) -> bytes:
    """A calendar holding ``events``, with CRLF line ends as RFC 5545 asks."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *events, "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


def read(data: bytes, zone: ZoneInfo = LONDON) -> list[ImportedGathering]:
    return read_calendar_file(data, floating_zone=zone, now=NOW)


def read_one(
    *lines: str, zone: ZoneInfo = LONDON, summary: str | None = "Quiet crafts"
) -> ImportedGathering:
    (gathering,) = read(calendar(vevent(*lines, summary=summary)), zone)
    return gathering


def refusal(data: bytes) -> CalendarFileError:
    with pytest.raises(CalendarFileError) as raised:
        read(data)
    return raised.value


# Times and zones


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # British Summer Time is an hour ahead of UTC; winter time is UTC.
        ("20270710T100000", datetime(2027, 7, 10, 9, 0, tzinfo=UTC)),
        ("20261205T100000", datetime(2026, 12, 5, 10, 0, tzinfo=UTC)),
        # The Sunday the clocks go forward: 10:00 is already summer time.
        ("20270328T100000", datetime(2027, 3, 28, 9, 0, tzinfo=UTC)),
    ],
)
def test_tzid_is_that_iana_zone_with_its_daylight_saving(local: str, utc: datetime) -> None:
    gathering = read_one(
        f"DTSTART;TZID=Europe/London:{local}", f"DTEND;TZID=Europe/London:{local[:-6]}113000"
    )
    assert gathering.starts_at == utc
    assert gathering.ends_at == utc + timedelta(minutes=90)
    assert gathering.timezone == "Europe/London"
    assert gathering.local_start.strftime("%H:%M") == "10:00"


def test_tzid_in_another_zone_than_the_chosen_one() -> None:
    gathering = read_one(
        "DTSTART;TZID=America/New_York:20270701T180000",
        "DTEND;TZID=America/New_York:20270701T190000",
        zone=LONDON,
    )
    assert gathering.starts_at == datetime(2027, 7, 1, 22, 0, tzinfo=UTC)  # EDT is UTC-4
    assert gathering.timezone == "America/New_York"


def test_quoted_and_app_prefixed_tzids_name_the_iana_zone() -> None:
    quoted = read_one('DTSTART;TZID="Europe/Paris":20261205T100000')
    prefixed = read_one("DTSTART;TZID=/mozilla.org/20050126_1/Europe/Paris:20261205T100000")
    for gathering in (quoted, prefixed):
        assert gathering.timezone == "Europe/Paris"
        assert gathering.starts_at == datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def test_utc_times_are_utc_and_shown_in_the_chosen_zone() -> None:
    gathering = read_one(
        "DTSTART:20261205T100000Z", "DTEND:20261205T110000Z", zone=ZoneInfo("Pacific/Auckland")
    )
    assert gathering.starts_at == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert gathering.timezone == "Pacific/Auckland"
    assert gathering.local_start.strftime("%d %H:%M") == "05 23:00"  # NZDT is UTC+13


def test_floating_times_are_read_in_the_zone_the_organiser_chose() -> None:
    auckland = read_one("DTSTART:20261205T100000", zone=ZoneInfo("Pacific/Auckland"))
    london = read_one("DTSTART:20261205T100000", zone=LONDON)
    assert auckland.starts_at == datetime(2026, 12, 4, 21, 0, tzinfo=UTC)
    assert london.starts_at == datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert auckland.timezone == "Pacific/Auckland"


def test_duration_gives_the_end() -> None:
    gathering = read_one("DTSTART:20261205T100000Z", "DURATION:PT1H30M")
    assert gathering.ends_at - gathering.starts_at == timedelta(minutes=90)
    assert not any("end time" in note for note in gathering.notes)


def test_a_duration_in_days_keeps_the_wall_clock_across_a_clock_change() -> None:
    # Saturday 27 March 2027, 10:00 GMT; one day later is 10:00 BST, 23 hours on.
    gathering = read_one("DTSTART;TZID=Europe/London:20270327T100000", "DURATION:P1D")
    assert gathering.local_end.strftime("%d %H:%M") == "28 10:00"
    assert gathering.ends_at - gathering.starts_at == timedelta(hours=23)


def test_no_end_and_no_duration_lasts_an_hour_and_says_so() -> None:
    gathering = read_one("DTSTART:20261205T100000Z")
    assert gathering.ends_at - gathering.starts_at == timedelta(hours=1)
    assert "No end time in the file, so it is set to one hour." in gathering.notes


def test_all_day_entries_are_kept_but_skipped_with_the_reason() -> None:
    (all_day, timed) = read(
        calendar(
            vevent("DTSTART;VALUE=DATE:20261205", "DTEND;VALUE=DATE:20261206", summary="Fair"),
            vevent("DTSTART:20261206T100000Z"),
        )
    )
    assert all_day.all_day
    assert all_day.skipped == ALL_DAY
    assert all_day.local_start.date().isoformat() == "2026-12-05"
    assert timed.skipped is None


def test_past_and_cancelled_events_are_skipped() -> None:
    past, cancelled, coming = read(
        calendar(
            vevent("DTSTART:20261126T115900Z", summary="This morning"),
            vevent("DTSTART:20261210T100000Z", "STATUS:CANCELLED", summary="Called off"),
            vevent("DTSTART:20261126T120100Z", summary="This afternoon"),
        )
    )
    assert past.skipped == ALREADY_HAPPENED
    assert cancelled.skipped == CANCELLED
    assert coming.skipped is None


def test_an_entry_longer_than_a_week_is_not_a_gathering() -> None:
    holiday, week = read(
        calendar(
            vevent("DTSTART:20261205T100000Z", "DTEND:20261219T100000Z", summary="Holiday"),
            vevent("DTSTART:20261205T100000Z", "DURATION:P7D", summary="Retreat"),
        )
    )
    assert holiday.skipped == TOO_LONG
    assert week.skipped is None


# Text


def test_escaped_commas_semicolons_newlines_and_backslashes() -> None:
    gathering = read_one(
        "DESCRIPTION:Tea\\, cake\\; biscuits\\nSecond line\\Nthird\\\\none line",
        "LOCATION:Library\\, Room 2",
        summary="Tea\\, talk\\; quiet",
    )
    assert gathering.title == "Tea, talk; quiet"
    assert gathering.description == "Tea, cake; biscuits\nSecond line\nthird\\none line"
    assert gathering.summary == "Tea, cake; biscuits"
    assert gathering.location == "Library, Room 2"


def test_folded_lines_are_joined() -> None:
    data = calendar(
        "BEGIN:VEVENT\r\nSUMMARY:A long\r\n  title\r\nDESCRIPTION:Café and c\r\n\trafts\r\n"
        "DTSTART:20261205T100000Z\r\nEND:VEVENT"
    )
    (gathering,) = read(data)
    assert gathering.title == "A long title"
    assert gathering.description == "Café and crafts"


def test_a_fold_in_the_middle_of_a_multibyte_letter_is_still_utf8() -> None:
    folded = "é".encode()
    data = calendar(vevent("DTSTART:20261205T100000Z", summary="Caf")).replace(
        b"SUMMARY:Caf", b"SUMMARY:Caf" + folded[:1] + b"\r\n " + folded[1:]
    )
    (gathering,) = read(data)
    assert gathering.title == "Café"


def test_a_utf8_byte_order_mark_and_bare_newlines_are_fine() -> None:
    data = b"\xef\xbb\xbf" + calendar(vevent(summary="Café")).replace(b"\r\n", b"\n")
    (gathering,) = read(data)
    assert gathering.title == "Café"


def test_only_the_events_own_properties_count_not_its_alarms() -> None:
    gathering = read_one(
        "DESCRIPTION:The gathering",
        "BEGIN:VALARM",
        "DESCRIPTION:Reminder text",
        "TRIGGER:-PT15M",
        "END:VALARM",
    )
    assert gathering.description == "The gathering"


def test_repeating_events_say_only_the_first_date_is_imported() -> None:
    gathering = read_one("DTSTART:20261205T100000Z", "RRULE:FREQ=WEEKLY;COUNT=10")
    assert "Repeats in your calendar: only the first date is imported." in gathering.notes


def test_long_titles_and_summaries_are_clipped_with_a_note() -> None:
    gathering = read_one(f"DESCRIPTION:{'word ' * 100}\\nMore", summary="T" * 200)
    assert len(gathering.title) == 120
    assert gathering.title.endswith("…")
    assert len(gathering.summary) <= 300
    assert gathering.summary.endswith("…")
    assert "Title shortened to 120 characters." in gathering.notes
    assert any("shortened to 300" in note for note in gathering.notes)
    assert gathering.description.startswith("word word")


def test_an_event_without_title_or_description_is_named_and_noted() -> None:
    gathering = read_one("DTSTART:20261205T100000Z", summary=None)
    assert gathering.title == "Untitled gathering"
    assert "No title in the file: please give it one." in gathering.notes
    assert "No description: please add a one-sentence summary." in gathering.notes


def test_records_survive_the_json_column() -> None:
    gathering = read_one("DTSTART;TZID=Europe/London:20270710T100000", "RRULE:FREQ=DAILY")
    assert ImportedGathering.from_json(gathering.as_json()) == gathering


def test_five_hundred_events_are_all_read_in_file_order() -> None:
    start = datetime(2027, 1, 1, 10, 0, tzinfo=UTC)
    events = [
        vevent(
            f"DTSTART:{(start + timedelta(days=day)):%Y%m%dT%H%M%SZ}",
            "DURATION:PT1H",
            f"UID:{day}@example.org",
            summary=f"Gathering {day}",
        )
        for day in range(500)
    ]
    gatherings = read(calendar(*events))
    assert [g.title for g in gatherings] == [f"Gathering {day}" for day in range(500)]
    assert gatherings[-1].starts_at == start + timedelta(days=499)


@pytest.mark.parametrize(
    "line",
    [
        "SUMMARY:Tea\\, cake",
        "DESCRIPTION:a:b:c",
        "DTSTART;TZID=Europe/London:20261205T100000",
        "DTSTART;VALUE=DATE:20261205",
        "X-FOO;A=1,2;B=x:v",
        "summary;language=en:lower case",
        "SUMMARY:",
        "SUMMARY:Café 🎉",
        "LOCATION;ALTREP=cid:part1@example.org:Room 2",
    ],
)
def test_lines_split_without_the_grammar_come_out_as_the_grammar_reads_them(line: str) -> None:
    assert importing._tokenise(line, 7) == importing.grammar_tokenise(line, 7)


# Refusals: one message, nothing returned


def test_plain_text_is_not_an_icalendar_file() -> None:
    error = refusal(b"Dear all, the crafts group meets on Friday.\n")
    assert "doesn't look like an iCalendar (.ics) file" in error.message


def test_an_empty_file() -> None:
    assert "This file is empty" in refusal(b"  \r\n").message


def test_a_calendar_without_events() -> None:
    error = refusal(calendar())
    assert error.message == "This calendar has no events in it, so there is nothing to import."


def test_missing_dtstart_names_the_gathering_and_line() -> None:
    error = refusal(calendar(vevent(summary="Book club").replace("DTSTART:20261205T100000Z", "")))
    assert error.gathering == "Book club"
    assert error.line == 4
    assert error.message.startswith("“Book club” (line 4) has no start time (DTSTART).")


def test_a_huge_line() -> None:
    error = refusal(calendar(vevent(f"DESCRIPTION:{'x' * 20_000}")))
    assert error.line == 6
    assert "Line 6 is longer than 10,000 characters" in error.message


def test_a_huge_line_made_of_folds_counts_unfolded() -> None:
    folded = "\r\n ".join(["x" * 70] * 200)
    error = refusal(calendar(vevent(f"DESCRIPTION:{folded}")))
    assert "longer than 10,000 characters" in error.message


def test_latin1_text_is_not_utf8() -> None:
    error = refusal(calendar(vevent(summary="Café")).decode().encode("latin-1"))
    assert error.message.startswith("This file isn't UTF-8 text")


def test_utf16_is_not_utf8_either() -> None:
    for encoding in ("utf-16", "utf-16-le"):
        error = refusal(calendar(vevent()).decode().encode(encoding))
        assert error.message.startswith("This file isn't UTF-8 text"), encoding


def test_a_file_over_the_size_limit() -> None:
    padding = "X-PAD:" + "x" * 70
    body = calendar(vevent(*[padding] * (MAX_FILE_BYTES // 70)))
    assert len(body) > MAX_FILE_BYTES
    assert "larger than 2 MB" in refusal(body).message


def test_more_events_than_the_limit() -> None:
    error = refusal(calendar(*[vevent() for _ in range(MAX_EVENTS + 1)]))
    assert "more than 1,000 events" in error.message


def test_an_unknown_time_zone_names_the_gathering() -> None:
    error = refusal(calendar(vevent("DTSTART;TZID=GMT Standard Time:20261205T100000")))
    assert error.gathering == "Quiet crafts"
    assert "uses the time zone “GMT Standard Time”, which we don't recognise" in error.message


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (("DTSTART:20261205T100000Z", "DTEND:20261205T090000Z"), "ends before it starts"),
        (("DTSTART:20261205T100000Z", "DTEND:20261205T100000Z"), "ends before it starts"),
        (("DTSTART:2026-12-05 10:00",), "start time of “Quiet crafts” (line 4) isn't"),
        (("DTSTART:20261305T100000Z",), "start time of “Quiet crafts” (line 4) isn't"),
        (("DTSTART:20261205T100000Z", "DTEND:tomorrow"), "end time of “Quiet crafts”"),
        (("DTSTART:20261205T100000Z", "DURATION:PT1H30"), "length (DURATION)"),
        (("DTSTART:20261205T100000Z", "DURATION:-PT1H"), "length (DURATION)"),
        (("DTSTART:20261205T100000Z", "DTEND;VALUE=DATE:20261206"), "ends on a date"),
        (("DTSTART:20261205T100000Z", "DURATION:P99999999W"), "length (DURATION)"),
        (("DTSTART;TZID=America/New_York:99991231T230000",), "start time of"),
        (("DTSTART:٢٠٢٦١٢٠٥T100000Z",), "start time of"),
    ],
)
def test_unreadable_or_impossible_times(lines: tuple[str, ...], words: str) -> None:
    assert words in refusal(calendar(vevent(*lines))).message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Cut\r\n", "ends in the middle of “Cut”"),
        (b"BEGIN:VCALENDAR\r\n", "ends before END:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "closes VEVENT that wasn't open"),
        (b"BEGIN:VCALENDAR\r\njust some words\r\nEND:VCALENDAR\r\n", "Line 2 isn't written"),
        (
            b'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY;X="open:x\r\nEND:VEVENT\r\nEND:VCALENDAR',
            "Line 3 isn't written",
        ),
    ],
)
def test_broken_structure(data: bytes, words: str) -> None:
    assert words in refusal(data).message


def test_a_file_of_only_past_events_has_nothing_to_import() -> None:
    error = refusal(
        calendar(
            vevent("DTSTART:20250101T100000Z"),
            vevent("DTSTART:20250102T100000Z"),
            vevent("DTSTART;VALUE=DATE:20270101"),
        )
    )
    assert error.message == (
        "None of the 3 events in this file can become a gathering "
        "(2 already happened, 1 all-day). Nothing has been saved."
    )
