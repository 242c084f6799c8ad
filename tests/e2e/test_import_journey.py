"""An organiser imports a calendar file through the real form: a wrong file is
explained beside the field, the right one is shown for review, and the drafts are
created, with JavaScript (htmx upload with progress) and without it."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.helpers import assert_no_axe_violations

pytestmark = pytest.mark.e2e


def demo_organiser(live_server: LiveServer) -> str:
    """A verified organiser of the served demo."""
    assert live_server.database_path is not None
    with contextlib.closing(sqlite3.connect(live_server.database_path)) as db:
        row = db.execute(
            "SELECT email FROM accounts WHERE role = 'organiser'"
            " AND organiser_status = 'verified' ORDER BY id LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0])


def calendar_file(tmp_path: Path, count: int) -> Path:
    """An .ics file of ``count`` weekly gatherings in London next year, one past event
    and one all-day entry, as a calendar app would export it."""
    first = datetime(2027, 2, 2, 18, 30)  # noqa: DTZ001 - wall-clock time in London (TZID)
    events = [
        "\r\n".join(
            [
                "BEGIN:VEVENT",
                f"UID:circle-{number}@example.org",
                f"SUMMARY:Evening circle {number + 1}",
                f"DTSTART;TZID=Europe/London:{first + timedelta(weeks=number):%Y%m%dT%H%M%S}",
                "DURATION:PT1H30M",
                "LOCATION:Online",
                "DESCRIPTION:A quiet hour of sharing\\, with tea.",
                "END:VEVENT",
            ]
        )
        for number in range(count)
    ]
    past = datetime.now(UTC) - timedelta(days=3)
    events.append(
        f"BEGIN:VEVENT\r\nSUMMARY:Last week's circle\r\nDTSTART:{past:%Y%m%dT%H%M%SZ}\r\nEND:VEVENT"
    )
    events.append("BEGIN:VEVENT\r\nSUMMARY:Fair\r\nDTSTART;VALUE=DATE:20270301\r\nEND:VEVENT")
    path = tmp_path / "circle.ics"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *events, "END:VCALENDAR"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    return path


def sign_in(page: Page, live_server: LiveServer) -> None:
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(demo_organiser(live_server))
    page.get_by_label("Password").fill(live_server.organiser_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/me")


def test_import_a_calendar_file_with_htmx(
    page: Page, live_server: LiveServer, screenshot_dir: Path, tmp_path: Path
) -> None:
    sign_in(page, live_server)
    page.goto("/organiser/events")
    page.get_by_role("link", name="Import from a calendar file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from a calendar file")
    expect(page.locator("[data-upload-progress]")).to_be_hidden()
    assert_no_axe_violations(page, "import upload form")

    # A file that isn't a calendar: the message appears beside the field, in place.
    wrong = tmp_path / "notes.ics"
    wrong.write_text("Dear all, the circle meets on Tuesday.\n", encoding="utf-8")
    page.get_by_label("Calendar file (.ics)").set_input_files(wrong)
    # Keep every word the live region says (the form is swapped out afterwards).
    page.evaluate(
        """() => {
          window.__uploadSaid = [];
          const status = document.querySelector("[data-upload-status]");
          new MutationObserver(() => window.__uploadSaid.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.get_by_role("button", name="Read the file").click()
    error = page.locator("#calendar_file-error")
    expect(error).to_contain_text("doesn't look like an iCalendar (.ics) file")
    expect(page.locator(".error-summary")).to_be_focused()
    said = page.evaluate("window.__uploadSaid")
    assert said[:2] == ["Sending your file…", "Reading your file…"], said
    assert page.url.endswith("/organiser/imports/new")  # swapped in, not a new page
    assert_no_axe_violations(page, "import upload form with a file error")
    page.screenshot(path=screenshot_dir / "import-error-desktop.png", full_page=True)

    # The right file: the review lists every gathering before anything is saved.
    page.get_by_label("Calendar file (.ics)").set_input_files(calendar_file(tmp_path, 40))
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Crowd-size limit").fill("6")
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_url(re.compile(r"/organiser/imports/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what circle.ics holds")
    to_create = page.get_by_role("table", name=re.compile("40 gatherings to create"))
    expect(to_create.locator("tbody tr")).to_have_count(40)
    expect(to_create.locator("tbody tr").first).to_contain_text(
        "Tuesday 2 February 2027, 18:30 to 20:00 (GMT)"
    )
    skipped = page.get_by_role("table", name=re.compile("won't become gatherings"))
    expect(skipped).to_contain_text("Already happened.")
    expect(skipped).to_contain_text("An all-day entry")
    assert_no_axe_violations(page, "import review")
    page.screenshot(path=screenshot_dir / "import-review-desktop.png", full_page=True)
    page.screenshot(path=screenshot_dir / "import-review-top-desktop.png")
    page.get_by_role("link", name="The buttons to create or discard are after the list.").click()
    page.screenshot(path=screenshot_dir / "import-review-actions-desktop.png")

    page.get_by_role("button", name="Create 40 drafts").click()
    page.wait_for_url("**/organiser/events?imported=40")
    expect(page.locator(".notice")).to_contain_text("40 drafts were created")
    expect(page.locator(".card", has_text="Evening circle 40")).to_contain_text("Draft")


def test_import_works_without_javascript(
    no_js_page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    page = no_js_page
    sign_in(page, live_server)
    page.goto("/organiser/imports/new")
    page.get_by_label("Calendar file (.ics)").set_input_files(calendar_file(tmp_path, 3))
    page.get_by_role("button", name="Read the file").click()
    page.wait_for_url(re.compile(r"/organiser/imports/\d+$"))
    expect(page.get_by_role("table", name=re.compile("3 gatherings to create"))).to_be_visible()
    page.get_by_role("button", name="Discard this file").click()
    expect(page.locator(".notice")).to_contain_text("Nothing was created from this file")
