"""The crowd-size promise under a crowd: many people say yes at the same instant.

``python -m bench.rsvp_concurrency`` runs, on a fresh SQLite file and a fresh
PostgreSQL database: 200 RSVP attempts released together (every second one with
an ally) against a limit of 25, then 10 cancellations at once; in-process (each
attempt its own session) and over HTTP against ``planner serve --workers 3`` on
PostgreSQL. It prints attempts, confirmed, waitlisted and time taken per database,
and checks each outcome against a serial replay. ``tests/integration/rsvps/
test_concurrency.py`` runs the same code under pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

import asyncpg
import httpx
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.core.db import create_engine, create_session_maker
from planner.core.migrations import upgrade
from planner.events.comfort import Interaction, Noise
from planner.events.models import AttendanceMode, Event, EventStatus, Lighting
from planner.rsvps import services
from planner.rsvps.forms import AllyRequest, RsvpDetails, RsvpRequest
from planner.rsvps.models import Rsvp, RsvpStatus

ATTEMPTS: Final = 200
CAPACITY: Final = 25
CANCELLATIONS: Final = 10
POSTGRES_URL: Final = os.environ.get(
    "PLANNER_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
PROJECT_ROOT: Final = Path(__file__).resolve().parents[1]
LINKS: Final = services.Links("http://127.0.0.1")


@dataclass(frozen=True, slots=True)
class Row:
    """One RSVP as the checks see it."""

    id: int
    party: int
    status: RsvpStatus
    waitlist_position: int | None


@dataclass(slots=True)
class Snapshot:
    """An event's committed state."""

    capacity: int
    places_taken: int
    rows: list[Row]

    @property
    def confirmed(self) -> list[Row]:
        """Confirmed RSVPs, in arrival order."""
        return [row for row in self.rows if row.status is RsvpStatus.CONFIRMED]

    @property
    def waitlisted(self) -> list[Row]:
        """Waitlisted RSVPs, in queue order."""
        waiting = [row for row in self.rows if row.status is RsvpStatus.WAITLISTED]
        return sorted(waiting, key=lambda row: row.waitlist_position or 0)

    def statuses(self) -> dict[int, RsvpStatus]:
        """Each RSVP's status by id."""
        return {row.id: row.status for row in self.rows}


@dataclass(slots=True)
class Figures:
    """What a run measured."""

    database: str
    mode: str
    attempts: int
    confirmed: int
    waitlisted: int
    places_taken: int
    errors: list[str] = field(default_factory=list)
    rsvp_seconds: float = 0.0
    cancel_seconds: float = 0.0
    promoted: int = 0

    def line(self) -> str:
        """One line for the closing note."""
        return (
            f"{self.database:<10} {self.mode:<22} attempts={self.attempts} "
            f"confirmed={self.confirmed} (places taken {self.places_taken}) "
            f"waitlisted={self.waitlisted} rsvps={self.rsvp_seconds:.2f}s "
            f"cancel {CANCELLATIONS} → promoted={self.promoted} in {self.cancel_seconds:.2f}s "
            f"errors={len(self.errors)}"
        )


# ---------------------------------------------------------------------------
# Setting up


async def seed_event(
    maker: async_sessionmaker[AsyncSession], *, capacity: int = CAPACITY, now: datetime
) -> tuple[int, str]:
    """A verified organiser's published, online gathering a day from ``now``."""
    suffix = secrets.token_hex(4)
    async with maker() as session:
        organiser = Account(
            email=f"race-{suffix}@example.org",
            display_name="Race organiser",
            role=Role.ORGANISER,
            organiser_status=OrganiserStatus.VERIFIED,
        )
        session.add(organiser)
        await session.flush()
        event = Event(
            slug=f"race-{suffix}",
            organiser_id=organiser.id,
            title="A gathering many want to join",
            summary="Small and calm.",
            expect_steps=["Arrive", "Talk", "Leave"],
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=1),
            timezone="Europe/London",
            attendance_mode=AttendanceMode.ONLINE,
            capacity=capacity,
            noise=Noise.QUIET,
            lighting=Lighting.SOFT,
            interaction=Interaction.OBSERVE,
            status=EventStatus.PUBLISHED,
        )
        session.add(event)
        await session.commit()
        return event.id, event.slug


def with_ally(index: int) -> bool:
    """Every second attempt brings an ally."""
    return index % 2 == 1


def rsvp_request(index: int) -> RsvpRequest:
    """Attempt ``index``: a pseudonym, and an ally for every second one."""
    ally = AllyRequest(name=f"Ally {index}") if with_ally(index) else None
    return RsvpRequest(details=RsvpDetails(pseudonym=f"Guest {index}"), ally=ally)


# ---------------------------------------------------------------------------
# Racing in-process: each attempt its own session, all released together


async def race_rsvps_in_process(
    maker: async_sessionmaker[AsyncSession], slug: str, *, attempts: int, now: datetime
) -> tuple[dict[int, str], list[int], list[str]]:
    """Every attempt at once. Returns manage tokens by RSVP id, the order in which the
    RSVPs were decided (recorded while each still held the lock), and any errors."""
    start = asyncio.Event()
    tokens: dict[int, str] = {}
    order: list[int] = []
    errors: list[str] = []

    async def attempt(index: int) -> None:
        await start.wait()
        try:
            async with maker() as session:
                created = await services.create_rsvp(
                    session, slug, rsvp_request(index), now=now, links=LINKS
                )
                order.append(created.rsvp.id)  # still under the lock: commit comes next
                await session.commit()
                tokens[created.rsvp.id] = created.manage_token
        except Exception as error:  # noqa: BLE001 - every failure is a finding to report
            errors.append(f"{type(error).__name__}: {error}")

    tasks = [asyncio.create_task(attempt(index)) for index in range(attempts)]
    await asyncio.sleep(0)  # let every task reach the starting line
    start.set()
    await asyncio.gather(*tasks)
    return tokens, order, errors


async def race_cancellations_in_process(
    maker: async_sessionmaker[AsyncSession], tokens: list[str], *, now: datetime
) -> tuple[list[int], list[str]]:
    """Cancel all at once; returns the order they were decided in, and any errors."""
    start = asyncio.Event()
    order: list[int] = []
    errors: list[str] = []

    async def cancel(token: str) -> None:
        await start.wait()
        try:
            async with maker() as session:
                rsvp = await services.cancel_rsvp(session, token, now=now, links=LINKS)
                order.append(rsvp.id)
                await session.commit()
        except Exception as error:  # noqa: BLE001
            errors.append(f"{type(error).__name__}: {error}")

    tasks = [asyncio.create_task(cancel(token)) for token in tokens]
    await asyncio.sleep(0)
    start.set()
    await asyncio.gather(*tasks)
    return order, errors


# ---------------------------------------------------------------------------
# Reading and checking


async def snapshot(maker: async_sessionmaker[AsyncSession], event_id: int) -> Snapshot:
    """The event and its RSVPs as committed."""
    async with maker() as session:
        event = await session.get_one(Event, event_id, populate_existing=True)
        rsvps = await session.scalars(
            select(Rsvp)
            .where(Rsvp.event_id == event_id)
            .order_by(Rsvp.id)
            .options(selectinload(Rsvp.allies))
        )
        rows = [Row(r.id, r.party_size, r.status, r.waitlist_position) for r in rsvps]
        return Snapshot(event.capacity, event.places_taken, rows)


def replay_arrivals(parties: list[tuple[int, int]], capacity: int) -> dict[int, RsvpStatus]:
    """What one-at-a-time processing in this order gives: a place if the party fits."""
    left = capacity
    result: dict[int, RsvpStatus] = {}
    for rsvp_id, party in parties:
        if party <= left:
            left -= party
            result[rsvp_id] = RsvpStatus.CONFIRMED
        else:
            result[rsvp_id] = RsvpStatus.WAITLISTED
    return result


def replay_cancellations(before: Snapshot, cancelled: list[int]) -> dict[int, RsvpStatus]:
    """Cancel in this order, filling from the waitlist after each, first that fits."""
    statuses = before.statuses()
    party = {row.id: row.party for row in before.rows}
    queue = [row.id for row in before.waitlisted]
    left = before.capacity - before.places_taken
    for rsvp_id in cancelled:
        if statuses[rsvp_id] is RsvpStatus.CONFIRMED:
            left += party[rsvp_id]
        statuses[rsvp_id] = RsvpStatus.CANCELLED
        queue = [item for item in queue if item != rsvp_id]
        for waiting in list(queue):
            if left == 0:
                break
            if party[waiting] <= left:
                left -= party[waiting]
                statuses[waiting] = RsvpStatus.CONFIRMED
                queue.remove(waiting)
    return statuses


def check_arrivals(after: Snapshot, order: list[int] | None) -> None:
    """Exactly the limit taken; the waitlist in arrival order; matches a serial replay.

    ``order`` is the decision order when known (in-process); otherwise the RSVP ids,
    which are assigned under the same lock."""
    problems: list[str] = []
    held = sum(row.party for row in after.confirmed)
    if after.places_taken != held or held != after.capacity:
        problems.append(f"places taken {after.places_taken}, held {held}, limit {after.capacity}")
    by_id = {row.id: row for row in after.rows}
    sequence = order or sorted(by_id)
    expected = replay_arrivals([(i, by_id[i].party) for i in sequence], after.capacity)
    if expected != after.statuses():
        problems.append("statuses differ from a one-at-a-time replay in arrival order")
    queue = [row.id for row in after.waitlisted]
    if queue != [i for i in sequence if by_id[i].status is RsvpStatus.WAITLISTED]:
        problems.append("waitlist is not in arrival order")
    positions = [row.waitlist_position for row in after.waitlisted]
    if positions != list(range(1, len(positions) + 1)):
        problems.append(f"waitlist positions are not 1..n: {positions[:10]}…")
    if problems:
        raise AssertionError("; ".join(problems))


def check_cancellations(before: Snapshot, after: Snapshot, order: list[int] | None) -> None:
    """The right people were promoted: exactly what a serial replay gives (in the recorded
    order, or, over HTTP, in some order of the same cancellations)."""
    cancelled = [row.id for row in after.rows if row.status is RsvpStatus.CANCELLED]
    if order is not None:
        candidates = [order]
    else:
        # The outcome depends only on the sequence of freed sizes; try each distinct one.
        party = {row.id: row.party for row in before.rows}
        by_size: dict[int, list[int]] = {}
        for rsvp_id in cancelled:
            by_size.setdefault(party[rsvp_id], []).append(rsvp_id)
        sizes = sorted(party[i] for i in cancelled)
        candidates = []
        for arrangement in set(itertools.permutations(sizes)):
            pools = {size: list(ids) for size, ids in by_size.items()}
            candidates.append([pools[size].pop() for size in arrangement])
    outcomes = [replay_cancellations(before, candidate) for candidate in candidates]
    if after.statuses() not in outcomes:
        msg = "promotions differ from every serial order of these cancellations"
        raise AssertionError(msg)
    held = sum(row.party for row in after.confirmed)
    if after.places_taken != held or held > after.capacity:
        msg = f"places taken {after.places_taken}, held {held}, limit {after.capacity}"
        raise AssertionError(msg)


def pick_cancellations(before: Snapshot, count: int = CANCELLATIONS) -> list[int]:
    """A mix of confirmed people with and without allies (the hard case)."""
    pairs = [row.id for row in before.confirmed if row.party == 2]
    singles = [row.id for row in before.confirmed if row.party == 1]
    mixed = [item for pair in itertools.zip_longest(pairs, singles) for item in pair if item]
    return mixed[:count]


# ---------------------------------------------------------------------------
# Whole runs


async def run_in_process(engine: AsyncEngine, database: str, *, now: datetime) -> Figures:
    """One full in-process run: 200 at once, then 10 cancellations at once."""
    maker = create_session_maker(engine)
    event_id, slug = await seed_event(maker, now=now)
    began = time.perf_counter()
    tokens, order, errors = await race_rsvps_in_process(maker, slug, attempts=ATTEMPTS, now=now)
    rsvp_seconds = time.perf_counter() - began
    before = await snapshot(maker, event_id)
    if not errors:
        check_arrivals(before, order)
    chosen = pick_cancellations(before)
    began = time.perf_counter()
    cancel_order, cancel_errors = await race_cancellations_in_process(
        maker, [tokens[i] for i in chosen], now=now
    )
    cancel_seconds = time.perf_counter() - began
    after = await snapshot(maker, event_id)
    if not errors and not cancel_errors:
        check_cancellations(before, after, cancel_order)
    return Figures(
        database=database,
        mode="in-process",
        attempts=ATTEMPTS,
        confirmed=len(before.confirmed),
        waitlisted=len(before.waitlisted),
        places_taken=before.places_taken,
        errors=errors + cancel_errors,
        rsvp_seconds=rsvp_seconds,
        cancel_seconds=cancel_seconds,
        promoted=len(after.confirmed) - len(before.confirmed) + len(chosen),
    )


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(database_url: str, *, workers: int, var_dir: Path) -> Iterator[str]:
    """``planner serve --workers N`` on the database; yields its base URL."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PLANNER_")}
    env.update(
        PLANNER_DATABASE_URL=database_url,
        PLANNER_VAR_DIR=str(var_dir),
        PLANNER_ALLOWED_HOSTS="127.0.0.1",
        PLANNER_BASE_URL=f"http://127.0.0.1:{port}",
        PLANNER_OUTBOX_WORKER="false",
        PYTHONUNBUFFERED="1",
    )
    log = var_dir / "server.log"
    var_dir.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as output:
        command = ["planner", "serve", "--host", "127.0.0.1", "--port", str(port)]
        process = subprocess.Popen(
            [sys.executable, "-m", *command, "--workers", str(workers)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                msg = f"planner serve did not start:\n{log.read_text(encoding='utf-8')[-3000:]}"
                raise RuntimeError(msg)
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


async def run_over_http(
    engine: AsyncEngine, base_url: str, *, now: datetime, database: str = "postgresql"
) -> Figures:
    """200 API RSVPs at once against the served app, then 10 API cancellations at once."""
    maker = create_session_maker(engine)
    event_id, slug = await seed_event(maker, now=now)
    limits = httpx.Limits(max_connections=ATTEMPTS, max_keepalive_connections=ATTEMPTS)
    errors: list[str] = []
    tokens: dict[int, str] = {}
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:

        async def attempt(index: int) -> None:
            body: dict[str, object] = {"pseudonym": f"Guest {index}"}
            if with_ally(index):
                body["ally"] = {"name": f"Ally {index}"}
            response = await client.post(f"/api/v1/events/{slug}/rsvps", json=body)
            if response.status_code != 201:
                errors.append(f"{response.status_code}: {response.text[:200]}")
                return
            tokens[len(tokens)] = response.json()["manage_token"]

        began = time.perf_counter()
        await asyncio.gather(*(attempt(index) for index in range(ATTEMPTS)))
        rsvp_seconds = time.perf_counter() - began
        before = await snapshot(maker, event_id)
        if not errors:
            check_arrivals(before, None)
        by_hash = await _ids_by_token(maker, list(tokens.values()))
        chosen = set(pick_cancellations(before))
        to_cancel = [token for token, rsvp_id in by_hash.items() if rsvp_id in chosen]

        async def cancel(token: str) -> None:
            response = await client.post(f"/api/v1/rsvps/{token}/cancel")
            if response.status_code != 200:
                errors.append(f"{response.status_code}: {response.text[:200]}")

        began = time.perf_counter()
        await asyncio.gather(*(cancel(token) for token in to_cancel))
        cancel_seconds = time.perf_counter() - began
    after = await snapshot(maker, event_id)
    if not errors:
        check_cancellations(before, after, None)
    return Figures(
        database=database,
        mode="HTTP, 3 workers",
        attempts=ATTEMPTS,
        confirmed=len(before.confirmed),
        waitlisted=len(before.waitlisted),
        places_taken=before.places_taken,
        errors=errors,
        rsvp_seconds=rsvp_seconds,
        cancel_seconds=cancel_seconds,
        promoted=len(after.confirmed) - len(before.confirmed) + len(to_cancel),
    )


async def _ids_by_token(
    maker: async_sessionmaker[AsyncSession], tokens: list[str]
) -> dict[str, int]:
    from planner.rsvps.tokens import hash_token  # noqa: PLC0415

    hashes = {hash_token(token): token for token in tokens}
    async with maker() as session:
        rows = await session.execute(
            select(Rsvp.manage_token_hash, Rsvp.id).where(Rsvp.manage_token_hash.in_(hashes))
        )
        return {hashes[token_hash]: rsvp_id for token_hash, rsvp_id in rows}


# ---------------------------------------------------------------------------
# Fresh databases for the script


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_postgres(admin_url: str = POSTGRES_URL) -> AsyncIterator[str]:
    """A new, migrated PostgreSQL database, dropped afterwards."""
    name = f"stepwise_race_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(_asyncpg_dsn(admin_url), timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        admin = await asyncpg.connect(_asyncpg_dsn(admin_url), timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def machine_line() -> str:
    """Where the figures were measured."""
    return (
        f"{platform.node()}: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


async def main_async(rounds: int) -> int:
    """Run every mode ``rounds`` times and print the figures."""
    now = datetime.now(UTC)
    failures = 0
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / 'race.db'}"
        await asyncio.to_thread(upgrade, sqlite_url)
        engine = create_engine(sqlite_url)
        try:
            for _ in range(rounds):
                figures = await run_in_process(engine, "sqlite", now=now)
                failures += bool(figures.errors)
                print(figures.line(), flush=True)
        finally:
            await engine.dispose()

        async with fresh_postgres() as postgres_url:
            engine = create_engine(postgres_url, pool_size=20)
            try:
                for _ in range(rounds):
                    figures = await run_in_process(engine, "postgresql", now=now)
                    failures += bool(figures.errors)
                    print(figures.line(), flush=True)
                with served(postgres_url, workers=3, var_dir=Path(folder) / "var") as base_url:
                    for _ in range(rounds):
                        figures = await run_over_http(engine, base_url, now=now)
                        failures += bool(figures.errors)
                        print(figures.line(), flush=True)
            finally:
                await engine.dispose()
    print("all rounds matched a one-at-a-time replay" if not failures else f"{failures} failed")
    return 1 if failures else 0


def main() -> int:
    """Command line: ``python -m bench.rsvp_concurrency [--rounds N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5, help="repeat each mode this often")
    args = parser.parse_args()
    return asyncio.run(main_async(args.rounds))


if __name__ == "__main__":
    raise SystemExit(main())
