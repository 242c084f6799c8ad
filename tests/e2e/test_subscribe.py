"""The "Subscribe to this search" links follow the filters as htmx changes them in place."""

from __future__ import annotations

import re
import urllib.request

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import assert_no_axe_violations, mark_window, window_marker

pytestmark = pytest.mark.e2e

STEP_FREE_LABEL = "Step-free access"


def test_the_subscribe_link_follows_the_filters(page: Page, live_server: LiveServer) -> None:
    feed = f"{live_server.base_url}/feeds/events.ics"
    webcal = feed.replace("http://", "webcal://", 1)
    page.goto("/events")
    mark_window(page)
    https_link = page.locator("#results a.subscribe__https")
    webcal_link = page.get_by_role("link", name="Subscribe in my calendar app")
    expect(https_link).to_have_attribute("href", feed)

    page.get_by_role("radio", name="1 · Gentle").check()
    expect(page).to_have_url(re.compile(r"[?&]level=1(&|$)"))
    expect(https_link).to_have_attribute("href", f"{feed}?level=1")

    page.locator("details.tag-group", has_text="Mobility").locator("summary").click()
    page.get_by_role("checkbox", name=STEP_FREE_LABEL).check()
    expect(page).to_have_url(re.compile(r"[?&]tag=step-free(&|$)"))
    expect(https_link).to_have_attribute("href", f"{feed}?level=1&tag=step-free")
    expect(https_link).to_have_text(f"{feed}?level=1&tag=step-free")
    expect(webcal_link).to_have_attribute("href", f"{webcal}?level=1&tag=step-free")
    assert window_marker(page) == "still here", "changing a filter reloaded the page"
    assert_no_axe_violations(page, "/events after filtering in place, with its feed links")

    # The address offered is a working feed of exactly that search.
    listed = live_server.get_json("/api/v1/events?level=1&tag=step-free")["total"]
    with urllib.request.urlopen(f"{feed}?level=1&tag=step-free", timeout=10) as response:
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.read())
    statuses = [str(entry.decoded("STATUS")) for entry in calendar.walk("VEVENT")]
    assert statuses.count("CONFIRMED") == listed > 0
