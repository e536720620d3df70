"""The /openreferral/ feed: conformance with ORUK 3.0, what is (never) published, filters."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event

from core.extensions import db
from core.models import utcnow
from directory.models import CapacityStatus, ServiceStatus, Taxonomy, TaxonomyTerm
from directory.themes import Theme
from openreferral.services import THEMES_TAXONOMY_ID, theme_term_id
from openreferral.standard import openapi_document
from tests.openreferral.conftest import check_feed, json_getter, no_empty_values

REQUIRED_EMPTY_ALLOWED = frozenset({"description", "state_province"})


def build_listings(make_service, make_neighbourhood, make_organisation):
    """A small directory exercising every part of the record."""
    hood = make_neighbourhood(code="E05000650", name="Halliwell")
    taxonomy = Taxonomy(name="Local terms", description="Extra terms")
    term = TaxonomyTerm(taxonomy=taxonomy, code="walking", name="Walking")
    db.session.add_all([taxonomy, term])
    org = make_organisation(name="Age UK Bolton", charity_number="1103215", website="ageuk.org")
    shown = [
        make_service(
            name="Walking group",
            organisation=org,
            lat=53.58,
            lon=-2.44,
            themes=["health", "getting_out"],
            schedule=[(0, "10:00", "12:00"), (3, "14:00", "15:30")],
            areas=[
                {"kind": "borough"},
                {"kind": "neighbourhood", "neighbourhood": hood},
                {"kind": "radius", "radius_km": 3, "latitude": 53.58, "longitude": -2.44},
            ],
            languages=["English", "Urdu"],
            contact_name="Ann",
            contact_phone="01204 000000",
            contact_email="walks@example.org",
            schedule_note="Not on bank holidays",
            capacity_status=CapacityStatus.WAITLIST,
            waitlist_weeks=4,
        ),
        make_service(name="Refuge outreach", lat=53.59, lon=-2.41, confidential=True),
        make_service(
            name="Repair cafe",
            status=ServiceStatus.TEMPORARILY_CLOSED,
            is_free=False,
            fee_description="£2",
        ),
    ]
    shown[0].taxonomy_terms = [term]
    for number in range(4):
        shown.append(
            make_service(name=f"Coffee morning {number}", lat=53.5 + number / 100, lon=-2.4)
        )
    make_service(name="Closed for good", status=ServiceStatus.INACTIVE)
    make_service(name="Draft listing", is_published=False)
    make_service(name="Hidden organisation", organisation=make_organisation(is_published=False))
    db.session.commit()
    return shown


def test_every_response_conforms_to_the_oruk_schemas(
    app, make_service, make_neighbourhood, make_organisation
):
    with app.app_context():
        build_listings(make_service, make_neighbourhood, make_organisation)
    records = check_feed(json_getter(app), per_page=2)
    # First, middle and last pages of 2: pages 1, 2 and 4 of 7 services, 1, 4, 7 of 13 terms.
    assert len(records["services"]) == 5
    assert len(records["taxonomies"]) == 2
    assert len(records["taxonomy_terms"]) == 5
    for endpoint_records in records.values():
        assert no_empty_values(endpoint_records, REQUIRED_EMPTY_ALLOWED)


def test_the_demo_borough_feed_conforms(demo_app):
    records = check_feed(json_getter(demo_app), per_page=50)
    assert len(records["services"]) > 100
    assert all(no_empty_values(r, REQUIRED_EMPTY_ALLOWED) for r in records["services"])


def test_api_details_point_at_the_served_openapi_document(client):
    details = client.get("/openreferral/").get_json()
    assert details["version"] == "HSDS-UK-3.0"
    assert details["openapi_url"] == "http://localhost/openreferral/openapi.json"
    served = client.get("/openreferral/openapi.json")
    assert served.get_json() == openapi_document()
    assert served.get_json()["info"]["version"] == "HSDS-UK-3.0"


def test_cors_header_only_on_the_feed(client):
    assert client.get("/openreferral/services").headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/openreferral/nowhere").headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/").headers


def test_full_service_record(app, client, make_service, make_neighbourhood, make_organisation):
    with app.app_context():
        walking = build_listings(make_service, make_neighbourhood, make_organisation)[0]
        walking_id, org_id = walking.uuid, walking.organisation.uuid
        verified = walking.last_verified_at.date().isoformat()
    record = client.get(f"/openreferral/services/{walking_id}").get_json()
    assert record["id"] == walking_id and record["organization_id"] == org_id
    assert record["status"] == "active"
    assert record["assured_date"] == verified
    assert record["alert"] == "Waiting list: about 4 weeks."
    assert record["email"] == "walks@example.org"
    assert record["organization"]["website"] == "https://ageuk.org"
    assert record["organization"]["organization_identifiers"][0]["identifier"] == "1103215"
    slots = [(s.get("byday"), s.get("opens_at"), s.get("closes_at")) for s in record["schedules"]]
    assert slots == [("MO", "10:00", "12:00"), ("TH", "14:00", "15:30"), (None, None, None)]
    assert record["schedules"][2]["description"] == "Not on bank holidays"
    areas = record["service_areas"]
    assert areas[0]["name"] == "The whole of Bolton"
    assert areas[1]["uri"].endswith("/E05000650")
    assert json.loads(areas[2]["extent"])["properties"]["radius_m"] == 3000
    terms = {a["taxonomy_term"]["name"] for a in record["attributes"]}
    assert terms == {"Health", "Getting out and about", "Walking"}
    assert [lang["name"] for lang in record["languages"]] == ["English", "Urdu"]
    assert record["contacts"][0]["phones"][0]["number"] == "01204 000000"
    assert record["cost_options"][0]["option"] == "Free"
    # Stable: the same request gives the same ids.
    assert client.get(f"/openreferral/services/{walking_id}").get_json() == record


def test_confidential_locations_are_never_published(app, client, make_service):
    with app.app_context():
        refuge = make_service(name="Refuge", lat=53.5912, lon=-2.4187, confidential=True)
        refuge.service_at_locations[0].location.postcode = "BL9 9ZZ"
        db.session.commit()
        refuge_id, sal_id = refuge.uuid, refuge.service_at_locations[0].uuid
    record = client.get(f"/openreferral/services/{refuge_id}").get_json()
    assert record["name"] == "Refuge"
    assert "service_at_locations" not in record
    everything = json.dumps(
        [
            record,
            client.get("/openreferral/services").get_json(),
            client.get("/openreferral/service_at_locations").get_json(),
        ]
    )
    assert "BL9 9ZZ" not in everything and "53.5912" not in everything
    assert client.get(f"/openreferral/service_at_locations/{sal_id}").status_code == 404


def test_only_published_listed_services_appear(
    app, client, make_service, make_neighbourhood, make_organisation
):
    with app.app_context():
        build_listings(make_service, make_neighbourhood, make_organisation)
    page = client.get("/openreferral/services?per_page=200").get_json()
    names = {s["name"]: s["status"] for s in page["contents"]}
    assert names["Repair cafe"] == "temporarily closed"
    assert not {"Closed for good", "Draft listing"} & set(names)
    assert not any(name.startswith("Service") for name in names)
    assert page["total_items"] == 7


def test_unlisted_service_detail_is_404_json(app, client, make_service):
    with app.app_context():
        gone = make_service(status=ServiceStatus.INACTIVE)
        db.session.commit()
        gone_id = gone.uuid
    response = client.get(f"/openreferral/services/{gone_id}")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404
    assert client.get(f"/openreferral/services/{uuid.uuid4()}").status_code == 404


def test_filters_combine_with_and(app, client, make_service, make_organisation):
    with app.app_context():
        mind = make_organisation(name="Mind")
        make_service(name="Talking therapy", organisation=mind, themes=["emotional_wellbeing"])
        make_service(name="Walking therapy", organisation=mind, themes=["health"])
        make_service(name="Talking cafe", themes=["emotional_wellbeing"])
        old = make_service(name="Old talking group", themes=["emotional_wellbeing"])
        old.last_modified = utcnow() - timedelta(days=400)
        db.session.commit()
        mind_id = mind.uuid
    wellbeing = theme_term_id(Theme.EMOTIONAL_WELLBEING)

    def names(query: str) -> list[str]:
        response = client.get(f"/openreferral/services?{query}")
        assert response.status_code == 200
        return [s["name"] for s in response.get_json()["contents"]]

    assert names("search=talking") == ["Old talking group", "Talking cafe", "Talking therapy"]
    assert names(f"search=therapy&taxonomy_term_id={wellbeing}") == ["Talking therapy"]
    assert names(f"organization_id={mind_id}&search=therapy") == [
        "Talking therapy",
        "Walking therapy",
    ]
    assert names(f"taxonomy_id={THEMES_TAXONOMY_ID}&search=walking") == ["Walking therapy"]
    since = (utcnow() - timedelta(days=30)).isoformat()
    assert names(f"taxonomy_term_id={wellbeing}&modified_after={since.replace('+', '%2B')}") == [
        "Talking cafe",
        "Talking therapy",
    ]
    assert names("search=nothing-like-this") == []


def test_paging_arguments(app, client, make_service):
    with app.app_context():
        for number in range(5):
            make_service(name=f"Group {number}")
        db.session.commit()
    page = client.get("/openreferral/services?per_page=2&page=3").get_json()
    assert [s["name"] for s in page["contents"]] == ["Group 4"]
    assert (page["total_items"], page["total_pages"], page["size"]) == (5, 3, 1)
    assert page["last_page"] is True and page["first_page"] is False
    default = client.get("/openreferral/services").get_json()
    assert default["total_pages"] == 1 and default["size"] == 5
    assert client.get("/openreferral/services?per_page=5000").status_code == 200
    bad = client.get("/openreferral/services?page=0&per_page=x")
    assert bad.status_code == 400
    assert set(bad.get_json()["errors"]) == {"page", "per_page"}
    empty = client.get("/openreferral/services?page=9").get_json()
    assert empty["empty"] is True and empty["contents"] == []


def test_service_at_locations_near_a_postcode(app, client, make_service, make_postcode):
    with app.app_context():
        make_postcode("BL1 1AA", 53.5800, -2.4300)
        make_service(name="Next door", lat=53.5805, lon=-2.4300)
        make_service(name="Two km away", lat=53.5980, lon=-2.4300)
        make_service(name="Far away", lat=53.7000, lon=-2.4300)
        db.session.commit()

    def names(query: str) -> list[str]:
        page = client.get(f"/openreferral/service_at_locations?{query}").get_json()
        return [item["location"]["name"] for item in page["contents"]]

    assert names("postcode=bl11aa&proximity=2500") == ["Next door venue", "Two km away venue"]
    assert names("postcode=BL1 1AA") == ["Next door venue", "Two km away venue", "Far away venue"]
    assert names("postcode=BL1 1AA&proximity=2500&per_page=1&page=2") == ["Two km away venue"]
    # A real postcode the gazetteer lacks falls back to its district's centre; an unknown
    # district matches nothing; only a malformed postcode is refused.
    assert names("postcode=BL1 9ZZ&proximity=2500") == ["Next door venue", "Two km away venue"]
    unknown = client.get("/openreferral/service_at_locations?postcode=BL9 9ZZ")
    assert unknown.status_code == 200 and unknown.get_json()["contents"] == []
    malformed = client.get("/openreferral/service_at_locations?postcode=not-a-postcode")
    assert malformed.status_code == 400 and malformed.get_json()["errors"]["postcode"]


def test_themes_are_a_taxonomy_with_stable_ids(client):
    taxonomy = client.get(f"/openreferral/taxonomies/{THEMES_TAXONOMY_ID}").get_json()
    assert len(taxonomy["taxonomy_terms"]) == 12
    health = client.get(f"/openreferral/taxonomy_terms/{theme_term_id(Theme.HEALTH)}").get_json()
    assert health["name"] == "Health" and health["taxonomy_id"] == THEMES_TAXONOMY_ID
    terms = client.get(f"/openreferral/taxonomy_terms?taxonomy_id={THEMES_TAXONOMY_ID}").get_json()
    assert terms["total_items"] == 12
    assert str(uuid.UUID(THEMES_TAXONOMY_ID)) == THEMES_TAXONOMY_ID


def test_list_endpoints_make_no_query_per_record(app, client, make_service):
    def queries_for(path: str) -> int:
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    with app.app_context():
        for number in range(3):
            make_service(name=f"A {number}", lat=53.5, lon=-2.4, schedule=[(1, "09:00", "10:00")])
        db.session.commit()
    few = {
        path: queries_for(path)
        for path in ("/openreferral/services", "/openreferral/service_at_locations")
    }
    with app.app_context():
        for number in range(12):
            make_service(name=f"B {number}", lat=53.5, lon=-2.4, schedule=[(1, "09:00", "10:00")])
        db.session.commit()
    many = {path: queries_for(path) for path in few}
    assert many == few


class TestOnAnAlias:
    """Served without SERVER_NAME (as in production) and reached by another host name."""

    @pytest.fixture
    def app_config(self):
        return {"BASE_URL": "https://signpost.example.org", "SERVER_NAME": None}

    def test_api_details_link_to_the_sites_own_address(self, client):
        # Readers keep this link and the answer is open to any origin, so it names the site
        # (BASE_URL), never the host the request happened to use (an alias, or a forged Host).
        details = client.get("/openreferral/", headers={"Host": "evil.example"}).get_json()
        assert details["openapi_url"] == "https://signpost.example.org/openreferral/openapi.json"
