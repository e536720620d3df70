"""Service areas drawn as GeoJSON polygons reach every point inside them: search and gap map."""

from __future__ import annotations

from datetime import date

import pytest

from admin.reports.gaps import Reach, compute_supply, neighbourhoods
from core.extensions import db
from tests.search.conftest import names, search  # noqa: F401 - the `search` fixture

# A borough-shaped area around Bolton (longitude, latitude) with a notch cut out of its east.
BOROUGH = {
    "type": "Polygon",
    "coordinates": [
        [
            [-2.60, 53.52],
            [-2.30, 53.52],
            [-2.30, 53.56],
            [-2.40, 53.56],  # the notch: east of -2.40 between 53.56 and 53.60 is outside
            [-2.40, 53.60],
            [-2.30, 53.60],
            [-2.30, 53.66],
            [-2.60, 53.66],
            [-2.60, 53.52],
        ]
    ],
}
TWO_TOWNS = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[-2.45, 53.57], [-2.41, 53.57], [-2.41, 53.59], [-2.45, 53.59], [-2.45, 53.57]]],
        [[[-2.55, 53.53], [-2.50, 53.53], [-2.50, 53.56], [-2.55, 53.56], [-2.55, 53.53]]],
    ],
}


@pytest.fixture
def places(app_ctx, make_postcode, make_neighbourhood, make_service):
    make_postcode("BL1 1AA", 53.578, -2.429)  # inside both areas
    make_postcode("BL5 3AA", 53.545, -2.520)  # inside the borough and the second town
    make_postcode("BL2 6AA", 53.580, -2.350)  # in the notch: outside the borough area
    make_postcode("WN1 1AA", 53.545, -2.630)  # west of everything
    make_service(name="Home visits", areas=[{"kind": "polygon", "geometry": BOROUGH}])
    make_service(name="Two towns", areas=[{"kind": "polygon", "geometry": TWO_TOWNS}])
    db.session.commit()


@pytest.mark.parametrize(
    ("postcode", "found"),
    [
        ("BL1 1AA", ["Home visits", "Two towns"]),
        ("BL5 3AA", ["Home visits", "Two towns"]),
        ("BL2 6AA", []),
        ("WN1 1AA", []),
    ],
)
def test_a_point_inside_an_area_finds_its_service(places, search, postcode, found):  # noqa: F811
    assert sorted(names(search(near=postcode, radius=1))) == found


def test_the_gap_map_counts_the_neighbourhoods_an_area_takes_in(
    app_ctx, make_neighbourhood, make_service
):
    inside = make_neighbourhood(code="E05000650", name="Halliwell", latitude=53.59, longitude=-2.44)
    notch = make_neighbourhood(code="E05000651", name="Tonge", latitude=53.58, longitude=-2.35)
    service = make_service(name="Home visits", areas=[{"kind": "polygon", "geometry": BOROUGH}])
    db.session.commit()
    supply = compute_supply(neighbourhoods(), date.today(), Reach(1.0, 3.0, 0.5))
    assert supply.reach[service.id] == {inside.id}
    assert notch.id not in supply.coverage[service.id]
