"""The offline gazetteer: exact, case- and accent-insensitive names, "City, Country",
the most populous match first, and suggestions for what it does not know."""

from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from planner.core.geocoding import OfflineGazetteer, normalise_place_name


@pytest.fixture(scope="module")
def gazetteer() -> OfflineGazetteer:
    loaded = OfflineGazetteer()
    loaded.load()
    return loaded


def labels(gazetteer: OfflineGazetteer, query: str) -> list[str]:
    return [city.label for city in gazetteer.find_cities(query)]


def test_is_a_geopy_geocoder(gazetteer: OfflineGazetteer) -> None:
    assert isinstance(gazetteer, Geocoder)
    location = gazetteer.geocode("Leeds")
    assert isinstance(location, Location)
    assert location.address == "Leeds, United Kingdom"
    assert location.latitude == pytest.approx(53.80, abs=0.05)
    assert location.longitude == pytest.approx(-1.55, abs=0.05)


@pytest.mark.parametrize("query", ["Leeds", "leeds", "  LEEDS ", "Leeds, UK", "leeds, gb"])
def test_case_and_spacing_do_not_matter(gazetteer: OfflineGazetteer, query: str) -> None:
    assert labels(gazetteer, query)[0] == "Leeds, United Kingdom"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zürich", "Zürich, Switzerland"),
        ("Zurich", "Zürich, Switzerland"),
        ("ZÜRICH", "Zürich, Switzerland"),
        ("Sao Paulo", "São Paulo, Brazil"),
        ("Munich", "Munich, Germany"),
        ("München", "Munich, Germany"),
        ("Cologne", "Köln, Germany"),
        ("St. Albans", "St Albans, United Kingdom"),
    ],
)
def test_accents_and_alternate_names(
    gazetteer: OfflineGazetteer, query: str, expected: str
) -> None:
    assert labels(gazetteer, query)[0] == expected


def test_ambiguous_names_come_most_populous_first(gazetteer: OfflineGazetteer) -> None:
    found = gazetteer.find_cities("London")
    assert [city.label for city in found[:2]] == ["London, United Kingdom", "London, Canada"]
    assert found[0].population > found[1].population
    populations = [city.population for city in gazetteer.find_cities("Springfield")]
    assert len(populations) > 3
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize("country", ["Canada", "CA", "canada"])
def test_city_comma_country_disambiguates(gazetteer: OfflineGazetteer, country: str) -> None:
    assert labels(gazetteer, f"London, {country}") == ["London, Canada"]


def test_geocode_many_returns_every_match(gazetteer: OfflineGazetteer) -> None:
    many = gazetteer.geocode("London", exactly_one=False)
    assert isinstance(many, list)
    assert len(many) >= 2


@pytest.mark.parametrize("query", ["Nowhereville", "Leeds, Narnia", "", "   ", ",", "Lee"])
def test_unknown_places_find_nothing(gazetteer: OfflineGazetteer, query: str) -> None:
    assert gazetteer.geocode(query) is None
    assert gazetteer.find_cities(query) == []


def test_misspelt_places_get_suggestions(gazetteer: OfflineGazetteer) -> None:
    assert "Leeds, United Kingdom" in gazetteer.suggest("Leedz")
    assert "Manchester, United Kingdom" in gazetteer.suggest("Manchestre")
    assert gazetteer.suggest("Qqqqxx") == []
    assert gazetteer.suggest("") == []


def test_normalise_place_name() -> None:
    assert normalise_place_name("  Saint-Étienne ") == "saint etienne"
    assert normalise_place_name("St. Albans") == "st albans"
