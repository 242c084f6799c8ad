"""Repeating gatherings keep their local wall-clock time, week after week, month after month."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from planner.events.manage import occurrence_starts
from planner.events.models import Frequency

LONDON = ZoneInfo("Europe/London")


def test_once_is_just_the_first() -> None:
    first = datetime(2026, 12, 1, 10, tzinfo=LONDON)
    assert occurrence_starts(first, None, None) == [first]


def test_weekly_across_the_october_change_keeps_ten_o_clock() -> None:
    starts = occurrence_starts(
        datetime(2026, 10, 18, 10, tzinfo=LONDON), Frequency.WEEKLY, date(2026, 11, 1)
    )
    assert [start.astimezone(UTC).hour for start in starts] == [9, 10, 10]
    assert {start.astimezone(LONDON).hour for start in starts} == {10}


def test_monthly_on_the_fifth_tuesday_skips_months_without_one() -> None:
    # 29 December 2026 is the fifth Tuesday; January, February 2027 have none; March does.
    starts = occurrence_starts(
        datetime(2026, 12, 29, 18, 30, tzinfo=LONDON), Frequency.MONTHLY, date(2027, 3, 31)
    )
    assert [start.date() for start in starts] == [date(2026, 12, 29), date(2027, 3, 30)]


def test_until_is_inclusive_and_the_count_is_bounded() -> None:
    first = datetime(2026, 12, 1, 10, tzinfo=LONDON)
    assert len(occurrence_starts(first, Frequency.WEEKLY, date(2026, 12, 15))) == 3
    assert len(occurrence_starts(first, Frequency.WEEKLY, date(2036, 1, 1))) == 53
