"""Bounding boxes and distances: the box must hold every point of the circle, near the
poles and across the antimeridian too."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle

from planner.core.geo import BoundingBox, Point, bounding_box, distance_km

LEEDS = Point(53.7965, -1.5478)
MANCHESTER = Point(53.4808, -2.2426)


def circle(centre: Point, radius_km: float, steps: int = 360) -> list[Point]:
    """Points on the circle of ``radius_km`` around ``centre``, every degree of bearing."""
    return [
        Point(
            *great_circle(kilometers=radius_km).destination(
                (centre.latitude, centre.longitude), bearing
            )[:2]
        )
        for bearing in range(0, 360, 360 // steps)
    ]


def test_distance_leeds_to_manchester_is_about_58_km() -> None:
    assert distance_km(LEEDS, MANCHESTER) == pytest.approx(58.1, abs=0.5)
    assert distance_km(LEEDS, LEEDS) == 0


@pytest.mark.parametrize(
    ("centre", "radius_km"),
    [
        (LEEDS, 25),
        (Point(0, 0), 100),
        (Point(-33.87, 151.21), 50),  # Sydney
        (Point(78.22, 15.65), 300),  # Longyearbyen: high latitude widens the box
        (Point(-77.85, 166.67), 200),  # McMurdo
    ],
)
def test_box_holds_every_point_on_the_circle(centre: Point, radius_km: float) -> None:
    box = bounding_box(centre, radius_km)
    for point in circle(centre, radius_km * 0.9999):
        assert box.contains(point), point


def test_box_is_tight_at_the_equator() -> None:
    box = bounding_box(Point(0, 0), 111.19)  # one degree of arc
    assert box.north == pytest.approx(1.0, abs=1e-3)
    assert box.south == pytest.approx(-1.0, abs=1e-3)
    assert box.east == pytest.approx(1.0, abs=1e-3)
    assert box.west == pytest.approx(-1.0, abs=1e-3)


def test_box_across_the_antimeridian_splits_into_two_ranges() -> None:
    fiji = Point(-17.8, 179.9)
    box = bounding_box(fiji, 50)
    assert box.crosses_antimeridian
    (low1, high1), (low2, high2) = box.longitude_ranges()
    assert high1 == 180.0
    assert low2 == -180.0
    assert low1 < 179.9
    assert -180 < high2 < -179
    # A point just over the line, 20 km east, is inside; one at 0° longitude is not.
    over_the_line = Point(-17.8, -179.95)
    assert distance_km(fiji, over_the_line) < 50
    assert box.contains(over_the_line)
    assert not box.contains(Point(-17.8, 0.0))
    for point in circle(fiji, 49.99):
        assert box.contains(point)


def test_box_from_the_west_side_of_the_antimeridian() -> None:
    box = bounding_box(Point(65.0, -179.8), 40)
    assert box.crosses_antimeridian
    assert box.contains(Point(65.0, 179.9))


def test_box_holding_a_pole_covers_every_longitude() -> None:
    near_north_pole = Point(89.5, 10.0)
    box = bounding_box(near_north_pole, 120)
    assert box.north == 90.0
    assert (box.west, box.east) == (-180.0, 180.0)
    # The far side of the pole is closer than 120 km and must be inside.
    far_side = Point(89.5, -170.0)
    assert distance_km(near_north_pole, far_side) < 120
    assert box.contains(far_side)

    south = bounding_box(Point(-89.9, 0), 20)
    assert south.south == -90.0
    assert (south.west, south.east) == (-180.0, 180.0)


def test_zero_radius_is_the_point_itself_and_negative_is_refused() -> None:
    box = bounding_box(LEEDS, 0)
    assert box.contains(LEEDS)
    with pytest.raises(ValueError, match="negative"):
        bounding_box(LEEDS, -1)


def test_box_ranges_are_plain_when_not_crossing() -> None:
    box = BoundingBox(south=1, north=2, west=3, east=4)
    assert box.longitude_ranges() == [(3, 4)]
    assert not box.contains(Point(1.5, 5))
