"""Filtering gatherings: in place with htmx, by full page loads without JavaScript, and
with the browser's Back and Forward buttons."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import card_levels, mark_window, total_from_status, window_marker

pytestmark = pytest.mark.e2e

STEP_FREE = "step-free"
STEP_FREE_LABEL = "Step-free access"


def cards_all_have_tag(page: Page, label: str) -> None:
    """Every result card lists the access tag ``label``."""
    cards = page.locator("#results .card")
    count = cards.count()
    assert count > 0, "expected some results"
    for index in range(count):
        expect(cards.nth(index).get_by_role("listitem").filter(has_text=label)).to_have_count(1)


def test_tag_checkbox_filters_in_place(page: Page, live_server: LiveServer) -> None:
    expected = live_server.get_json(f"/api/v1/events?tag={STEP_FREE}")["total"]
    page.goto("/events")
    mark_window(page)

    page.locator("details.tag-group", has_text="Mobility").locator("summary").click()
    page.get_by_role("checkbox", name=STEP_FREE_LABEL).check()

    expect(page).to_have_url(re.compile(rf"[?&]tag={STEP_FREE}(&|$)"))
    assert total_from_status(page) == expected
    cards_all_have_tag(page, STEP_FREE_LABEL)
    assert window_marker(page) == "still here", "ticking a box reloaded the page"
    expect(page.get_by_role("checkbox", name=STEP_FREE_LABEL)).to_be_focused()


def test_tag_checkbox_filters_without_javascript(no_js_page: Page, live_server: LiveServer) -> None:
    page = no_js_page
    expected = live_server.get_json(f"/api/v1/events?tag={STEP_FREE}")["total"]
    page.goto("/events")

    page.locator("details.tag-group", has_text="Mobility").locator("summary").click()
    page.get_by_role("checkbox", name=STEP_FREE_LABEL).check()
    # Without JavaScript nothing happens until the form is sent.
    expect(page).to_have_url(re.compile(r"/events$"))

    with page.expect_navigation():
        page.get_by_role("button", name="Show gatherings").click()

    expect(page).to_have_url(re.compile(rf"[?&]tag={STEP_FREE}(&|$)"))
    assert total_from_status(page) == expected
    expect(page.locator(".results__count")).to_contain_text(f"of {expected} gathering")
    cards_all_have_tag(page, STEP_FREE_LABEL)
    # The choice is kept and visible after the reload.
    expect(page.get_by_role("checkbox", name=STEP_FREE_LABEL)).to_be_checked()
    expect(page.get_by_role("checkbox", name=STEP_FREE_LABEL)).to_be_visible()


def test_level_filter_without_javascript(no_js_page: Page, live_server: LiveServer) -> None:
    page = no_js_page
    expected = live_server.get_json("/api/v1/events?level=1")["total"]
    page.goto("/events")
    page.get_by_role("radio", name="1 · Gentle").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show gatherings").click()
    expect(page).to_have_url(re.compile(r"[?&]level=1(&|$)"))
    assert total_from_status(page) == expected
    assert max(card_levels(page)) == 1


def test_back_and_forward_restore_earlier_filters(page: Page, live_server: LiveServer) -> None:
    gentle_total = live_server.get_json("/api/v1/events?level=1")["total"]
    moderate_total = live_server.get_json("/api/v1/events?level=3")["total"]
    assert gentle_total != moderate_total, "the demo should tell these two searches apart"

    page.goto("/events")
    page.get_by_role("radio", name="1 · Gentle").check()
    expect(page).to_have_url(re.compile(r"[?&]level=1(&|$)"))
    assert total_from_status(page) == gentle_total

    page.get_by_role("radio", name="3 · Moderate").check()
    expect(page).to_have_url(re.compile(r"[?&]level=3(&|$)"))
    assert total_from_status(page) == moderate_total

    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]level=1(&|$)"))
    expect(page.locator(".results__count")).to_contain_text(f"of {gentle_total} gathering")
    assert max(card_levels(page)) == 1
    # The form shows the filter that the results belong to.
    expect(page.get_by_role("radio", name="1 · Gentle")).to_be_checked()

    page.go_forward()
    expect(page).to_have_url(re.compile(r"[?&]level=3(&|$)"))
    expect(page.locator(".results__count")).to_contain_text(f"of {moderate_total} gathering")
    assert max(card_levels(page)) <= 3
    expect(page.get_by_role("radio", name="3 · Moderate")).to_be_checked()
