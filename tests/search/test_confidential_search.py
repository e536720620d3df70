"""Search treats a confidential location as standing at its neighbourhood's centre.

Each test names one way a refuge's true point leaked through search and fails if it returns:
the radius filter, nearest-first order, per-result distances, map markers and facet counts.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask.testing import FlaskClient

from tests.directory.refuge_world import REFUGE, World, sign_in, world_fixture  # noqa: F401


def api(client: FlaskClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/v1/services/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def result(body: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((hit for hit in body["results"] if hit["name"] == name), None)


def test_the_radius_filter_uses_the_neighbourhood_centre_not_the_refuge(
    client: FlaskClient, world: World
) -> None:
    # 0.3 km from the refuge, 1.3 km from Halliwell's centre, and not in Halliwell.
    near_refuge = api(client, near="BL1 7AA", radius=1)
    assert result(near_refuge, "Harbour refuge") is None
    # 1.28 km from the refuge, 0.28 km from the centre: found, as if the refuge stood there.
    near_centre = api(client, near="BL1 4AA", radius=1)
    found = result(near_centre, "Harbour refuge")
    assert found is not None and found["covers_area"] is False
    assert found["distance_km"] is None and found["confidential_area"] == "Halliwell"


def test_nearest_first_orders_the_refuge_by_its_neighbourhood_centre(
    client: FlaskClient, world: World
) -> None:
    # From BL1 7AA the hub is 0.6 km away, the refuge 0.3 km, Halliwell's centre 1.3 km.
    body = api(client, near="BL1 7AA", radius=5, sort="nearest", theme="house_and_home")
    names = [hit["name"] for hit in body["results"]]
    assert names.index("Harbour drop-in") < names.index("Harbour refuge")


def test_people_in_the_neighbourhood_find_it_whatever_the_radius(
    client: FlaskClient, world: World
) -> None:
    # BL1 6AA is in Halliwell but 1.2 km from its centre and 2.2 km from the refuge.
    found = result(api(client, near="BL1 6AA", radius=1), "Harbour refuge")
    assert found is not None
    assert found["covers_area"] is True and found["distance_km"] is None
    # Outside Halliwell, 1 km gives nothing: BL1 7AA is 1.3 km from the centre.
    assert result(api(client, near="BL1 7AA", radius=1), "Harbour refuge") is None


def test_no_result_field_carries_a_distance_or_point_of_the_refuge(
    client: FlaskClient, world: World
) -> None:
    for postcode in world.postcodes:
        for radius in (1, 2, 5, 10, 25):
            body = api(client, near=postcode, radius=radius, sort="nearest")
            found = result(body, "Harbour refuge")
            if found is None:
                continue
            assert found["distance_km"] is None
            assert found["locations"] == [
                {
                    "latitude": None,
                    "longitude": None,
                    "neighbourhood": "Halliwell",
                    "confidential": True,
                }
            ]
            text = json.dumps(found)
            assert str(REFUGE[0]) not in text and str(REFUGE[1]) not in text


def test_map_data_never_draws_the_refuge(client: FlaskClient, world: World) -> None:
    # (Markers never held confidential places; this keeps it so.)
    for page_url in (
        "/search?near=BL1+7AA&radius=5&view=map",
        f"/services/{world.refuge}",
        f"/organisations/{world.organisation}",
    ):
        page = client.get(page_url).get_data(as_text=True)
        found = re.search(r"data-markers='([^']*)'", page)
        markers = json.loads(found.group(1).replace("&#34;", '"')) if found else []
        assert all(marker["title"] != "Harbour refuge" for marker in markers)
        assert str(REFUGE[0]) not in page and "Harbour House" not in page
        assert "Secret Row" not in page


def test_facet_counts_within_a_radius_follow_the_centre(client: FlaskClient, world: World) -> None:
    # Home services within 1 km of BL1 7AA: the hub, and the safe house that reaches the whole
    # borough; never the refuge 0.3 km away.
    body = api(client, near="BL1 7AA", radius=1)
    assert {hit["name"] for hit in body["results"]} == {"Harbour drop-in", "Quiet Lane safe house"}
    assert body["counts"]["theme"]["house_and_home"] == 2


def test_a_neighbourhood_too_small_to_hide_in_gives_no_point_and_no_name(
    client: FlaskClient, world: World
) -> None:
    # Tiny Close's postcodes are 60 m apart: its centre would place the safe house.
    body = api(client, near="BL5 1AB", radius=1)
    found = result(body, "Quiet Lane safe house")
    assert found is not None, "still found: it reaches the whole borough"
    assert found["covers_area"] is True and found["distance_km"] is None
    assert found["confidential_area"] is None
    assert "Tiny Close" not in json.dumps(found)
    page = client.get(f"/services/{world.tiny_service}").get_data(as_text=True)
    assert "Tiny Close" not in page and "In Bolton" in page
