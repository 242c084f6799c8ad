"""A real-sized dataset for the benchmark: 100,000 gatherings at 5,000 venues in 500 real
cities, with the tag vocabulary, on SQLite or PostgreSQL.

    python -m bench.dataset sqlite+aiosqlite:///var/bench.db --events 100000

Cities are the 500 most populous in Great Britain from the shipped GeoNames
gazetteer; venues are spread over them by the square root of population (London
gets the most, but not all) and scattered a few kilometres around each centre.
80 % of gatherings are in the next six months, the rest in the past year. Every
value is drawn from a seeded generator, so the same arguments give the same rows.

200,000 guest RSVPs are spread over the gatherings: confirmed while places
remain, then waitlisted, with ``places_taken`` kept as the RSVP service keeps it.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gzip
import io
import math
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection

from planner.accounts.models import Account, OrganiserStatus, Role
from planner.core.db import create_engine, is_sqlite
from planner.core.geocoding import CITIES_FILE
from planner.core.migrations import upgrade
from planner.core.tokens import hash_token
from planner.events.comfort import ComfortInputs, Interaction, Noise, assess_comfort
from planner.events.models import AttendanceMode, Event, EventStatus, Lighting
from planner.events.tags import DERIVED_TAGS
from planner.rsvps.models import Rsvp, RsvpStatus
from planner.tags.models import AccessibilityTag, event_tags, venue_tags
from planner.venues.models import Venue

BATCH = 5_000
COUNTRY = "GB"
TITLES = (
    "Quiet crafting",
    "Board games, gently",
    "Walk and talk",
    "Reading circle",
    "Tea and a puzzle",
    "Drawing together",
    "Garden hour",
    "Peer support circle",
    "Museum slow looking",
    "Knit and natter",
    "Film, then optional chat",
    "Mindful cooking",
)
SUMMARY = "A small, predictable gathering: what happens, in order, is written below."
STEPS = ["Arrive when you like", "A short, structured activity", "Leave whenever you need to"]


@dataclass(frozen=True, slots=True)
class City:
    """A real city the generator places venues around."""

    name: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    """What was generated."""

    events: int
    venues: int
    cities: int
    organisers: int
    event_tags: int
    rsvps: int
    seconds: float


class Progress:
    """A plain progress bar on stderr (no dependency, works in any terminal or log)."""

    def __init__(self, label: str, total: int, *, enabled: bool = True) -> None:
        self.label, self.total, self.enabled = label, total, enabled
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        """Record ``count`` more rows and redraw."""
        self.done += count
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r  {self.label:<11} [{'#' * filled}{'.' * (width - filled)}]"
            f" {self.done:>7,}/{self.total:,}  {elapsed:5.1f} s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def load_cities(count: int, country: str = COUNTRY) -> list[City]:
    """The ``count`` most populous cities of ``country`` from the shipped gazetteer."""
    with gzip.open(CITIES_FILE, "rb") as handle:
        rows = [
            row
            for row in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
            if row["country"] == country
        ]
    return [
        City(row["name"], float(row["latitude"]), float(row["longitude"]), int(row["population"]))
        for row in rows[:count]
    ]


def _scatter(rng: random.Random, city: City, spread_km: float = 3.0) -> tuple[float, float]:
    """A point a few kilometres from the centre (normal, ~``spread_km``)."""
    north = rng.gauss(0, spread_km) / 111.2
    east = rng.gauss(0, spread_km) / (111.2 * math.cos(math.radians(city.latitude)))
    return round(city.latitude + north, 5), round(city.longitude + east, 5)


async def _insert(
    connection: AsyncConnection, table: Any, rows: Sequence[dict[str, Any]], progress: Progress
) -> None:
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        await connection.execute(insert(table), list(chunk))
        progress.advance(len(chunk))


async def generate_rsvps(
    connection: AsyncConnection,
    capacities: Sequence[int],
    count: int,
    *,
    rng: random.Random,
    now: datetime,
    progress: bool,
) -> int:
    """Add ``count`` guest RSVPs spread over the events (``capacities[i]`` is event
    ``i + 1``'s limit): confirmed while places remain, then waitlisted in order;
    ``places_taken`` is then set from the rows, as the RSVP service keeps it."""
    taken = [0] * len(capacities)
    waiting = [0] * len(capacities)
    rows: list[dict[str, Any]] = []
    for number in range(count):
        index = rng.randrange(len(capacities))
        confirmed = taken[index] < capacities[index]
        if confirmed:
            taken[index] += 1
        else:
            waiting[index] += 1
        rows.append(
            {
                "event_id": index + 1,
                "pseudonym": f"Guest {number}",
                "status": RsvpStatus.CONFIRMED.value if confirmed else RsvpStatus.WAITLISTED.value,
                "waitlist_position": None if confirmed else waiting[index],
                "access_needs": "A seat near the door" if number % 7 == 0 else "",
                "may_leave_early": number % 5 == 0,
                "manage_token_hash": hash_token(f"bench-{number}"),
                "created_at": now,
                "updated_at": now,
            }
        )
    await _insert(connection, Rsvp.__table__, rows, Progress("rsvps", len(rows), enabled=progress))
    await connection.execute(
        text(
            "UPDATE events SET places_taken = (SELECT count(*) FROM rsvps"
            " WHERE rsvps.event_id = events.id AND rsvps.status = 'confirmed')"
        )
    )
    return len(rows)


async def generate(
    url: str,
    *,
    events: int = 100_000,
    venues: int = 5_000,
    cities: int = 500,
    organisers: int = 200,
    rsvps: int = 200_000,
    now: datetime | None = None,
    seed: int = 6,
    progress: bool = True,
) -> DatasetSummary:
    """Migrate an empty database at ``url`` and fill it."""
    started = time.monotonic()
    await asyncio.to_thread(upgrade, url)
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
    places = load_cities(cities)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            tag_keys = [
                key
                for (key,) in await connection.execute(
                    text(f"SELECT key FROM {AccessibilityTag.__tablename__} ORDER BY position")
                )
                if key not in DERIVED_TAGS
            ]
            stamp = {"created_at": now, "updated_at": now}
            account_rows = [
                {
                    "id": number,
                    "email": f"organiser{number}@bench.example.org",
                    "display_name": f"Bench group {number}",
                    "password_hash": None,
                    "role": Role.ORGANISER,
                    # A few pending organisers, whose gatherings must stay hidden.
                    "organiser_status": OrganiserStatus.PENDING
                    if number % 40 == 0
                    else OrganiserStatus.VERIFIED,
                    **stamp,
                }
                for number in range(1, organisers + 1)
            ]
            weights = [math.sqrt(city.population) for city in places]
            venue_rows: list[dict[str, Any]] = []
            venue_tag_rows: list[dict[str, Any]] = []
            for number in range(1, venues + 1):
                # Every city gets a venue first; the rest follow population.
                city = (
                    places[number - 1] if number <= len(places) else rng.choices(places, weights)[0]
                )
                latitude, longitude = _scatter(rng, city)
                venue_rows.append(
                    {
                        "id": number,
                        "organiser_id": rng.randint(1, organisers),
                        "name": f"{city.name} venue {number}",
                        "address": f"{number} High Street, {city.name}",
                        "city": city.name,
                        "latitude": latitude,
                        "longitude": longitude,
                        "quiet_room_description": "",
                        "exits_description": "The way out is the door you came in by.",
                        "transit_notes": "",
                        "parking_notes": "",
                        "archived_at": None,
                        **stamp,
                    }
                )
                venue_tag_rows.extend(
                    {"venue_id": number, "tag_key": key}
                    for key in rng.sample(tag_keys, rng.randint(0, 4))
                )
            event_rows: list[dict[str, Any]] = []
            event_tag_rows: list[dict[str, Any]] = []
            for number in range(1, events + 1):
                mode = rng.choices(
                    [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE, AttendanceMode.HYBRID],
                    [75, 15, 10],
                )[0]
                if rng.random() < 0.8:
                    start = now + timedelta(hours=rng.randint(1, 180 * 24))
                else:
                    start = now - timedelta(hours=rng.randint(1, 365 * 24))
                minutes = rng.choice([45, 60, 60, 90, 90, 120, 180, 240, 300])
                capacity = rng.choice([3, 4, 6, 8, 8, 10, 12, 15, 20, 30, 50])
                noise = rng.choices(list(Noise), [35, 40, 15, 10])[0]
                interaction = rng.choices(list(Interaction), [35, 35, 20, 10])[0]
                facts = {
                    "scheduled_breaks": rng.random() < 0.5,
                    "quiet_room": rng.random() < 0.4,
                    "come_and_go": rng.random() < 0.4,
                }
                level = assess_comfort(
                    ComfortInputs(
                        capacity=capacity,
                        noise=noise,
                        duration_minutes=minutes,
                        interaction=interaction,
                        online_only=mode is AttendanceMode.ONLINE,
                        **facts,
                    )
                ).level
                event_rows.append(
                    {
                        "id": number,
                        "slug": f"{TITLES[number % len(TITLES)].lower().replace(' ', '-')}"
                        f"-{number}".replace(",", ""),
                        "organiser_id": rng.randint(1, organisers),
                        "venue_id": None
                        if mode is AttendanceMode.ONLINE
                        else rng.randint(1, venues),
                        "title": TITLES[number % len(TITLES)],
                        "summary": SUMMARY,
                        "description": "",
                        "expect_steps": STEPS,
                        "starts_at": start,
                        "ends_at": start + timedelta(minutes=minutes),
                        "timezone": "Europe/London",
                        "attendance_mode": mode,
                        "online_url": None
                        if mode is AttendanceMode.IN_PERSON
                        else "https://meet.example.org/room",
                        "capacity": capacity,
                        "noise": noise,
                        "lighting": rng.choice(list(Lighting)),
                        "interaction": interaction,
                        "break_notes": "",
                        "exit_no_goodbye_needed": True,
                        "exit_contact": "",
                        "exit_plan": "",
                        "content_notes": "",
                        "allies_welcome": rng.random() < 0.8,
                        "status": rng.choices(
                            [EventStatus.PUBLISHED, EventStatus.DRAFT, EventStatus.CANCELLED],
                            [94, 3, 3],
                        )[0],
                        "sequence": 0,
                        "comfort_level": int(level),
                        **facts,
                        **stamp,
                    }
                )
                event_tag_rows.extend(
                    {"event_id": number, "tag_key": key}
                    for key in rng.sample(tag_keys, rng.randint(0, 3))
                )
            show = progress
            for label, table, rows in [
                ("organisers", Account.__table__, account_rows),
                ("venues", Venue.__table__, venue_rows),
                ("venue tags", venue_tags, venue_tag_rows),
                ("events", Event.__table__, event_rows),
                ("event tags", event_tags, event_tag_rows),
            ]:
                await _insert(connection, table, rows, Progress(label, len(rows), enabled=show))
            rsvp_count = await generate_rsvps(
                connection,
                [row["capacity"] for row in event_rows],
                rsvps,
                rng=rng,
                now=now,
                progress=show,
            )
            if not is_sqlite(url):
                for name in ("accounts", "venues", "events"):
                    await connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"(SELECT max(id) FROM {name}))"
                        )
                    )
        # Fresh statistics, as a production database would have after autovacuum:
        # without them the planners guess row counts and may pick the wrong index.
        async with engine.connect() as connection:
            if is_sqlite(url):
                await connection.execute(text("ANALYZE"))
                await connection.commit()
            else:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("VACUUM ANALYZE"))
    finally:
        await engine.dispose()
    return DatasetSummary(
        events=len(event_rows),
        venues=len(venue_rows),
        cities=len(places),
        organisers=len(account_rows),
        event_tags=len(event_tag_rows),
        rsvps=rsvp_count,
        seconds=time.monotonic() - started,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Generate a dataset into the database URL given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("url", help="SQLAlchemy URL of an empty database")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--venues", type=int, default=5_000)
    parser.add_argument("--cities", type=int, default=500)
    args = parser.parse_args(argv)
    summary = asyncio.run(
        generate(args.url, events=args.events, venues=args.venues, cities=args.cities)
    )
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
