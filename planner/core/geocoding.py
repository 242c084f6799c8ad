"""Turning a typed place name ("Leeds", "London, Canada") into coordinates.

Two geopy geocoders, chosen by ``PLANNER_GEOCODER``:

- ``offline`` (default): :class:`OfflineGazetteer`, a geopy ``Geocoder`` over the
  GeoNames cities with 15,000+ inhabitants shipped in ``planner/core/data``. No
  network, no keys, the same answer every time.
- ``nominatim``: geopy's ``Nominatim`` with our user agent, never more than one
  request a second (geopy's ``RateLimiter``), answers cached in the database
  (``geocode_cache``) so a popular place is asked for once.

:class:`PlaceFinder` is what the app calls: it picks the geocoder, keeps the cache,
and always answers with a :class:`PlaceLookup`, never an exception, so an unknown
place or an unreachable service becomes a kind message, not an error page.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

import anyio.to_thread
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from sqlalchemy import JSON, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.clock import Clock
from planner.core.db import Base, DateTimeUTC, begin_write
from planner.core.geo import Point

logger = logging.getLogger(__name__)

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
CITIES_FILE: Final = DATA_DIR / "cities15000.csv.gz"
COUNTRIES_FILE: Final = DATA_DIR / "countries.csv.gz"
MAX_QUERY_LENGTH: Final = 120
MAX_ALTERNATIVES: Final = 4
NOMINATIM_MIN_DELAY_S: Final = 1.0
"""Nominatim's usage policy: at most one request per second."""
NEGATIVE_CACHE: Final = timedelta(days=1)
"""An unknown name is asked again after a day (the map may have learnt it)."""

_NOT_WORD: Final = re.compile(r"[^\w]+")


def normalise_place_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Zürich" and "ZURICH" → "zurich"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", stripped.casefold()).split()).replace("_", " ")


@dataclass(frozen=True, slots=True)
class City:
    """One gazetteer row."""

    name: str
    country_code: str
    country_name: str
    latitude: float
    longitude: float
    population: int

    @property
    def label(self) -> str:
        """ "Leeds, United Kingdom": what we show, and a query that finds this city again."""
        return f"{self.name}, {self.country_name}"


@dataclass(slots=True)
class _GazetteerData:
    cities: list[City]
    # name key → index into ``cities`` (most names name one city), or the indexes,
    # most populous first (the file is in that order). Plain ints keep the ~120,000
    # names small: every worker process holds them.
    by_name: dict[str, int | tuple[int, ...]]
    countries: dict[str, str]  # normalised name or alias → ISO code
    # first letter → distinct primary names, for "did you mean" suggestions.
    names_by_initial: dict[str, list[str]]


class OfflineGazetteer(Geocoder):  # type: ignore[misc]
    """A geopy geocoder that answers from the shipped GeoNames file, offline.

    Matches whole names (the city's name, its ASCII spelling or a Latin-script
    alternate name) ignoring case, accents and punctuation; "Name, Country"
    narrows to one country (by name, ISO code or a common alias like "UK").
    Several matches come most populous first. The file is read on first use.
    """

    def __init__(
        self, cities_file: Path = CITIES_FILE, countries_file: Path = COUNTRIES_FILE
    ) -> None:
        super().__init__(user_agent="stepwise-offline-gazetteer")
        self._cities_file = cities_file
        self._countries_file = countries_file
        self._data: _GazetteerData | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """True once the file has been read."""
        return self._data is not None

    def load(self) -> None:
        """Read the file now (it is read on first use otherwise)."""
        self._ensure_loaded()

    def _ensure_loaded(self) -> _GazetteerData:
        if self._data is None:
            with self._lock:
                if self._data is None:
                    self._data = _read_gazetteer(self._cities_file, self._countries_file)
        return self._data

    def geocode(
        self, query: str, *, exactly_one: bool = True, limit: int | None = None, **_: Any
    ) -> Location | list[Location] | None:
        """Find a city; ``None`` when nothing matches (geopy's convention)."""
        matches = [
            _location(city) for city in self.find_cities(query, limit=1 if exactly_one else limit)
        ]
        if not matches:
            return None
        return matches[0] if exactly_one else matches

    def find_cities(self, query: str, *, limit: int | None = None) -> list[City]:
        """Every city the query names, most populous first."""
        data = self._ensure_loaded()
        name_part, _, country_part = query.rpartition(",")
        if not name_part:
            name_part, country_part = country_part, ""
        key = normalise_place_name(name_part)
        found_at = data.by_name.get(key, ())
        indexes = (found_at,) if isinstance(found_at, int) else found_at
        if country_part.strip():
            code = data.countries.get(normalise_place_name(country_part))
            if code is None:
                return []
            indexes = tuple(index for index in indexes if data.cities[index].country_code == code)
        found = [data.cities[index] for index in indexes]
        return found[:limit] if limit else found

    def suggest(self, query: str, *, limit: int = 3) -> list[str]:
        """Labels of cities whose names look like the query, for "did you mean…"."""
        data = self._ensure_loaded()
        key = normalise_place_name(query.rpartition(",")[0] or query)
        if not key:
            return []
        pool = data.names_by_initial.get(key[0], [])
        close = difflib.get_close_matches(key, pool, n=limit, cutoff=0.75)
        return [data.cities[_first(data.by_name[name])].label for name in close]


SHARED_GAZETTEER: Final = OfflineGazetteer()
"""One gazetteer per process, shared by every app built in it: the data is read-only,
so sharing is always correct, and it is read (about a second, ~50 MB) only once."""


def _first(found_at: int | tuple[int, ...]) -> int:
    return found_at if isinstance(found_at, int) else found_at[0]


def _location(city: City) -> Location:
    return Location(
        city.label,
        (city.latitude, city.longitude),
        {"name": city.name, "country": city.country_code, "population": city.population},
    )


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rb") as handle:
        yield from csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))


def _read_gazetteer(cities_file: Path, countries_file: Path) -> _GazetteerData:
    country_names: dict[str, str] = {}
    countries: dict[str, str] = {}
    for row in _read_csv(countries_file):
        code = row["code"]
        country_names[code] = row["name"]
        for name in [code, row["name"], *filter(None, row["aliases"].split("|"))]:
            countries.setdefault(normalise_place_name(name), code)
    cities: list[City] = []
    by_name: dict[str, int | tuple[int, ...]] = {}
    for position, row in enumerate(_read_csv(cities_file)):
        code = row["country"]
        cities.append(
            City(
                name=row["name"],
                country_code=code,
                country_name=country_names.get(code, code),
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                population=int(row["population"]),
            )
        )
        names = [row["name"], row["ascii_name"], *filter(None, row["alternate_names"].split("|"))]
        for key in {normalise_place_name(name) for name in names}:
            if key:
                # Built in place (no second dict of lists), so reading the file peaks
                # little above what is kept.
                earlier = by_name.get(key)
                if earlier is None:
                    by_name[key] = position
                elif isinstance(earlier, int):
                    by_name[key] = (earlier, position)
                else:
                    by_name[key] = (*earlier, position)
    initials: dict[str, set[str]] = {}
    for city in cities:
        key = normalise_place_name(city.name)
        if key:
            initials.setdefault(key[0], set()).add(key)
    return _GazetteerData(
        cities=cities,
        by_name=by_name,
        countries=countries,
        names_by_initial={letter: sorted(names) for letter, names in initials.items()},
    )


class GeocodeCacheEntry(Base):
    """A remote geocoder's answer, kept so each place name is asked for once."""

    __tablename__ = "geocode_cache"

    provider: Mapped[str] = mapped_column(String(20), primary_key=True)
    query_key: Mapped[str] = mapped_column(String(MAX_QUERY_LENGTH), primary_key=True)
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


@dataclass(frozen=True, slots=True)
class Place:
    """A place a person named, where we found it."""

    label: str
    point: Point


@dataclass(frozen=True, slots=True)
class PlaceLookup:
    """What a lookup found: a place (and other places with that name), or why not."""

    query: str
    place: Place | None = None
    alternatives: tuple[Place, ...] = ()
    suggestions: tuple[str, ...] = ()
    unavailable: bool = False

    @property
    def found(self) -> bool:
        """True when the name was understood."""
        return self.place is not None


@dataclass
class PlaceFinder:
    """Looks place names up with the configured geocoder; never raises for bad input."""

    geocoder: Geocoder
    gazetteer: OfflineGazetteer
    clock: Clock
    provider: str = "offline"
    cache_days: int = 30
    _limited: Callable[..., Any] | None = field(default=None, repr=False)

    @classmethod
    def offline(cls, clock: Clock, gazetteer: OfflineGazetteer | None = None) -> PlaceFinder:
        """The default: the shipped gazetteer, nothing leaves the machine."""
        shared = gazetteer or SHARED_GAZETTEER
        return cls(geocoder=shared, gazetteer=shared, clock=clock)

    @classmethod
    def nominatim(
        cls,
        clock: Clock,
        *,
        url: str,
        user_agent: str,
        cache_days: int,
        timeout_s: float = 5.0,
        gazetteer: OfflineGazetteer | None = None,
    ) -> PlaceFinder:
        """geopy's Nominatim at ``url``, rate limited to one request a second."""
        scheme, _, domain = url.partition("://")
        geocoder = Nominatim(
            domain=domain.rstrip("/"), scheme=scheme, user_agent=user_agent, timeout=timeout_s
        )
        # One limiter per process, shared by every request (its lock is thread-safe);
        # errors are not retried here: the person gets an answer now, not in 10 s.
        limited = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=NOMINATIM_MIN_DELAY_S,
            max_retries=0,
            swallow_exceptions=False,
        )
        return cls(
            geocoder=geocoder,
            gazetteer=gazetteer or SHARED_GAZETTEER,
            clock=clock,
            provider="nominatim",
            cache_days=cache_days,
            _limited=limited,
        )

    async def find(self, session: AsyncSession, query: str) -> PlaceLookup:
        """Look ``query`` up; an unknown place comes back with suggestions."""
        query = " ".join(query.split())[:MAX_QUERY_LENGTH]
        if not normalise_place_name(query):
            return PlaceLookup(query=query)
        if self._limited is None:
            if not self.gazetteer.loaded:
                await anyio.to_thread.run_sync(self.gazetteer.load)
            cities = self.gazetteer.find_cities(query, limit=MAX_ALTERNATIVES + 1)
            results: list[dict[str, Any]] = [
                {"label": city.label, "latitude": city.latitude, "longitude": city.longitude}
                for city in cities
            ]
        else:
            cached = await self._cached(session, query)
            if cached is not None:
                results = cached
            else:
                try:
                    results = await anyio.to_thread.run_sync(self._ask_remote, query)
                except GeopyError as error:
                    logger.warning("geocoder %s failed: %s", self.provider, type(error).__name__)
                    return PlaceLookup(query=query, unavailable=True)
                await self._remember(session, query, results)
        places = list(
            {
                item["label"]: Place(
                    item["label"], Point(float(item["latitude"]), float(item["longitude"]))
                )
                # Reversed, so the first (most populous) place of a label is the one kept.
                for item in reversed(results)
            }.values()
        )[::-1]
        if places:
            return PlaceLookup(query=query, place=places[0], alternatives=tuple(places[1:]))
        if not self.gazetteer.loaded:
            await anyio.to_thread.run_sync(self.gazetteer.load)
        return PlaceLookup(query=query, suggestions=tuple(self.gazetteer.suggest(query)))

    def _ask_remote(self, query: str) -> list[dict[str, Any]]:
        assert self._limited is not None
        answer = self._limited(query, exactly_one=False, limit=MAX_ALTERNATIVES + 1)
        return [
            {"label": item.address, "latitude": item.latitude, "longitude": item.longitude}
            for item in answer or []
        ]

    async def _cached(self, session: AsyncSession, query: str) -> list[dict[str, Any]] | None:
        entry = await session.get(
            GeocodeCacheEntry, (self.provider, normalise_place_name(query)[:MAX_QUERY_LENGTH])
        )
        if entry is None:
            return None
        age = self.clock.now() - entry.created_at
        if age > (timedelta(days=self.cache_days) if entry.results else NEGATIVE_CACHE):
            return None
        return entry.results

    async def _remember(
        self, session: AsyncSession, query: str, results: list[dict[str, Any]]
    ) -> None:
        # Its own short write transaction: the request's session is a reader, and on
        # SQLite a reader that starts writing can fail if someone else wrote meanwhile.
        bind = session.bind
        async with AsyncSession(bind=bind, expire_on_commit=False) as writer:
            await begin_write(writer)
            key = normalise_place_name(query)[:MAX_QUERY_LENGTH]
            entry = await writer.get(GeocodeCacheEntry, (self.provider, key))
            if entry is None:
                writer.add(
                    GeocodeCacheEntry(
                        provider=self.provider,
                        query_key=key,
                        results=results,
                        created_at=self.clock.now(),
                    )
                )
            else:
                entry.results = results
                entry.created_at = self.clock.now()
            try:
                await writer.commit()
            except IntegrityError:  # another request stored the same answer first
                await writer.rollback()
