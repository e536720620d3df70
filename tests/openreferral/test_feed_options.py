"""What the feed advertises, it does: ndjson, minimal, full; coverage by areas; HSDS 3.1."""

from __future__ import annotations

import json

from sqlalchemy import select

from core.extensions import db
from directory.models import AreaKind, CapacityStatus, Service, ServiceArea
from openreferral.standard import hsds_errors, schema_errors
from tests.openreferral.feedserver import Feed, serve
from tests.openreferral.test_sync import probe


def build(make_service, make_organisation, count: int = 5) -> None:
    org = make_organisation(name="Bolton CVS")
    for number in range(count):
        make_service(
            name=f"Group {number}", organisation=org, lat=53.58, lon=-2.43, languages=["Urdu"]
        )
    db.session.commit()


def test_ndjson_streams_every_record_without_paging(app, client, make_service, make_organisation):
    with app.app_context():
        build(make_service, make_organisation)
    paged = client.get("/openreferral/services?per_page=2").get_json()
    assert paged["total_pages"] == 3
    streamed = client.get("/openreferral/services?format=ndjson&per_page=2")
    assert streamed.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in streamed.get_data(as_text=True).splitlines()]
    assert [r["name"] for r in lines] == [f"Group {n}" for n in range(5)]
    assert all(schema_errors(record, "service") == [] for record in lines)
    bad = client.get("/openreferral/services?format=xml")
    assert bad.status_code == 400 and "format" in bad.get_json()["errors"]


def test_minimal_and_full(app, client, make_service, make_organisation):
    with app.app_context():
        build(make_service, make_organisation, count=3)
    minimal = client.get("/openreferral/services?minimal=true").get_json()
    assert [set(record) for record in minimal["contents"]] == [{"id", "last_modified"}] * 3
    full = client.get("/openreferral/services?full=true").get_json()
    assert schema_errors(full, "service_list") == []
    assert all("service_at_locations" in record for record in full["contents"])
    assert full["contents"][0]["languages"][0]["code"] == "ur"  # ISO 639-1
    organisations = client.get("/openreferral/organizations?full_service=true").get_json()
    assert len(organisations["contents"][0]["services"]) == 3
    assert schema_errors(organisations["contents"][0]["services"][0], "service") == []
    sals = client.get("/openreferral/service_at_locations?full=true").get_json()
    assert sals["contents"][0]["service"]["name"].startswith("Group")
    details = client.get("/openreferral/").get_json()
    assert details["timezone"] == "Europe/London"


def test_a_service_area_reaches_a_postcode_beyond_proximity(
    app, client, make_service, make_postcode
):
    with app.app_context():
        make_postcode("BL1 1AA", 53.58, -2.43)
        make_service(name="Office far away", lat=53.70, lon=-2.43, areas=[{"kind": "borough"}])
        make_service(name="Also far", lat=53.70, lon=-2.43)
        db.session.commit()
    page = client.get("/openreferral/service_at_locations?postcode=BL1 1AA&proximity=1000")
    assert [item["location"]["name"] for item in page.get_json()["contents"]] == [
        "Office far away venue"
    ]


def test_hsds_31_rendering_publishes_capacity_as_data(app, client, make_service):
    with app.app_context():
        service = make_service(
            name="Befriending", capacity_status=CapacityStatus.WAITLIST, waitlist_weeks=6
        )
        db.session.commit()
        uuid = service.uuid
    oruk = client.get(f"/openreferral/services/{uuid}").get_json()
    assert schema_errors(oruk, "service") == [] and "capacities" not in oruk
    assert oruk["alert"] == "Waiting list: about 6 weeks."
    hsds = client.get(f"/openreferral/services/{uuid}?profile=hsds-3.1").get_json()
    assert hsds_errors(hsds, "service") == []
    by_unit = {c["unit"]["identifier"]: c for c in hsds["capacities"]}
    assert by_unit["weeks-wait"]["available"] == 6
    assert by_unit["accepting-referrals"]["available"] == 1
    listed = client.get("/openreferral/services?profile=hsds-3.1").get_json()
    assert all(hsds_errors(record, "service") == [] for record in listed["contents"])


def test_a_sources_service_capacity_is_read_and_published_again(app, runner, client):
    capacity = {
        "id": "5c6b1c3e-8b7a-4d8e-9c1f-2a3b4c5d6e7f",
        "unit": {"id": "0e9d8c7b-6a5f-4e3d-2c1b-0a9f8e7d6c5b", "name": "Bed"},
        "available": 3,
        "maximum": 12,
        "updated": "2026-11-01T09:00:00.000Z",
    }
    with serve(Feed([probe(1, capacities=[capacity])])) as url:
        assert runner.invoke(args=["import", "openreferral", url]).exit_code == 0
    with app.app_context():
        uuid = db.session.scalars(select(Service.uuid)).one()
    hsds = client.get(f"/openreferral/services/{uuid}?profile=hsds-3.1").get_json()
    assert hsds["capacities"][0] == capacity
    assert hsds_errors(hsds, "service") == []
    page = client.get(f"/services/{uuid}").get_data(as_text=True)
    assert "3 of 12 Bed" in page


def test_a_radius_from_a_place_reaches_a_postcode_beyond_proximity(
    app, client, make_service, make_postcode
):
    # A circle is stored as the place it is measured from (never a copy of its point): the
    # feed's proximity must measure it from that place's public point, as the pages do.
    with app.app_context():
        make_postcode("BL1 1AA", 53.58, -2.43)
        near = make_service(name="Outreach", lat=53.60, lon=-2.43)  # about 2.2 km north
        near.areas.append(
            ServiceArea(kind=AreaKind.RADIUS, radius_km=3, location=near.locations[0])
        )
        small = make_service(name="Too small", lat=53.60, lon=-2.43)
        small.areas.append(
            ServiceArea(kind=AreaKind.RADIUS, radius_km=1, location=small.locations[0])
        )
        db.session.commit()
    page = client.get("/openreferral/service_at_locations?postcode=BL1 1AA&proximity=1000")
    assert [item["location"]["name"] for item in page.get_json()["contents"]] == ["Outreach venue"]
