"""The JSON API, its OpenAPI document, the search page and the search log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.extensions import db
from search import services
from search.models import SearchLog


@pytest.fixture
def listings(app_ctx, make_service, make_postcode):
    make_postcode("BL3 5AB", 53.570, -2.430)
    make_service(
        name="Money advice drop-in",
        themes=["money"],
        lat=53.571,
        lon=-2.430,
        description="Help with debt, benefits and bills.",
    )
    make_service(name="Lunch club", themes=["friends_and_family"], lat=53.572, lon=-2.431)
    db.session.commit()


def test_api_answers_with_results_counts_and_pages(listings, client):
    response = client.get("/api/v1/services/search?q=debt&near=BL3+5AB&radius=2&per_page=1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1 and body["pages"] == 1 and body["per_page"] == 1
    hit = body["results"][0]
    assert hit["name"] == "Money advice drop-in"
    assert hit["distance_km"] == pytest.approx(0.1, abs=0.1)
    assert hit["url"].startswith("/services/")
    assert body["counts"]["theme"]["money"] == 1
    assert body["place"]["kind"] == "postcode"


def test_api_paginates(listings, client):
    first = client.get("/api/v1/services/search?near=BL3+5AB&per_page=1").get_json()
    second = client.get("/api/v1/services/search?near=BL3+5AB&per_page=1&page=2").get_json()
    assert first["pages"] == 2
    assert first["results"][0]["name"] != second["results"][0]["name"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("radius=3", "radius"),
        ("theme=wellness", "theme"),
        ("age=old", "age"),
        ("day=funday", "day"),
        ("sort=random", "sort"),
        ("per_page=1000", "per_page"),
        ("page=0", "page"),
        ("free=perhaps", "free"),
        ("colour=blue", "colour"),
        ("near=Atlantis", "near"),
        ("near=ZZ99+9ZZ", "near"),
    ],
)
def test_api_names_the_bad_parameter(listings, client, query, field):
    response = client.get(f"/api/v1/services/search?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["errors"]


def test_openapi_document_describes_search(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    operation = document["paths"]["/api/v1/services/search"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {
        "q",
        "near",
        "radius",
        "theme",
        "free",
        "age",
        "day",
        "open_now",
        "language",
        "accessibility",
        "signpost_referral",
        "kind",
        "delivery",
        "page",
        "sort",
    } <= names
    assert "400" in operation["responses"]


def test_every_search_is_logged_with_only_the_outward_code(listings, client):
    client.get("/search?q=debt&near=BL3+5AB&theme=money")
    client.get("/api/v1/services/search?q=knitting&near=BL3+5AB")
    client.get("/search?near=Halliwell")  # unknown place: nothing to log
    # Written in batches after responses, never inside a search's own transaction.
    assert db.session.scalar(select(func.count()).select_from(SearchLog)) == 0
    assert services.flush_search_log() == 2
    rows = db.session.scalars(select(SearchLog).order_by(SearchLog.id)).all()
    assert [(r.query_text, r.outward_code, r.result_count, r.channel) for r in rows] == [
        ("debt", "BL3", 1, "page"),
        ("knitting", "BL3", 0, "api"),
    ]
    assert rows[0].filters == {"theme": ["money"], "radius": 5}
    assert all("5AB" not in str(r.filters) for r in rows)


def test_zero_result_searches_are_listed(listings, client, runner):
    client.get("/search?q=knitting&near=BL3+5AB")
    client.get("/search?q=debt")
    result = runner.invoke(args=["search", "zero-results"])
    assert result.exit_code == 0
    assert "knitting\tBL3" in result.output
    assert "debt" not in result.output


def test_the_page_lists_filters_with_counts_and_keeps_them_in_links(listings, client):
    page = client.get("/search?near=BL3+5AB&theme=money&theme=friends_and_family&per_page=1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 services found" in html
    assert "Money (1)" in html
    assert 'value="money" checked' in html
    assert "Money advice drop-in" in html and "km away" in html
    map_link = (
        "/search?near=BL3+5AB&amp;theme=money&amp;theme=friends_and_family"
        "&amp;per_page=1&amp;view=map"
    )
    assert map_link in html


def test_the_page_shows_field_errors(client):
    response = client.get("/search?radius=3&age=300")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Choose a distance of 1, 2, 5, 10 or 25 km" in html
    assert "Enter an age between 0 and 120" in html


def test_the_map_view_marks_every_result(listings, client):
    html = client.get("/search?near=BL3+5AB&view=map").get_data(as_text=True)
    assert "data-map" in html and "data-cluster" in html
    assert html.count('"title":') == 2
    # The list beside the map gives each place's organisation and written address.
    fallback = html.split('class="sp-map__fallback"')[1]
    assert "1 High Street, Bolton, BL1 1AA" in fallback
    assert "leaflet.js" in html


def test_a_place_only_search_does_not_fix_nearest_for_the_words_typed_next(listings, client):
    """Opened with a place and no words (as from a client's page), the order is left to the
    search; the form must not carry "nearest" into the next search with words."""
    page = client.get("/search?near=BL3+5AB").get_data(as_text=True)
    assert '<option value="" selected>Best match</option>' in page
    assert '<option value="nearest" selected>' not in page
    chosen = client.get("/search?near=BL3+5AB&sort=nearest").get_data(as_text=True)
    assert '<option value="nearest" selected>Nearest first</option>' in chosen
