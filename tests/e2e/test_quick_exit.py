"""The quick exit leaves at once, and (with JavaScript) Back does not return to Stepwise."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.e2e


def assert_back_does_not_return(page: Page, live_server: LiveServer) -> None:
    """After leaving, Back finds no Stepwise page: the exit replaced it in the history."""
    page.go_back()
    # go_back() returns at once when there is nothing to go back to; give a stray
    # navigation a moment to show itself before looking.
    page.wait_for_timeout(300)
    # The exit page stands in for another site; the only other place is the blank tab.
    assert page.url in (live_server.quick_exit_url, "about:blank"), f"Back returned to {page.url}"


def test_quick_exit_link_replaces_the_page(page: Page, live_server: LiveServer) -> None:
    page.goto("/events")
    entries = page.evaluate("history.length")
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(live_server.quick_exit_url)
    assert page.evaluate("history.length") == entries, "the exit added a history entry"
    assert_back_does_not_return(page, live_server)


def test_escape_twice_leaves(page: Page, live_server: LiveServer) -> None:
    page.goto("/events")
    entries = page.evaluate("history.length")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(live_server.quick_exit_url)
    assert page.evaluate("history.length") == entries, "the exit added a history entry"
    assert_back_does_not_return(page, live_server)


def test_one_escape_does_not_leave(page: Page) -> None:
    """Escape also closes things; only a deliberate double press leaves."""
    page.goto("/events")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1100)
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    expect(page).to_have_url("/events")


def test_quick_exit_works_without_javascript(no_js_page: Page, live_server: LiveServer) -> None:
    no_js_page.goto("/events")
    no_js_page.get_by_role("link", name="Quick exit").click()
    expect(no_js_page).to_have_url(live_server.quick_exit_url)


def test_quick_exit_is_visible_on_every_page(phone_page: Page, event_slug: str) -> None:
    for path in ("/", "/events", f"/events/{event_slug}", "/missing-page"):
        phone_page.goto(path)
        exit_link = phone_page.get_by_role("link", name="Quick exit")
        expect(exit_link).to_be_in_viewport(ratio=1)
        # It stays in view while reading further down the page.
        phone_page.mouse.wheel(0, 2000)
        expect(exit_link).to_be_in_viewport(ratio=1)
