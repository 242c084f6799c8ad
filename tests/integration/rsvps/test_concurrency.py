"""The crowd-size limit is a promise: 200 people say yes at the same instant.

Each run: 200 RSVP attempts released together (every second one with an ally) against
a limit of 25 → exactly 25 places taken, everyone else waitlisted in arrival order,
no errors; then 10 cancellations at once promote exactly the people a one-at-a-time
replay would. In-process on both databases (each attempt its own session), repeated;
and over HTTP against ``planner serve --workers 3`` on PostgreSQL, so a lock that
held only inside one process would be caught. ``python -m bench.rsvp_concurrency``
runs the same code and prints the figures.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.rsvp_concurrency import (
    ATTEMPTS,
    CAPACITY,
    Row,
    Snapshot,
    check_arrivals,
    fresh_postgres,
    run_in_process,
    run_over_http,
    served,
)
from planner.core.clock import FixedClock
from planner.core.db import create_engine, is_sqlite
from planner.rsvps.models import RsvpStatus
from tests.conftest import POSTGRES_URL, _postgres_problem, _unavailable

ROUNDS = 3


@pytest.fixture
async def racing_engine(
    clean_database: AsyncEngine, database_url: str
) -> AsyncIterator[AsyncEngine]:
    """An engine with room for many connections at once (PostgreSQL), on the test database."""
    engine = create_engine(database_url, pool_size=20)
    yield engine
    await engine.dispose()


async def test_two_hundred_at_once_never_oversell(
    racing_engine: AsyncEngine, database_url: str, clock: FixedClock
) -> None:
    database = "sqlite" if is_sqlite(database_url) else "postgresql"
    for _ in range(ROUNDS):
        figures = await run_in_process(racing_engine, database, now=clock.now())
        print(figures.line())
        assert figures.errors == []
        assert figures.places_taken == CAPACITY
        assert figures.confirmed + figures.waitlisted == ATTEMPTS
        assert figures.promoted > 0


@pytest.mark.postgres
async def test_two_hundred_at_once_over_http_with_three_workers(tmp_path: Path) -> None:
    problem = await _postgres_problem(POSTGRES_URL)
    if problem:
        _unavailable(problem)
    async with fresh_postgres(POSTGRES_URL) as url:
        engine = create_engine(url, pool_size=5)
        try:
            with served(url, workers=3, var_dir=tmp_path / "var") as base_url:
                # The served app reads the real clock; the event starts a day after it.
                figures = await run_over_http(engine, base_url, now=datetime.now(UTC))
        finally:
            await engine.dispose()
    print(figures.line())
    assert figures.errors == []
    assert figures.places_taken == CAPACITY
    assert figures.confirmed + figures.waitlisted == ATTEMPTS
    assert figures.promoted > 0


def test_serial_replay_catches_an_oversold_outcome() -> None:
    """The checks have teeth: an outcome a naive "count, then insert" produces fails them."""
    oversold = Snapshot(
        capacity=2,
        places_taken=3,
        rows=[Row(1, 2, RsvpStatus.CONFIRMED, None), Row(2, 1, RsvpStatus.CONFIRMED, None)],
    )
    with pytest.raises(AssertionError, match="places taken 3"):
        check_arrivals(oversold, None)
    out_of_order = Snapshot(
        capacity=1,
        places_taken=1,
        rows=[
            Row(1, 1, RsvpStatus.CONFIRMED, None),
            Row(2, 1, RsvpStatus.WAITLISTED, 2),
            Row(3, 1, RsvpStatus.WAITLISTED, 1),
        ],
    )
    with pytest.raises(AssertionError, match="arrival order"):
        check_arrivals(out_of_order, None)
