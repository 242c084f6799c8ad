"""Done means: a new organiser registers, is verified by an admin made with
``planner create-admin``, and publishes a recurring, sensory-friendly gathering
at a new venue that then appears in ``/events`` at the right comfort level, by
keyboard only, with JavaScript on and off, and axe finds nothing on any new page."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "a calm walk by the river at dawn"
ADMIN = "journey-admin@example.org"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 320, "height": 640}


def press(locator: Locator, key: str = "Enter") -> None:
    """Focus a control and use it from the keyboard."""
    locator.focus()
    locator.press(key)


def type_into(page: Page, label: str, text: str) -> None:
    """Focus a field by its label and type, as a keyboard user would."""
    field = page.get_by_label(label, exact=True)
    field.focus()
    field.press("Control+a")
    page.keyboard.type(text)


def database(live_server: LiveServer) -> Path:
    """The served app's SQLite file (next to its log)."""
    return live_server.log_path.parent / "e2e.db"


def confirmation_path(live_server: LiveServer, email: str) -> str:
    """The link in the confirmation email, read from the outbox table."""
    connection = sqlite3.connect(database(live_server))
    try:
        row = connection.execute(
            "SELECT body_text FROM outbox_messages WHERE to_address = ? ORDER BY id DESC",
            (email,),
        ).fetchone()
    finally:
        connection.close()
    assert row is not None, f"no email to {email}"
    found = re.search(r"https?://[^/\s]+(/auth/confirm/\S+)", row[0])
    assert found, row[0]
    return found.group(1)


@pytest.fixture(scope="module")
def admin(live_server: LiveServer) -> str:
    """An admin made the documented way: ``planner create-admin EMAIL``."""
    tmp = live_server.log_path.parent
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLANNER_")}
    env.update(
        PLANNER_VAR_DIR=str(tmp / "var"),
        PLANNER_DATABASE_URL=f"sqlite+aiosqlite:///{database(live_server).as_posix()}",
        PLANNER_ADMIN_PASSWORD=PASSWORD,
    )
    result = subprocess.run(
        [sys.executable, "-m", "planner", "create-admin", ADMIN],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return ADMIN


def sign_in(page: Page, email: str) -> None:
    page.goto("/auth/login")
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    press(page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/me$"))


def check(page: Page, where: str, shots: Path | None, name: str) -> None:
    """axe on the page, and a screenshot to look at. axe is a script, so it runs (and the
    pictures are taken) on the JavaScript run; the no-JS run serves the same markup."""
    if shots is None:
        return
    assert_no_axe_violations(page, where)
    page.screenshot(path=str(shots / f"organiser-{name}.png"), full_page=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_new_organiser_publishes_a_recurring_gentle_gathering(
    browser: Browser,
    live_server: LiveServer,
    admin: str,
    screenshot_dir: Path,
    javascript: bool,
) -> None:
    suffix = "js" if javascript else "nojs"
    email = f"host-{suffix}@example.org"
    group = f"Quiet Hands {suffix}"
    title = f"Sensory-friendly crafts {suffix}"
    shots = screenshot_dir if javascript else None
    context = browser.new_context(
        base_url=live_server.base_url, viewport=DESKTOP, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    page = context.new_page()

    # Register, confirm from the email, sign in, ask to organise.
    page.goto("/auth/register")
    type_into(page, "What should we call you?", "Robin")
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    press(page.get_by_role("button", name="Create account"))
    expect(page).to_have_url(re.compile(r"/auth/check-email$"))
    page.goto(confirmation_path(live_server, email))
    sign_in(page, email)
    page.goto("/me/organiser")
    type_into(page, "Your group's name", group)
    type_into(page, "About your group", "Small crafts circles for people easing back in.")
    type_into(page, "Website or contact", "https://example.org/quiet-hands")
    press(page.get_by_role("button", name="Send for verification"))
    expect(page).to_have_url(re.compile(r"/me\?changed=organiser$"))

    # Pending: the tools are open for drafts, and say so.
    press(page.get_by_role("link", name="Organise", exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your gatherings at a glance")
    check(page, "the organiser dashboard", shots, "dashboard")

    # An admin verifies the group.
    moderator = browser.new_context(base_url=live_server.base_url, java_script_enabled=javascript)
    moderator.set_default_timeout(10_000)
    admin_page = moderator.new_page()
    sign_in(admin_page, admin)
    admin_page.goto("/moderation/organisers")
    card = admin_page.locator(".card", has=admin_page.get_by_role("heading", name=group))
    press(card.get_by_role("button", name="Verify"))
    expect(admin_page.locator(".status-message")).to_contain_text("Done")
    moderator.close()

    # A new venue.
    page.goto("/organiser/venues/new")
    check(page, "the venue form", shots, "venue-form")
    type_into(page, "Name", f"Canal Library {suffix}")
    type_into(page, "Address", "2 Wharf Street, Leeds LS2 7EQ")
    type_into(page, "Town or city", "Leeds")
    type_into(page, "Latitude", "53.7960")
    type_into(page, "Longitude", "-1.5370")
    press(page.get_by_label("Step-free access"), " ")
    press(page.get_by_role("button", name="Save venue"))
    expect(page).to_have_url(re.compile(r"/organiser/venues\?saved=1$"))
    check(page, "the venue list", shots, "venues")

    # A gentle gathering, weekly for three weeks.
    page.goto("/organiser/events/new")
    type_into(page, "Title", title)
    type_into(page, "One sentence about it", "Knitting, tea, and no need to talk.")
    type_into(page, "Step 1", "Tea as people arrive")
    press(page.get_by_role("button", name="Add a step"))
    expect(page.get_by_label("Step 2", exact=True)).to_be_visible()
    type_into(page, "Step 2", "Crafts at your own pace")
    page.get_by_label("Starts", exact=True).fill("2026-12-07T10:00")
    page.get_by_label("Ends", exact=True).fill("2026-12-07T11:00")
    page.get_by_label("Does it repeat?").select_option("weekly")
    page.get_by_label("Repeat until").fill("2026-12-21")
    page.get_by_label("Venue", exact=True).select_option(label=f"Canal Library {suffix}, Leeds")
    type_into(page, "Crowd-size limit", "4")
    press(page.get_by_label("A quiet room to go to at any time"), " ")
    if javascript:
        expect(page.locator("#comfort-preview .comfort")).to_have_text("Level 1 · Gentle")
    check(page, "the gathering form", shots, "event-form")
    press(page.get_by_role("button", name="Save as draft"))
    expect(page).to_have_url(re.compile(r"/organiser/events/\d+$"))
    check(page, "a draft gathering", shots, "event")
    press(page.get_by_role("button", name="Publish this and all following"))
    expect(page.locator(".facts .badge")).to_have_text("Published")

    # The public finds it at level 1, every week.
    page.goto("/events?level=1&from=2026-12-01&to=2026-12-31")
    cards = page.locator(".card", has=page.get_by_role("link", name=title))
    expect(cards).to_have_count(3)
    expect(cards.first.locator(".comfort")).to_have_text("Level 1 · Gentle")
    context.close()
    if javascript:
        look_at_pages_on_a_phone_and_in_dark_mode(browser, live_server, screenshot_dir, email)


def look_at_pages_on_a_phone_and_in_dark_mode(
    browser: Browser, live_server: LiveServer, screenshot_dir: Path, email: str
) -> None:
    """The organiser's pages at 320 px and in dark mode: no violations, no sideways scroll."""
    looks: tuple[tuple[str, ViewportSize, Literal["light", "dark"]], ...] = (
        ("phone", PHONE, "light"),
        ("dark", DESKTOP, "dark"),
    )
    for label, viewport, scheme in looks:
        context = browser.new_context(
            base_url=live_server.base_url, viewport=viewport, color_scheme=scheme
        )
        page = context.new_page()
        sign_in(page, email)
        for path, name in (
            ("/organiser", "dashboard"),
            ("/organiser/events/new", "event-form"),
            ("/organiser/events", "events"),
            ("/organiser/venues", "venues"),
            ("/organiser/settings", "settings"),
        ):
            page.goto(path)
            assert_no_axe_violations(page, f"{path} ({label})")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path} scrolls sideways ({label})"
            page.screenshot(
                path=str(screenshot_dir / f"organiser-{name}-{label}.png"), full_page=True
            )
        context.close()
