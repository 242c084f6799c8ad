"""Fixtures: a real SQLite file and a real PostgreSQL database, for every database test.

``database_url`` is parametrised over both engines. Each engine gets a fresh
database per test session (migrated with Alembic, exactly as production is),
and every test starts from empty tables (the migration-seeded vocabulary kept).

PostgreSQL comes from ``PLANNER_TEST_POSTGRES_URL`` (default: the local server).
Locally an unreachable server skips those tests with a notice; in CI
(``CI=true``) it fails the run, and so does any skipped test at all.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from planner.app import create_app
from planner.core.clock import FixedClock
from planner.core.db import create_engine, create_session_maker, is_sqlite
from planner.core.migrations import upgrade
from planner.core.settings import AppSettings, DatabaseSettings, MailSettings, Settings

pytest_plugins = ["tests.mail"]

T = TypeVar("T")

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "PLANNER_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
TEST_HOST = "testserver.local"
# Tables emptied before each test; the tag vocabulary is reference data from a migration.
DATA_TABLES = [
    "event_imports",
    "rsvp_reminders",
    "safety_plans",
    "ally_invites",
    "rsvps",
    "calendar_feeds",
    "event_tags",
    "venue_tags",
    "events",
    "event_series",
    "venues",
    "audit_entries",
    "account_tokens",
    "api_tokens",
    "accounts",
    "outbox_messages",
    "web_sessions",
    "geocode_cache",
]


def _in_thread(work: Callable[[], T]) -> T:
    """Run blocking set-up (Alembic, admin SQL) away from the test event loop's thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _postgres_problem(url: str) -> str | None:
    try:
        connection = await asyncpg.connect(_asyncpg_dsn(url), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    await connection.close()
    return None


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL is required in CI but unusable: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not reachable ({reason}); set PLANNER_TEST_POSTGRES_URL to run these")


@pytest.fixture(
    scope="session",
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A freshly migrated database of each kind, for the whole test session."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "stepwise-test.db"
        url = f"sqlite+aiosqlite:///{path}"
        _in_thread(lambda: upgrade(url))
        yield url
        return

    problem = _in_thread(lambda: asyncio.run(_postgres_problem(POSTGRES_URL)))
    if problem:
        _unavailable(problem)
    name = f"stepwise_test_{secrets.token_hex(4)}"
    admin_dsn = _asyncpg_dsn(POSTGRES_URL)
    _in_thread(lambda: asyncio.run(_run_admin(admin_dsn, f'CREATE DATABASE "{name}"')))
    # A throwaway test database needn't wait for the disk at every commit; locking,
    # isolation and constraints behave exactly as in production.
    off = f'ALTER DATABASE "{name}" SET synchronous_commit TO off'
    _in_thread(lambda: asyncio.run(_run_admin(admin_dsn, off)))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        _in_thread(lambda: upgrade(url))
        yield url
    finally:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        _in_thread(lambda: asyncio.run(_run_admin(admin_dsn, drop)))


async def _run_admin(dsn: str, statement: str) -> None:
    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """One engine per database for the session."""
    created = create_engine(database_url, pool_size=5)
    yield created
    await created.dispose()


@pytest.fixture
async def clean_database(engine: AsyncEngine, database_url: str) -> AsyncEngine:
    """Empty every data table before the test (not after: a failure leaves evidence)."""
    async with engine.begin() as connection:
        if is_sqlite(database_url):
            for table in DATA_TABLES:
                await connection.execute(text(f"DELETE FROM {table}"))
        else:
            await connection.execute(
                text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE")
            )
    return engine


@pytest.fixture
async def session(clean_database: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session for arranging data; commit so the app can see it."""
    async with create_session_maker(clean_database)() as db_session:
        yield db_session


@pytest.fixture
def clock() -> FixedClock:
    """The app's clock, standing still at 2026-11-26 12:00 UTC until a test moves it."""
    return FixedClock()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Settings for an app on the test database."""
    return Settings(
        app=AppSettings(
            secret_key=secrets.token_urlsafe(32),
            var_dir=tmp_path / "var",
            allowed_hosts=(TEST_HOST,),
            base_url=f"http://{TEST_HOST}",
        ),
        db=DatabaseSettings(url=database_url, pool_size=5),
        # Tests drive the outbox themselves (with the clock), never a background loop.
        mail=MailSettings(outbox_worker=False),
    )


@pytest.fixture
def app(settings: Settings, clock: FixedClock, clean_database: AsyncEngine) -> Litestar:
    """The real app, built by the real factory, on an empty test database."""
    return create_app(settings, clock=clock)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An HTTP client talking to the app in-process."""
    async with AsyncTestClient(app=app, base_url=f"http://{TEST_HOST}") as test_client:
        yield test_client


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember skips: in CI a skipped test is a failed promise."""
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail a CI run in which anything was skipped (PostgreSQL, the browser, …)."""
    if IN_CI and _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly what was skipped, and why it matters in CI."""
    if _skipped:
        verdict = "FAILED: CI must run every test" if IN_CI else "notice"
        terminalreporter.write_sep("=", f"{len(_skipped)} skipped tests ({verdict})", red=IN_CI)
        for nodeid in _skipped[:20]:
            terminalreporter.write_line(f"  skipped: {nodeid}")
