"""Factory fixtures returning callables that build listings with sensible defaults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from itertools import count
from typing import Any

import pytest

from core.extensions import db
from core.models import utcnow
from directory.gazetteer import Neighbourhood, Postcode
from directory.models import (
    AreaKind,
    Location,
    Organisation,
    OrganisationKind,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

_sequence = count(1)


@pytest.fixture
def make_organisation() -> Callable[..., Organisation]:
    def make(**fields: Any) -> Organisation:
        fields.setdefault("name", f"Organisation {next(_sequence)}")
        fields.setdefault("kind", OrganisationKind.VOLUNTARY)
        organisation = Organisation(**fields)
        db.session.add(organisation)
        db.session.flush()
        return organisation

    return make


@pytest.fixture
def make_neighbourhood() -> Callable[..., Neighbourhood]:
    def make(**fields: Any) -> Neighbourhood:
        number = next(_sequence)
        fields.setdefault("code", f"E0599{number:04d}")
        fields.setdefault("name", f"Neighbourhood {number}")
        fields.setdefault("latitude", 53.578)
        fields.setdefault("longitude", -2.429)
        hood = Neighbourhood(**fields)
        db.session.add(hood)
        db.session.flush()
        return hood

    return make


@pytest.fixture
def make_postcode() -> Callable[..., Postcode]:
    def make(postcode: str, latitude: float, longitude: float, ward: str | None = None) -> Postcode:
        row = Postcode(
            postcode=postcode,
            outward=postcode.split(" ")[0],
            latitude=latitude,
            longitude=longitude,
            neighbourhood_code=ward,
        )
        db.session.add(row)
        db.session.flush()
        return row

    return make


@pytest.fixture
def make_service(
    make_organisation: Callable[..., Organisation],
) -> Callable[..., Service]:
    """Build a published, active, recently verified service.

    Extra keywords: `lat`/`lon` add a location there, `confidential` marks it,
    `neighbourhood` sets the location's neighbourhood, `schedule` takes
    (weekday, "10:00", "12:00") tuples, and `areas` takes ServiceArea keyword dicts.
    """

    def make(**fields: Any) -> Service:
        organisation = fields.pop("organisation", None) or make_organisation()
        lat = fields.pop("lat", None)
        lon = fields.pop("lon", None)
        confidential = fields.pop("confidential", False)
        neighbourhood = fields.pop("neighbourhood", None)
        schedule = fields.pop("schedule", [])
        areas = fields.pop("areas", [])
        themes = fields.pop("themes", ["friends_and_family"])
        fields.setdefault("name", f"Service {next(_sequence)}")
        fields.setdefault("description", "A friendly weekly group.")
        fields.setdefault("last_verified_at", utcnow() - timedelta(days=30))
        service = Service(organisation=organisation, **fields)
        service.themes = themes
        if lat is not None and lon is not None:
            location = Location(
                organisation=organisation,
                name=f"{service.name} venue",
                address_1="1 High Street",
                town="Bolton",
                postcode="BL1 1AA",
                latitude=lat,
                longitude=lon,
                confidential=confidential,
                neighbourhood=neighbourhood,
            )
            service.service_at_locations.append(ServiceAtLocation(location=location))
        for weekday, opens, closes in schedule:
            service.schedules.append(
                ScheduleSlot(
                    weekday=weekday,
                    opens_at=time.fromisoformat(opens),
                    closes_at=time.fromisoformat(closes),
                )
            )
        for area in areas:
            area = dict(area)
            area["kind"] = AreaKind(area["kind"])
            service.areas.append(ServiceArea(**area))
        db.session.add(service)
        db.session.flush()
        return service

    return make
