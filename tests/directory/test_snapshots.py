"""One snapshot schema for a service: what the version history stores, the form and the import."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest
from marshmallow import ValidationError

from core.extensions import db
from directory import snapshots, versions
from directory.models import (
    AreaKind,
    CapacityStatus,
    Location,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from directory.themes import Theme

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-2.5, 53.5], [-2.4, 53.5], [-2.4, 53.6], [-2.5, 53.6], [-2.5, 53.5]]],
}


def full_service(make_organisation: Any, make_neighbourhood: Any) -> Service:
    """A service with every field of its snapshot set, its parts out of snapshot order."""
    organisation = make_organisation(name="Moss Bank Friends")
    hood = make_neighbourhood(code="E05000650", name="Halliwell")
    hall = Location(
        organisation=organisation,
        uuid="0e3c8a1e-0000-4000-8000-000000000002",
        name="The hall",
        address_1="1 Hall Street",
        town="Bolton",
        postcode="BL1 1AA",
        latitude=53.58,
        longitude=-2.43,
    )
    annexe = Location(
        organisation=organisation,
        uuid="0e3c8a1e-0000-4000-8000-000000000001",
        name="Annexe",
        address_1="2 Hall Street",
        town="Bolton",
    )
    service = Service(
        organisation=organisation,
        name="Walking group",
        description="Weekly walks.\nAll welcome.",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        eligibility_description="Over 50s",
        min_age=50,
        max_age=99,
        is_free=False,
        fee_description="£2 a walk",
        access_methods=["self_referral", "drop_in"],
        delivery_methods=["in_person"],
        accessibility=["step_free", "wheelchair_access"],
        languages=["Urdu", "Polish"],
        keywords=["rambling", "hiking"],
        contact_name="Ann",
        contact_phone="01204 000001",
        contact_email="ann@example.org",
        website="https://example.org/walks",
        schedule_note="Not on bank holidays",
        capacity_status=CapacityStatus.PAUSED,
        waitlist_weeks=6,
        paused_until=date(2026, 4, 1),
    )
    service.themes = [Theme.GETTING_OUT, Theme.FRIENDS_AND_FAMILY]
    service.service_at_locations = [
        ServiceAtLocation(location=hall),
        ServiceAtLocation(location=annexe),
    ]
    service.schedules = [
        ScheduleSlot(weekday=3, opens_at=time(14), closes_at=time(16, 30)),
        ScheduleSlot(weekday=0, opens_at=time(10), closes_at=time(12), location=hall),
        ScheduleSlot(weekday=0, opens_at=time(9, 5), closes_at=time(9, 45)),
    ]
    service.areas = [
        ServiceArea(kind=AreaKind.DESCRIBED, name="All of Wigan"),
        ServiceArea(kind=AreaKind.RADIUS, radius_km=3.5, latitude=53.6, longitude=-2.5),
        ServiceArea(kind=AreaKind.POLYGON, name="Moss Bank", geometry=SQUARE),
        ServiceArea(kind=AreaKind.RADIUS, radius_km=2.0, location=hall),
        ServiceArea(kind=AreaKind.NEIGHBOURHOOD, neighbourhood=hood),
        ServiceArea(kind=AreaKind.BOROUGH),
    ]
    db.session.add(service)
    db.session.flush()
    return service


# What snapshot_service gave for full_service before the snapshot schema replaced it.
EXPECTED = {
    "name": "Walking group",
    "description": "Weekly walks.\nAll welcome.",
    "status": "temporarily_closed",
    "eligibility_description": "Over 50s",
    "min_age": 50,
    "max_age": 99,
    "is_free": False,
    "fee_description": "£2 a walk",
    "access_methods": ["self_referral", "drop_in"],
    "delivery_methods": ["in_person"],
    "accessibility": ["step_free", "wheelchair_access"],
    "languages": ["Urdu", "Polish"],
    "keywords": ["rambling", "hiking"],
    "contact_name": "Ann",
    "contact_phone": "01204 000001",
    "contact_email": "ann@example.org",
    "website": "https://example.org/walks",
    "schedule_note": "Not on bank holidays",
    "capacity_status": "paused",
    "waitlist_weeks": 6,
    "paused_until": "2026-04-01",
    "themes": ["friends_and_family", "getting_out"],
    "schedules": [
        {"weekday": 0, "opens_at": "09:05", "closes_at": "09:45", "location": None},
        {
            "weekday": 0,
            "opens_at": "10:00",
            "closes_at": "12:00",
            "location": "0e3c8a1e-0000-4000-8000-000000000002",
        },
        {"weekday": 3, "opens_at": "14:00", "closes_at": "16:30", "location": None},
    ],
    "areas": [
        {
            "kind": "borough",
            "neighbourhood": None,
            "radius_km": None,
            "location": None,
            "latitude": None,
            "longitude": None,
        },
        {
            "kind": "neighbourhood",
            "neighbourhood": "E05000650",
            "radius_km": None,
            "location": None,
            "latitude": None,
            "longitude": None,
        },
        {
            "kind": "radius",
            "neighbourhood": None,
            "radius_km": 2.0,
            "location": "0e3c8a1e-0000-4000-8000-000000000002",
            "latitude": None,
            "longitude": None,
        },
        {
            "kind": "radius",
            "neighbourhood": None,
            "radius_km": 3.5,
            "location": None,
            "latitude": 53.6,
            "longitude": -2.5,
        },
        {
            "kind": "polygon",
            "neighbourhood": None,
            "radius_km": None,
            "location": None,
            "latitude": None,
            "longitude": None,
            "name": "Moss Bank",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[-2.5, 53.5], [-2.4, 53.5], [-2.4, 53.6], [-2.5, 53.6], [-2.5, 53.5]]
                ],
            },
        },
        {
            "kind": "described",
            "neighbourhood": None,
            "radius_km": None,
            "location": None,
            "latitude": None,
            "longitude": None,
            "name": "All of Wigan",
        },
    ],
    "locations": [
        {"uuid": "0e3c8a1e-0000-4000-8000-000000000001", "name": "Annexe"},
        {"uuid": "0e3c8a1e-0000-4000-8000-000000000002", "name": "The hall"},
    ],
}


def test_a_service_snapshot_is_the_same_json_as_before(
    app_ctx: Any, make_organisation: Any, make_neighbourhood: Any
) -> None:
    service = full_service(make_organisation, make_neighbourhood)
    found = snapshots.snapshot_service(service)
    assert found == EXPECTED
    assert json.dumps(found) == json.dumps(EXPECTED)  # the same keys in the same order


def test_a_new_service_starts_from_the_same_snapshot_as_before() -> None:
    before = {
        "name": None,
        "description": "",
        "status": "active",
        "eligibility_description": "",
        "min_age": None,
        "max_age": None,
        "is_free": True,
        "fee_description": None,
        "access_methods": [],
        "delivery_methods": [],
        "accessibility": [],
        "languages": [],
        "keywords": [],
        "contact_name": None,
        "contact_phone": None,
        "contact_email": None,
        "website": None,
        "schedule_note": None,
        "capacity_status": "accepting",
        "waitlist_weeks": None,
        "paused_until": None,
        "themes": [],
        "schedules": [],
        "areas": [],
        "locations": [],
    }
    assert json.dumps(snapshots.new_service_snapshot()) == json.dumps(before)


def test_applying_a_snapshot_to_another_service_gives_the_same_snapshot(
    app_ctx: Any, make_organisation: Any, make_neighbourhood: Any
) -> None:
    service = full_service(make_organisation, make_neighbourhood)
    other = Service(organisation=service.organisation, name="Empty")
    db.session.add(other)
    versions.apply_snapshot(other, EXPECTED)
    assert json.dumps(snapshots.snapshot_service(other)) == json.dumps(EXPECTED)
    assert other.status is ServiceStatus.TEMPORARILY_CLOSED
    assert other.paused_until == date(2026, 4, 1)
    assert [slot.opens_at for slot in other.schedules] == [time(9, 5), time(10), time(14)]
    assert [slot.location for slot in other.schedules][1].name == "The hall"


def test_an_older_snapshot_loads_as_it_always_has() -> None:
    loaded = snapshots.load_service_snapshot({"name": "Walks", "description": None})
    assert loaded == {
        "name": "Walks",
        "description": "",  # blank text is empty, never null
        "status": ServiceStatus.ACTIVE,
        "eligibility_description": "",
        "min_age": None,
        "max_age": None,
        "is_free": True,  # written before a listing could leave it unsaid: free
        "fee_description": None,
        "access_methods": [],
        "delivery_methods": [],
        "accessibility": [],
        "languages": [],
        "keywords": [],
        "contact_name": None,
        "contact_phone": None,
        "contact_email": None,
        "website": None,
        "schedule_note": None,
        "capacity_status": CapacityStatus.ACCEPTING,
        "waitlist_weeks": None,
        "paused_until": None,
        "themes": [],
        "schedules": [],
        "areas": [],
        "locations": [],
    }
    said = snapshots.load_service_snapshot(
        {"is_free": None, "status": "", "paused_until": "", "themes": None, "keywords": None}
    )
    assert said["is_free"] is None  # the listing does not say
    assert said["status"] is ServiceStatus.ACTIVE
    assert said["paused_until"] is None
    assert said["themes"] == said["keywords"] == []


def test_a_snapshot_loads_typed_values() -> None:
    loaded = snapshots.load_service_snapshot(EXPECTED)
    assert loaded["status"] is ServiceStatus.TEMPORARILY_CLOSED
    assert loaded["capacity_status"] is CapacityStatus.PAUSED
    assert loaded["paused_until"] == date(2026, 4, 1)
    assert loaded["themes"] == [Theme.FRIENDS_AND_FAMILY, Theme.GETTING_OUT]
    assert loaded["schedules"][0] == {
        "weekday": 0,
        "opens_at": time(9, 5),
        "closes_at": time(9, 45),
        "location": None,
    }
    assert loaded["areas"][2]["kind"] is AreaKind.RADIUS
    assert loaded["areas"][4]["geometry"] == SQUARE
    assert "name" in loaded["areas"][0] and loaded["areas"][0]["name"] is None


def test_a_snapshot_with_a_value_outside_its_choices_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        snapshots.load_service_snapshot({"status": "open", "themes": ["gardening"]})
    assert set(error.value.normalized_messages()) == {"status", "themes"}


def test_a_stored_snapshot_is_already_canonical() -> None:
    assert json.dumps(snapshots.canonical(EXPECTED)) == json.dumps(EXPECTED)


def test_canonical_orders_and_completes_a_snapshot_built_by_hand() -> None:
    found = snapshots.canonical(
        {
            "themes": ["money", "health", "money"],
            "schedules": [
                {"weekday": 2, "opens_at": "14:00", "closes_at": "15:00"},
                {"weekday": 2, "opens_at": "09:00:00", "closes_at": "10:00", "location": ""},
            ],
            "areas": [
                {"kind": "neighbourhood", "neighbourhood": "E05000650"},
                {"kind": "borough", "name": ""},
            ],
            "locations": [{"uuid": "b", "name": "Zeta"}, {"uuid": "a", "name": "Alpha"}],
        }
    )
    assert found["themes"] == ["health", "money"]
    assert found["schedules"] == [
        {"weekday": 2, "opens_at": "09:00", "closes_at": "10:00", "location": None},
        {"weekday": 2, "opens_at": "14:00", "closes_at": "15:00", "location": None},
    ]
    assert found["areas"] == [
        {
            "kind": "borough",
            "neighbourhood": None,
            "radius_km": None,
            "location": None,
            "latitude": None,
            "longitude": None,
        },
        {
            "kind": "neighbourhood",
            "neighbourhood": "E05000650",
            "radius_km": None,
            "location": None,
            "latitude": None,
            "longitude": None,
        },
    ]
    assert [loc["name"] for loc in found["locations"]] == ["Alpha", "Zeta"]
