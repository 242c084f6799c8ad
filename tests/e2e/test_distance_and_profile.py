"""New-user journeys: a comfort profile set once (as a guest, and as a signed-in member
whose profile lives on their account), a distance search, a bookmark that comes back,
and "Use my location", which asks for nothing until it is clicked."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Geolocation, Page, expect

from tests.e2e.conftest import DESKTOP, LiveServer, PageProblems
from tests.e2e.helpers import (
    assert_no_axe_violations,
    card_levels,
    mark_window,
    total_from_status,
    window_marker,
)

pytestmark = pytest.mark.e2e

LEEDS: Geolocation = {"latitude": 53.7997, "longitude": -1.5492}
LEEDS_PROFILE_WORDS = "up to level 2, quiet room, within 15 km of Leeds, United Kingdom"
MEMBER_PASSWORD = "a gentle member password"
DISTANCE = re.compile(r"^(\d+(?:\.\d)?) (km|m) away$")

# Counts calls to the browser's geolocation, so a test can prove nothing asks early.
COUNT_GEOLOCATION = """
window.__geolocationCalls = 0;
const original = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
navigator.geolocation.getCurrentPosition = (...args) => {
  window.__geolocationCalls += 1;
  return original(...args);
};
"""


def card_distances_km(page: Page) -> list[float]:
    found = []
    for text in page.locator("#results .card__distance").all_inner_texts():
        match = DISTANCE.match(text.strip())
        assert match, f"unexpected distance {text!r}"
        value = float(match.group(1))
        found.append(value / 1000 if match.group(2) == "m" else value)
    return found


@pytest.fixture
def located_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A desktop page whose browser would share a position in Leeds, if asked."""
    context = browser.new_context(
        base_url=live_server.base_url,
        viewport={"width": DESKTOP["width"], "height": DESKTOP["height"]},
        reduced_motion="reduce",
        geolocation=LEEDS,
        permissions=["geolocation"],
    )
    context.set_default_timeout(5_000)
    context.add_init_script(COUNT_GEOLOCATION)
    page = context.new_page()
    problems = PageProblems(messages=[])
    problems.watch(page)
    yield page
    context.close()
    assert not problems.messages, problems.messages


def test_profile_set_once_then_browse_and_bookmark(page: Page, screenshot_dir: object) -> None:
    page.goto("/profile")
    page.get_by_role("radio", name="2 · Low-key").check()
    page.locator("details.tag-group", has_text="Sensory").locator("summary").click()
    page.get_by_role("checkbox", name="Quiet room").check()
    page.get_by_role("textbox", name="Town or city (optional)").fill("Leeds")
    page.get_by_role("combobox", name="How far I can travel").select_option("15")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my profile").click()

    expect(page).to_have_url(re.compile(r"/events$"))
    expect(page.locator(".notice--profile")).to_contain_text(
        "up to level 2, quiet room, within 15 km of Leeds, United Kingdom"
    )
    total = total_from_status(page)
    assert total > 0, "the demo has gentle gatherings with a quiet room near Leeds"
    assert max(card_levels(page)) <= 2
    assert max(card_distances_km(page)) <= 15
    cards = page.locator("#results .card")
    for index in range(cards.count()):
        expect(
            cards.nth(index).get_by_role("listitem").filter(has_text="Quiet room")
        ).to_have_count(1)
    assert_no_axe_violations(page, "/events from a saved profile")

    # Browse: nearest first, in place; the address now names the whole search.
    mark_window(page)
    page.get_by_role("radio", name="Nearest first").check()
    expect(page).to_have_url(re.compile(r"[?&]sort=distance(&|$)"))
    expect(page.locator(".results__count")).to_contain_text("nearest first")
    distances = card_distances_km(page)
    assert distances == sorted(distances)
    assert window_marker(page) == "still here"
    bookmark = page.url
    query = parse_qs(urlparse(bookmark).query)
    assert query["level"] == ["2"]
    assert query["tag"] == ["quiet-room"]
    assert query["within_km"] == ["15"]

    # One click sets the profile aside for a single search.
    page.goto("/events")
    with page.expect_navigation():
        page.get_by_role("link", name="Search without my profile").click()
    assert total_from_status(page) > total

    # The bookmark comes back exactly as it was.
    page.goto(bookmark)
    expect(page.locator(".results__count")).to_contain_text("nearest first")
    assert card_distances_km(page) == distances
    expect(page.get_by_role("radio", name="2 · Low-key")).to_be_checked()


def make_member(live_server: LiveServer, email: str, comfort_profile: str | None = None) -> str:
    """A member account on the served database, made by ``planner create-admin`` (the
    CLI the server's own set-up uses) and then given the plain member role; returns
    its email. ``comfort_profile`` (JSON) is saved on the account when given."""
    assert live_server.database_path is not None
    database = live_server.database_path
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLANNER_")}
    env.update(
        PLANNER_DATABASE_URL=f"sqlite+aiosqlite:///{database.as_posix()}",
        PLANNER_VAR_DIR=str(database.parent / "var"),
        PLANNER_ADMIN_PASSWORD=MEMBER_PASSWORD,
    )
    subprocess.run(
        [sys.executable, "-m", "planner", "create-admin", email],
        cwd=database.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    with contextlib.closing(sqlite3.connect(database, timeout=15)) as db:
        db.execute(
            "UPDATE accounts SET role = 'member', comfort_profile = ? WHERE email = ?",
            (comfort_profile, email),
        )
        db.commit()
    return email


@pytest.fixture(scope="module")
def member(live_server: LiveServer) -> str:
    """A member with no comfort profile yet."""
    return make_member(live_server, "new.member@example.org")


@pytest.fixture(scope="module")
def member_with_a_profile(live_server: LiveServer) -> str:
    """A member whose account already keeps a profile: up to level 1."""
    return make_member(live_server, "settled.member@example.org", '{"v": 1, "l": 1}')


def sign_in(page: Page, email: str, password: str = MEMBER_PASSWORD) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def profile_cookies(page: Page) -> list[str]:
    return [c["name"] for c in page.context.cookies() if c["name"] == "stepwise_profile"]


def test_member_sets_a_profile_once_on_their_account_then_browses_and_bookmarks(
    page: Page, member: str, screenshot_dir: Path
) -> None:
    sign_in(page, member)
    expect(page.locator(".comfort-profile")).to_contain_text("None saved.")

    page.get_by_role("link", name="Save a comfort profile").click()
    expect(page.locator(".where-kept")).to_contain_text("on your account, and only there")
    assert_no_axe_violations(page, "/profile for a signed-in member")
    page.get_by_role("radio", name="2 · Low-key").check()
    page.locator("details.tag-group", has_text="Sensory").locator("summary").click()
    page.get_by_role("checkbox", name="Quiet room").check()
    page.get_by_role("textbox", name="Town or city (optional)").fill("Leeds")
    page.get_by_role("combobox", name="How far I can travel").select_option("15")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my profile").click()

    expect(page).to_have_url(re.compile(r"/events$"))
    expect(page.locator(".notice--profile")).to_contain_text(LEEDS_PROFILE_WORDS)
    assert profile_cookies(page) == [], "a member's profile must not be kept in the browser"
    total = total_from_status(page)
    assert total > 0, "the demo has gentle gatherings with a quiet room near Leeds"
    assert max(card_levels(page)) <= 2
    assert max(card_distances_km(page)) <= 15
    assert_no_axe_violations(page, "/events from a member's saved profile")
    page.screenshot(path=screenshot_dir / "member-profile-events.png", full_page=True)

    # Browse: nearest first, in place; the address now names the whole search.
    mark_window(page)
    page.get_by_role("radio", name="Nearest first").check()
    expect(page).to_have_url(re.compile(r"[?&]sort=distance(&|$)"))
    distances = card_distances_km(page)
    assert distances == sorted(distances)
    assert window_marker(page) == "still here"
    bookmark = page.url

    # One click sets the profile aside for a single search.
    page.goto("/events")
    with page.expect_navigation():
        page.get_by_role("link", name="Search without my profile").click()
    assert total_from_status(page) > total

    # The bookmark comes back exactly as it was.
    page.goto(bookmark)
    expect(page.locator(".results__count")).to_contain_text("nearest first")
    assert card_distances_km(page) == distances

    page.goto("/me")
    expect(page.locator(".comfort-profile")).to_contain_text(
        f"Saved on your account: {LEEDS_PROFILE_WORDS}"
    )
    assert_no_axe_violations(page, "/me with a saved comfort profile")
    page.screenshot(path=screenshot_dir / "member-profile-me.png", full_page=True)

    # Signed out, this browser knows nothing of it; signed in again, it is back.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.goto("/events")
    expect(page.locator(".notice--profile")).to_have_count(0)
    expect(page.locator(".profile-invite")).to_contain_text("no account needed")
    assert profile_cookies(page) == []
    sign_in(page, member)
    page.goto("/events")
    expect(page.locator(".notice--profile")).to_contain_text(LEEDS_PROFILE_WORDS)


def test_signing_in_asks_before_a_browser_profile_replaces_the_accounts(
    page: Page, member_with_a_profile: str, screenshot_dir: Path
) -> None:
    page.goto("/profile")
    expect(page.locator(".where-kept")).to_contain_text("we'll ask you here which one to keep")
    page.get_by_role("radio", name="2 · Low-key").check()
    page.get_by_role("radio", name="Online").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my profile").click()
    assert profile_cookies(page) == ["stepwise_profile"]

    sign_in(page, member_with_a_profile)
    page.goto("/events")
    expect(page.locator(".notice--profile")).to_contain_text("up to level 1")

    page.goto("/profile")
    offer = page.get_by_role("region", name="This browser also holds a comfort profile")
    expect(offer).to_contain_text("up to level 2, online")
    expect(page.get_by_role("radio", name="1 · Gentle")).to_be_checked()  # the account's
    assert_no_axe_violations(page, "/profile offering the browser's profile")
    page.screenshot(path=screenshot_dir / "member-profile-offer.png", full_page=True)

    with page.expect_navigation():
        offer.get_by_role("button", name="Keep this profile on my account").click()
    expect(page.get_by_role("status")).to_contain_text("Your account now keeps this profile")
    expect(offer).to_have_count(0)
    expect(page.get_by_role("radio", name="2 · Low-key")).to_be_checked()
    assert profile_cookies(page) == []
    assert_no_axe_violations(page, "/profile after keeping the browser's profile")


def test_typing_a_place_updates_results_without_moving_focus(page: Page) -> None:
    page.goto("/events")
    mark_window(page)
    near = page.get_by_role("textbox", name="Near (a town or city)")
    near.click()
    near.press_sequentially("Manchester", delay=30)
    expect(page).to_have_url(re.compile(r"[?&]near=Manchester(&|$)"))
    expect(page.locator(".results__count")).to_contain_text("of Manchester, United Kingdom")
    assert total_from_status(page) > 0
    assert max(card_distances_km(page)) <= 25
    expect(near).to_be_focused()
    assert window_marker(page) == "still here"


def test_unknown_place_is_kind_and_offers_a_suggestion(page: Page) -> None:
    page.goto("/events?near=Leedz")
    empty = page.locator("#results .empty-state")
    expect(empty).to_contain_text("We couldn't find a place called “Leedz”")
    with page.expect_navigation():
        empty.get_by_role("link", name="Leeds, United Kingdom").click()
    expect(page.locator(".results__count")).to_contain_text("of Leeds, United Kingdom")


def test_use_my_location_asks_only_on_a_click(located_page: Page) -> None:
    page = located_page
    page.goto("/events")
    button = page.get_by_role("button", name="Use my location")
    expect(button).to_be_visible()
    expect(page.locator("#use-location-hint")).to_contain_text("your browser asks you first")
    page.get_by_role("radio", name="3 · Moderate").check()
    total_from_status(page)
    assert page.evaluate("window.__geolocationCalls") == 0, "location was asked for unprompted"

    button.click()
    expect(page).to_have_url(re.compile(r"[?&]lat=53\.80?&lon=-1\.55(&|$)"))
    expect(page.locator(".results__count")).to_contain_text("of your location")
    assert page.evaluate("window.__geolocationCalls") == 1
    assert max(card_distances_km(page)) <= 25
    expect(button).to_be_focused()

    # Reloaded, the page says where it measures from, with a way back to typing.
    page.reload()
    expect(page.locator(".measuring-from")).to_contain_text("Measuring from your location")
    assert_no_axe_violations(page, "/events measuring from the browser's location")


def test_without_javascript_there_is_no_location_button_and_places_still_work(
    no_js_page: Page,
) -> None:
    page = no_js_page
    page.goto("/events")
    expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
    page.get_by_role("textbox", name="Near (a town or city)").fill("Leeds")
    page.get_by_role("combobox", name="Up to").select_option("10")
    with page.expect_navigation():
        page.get_by_role("button", name="Show gatherings").click()
    expect(page.locator(".results__count")).to_contain_text("within 10 km of Leeds")
    assert max(card_distances_km(page)) <= 10
