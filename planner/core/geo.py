"""Distances and bounding boxes on the globe.

A distance search first narrows rows with a latitude/longitude box that an index
can answer, then measures the exact distance of the few candidates left. The box
must never be too small: near a pole it widens to every longitude, and across the
antimeridian (±180°) it becomes two longitude ranges.

Exact distances use geopy's ``great_circle`` (a sphere): it is about fifteen times
cheaper than ``geodesic`` (an ellipsoid) and within 0.5 % of it, far below what
matters for "how far is this gathering".
"""

from __future__ import annotations

from dataclasses import dataclass
from math import asin, cos, degrees, radians, sin
from typing import Final

from geopy.distance import EARTH_RADIUS, great_circle

EARTH_RADIUS_KM: Final[float] = float(EARTH_RADIUS)
"""The mean radius geopy's ``great_circle`` uses, so box and distance agree."""

# A hair of slack so a point exactly on the circle is never cut by rounding.
_SLACK: Final = 1.000001


@dataclass(frozen=True, slots=True)
class Point:
    """A place on Earth, in decimal degrees (WGS 84)."""

    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """Every point within some distance of a centre lies inside this box.

    ``west > east`` means the box crosses the antimeridian; :meth:`longitude_ranges`
    splits it into the two ranges a ``BETWEEN`` can express.
    """

    south: float
    north: float
    west: float
    east: float

    @property
    def crosses_antimeridian(self) -> bool:
        """True when the box wraps from +180° to -180°."""
        return self.west > self.east

    def longitude_ranges(self) -> list[tuple[float, float]]:
        """One ``(low, high)`` range, or two when the box crosses the antimeridian."""
        if self.crosses_antimeridian:
            return [(self.west, 180.0), (-180.0, self.east)]
        return [(self.west, self.east)]

    def contains(self, point: Point) -> bool:
        """True when ``point`` lies inside the box (edges included)."""
        if not self.south <= point.latitude <= self.north:
            return False
        return any(low <= point.longitude <= high for low, high in self.longitude_ranges())


def bounding_box(centre: Point, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding every point within ``radius_km``.

    Uses the spherical formulas of J. P. Matuschek, "Finding Points Within a
    Distance of a Latitude/Longitude Using Bounding Coordinates": the longitude
    half-width is ``asin(sin(r) / cos(lat))``, which is wider than ``r / cos(lat)``
    away from the equator, so no point on the circle's edge is lost.
    """
    if radius_km < 0:
        msg = "radius_km must not be negative"
        raise ValueError(msg)
    angular = radius_km * _SLACK / EARTH_RADIUS_KM  # radians
    lat = radians(centre.latitude)
    south, north = lat - angular, lat + angular
    if north >= radians(90) or south <= radians(-90):
        # The circle holds a pole: every longitude is in reach.
        return BoundingBox(
            south=max(degrees(south), -90.0),
            north=min(degrees(north), 90.0),
            west=-180.0,
            east=180.0,
        )
    ratio = sin(angular) / cos(lat)
    if ratio >= 1:
        return BoundingBox(degrees(south), degrees(north), -180.0, 180.0)
    half_width = degrees(asin(ratio))
    west, east = centre.longitude - half_width, centre.longitude + half_width
    if west < -180.0:
        west += 360.0
    if east > 180.0:
        east -= 360.0
    return BoundingBox(south=degrees(south), north=degrees(north), west=west, east=east)


def distance_km(origin: Point, other: Point) -> float:
    """Great-circle distance in kilometres."""
    return float(
        great_circle(
            (origin.latitude, origin.longitude), (other.latitude, other.longitude)
        ).kilometers
    )
