"""The calendar journey, in a real browser: Sam says yes with a day-before reminder and
a neutral title, starts a private feed; the organiser moves the gathering by an hour,
is warned how many people will be told, and saves; the feed shows the new time with a
higher SEQUENCE. axe-core checks each new state; screenshots (desktop, a 320 px phone,
dark mode) land in ``tests/e2e/screenshots/``."""

from __future__ import annotations

import re
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import assert_no_axe_violations
from tests.e2e.test_rsvp_journey import USED, open_gathering

pytestmark = pytest.mark.e2e

FEED = re.compile(r"https?://[^\s<]+/calendar/[A-Za-z0-9_-]{43}\.ics")


def read_feed(url: str) -> Any:
    """The feed's one entry, read with an independent parser."""
    with urllib.request.urlopen(url, timeout=10) as response:
        calendar = icalendar.Calendar.from_ical(response.read())
    (entry,) = calendar.walk("VEVENT")
    return entry


def fits_the_screen(page: Page, where: str) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where} scrolls sideways: {widths}"


def test_a_gathering_moves_and_the_survivors_calendar_follows(
    page: Page, phone_page: Page, dark_page: Page, live_server: LiveServer, screenshot_dir: Path
) -> None:
    gathering = open_gathering(live_server, exclude=USED)
    USED.add(gathering["slug"])

    page.goto(f"/events/{gathering['slug']}")
    page.get_by_label("Name to use").fill("Sam")
    page.get_by_label("Email", exact=False).first.fill("sam@example.org")
    page.get_by_label("The day before").check()
    page.get_by_label("Use a neutral title in my calendar").check()
    page.get_by_role("button", name=re.compile("Say yes|Join the waitlist")).click()
    expect(page.locator("#rsvp-status")).to_contain_text("You have a place")
    manage_url = page.url.split("?")[0]

    expect(page.get_by_label("The day before")).to_be_checked()
    expect(page.get_by_label("Use a neutral title in my calendar")).to_be_checked()
    expect(page.get_by_role("link", name="Add to my calendar")).to_have_attribute(
        "href", re.compile(r"/calendar\.ics$")
    )
    page.get_by_role("button", name="Start a private feed with this gathering").click()
    expect(page.locator("#rsvp-status")).to_contain_text("Your private feed is ready")
    assert_no_axe_violations(page, "manage page with a private feed")
    page.locator("#calendar-title").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "calendar-manage-desktop.png", full_page=True)
    feed_url = FEED.search(page.content())
    assert feed_url, "the feed's address is on the page"
    before = read_feed(feed_url.group(0))
    assert str(before["SUMMARY"]) == "Plans with a friend"
    assert [alarm.decoded("TRIGGER") for alarm in before.walk("VALARM")] == [timedelta(days=-1)]

    for view, name in ((phone_page, "phone"), (dark_page, "dark")):
        view.goto(manage_url)
        fits_the_screen(view, f"manage page ({name})")
        assert_no_axe_violations(view, f"manage page with a feed ({name})")
        view.screenshot(path=screenshot_dir / f"calendar-manage-{name}.png", full_page=True)
        view.locator("section", has=view.locator("#calendar-title")).screenshot(
            path=screenshot_dir / f"calendar-section-{name}.png"
        )

    # The organiser moves it by an hour, and is told first who will hear about it.
    event_id, organiser = live_server.organiser_of(gathering["slug"])
    page.context.clear_cookies()
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(organiser)
    page.get_by_label("Password").fill(live_server.organiser_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/me$"))
    page.goto(f"/organiser/events/{event_id}/edit")
    expect(page.locator("#people-to-tell")).to_contain_text("we'll tell them what changed")
    for field in ("#starts_at", "#ends_at"):
        value = page.locator(field).input_value()
        moved = datetime.fromisoformat(value) + timedelta(hours=1)
        page.locator(field).fill(moved.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save changes").click()
    warning = page.locator("#notify-warning")
    expect(warning).to_contain_text("will be told")
    expect(warning).to_contain_text("This changes when")
    assert_no_axe_violations(page, "edit form warning before telling people")
    page.screenshot(path=screenshot_dir / "calendar-change-warning-desktop.png", full_page=True)
    page.get_by_role("button", name="Save and tell them").click()
    expect(page).to_have_url(re.compile(rf"/organiser/events/{event_id}$"))

    after = read_feed(feed_url.group(0))
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + timedelta(hours=1)
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
