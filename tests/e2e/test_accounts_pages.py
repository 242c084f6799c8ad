"""Account and moderation pages in the browser: accessible, keyboard-usable, no JS needed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e

ANONYMOUS_PAGES = ["/auth/login", "/auth/register", "/auth/reset", "/auth/check-email"]
SIGNED_IN_PAGES = [
    "/me",
    "/me/password",
    "/me/organiser",
    "/moderation/organisers",
    "/moderation/audit",
]


def sign_in_by_keyboard(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.base_url}/auth/login")
    page.get_by_label("Email address").focus()
    page.keyboard.type(live_server.admin_email)
    page.keyboard.press("Tab")
    page.keyboard.type(live_server.admin_password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.base_url}/me")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")


def test_anonymous_account_pages_are_accessible(page: Page, live_server: LiveServer) -> None:
    for path in ANONYMOUS_PAGES:
        page.goto(f"{live_server.base_url}{path}")
        assert_no_axe_violations(page, path)


def test_form_errors_are_announced_beside_fields(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.base_url}/auth/register")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    email = page.get_by_label("Email address")
    expect(email).to_have_value("not-an-email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-error")).to_contain_text("email address like")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_axe_violations(page, "/auth/register with errors")


def test_signed_in_pages_are_accessible_and_sign_out_works(
    page: Page, live_server: LiveServer
) -> None:
    sign_in_by_keyboard(page, live_server)
    expect(page.get_by_role("link", name="Moderation")).to_be_visible()
    for path in SIGNED_IN_PAGES:
        page.goto(f"{live_server.base_url}{path}")
        assert_no_axe_violations(page, path)
    sign_out(page)
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(f"{live_server.base_url}/me")
    expect(page).to_have_url(f"{live_server.base_url}/auth/login?next=%2Fme")


def test_sign_in_works_without_javascript(no_js_page: Page, live_server: LiveServer) -> None:
    sign_in_by_keyboard(no_js_page, live_server)
    expect(no_js_page.get_by_role("heading", name="Your account")).to_be_visible()
    sign_out(no_js_page)


def test_moderation_on_a_phone_in_dark_mode(dark_page: Page, live_server: LiveServer) -> None:
    dark_page.set_viewport_size({"width": 320, "height": 720})
    sign_in_by_keyboard(dark_page, live_server)
    dark_page.goto(f"{live_server.base_url}/moderation/organisers")
    assert_no_axe_violations(dark_page, "/moderation/organisers (phone, dark)")
    scroll_width = dark_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320
    sign_out(dark_page)
