"""A service's `last_modified` moves when anything published about it changes (item 4)."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from core.extensions import db
from core.models import utcnow
from directory.models import (
    AreaKind,
    CapacityStatus,
    CostOption,
    Location,
    OpeningSchedule,
    ScheduleSlot,
    ServiceArea,
    ServiceAtLocation,
)

LONG_AGO = utcnow() - timedelta(days=400)


def _edit_organisation(service):
    service.organisation.name = "Renamed organisation"


def _edit_location(service):
    service.locations[0].address_1 = "2 New Street"


def _add_location(service):
    with db.session.no_autoflush:
        place = Location(organisation=service.organisation, name="Annex", address_1="3 Lane")
        service.service_at_locations.append(ServiceAtLocation(location=place))


def _edit_slot(service):
    service.schedules[0].closes_at = time(13, 0)


def _add_slot(service):
    service.schedules.append(ScheduleSlot(weekday=4, opens_at=time(9), closes_at=time(10)))


def _remove_slot(service):
    service.schedules.remove(service.schedules[0])


def _add_schedule(service):
    service.opening_schedules.append(OpeningSchedule(freq="MONTHLY", byday="1MO"))


def _edit_area(service):
    service.areas[0].radius_km = 9


def _add_area(service):
    service.areas.append(ServiceArea(kind=AreaKind.BOROUGH))


def _add_cost(service):
    service.cost_options.append(CostOption(option="Adults", amount=3, currency="GBP"))


def _edit_contact(service):
    service.contact_phone = "01204 999999"


def _edit_capacity(service):
    service.capacity_status = CapacityStatus.WAITLIST


def _edit_themes(service):
    service.themes = ["money"]


CHANGES = [
    _edit_organisation,
    _edit_location,
    _add_location,
    _edit_slot,
    _add_slot,
    _remove_slot,
    _add_schedule,
    _edit_area,
    _add_area,
    _add_cost,
    _edit_contact,
    _edit_capacity,
    _edit_themes,
]


@pytest.fixture
def old_service(app_ctx, make_service):
    service = make_service(
        name="Walking group",
        lat=53.58,
        lon=-2.44,
        schedule=[(0, "10:00", "12:00")],
        areas=[{"kind": "radius", "radius_km": 2, "latitude": 53.58, "longitude": -2.44}],
    )
    db.session.commit()
    service.last_modified = LONG_AGO
    db.session.commit()
    assert service.last_modified == LONG_AGO
    return service


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_each_kind_of_change_moves_last_modified(old_service, change):
    change(old_service)
    db.session.commit()
    db.session.expire_all()
    assert old_service.last_modified > utcnow() - timedelta(minutes=5)


def test_a_change_to_another_service_or_nothing_at_all_does_not(old_service, make_service):
    other = make_service(name="Other", organisation=old_service.organisation)
    db.session.commit()
    other.name = "Other, renamed"
    old_service.name = old_service.name  # the same value: no change
    db.session.commit()
    db.session.expire_all()
    assert old_service.last_modified == LONG_AGO


def test_modified_after_sees_an_organisation_edit(app, client, old_service):
    since = (utcnow() - timedelta(minutes=1)).isoformat()
    assert (
        client.get("/openreferral/services", query_string={"modified_after": since}).json[
            "contents"
        ]
        == []
    )
    _edit_organisation(old_service)
    db.session.commit()
    found = client.get("/openreferral/services", query_string={"modified_after": since}).json
    assert [s["id"] for s in found["contents"]] == [old_service.uuid]
