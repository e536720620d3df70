"""Where services reach, every filter, its counts, ranking of stale and closed listings."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest

from core.extensions import db
from core.models import utcnow
from directory.models import ServiceStatus
from tests.search.conftest import names

HOME = (53.578, -2.429)  # BL1 1AA in these tests


@pytest.fixture
def home(app_ctx, make_postcode, make_neighbourhood):
    hood = make_neighbourhood(code="E05000650", name="Halliwell", latitude=53.59, longitude=-2.44)
    far_hood = make_neighbourhood(
        code="E05000651", name="Westhoughton", latitude=53.55, longitude=-2.52
    )
    make_postcode("BL1 1AA", *HOME, ward="E05000650")
    return {"hood": hood, "far_hood": far_hood}


def test_radius_and_service_areas_decide_what_reaches_a_place(home, make_service, search):
    make_service(name="Near cafe", lat=53.580, lon=-2.429)  # ~0.2 km
    make_service(name="Four km club", lat=53.614, lon=-2.429)  # ~4 km
    make_service(name="Far group", lat=53.700, lon=-2.429)  # ~13.6 km
    make_service(name="Borough home visits", areas=[{"kind": "borough"}])
    make_service(
        name="Halliwell befrienders",
        areas=[{"kind": "neighbourhood", "neighbourhood_id": home["hood"].id}],
    )
    make_service(
        name="Westhoughton befrienders",
        areas=[{"kind": "neighbourhood", "neighbourhood_id": home["far_hood"].id}],
    )
    make_service(
        name="Radius outreach",
        lat=53.66,
        lon=-2.429,  # ~9 km away, but reaches 10 km around its base
        areas=[{"kind": "radius", "radius_km": 10, "latitude": 53.66, "longitude": -2.429}],
    )
    outcome = search(near="BL1 1AA", radius=2)
    assert names(outcome) == [
        "Near cafe",
        "Borough home visits",
        "Halliwell befrienders",
        "Radius outreach",
    ]
    first, covered = outcome.hits[0], outcome.hits[1]
    assert first.distance_km == pytest.approx(0.22, abs=0.02) and not first.covers_area
    assert covered.distance_km is None and covered.covers_area
    assert "Four km club" in names(search(near="BL1 1AA", radius=5))
    assert "Far group" in names(search(near="BL1 1AA", radius=25))


def test_confidential_locations_match_but_show_only_their_area(home, make_service, client, search):
    make_service(
        name="Safe house support",
        lat=53.579,
        lon=-2.430,
        confidential=True,
        neighbourhood=home["hood"],
        themes=["house_and_home"],
    )
    outcome = search(near="BL1 1AA")
    assert names(outcome) == ["Safe house support"]
    assert outcome.hits[0].confidential_area == "Halliwell"
    page = client.get("/search?near=BL1+1AA&view=map").get_data(as_text=True)
    assert "53.579" not in page and "-2.43" not in page
    api = client.get("/api/v1/services/search?near=BL1+1AA").get_json()
    hit = api["results"][0]
    assert hit["distance_km"] is None and hit["confidential_area"] == "Halliwell"
    assert hit["locations"] == [
        {"latitude": None, "longitude": None, "neighbourhood": "Halliwell", "confidential": True}
    ]


def test_nearest_first_and_relevance_with_distance(home, make_service, search):
    make_service(name="Lunch club far", lat=53.610, lon=-2.429, description="lunch lunch")
    make_service(name="Lunch club near", lat=53.579, lon=-2.429)
    make_service(name="Coffee morning", lat=53.578, lon=-2.428, description="Tea and a chat.")
    assert names(search(near="BL1 1AA"))[:2] == ["Coffee morning", "Lunch club near"]
    assert names(search(q="lunch", near="BL1 1AA")) == ["Lunch club near", "Lunch club far"]
    nearest = search(q="lunch", near="BL1 1AA", sort="nearest")
    assert names(nearest) == ["Lunch club near", "Lunch club far"]


def test_places_by_outward_code_and_name_and_a_clear_message_otherwise(home, make_service, client):
    make_service(name="Near cafe", lat=53.580, lon=-2.429)
    db.session.commit()
    assert "Near cafe" in client.get("/search?near=BL1").get_data(as_text=True)
    assert "Near cafe" in client.get("/search?near=halliwell").get_data(as_text=True)
    response = client.get("/search?near=Atlantis")
    assert response.status_code == 400
    assert "We could not find a place called" in response.get_data(as_text=True)


def _filter_corpus(make_service):
    make_service(
        name="Free young group",
        is_free=True,
        min_age=11,
        max_age=18,
        themes=["hobbies"],
        schedule=[(0, "10:00", "12:00")],
        languages=["English"],
    )
    make_service(
        name="Paid older class",
        is_free=False,
        min_age=60,
        themes=["health"],
        schedule=[(2, "09:00", "17:00")],
        languages=["English", "Urdu"],
        accessibility=["wheelchair_access", "hearing_loop"],
        access_methods=["signpost_referral"],
        delivery_methods=["in_person"],
    )
    make_service(
        name="Phone befriending",
        themes=["friends_and_family", "emotional_wellbeing"],
        delivery_methods=["phone"],
        accessibility=["wheelchair_access"],
        access_methods=["self_referral"],
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": ["health", "hobbies"]}, ["Free young group", "Paid older class"]),
        ({"free": True}, ["Free young group", "Phone befriending"]),
        ({"age": 70}, ["Paid older class", "Phone befriending"]),
        ({"age": 15}, ["Free young group", "Phone befriending"]),
        ({"day": "wednesday"}, ["Paid older class"]),
        ({"language": "urdu"}, ["Paid older class"]),
        ({"accessibility": ["wheelchair_access"]}, ["Paid older class", "Phone befriending"]),
        ({"accessibility": ["wheelchair_access", "hearing_loop"]}, ["Paid older class"]),
        ({"signpost_referral": True}, ["Paid older class"]),
        ({"kind": ["voluntary"]}, ["Free young group", "Paid older class", "Phone befriending"]),
        ({"kind": ["faith"]}, []),
        ({"delivery": ["phone", "online"]}, ["Phone befriending"]),
    ],
)
def test_each_filter(make_service, search, params, expected):
    _filter_corpus(make_service)
    assert sorted(names(search(**params))) == expected


def test_open_now_uses_local_time(make_service, search):
    _filter_corpus(make_service)
    monday_11 = datetime(2026, 3, 2, 11, 0, tzinfo=ZoneInfo("Europe/London"))
    with patch("search.services.local_now", return_value=monday_11):
        assert names(search(open_now=True)) == ["Free young group"]
        assert search().counts["open_now"] == {"true": 1}


def test_counts_show_what_each_option_would_give(make_service, search):
    _filter_corpus(make_service)
    outcome = search(free=True, theme=["hobbies"])
    assert names(outcome) == ["Free young group"]
    # Theme counts ignore the theme filter itself but respect "free".
    assert outcome.counts["theme"]["hobbies"] == 1
    assert outcome.counts["theme"]["emotional_wellbeing"] == 1
    assert outcome.counts["theme"]["health"] == 0
    # "free" counts respect the theme filter.
    assert outcome.counts["free"] == {"true": 1}
    assert outcome.counts["day"]["monday"] == 1


def test_stale_listings_rank_lower_closed_are_marked_inactive_never_appear(make_service, search):
    make_service(name="Stale lunch club", last_verified_at=utcnow() - timedelta(days=500))
    make_service(name="Fresh lunch club")
    make_service(name="Closed lunch club", status=ServiceStatus.TEMPORARILY_CLOSED)
    make_service(name="Gone lunch club", status=ServiceStatus.INACTIVE)
    outcome = search(q="lunch club")
    assert names(outcome) == ["Fresh lunch club", "Closed lunch club", "Stale lunch club"]
    assert [hit.stale for hit in outcome.hits] == [False, False, True]
    browse = search()
    assert "Gone lunch club" not in names(browse)
    assert names(browse)[-1] == "Stale lunch club"
