"""axe-core on every page, in light and dark mode and on a 320 px phone: zero WCAG 2.2 AA
violations. A failure lists each rule, its impact and the nodes to fix."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import WCAG_TAGS, assert_no_axe_violations, total_from_status

pytestmark = pytest.mark.e2e

EVENT_PAGE = "{event}"
PAGES = {
    "home": ("/", 200),
    "events": ("/events", 200),
    "events-filtered": ("/events?level=2&tag=step-free", 200),
    "event": (EVENT_PAGE, 200),
    "not-found": ("/this-page-does-not-exist", 404),
    "events-error": ("/events?level=9", 400),
    "events-near": ("/events?near=Leeds&within_km=10&sort=distance", 200),
    "events-unknown-place": ("/events?near=Leedz", 200),
    "events-nothing-nearby": ("/events?level=1&near=Leeds&within_km=2&mode=hybrid", 200),
    "profile": ("/profile", 200),
}
VIEWS = ["page", "dark_page", "phone_page"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_wcag_violations(
    request: pytest.FixtureRequest, view: str, name: str, event_slug: str
) -> None:
    page: Page = request.getfixturevalue(view)
    path, status = PAGES[name]
    path = f"/events/{event_slug}" if path == EVENT_PAGE else path
    response = page.goto(path)
    assert response is not None
    assert response.status == status
    assert_no_axe_violations(page, f"{path} ({view})")


def test_results_after_an_in_place_update_have_no_violations(page: Page) -> None:
    """The swapped-in results region and the error summary state, checked after htmx ran."""
    page.goto("/events")
    page.get_by_role("radio", name="2 · Low-key").check()
    expect(page).to_have_url("/events?level=2")
    total_from_status(page)
    assert_no_axe_violations(page, "/events after choosing level 2 in place")


def test_axe_knows_every_tag_we_ask_for(page: Page) -> None:
    """A tag axe does not know (an old bundled axe-core) would select no rules and pass."""
    page.goto("/")
    assert_no_axe_violations(page, "/ (loading axe)")
    for tag in WCAG_TAGS:
        count = page.evaluate("tag => axe.getRules([tag]).length", tag)
        assert count > 0, f"the bundled axe-core has no rules tagged {tag}"
