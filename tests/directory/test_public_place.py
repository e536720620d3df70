"""The rule for where the public may think a place is (directory.public_place)."""

from __future__ import annotations

import math
import random

import pytest

from core.extensions import db
from directory.geo import haversine_km
from directory.public_place import neighbourhood_spread_km, public_place, too_small_to_hide_in


def test_spread_is_the_root_mean_square_distance_of_the_postcodes(
    app_ctx, make_neighbourhood, make_postcode
) -> None:
    hood = make_neighbourhood(latitude=53.58, longitude=-2.43)
    rng = random.Random(12)
    points = [
        (53.58 + rng.uniform(-0.01, 0.01), -2.43 + rng.uniform(-0.02, 0.02)) for _ in range(40)
    ]
    for number, (lat, lon) in enumerate(points):
        make_postcode(
            f"BL9 {number // 20}{'ABDEFGHJLNPQRSTUWXYZ'[number % 20]}A", lat, lon, ward=hood.code
        )
    expected = math.sqrt(sum(haversine_km(53.58, -2.43, lat, lon) ** 2 for lat, lon in points) / 40)
    assert neighbourhood_spread_km(hood) == pytest.approx(expected, rel=0.01)


def test_a_neighbourhood_with_no_postcodes_is_too_small(app_ctx, make_neighbourhood) -> None:
    assert too_small_to_hide_in(make_neighbourhood())


def test_a_confidential_place_without_a_neighbourhood_has_no_point(app_ctx, make_service) -> None:
    service = make_service(lat=53.6, lon=-2.4, confidential=True)
    db.session.flush()
    place = public_place(service.locations[0])
    assert place.point is None and place.neighbourhood_name is None
    assert place.reaches_whole_borough


def test_the_rule_depends_on_the_neighbourhood_never_on_the_place_itself(
    app_ctx, make_service, make_neighbourhood, make_postcode
) -> None:
    hood = make_neighbourhood(latitude=53.58, longitude=-2.43)
    for number, (dlat, dlon) in enumerate([(0.008, 0), (-0.008, 0), (0, 0.014), (0, -0.014)]):
        make_postcode(f"BL8 1A{'ABDE'[number]}", 53.58 + dlat, -2.43 + dlon, ward=hood.code)
    near = make_service(lat=53.5801, lon=-2.4301, confidential=True, neighbourhood=hood)
    far = make_service(lat=53.5870, lon=-2.4420, confidential=True, neighbourhood=hood)
    places = [public_place(s.locations[0]) for s in (near, far)]
    assert places[0] == places[1]
    assert places[0].point == (53.58, -2.43) and places[0].neighbourhood_name == hood.name
