"""Parsing /events filters: one set of rules for the page, the API and feeds."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.events.models import AttendanceMode
from planner.events.search import EventSearch, parse_search

KNOWN = {"quiet-room", "step-free"}


def test_empty_query_is_an_unfiltered_first_page() -> None:
    parsed = parse_search({}, KNOWN)
    assert parsed.ok
    assert parsed.search == EventSearch()
    assert not parsed.search.is_filtered


def test_every_filter_is_read() -> None:
    parsed = parse_search(
        {
            "level": ["2"],
            "tag": ["quiet-room", "step-free", "quiet-room"],
            "mode": ["online"],
            "from": ["2026-12-01"],
            "to": ["2026-12-31"],
            "max_size": ["8"],
            "page": ["3"],
        },
        KNOWN,
    )
    assert parsed.ok
    assert parsed.search == EventSearch(
        level=2,
        tags=("quiet-room", "step-free"),
        mode=AttendanceMode.ONLINE,
        date_from=date(2026, 12, 1),
        date_to=date(2026, 12, 31),
        max_size=8,
        page=3,
    )


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"level": ["9"]}, "level", "1 to 5"),
        ({"level": ["two"]}, "level", "1 to 5"),
        ({"tag": ["glitter"]}, "tag", "'glitter'"),
        ({"mode": ["telepathy"]}, "mode", "in_person, online or hybrid"),
        ({"from": ["01/12/2026"]}, "from", "2026-12-01"),
        ({"to": ["2026-13-01"]}, "to", "2026-12-01"),
        ({"from": ["2026-12-10"], "to": ["2026-12-01"]}, "to", "on or after"),
        ({"max_size": ["0"]}, "max_size", "1 to 500"),
        ({"page": ["-1"]}, "page", "positive"),
    ],
)
def test_bad_values_are_named_and_explained(
    params: dict[str, list[str]], field: str, words: str
) -> None:
    parsed = parse_search(params, KNOWN)
    assert not parsed.ok
    assert list(parsed.errors) == [field]
    assert words in parsed.errors[field]
    assert parsed.raw[field] == params[field]  # what the person typed is kept


def test_dates_cover_whole_local_days() -> None:
    zone = ZoneInfo("Europe/London")
    search = EventSearch(date_from=date(2026, 7, 1), date_to=date(2026, 7, 1))
    start, end = search.window(zone)
    assert start == datetime(2026, 7, 1, 0, 0, tzinfo=zone)
    assert end == datetime(2026, 7, 2, 0, 0, tzinfo=zone)


def test_query_string_round_trips() -> None:
    search = EventSearch(level=2, tags=("step-free",), mode=AttendanceMode.HYBRID, page=2)
    assert search.query_string() == "level=2&tag=step-free&mode=hybrid&page=2"
    assert search.relaxed(tags=()).query_string() == "level=2&mode=hybrid"
