"""The "say yes gently" journey, by keyboard, as a new person would take it: Sam finds a
level-2 gathering, says yes with an ally, passes the ally link on; the ally accepts; the
gathering fills and someone waits; Sam cancels with one click and the first person
waiting is confirmed. axe-core checks each new page and state, with JavaScript on and off,
and screenshots land in ``tests/e2e/screenshots/``."""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e

MAX_TABS = 120


def post_json(live_server: LiveServer, path: str, body: dict[str, Any]) -> Any:
    """POST JSON to the served app (how the test arranges other people's replies)."""
    request = urllib.request.Request(
        f"{live_server.base_url}{path}",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def open_gathering(live_server: LiveServer, *, exclude: set[str]) -> dict[str, Any]:
    """An upcoming level-2 (or gentler) gathering with room for two, allies welcome.

    Listings include gatherings under way, which take no more replies: the demo is
    seeded around the real clock, so skip any that start within the hour."""
    soon = datetime.now(UTC) + timedelta(hours=1)
    for page_number in range(1, 6):
        items = live_server.get_json(f"/api/v1/events?level=2&page={page_number}")["items"]
        for item in items:
            if (
                datetime.fromisoformat(item["starts_at"]) > soon
                and item["allies_welcome"]
                and item["remaining_capacity"] >= 3
                and item["slug"] not in exclude
            ):
                return dict(item)
    pytest.fail("the demo should have a level-2 gathering with room for two")


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
    pytest.fail(f"{target} never received keyboard focus")


def type_into(page: Page, target: Locator, text: str) -> None:
    """Reach a field by Tab and type into it."""
    tab_to(page, target)
    page.keyboard.type(text)


def assert_no_axe_violations_without_js(checker: Page, page: Page, where: str) -> None:
    """axe-core needs JavaScript: check the JavaScript-free page's exact HTML in a page
    that has it, served from the same origin so styles (and contrast) are the same."""
    checker.goto("/")
    checker.set_content(page.content())
    assert_no_axe_violations(checker, where)


USED: set[str] = set()


def test_sam_says_yes_with_an_ally_then_steps_back_and_someone_is_confirmed(
    page: Page, live_server: LiveServer, screenshot_dir: Path
) -> None:
    gathering = open_gathering(live_server, exclude=USED)
    USED.add(gathering["slug"])

    # Find it from the search page, by keyboard.
    page.goto("/events?level=2")
    link = page.get_by_role("link", name=gathering["title"]).first
    for _ in range(5):
        if link.count():
            break
        page.get_by_role("link", name="Next").click()
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/events/{gathering['slug']}$"))

    # Say yes as Sam, with an ally.
    type_into(page, page.get_by_label("Name to use"), "Sam")
    type_into(page, page.get_by_label("Access needs"), "A seat near the door, please.")
    tab_to(page, page.get_by_label("I may need to leave early"))
    page.keyboard.press("Space")
    type_into(page, page.get_by_label("Your ally's name"), "Robin")
    tab_to(page, page.get_by_role("button", name="Say yes"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/rsvps/[A-Za-z0-9_-]{43}\?done=confirmed$"))
    status = page.locator("#rsvp-status")
    expect(status).to_contain_text("You have a place")
    expect(status).to_be_focused()  # announced: focus moved to the status line
    expect(page.get_by_role("heading", name="Keep this link, it is your key")).to_be_visible()
    manage_url = page.url.split("?")[0]
    assert_no_axe_violations(page, "manage page, confirmed with an ally")
    page.screenshot(path=screenshot_dir / "rsvp-manage-desktop.png", full_page=True)

    # Pass the ally link on, with a plan.
    ally_url = page.locator("#ally-link code").inner_text().strip()
    assert "/ally/" in ally_url
    type_into(page, page.locator("#plan-meeting_point"), "By the front steps")
    type_into(page, page.locator("#plan-leave_signal"), "I'll ask about the weather")
    tab_to(page, page.get_by_role("button", name="Save the plan"))
    page.keyboard.press("Enter")
    expect(page.locator("#rsvp-status")).to_contain_text("The plan for your ally is saved")

    # The ally opens their link and accepts, by keyboard.
    ally_page = page.context.new_page()
    ally_page.goto(ally_url)
    expect(ally_page.get_by_role("heading", level=1)).to_have_text(
        "Sam would like you to come along"
    )
    expect(ally_page.locator(".plan-list")).to_contain_text("By the front steps")
    assert_no_axe_violations(ally_page, "ally page, invited")
    ally_page.screenshot(path=screenshot_dir / "rsvp-ally-desktop.png", full_page=True)
    tab_to(ally_page, ally_page.get_by_role("button", name="Yes, I'll come"))
    ally_page.keyboard.press("Enter")
    expect(ally_page.locator("#ally-status")).to_contain_text("Thank you for saying yes")
    assert_no_axe_violations(ally_page, "ally page, accepted")
    ally_page.close()

    page.goto(manage_url)
    expect(page.locator("#ally-answer")).to_contain_text("Robin said yes.")

    # The organiser, signed in elsewhere, sees "Sam + ally" and Sam's access needs,
    # and nothing else about Sam (no email, no ally's name, no safety plan).
    event_id, organiser_email = live_server.organiser_of(gathering["slug"])
    organiser = page.context.browser.new_page(base_url=live_server.base_url)  # type: ignore[union-attr]
    organiser.goto("/auth/login")
    type_into(organiser, organiser.get_by_label("Email address"), organiser_email)
    type_into(organiser, organiser.get_by_label("Password"), live_server.organiser_password)
    organiser.keyboard.press("Enter")
    organiser.wait_for_url("**/me")
    organiser.goto(f"/organiser/events/{event_id}/attendees")
    attendees = organiser.locator("main")
    expect(attendees).to_contain_text("Sam + ally")
    expect(attendees).to_contain_text("A seat near the door, please.")
    expect(attendees).not_to_contain_text("Robin")
    expect(attendees).not_to_contain_text("By the front steps")
    assert_no_axe_violations(organiser, "organiser attendee list")
    organiser.close()

    # Others fill the gathering; Wren has to wait.
    token = manage_url.rsplit("/", 1)[1]
    left = live_server.get_json(f"/api/v1/events/{gathering['slug']}")["remaining_capacity"]
    for number in range(left):
        post_json(
            live_server,
            f"/api/v1/events/{gathering['slug']}/rsvps",
            {"pseudonym": f"Guest {number}"},
        )
    wren = post_json(
        live_server, f"/api/v1/events/{gathering['slug']}/rsvps", {"pseudonym": "Wren"}
    )
    assert wren["status"] == "waitlisted"

    # Sam steps back: one click, no reason asked.
    page.goto(manage_url)
    tab_to(page, page.get_by_role("button", name="Cancel my place"))
    page.keyboard.press("Enter")
    expect(page.locator("#rsvp-status")).to_contain_text(
        "That's okay. Taking a pause is part of the process."
    )
    assert_no_axe_violations(page, "manage page, cancelled")
    page.screenshot(path=screenshot_dir / "rsvp-cancelled-desktop.png", full_page=True)
    assert token

    wren_now = live_server.get_json(f"/api/v1/rsvps/{wren['manage_token']}")
    assert wren_now["status"] == "confirmed"


def test_waitlist_state_and_the_forms_work_without_javascript(
    no_js_page: Page, page: Page, live_server: LiveServer, screenshot_dir: Path
) -> None:
    gathering = open_gathering(live_server, exclude=USED)
    USED.add(gathering["slug"])
    slug = gathering["slug"]
    left = live_server.get_json(f"/api/v1/events/{slug}")["remaining_capacity"]
    for number in range(left):
        post_json(live_server, f"/api/v1/events/{slug}/rsvps", {"pseudonym": f"Guest {number}"})

    checker, page = page, no_js_page
    page.goto(f"/events/{slug}")
    expect(page.get_by_role("heading", name="Join the waitlist")).to_be_visible()
    assert_no_axe_violations_without_js(checker, page, "event page, full (no JS)")
    # A mistake comes back beside the field, input kept.
    page.get_by_label("Email (optional)", exact=True).fill("not an email")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.locator("#rsvp-pseudonym-error")).to_be_visible()
    expect(page.get_by_label("Email (optional)", exact=True)).to_have_value("not an email")
    assert_no_axe_violations_without_js(checker, page, "event page with form errors (no JS)")

    page.get_by_label("Name to use").fill("Wren")
    page.get_by_label("Email (optional)", exact=True).fill("")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.locator("#rsvp-status")).to_contain_text("We'll let you know if a place opens")
    assert_no_axe_violations_without_js(checker, page, "manage page, waitlisted (no JS)")
    page.screenshot(path=screenshot_dir / "rsvp-waitlisted-desktop.png", full_page=True)

    page.get_by_label("Things that might be hard for me").fill("Sudden loud noises")
    page.get_by_role("button", name="Save my safety plan").click()
    expect(page.locator("#rsvp-status")).to_contain_text("Your safety plan is saved")
    page.get_by_role("link", name="Print my safety plan").click()
    expect(page.locator(".plan-list")).to_contain_text("Sudden loud noises")
    assert_no_axe_violations_without_js(checker, page, "printable safety plan (no JS)")


@pytest.mark.parametrize("view", ["phone_page", "dark_page"])
def test_private_pages_fit_a_phone_and_the_dark_scheme(
    request: pytest.FixtureRequest, view: str, live_server: LiveServer, screenshot_dir: Path
) -> None:
    page: Page = request.getfixturevalue(view)
    gathering = open_gathering(live_server, exclude=USED)
    created = post_json(
        live_server,
        f"/api/v1/events/{gathering['slug']}/rsvps",
        {"pseudonym": "Sam", "ally": {"name": "Robin", "meeting_point": "The bus stop"}},
    )
    name = view.removesuffix("_page")
    for label, url in (("manage", created["manage_url"]), ("ally", created["ally"]["link"])):
        page.goto(url)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{label} scrolls sideways in {view}: {widths}"
        assert_no_axe_violations(page, f"{label} page ({view})")
        page.screenshot(path=screenshot_dir / f"rsvp-{label}-{name}.png", full_page=True)
    post_json(live_server, f"/api/v1/rsvps/{created['manage_token']}/cancel", {})
