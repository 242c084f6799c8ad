"""Browser fixtures: the real app served as ``make run`` serves it, and headless Chromium.

The app runs in a subprocess (``python -m planner demo`` then ``python -m planner
serve``) on a fresh SQLite file in a temporary folder, so these tests see exactly
what a person would after a fresh clone. The tests use Playwright's *sync* API as
plain functions: pytest-asyncio's session loop is not running while a sync test
runs, and the browser is closed before the async tests of other folders start
(see ``browser``).

Chromium is Debian's ``/usr/bin/chromium`` (never ``playwright install``). When it
is missing the browser tests skip with a notice locally and fail in CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from planner.accounts.passwords import hash_password

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"
STARTUP_TIMEOUT_S = 30.0
DEMO_TIMEOUT_S = 120.0
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "a steady admin password"
# The demo's organisers have no passwords; the browser tests give them this one.
ORGANISER_PASSWORD = "a steady organiser password"


def _let_demo_organisers_sign_in(database: Path) -> None:
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute(
            "UPDATE accounts SET password_hash = ?,"
            " email_verified_at = COALESCE(email_verified_at, created_at)"
            " WHERE role = 'organiser'",
            (hash_password(ORGANISER_PASSWORD),),
        )
        db.commit()


@dataclass(frozen=True, slots=True)
class LiveServer:
    """The served app: where it answers and where the quick exit leads."""

    base_url: str
    quick_exit_url: str
    log_path: Path
    database_path: Path | None = None
    admin_email: str = ADMIN_EMAIL
    admin_password: str = ADMIN_PASSWORD
    organiser_password: str = ORGANISER_PASSWORD

    def organiser_of(self, slug: str) -> tuple[int, str]:
        """The event's id and its organiser's email, read from the served database."""
        assert self.database_path is not None
        with contextlib.closing(sqlite3.connect(self.database_path)) as db:
            row = db.execute(
                "SELECT events.id, accounts.email FROM events"
                " JOIN accounts ON accounts.id = events.organiser_id WHERE events.slug = ?",
                (slug,),
            ).fetchone()
        assert row is not None, slug
        return int(row[0]), str(row[1])

    def get_json(self, path: str) -> Any:
        """GET a JSON document from the served app."""
        with urllib.request.urlopen(f"{self.base_url}{path}", timeout=10) as response:
            return json.load(response)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's output, for failure messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _health_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def _server_env(tmp: Path, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLANNER_")}
    env.update(
        PLANNER_VAR_DIR=str(tmp / "var"),
        PLANNER_DATABASE_URL=f"sqlite+aiosqlite:///{(tmp / 'e2e.db').as_posix()}",
        # Litestar compares the whole Host header, port included.
        PLANNER_ALLOWED_HOSTS=f"127.0.0.1:{port},127.0.0.1",
        PLANNER_BASE_URL=f"http://127.0.0.1:{port}",
        # A loopback page of the same app, so the quick exit never touches the network.
        PLANNER_QUICK_EXIT_URL=f"http://127.0.0.1:{port}/ping",
        # Every browser signs in from 127.0.0.1, many times a minute across the journeys;
        # the limit itself is tested in tests/integration/accounts/test_auth.py.
        PLANNER_LOGIN_ATTEMPTS_PER_MINUTE="500",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real app, seeded with the demo and served by ``planner serve``, for the session."""
    tmp = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = _server_env(tmp, port)
    demo = subprocess.run(
        [sys.executable, "-m", "planner", "demo"],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT_S,
        check=False,
    )
    if demo.returncode != 0:
        pytest.fail(
            f"`python -m planner demo` failed ({demo.returncode}):\n{demo.stdout}\n{demo.stderr}",
            pytrace=False,
        )

    subprocess.run(
        [sys.executable, "-m", "planner", "create-admin", ADMIN_EMAIL],
        cwd=tmp,
        env=env | {"PLANNER_ADMIN_PASSWORD": ADMIN_PASSWORD},
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT_S,
        check=True,
    )

    _let_demo_organisers_sign_in(tmp / "e2e.db")

    base_url = f"http://127.0.0.1:{port}"
    server = LiveServer(
        base_url=base_url,
        quick_exit_url=f"{base_url}/ping",
        log_path=tmp / "server.log",
        database_path=tmp / "e2e.db",
    )
    with server.log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "planner", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while (status := _health_status(f"{base_url}/health")) != 200:
            if process.poll() is not None:
                pytest.fail(
                    f"`planner serve` exited with {process.returncode}:\n{server.log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"/health did not answer 200 within {STARTUP_TIMEOUT_S:.0f} s "
                    f"(last: {status}):\n{server.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# Package scope, not session: while Playwright's sync API is alive it marks its own
# event loop as running between calls, and pytest-asyncio then refuses to run the
# async tests that follow in the same session. Closing the browser when the last
# test of this folder is done keeps ``pytest tests`` working as a whole.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, one for all the browser tests."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install Debian's chromium package to run e2e tests"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass(slots=True)
class PageProblems:
    """What the browser complained about while a page was open (CSP refusals, JS errors)."""

    messages: list[str]

    def watch(self, page: Page) -> None:
        """Record console errors and uncaught exceptions of ``page``."""

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.messages.append(f"console error: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.messages.append(f"page error: {error}"))


def _open_page(browser: Browser, live_server: LiveServer, **context_options: Any) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        base_url=live_server.base_url,
        viewport=context_options.pop("viewport", DESKTOP),
        reduced_motion="reduce",
        **context_options,
    )
    context.set_default_timeout(5_000)
    page = context.new_page()
    problems = PageProblems(messages=[])
    problems.watch(page)
    yield page
    context.close()
    # Errors on 4xx pages are expected network noise; anything else (a CSP refusal,
    # a script error) means a page did not behave as written.
    unexpected = [text for text in problems.messages if "Failed to load resource" not in text]
    assert not unexpected, "The browser reported problems:\n" + "\n".join(unexpected)


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A desktop page (1280 px wide) with JavaScript on, light colour scheme."""
    yield from _open_page(browser, live_server, color_scheme="light")


@pytest.fixture
def no_js_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A desktop page with JavaScript off: every page must still work."""
    yield from _open_page(browser, live_server, color_scheme="light", java_script_enabled=False)


@pytest.fixture
def phone_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A small phone: 320 CSS px wide (WCAG 1.4.10 reflow), touch, JavaScript on."""
    yield from _open_page(
        browser,
        live_server,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="light",
    )


@pytest.fixture
def dark_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A desktop page whose system asks for the dark colour scheme."""
    yield from _open_page(browser, live_server, color_scheme="dark")


@pytest.fixture(scope="session")
def event_slug(live_server: LiveServer) -> str:
    """A real, upcoming gathering from the served demo."""
    listing = live_server.get_json("/api/v1/events?level=2")
    items = listing["items"] or live_server.get_json("/api/v1/events")["items"]
    assert items, "the demo should list upcoming gatherings"
    slug: str = items[0]["slug"]
    return slug


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Where full-page screenshots go for people to look at (gitignored)."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    return SCREENSHOT_DIR
