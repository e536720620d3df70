"""A confidential location is never the centre of a service area, old data included."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade

from accounts.models import Role, User
from core.extensions import db
from core.models import utcnow
from directory import snapshots
from directory.change_models import (
    ChangeKind,
    ChangeStatus,
    ListingVersion,
    ProposedChange,
    RecordType,
)
from directory.models import AreaKind, Location, Service, ServiceArea
from tests.conftest import make_app
from tests.directory.refuge_world import CENTRE, REFUGE, World, sign_in, world_fixture  # noqa: F401

BEFORE = "57febff1889c"  # the revision before service areas were measured from a location


def service_form(world: World, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "name": "Harbour drop-in",
        "description": "A friendly weekly group.",
        "themes": "house_and_home",
        "access_methods": "signpost_referral",
        "is_free": "true",
        "locations": world.hub_location,
    }
    form.update(changes)
    return form


def location_form(confidential: bool) -> dict[str, object]:
    form: dict[str, object] = {
        "name": "Harbour House",
        "address_1": "7 Secret Row",
        "town": "Bolton",
        "postcode": "BL1 3PX",
    }
    if confidential:
        form["confidential"] = "true"
    return form


def circle_centre(client: FlaskClient, service_uuid: str) -> list[tuple[float, float]]:
    """The centres of the circles the Open Referral feed publishes for a service."""
    record = client.get(f"/openreferral/services/{service_uuid}").get_json()
    centres = []
    for area in record.get("service_areas", []):
        if area.get("extent"):
            lon, lat = json.loads(area["extent"])["properties"]["centre"]
            centres.append((lat, lon))
    return centres


# An area as snapshots held it before areas named their place: the centre was a copied point.
LEGACY_AREA = {
    "kind": "radius",
    "neighbourhood": None,
    "radius_km": 2.0,
    "latitude": REFUGE[0],
    "longitude": REFUGE[1],
}


def add_lead(world: World) -> None:
    """Add a capacity lead to the world (in an app context) and commit."""
    lead = User(email="lead@example.org", name="Lena Lead")
    lead.roles = {Role.CAPACITY_LEAD}
    db.session.add(lead)
    db.session.commit()
    world.users["lead"] = lead.get_id()


def first_version(service_uuid: str, snapshot: dict[str, Any]) -> ListingVersion:
    return ListingVersion(
        record_type=RecordType.SERVICE,
        record_uuid=service_uuid,
        number=1,
        snapshot=snapshot,
        summary="Listing as first recorded",
        author_name="Signpost",
        created_at=utcnow() - timedelta(days=30),
    )


def test_the_service_form_never_offers_a_confidential_place_as_a_centre(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, world, "provider")
    form = client.get(f"/manage/services/{world.hub_service}/edit").get_data(as_text=True)
    radius_select = form.split('name="area_radius_location"', 1)[1].split("</select>", 1)[0]
    assert f'value="{world.hub_location}"' in radius_select
    assert world.refuge_location not in radius_select
    response = client.post(
        f"/manage/services/{world.hub_service}/edit",
        data=service_form(world, area_radius_location=world.refuge_location, area_radius_km="2"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="area_radius_location-error"' in page
    assert "confidential" in page.split('id="area_radius_location-error"', 1)[1][:300]
    # What was typed is kept.
    assert 'name="area_radius_km" type="text" value="2"' in page or 'value="2"' in page
    assert circle_centre(client, world.hub_service) == []


def test_an_area_around_a_place_that_later_becomes_confidential_leaves_it(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sign_in(client, world, "provider")
    refuge_place = f"/manage/locations/{world.refuge_location}/edit"
    assert client.post(refuge_place, data=location_form(confidential=False)).status_code == 302
    response = client.post(
        f"/manage/services/{world.hub_service}/edit",
        data=service_form(world, area_radius_location=world.refuge_location, area_radius_km="2"),
    )
    assert response.status_code == 302
    [centre] = circle_centre(client, world.hub_service)
    assert centre == pytest.approx(REFUGE, abs=1e-6)  # a public place may be a centre

    # The place becomes a refuge: the circle now stands at Halliwell's centre, everywhere.
    assert client.post(refuge_place, data=location_form(confidential=True)).status_code == 302
    [centre] = circle_centre(client, world.hub_service)
    assert centre == pytest.approx(CENTRE, abs=1e-6)
    with app.app_context():
        area = db.session.scalars(db.select(ServiceArea)).one()
        assert (area.latitude, area.longitude) == (None, None), "no copy of the point is kept"

    # The form says why the distance cannot stay, and saving it unchanged removes it.
    form = client.get(f"/manage/services/{world.hub_service}/edit").get_data(as_text=True)
    assert "Harbour House is a confidential address" in form
    radius_select = form.split('name="area_radius_location"', 1)[1].split("</select>", 1)[0]
    assert world.refuge_location not in radius_select
    assert (
        client.post(
            f"/manage/services/{world.hub_service}/edit", data=service_form(world)
        ).status_code
        == 302
    )
    assert circle_centre(client, world.hub_service) == []


def test_reverting_to_a_version_with_a_copied_centre_links_the_place_instead(
    app: Flask,
    client: FlaskClient,
    world: World,
) -> None:
    with app.app_context():
        hub = db.session.scalars(db.select(Service).where(Service.uuid == world.hub_service)).one()
        old = snapshots.snapshot_service(hub) | {"areas": [LEGACY_AREA]}
        db.session.add(first_version(hub.uuid, old))
        add_lead(world)
    sign_in(client, world, "lead")
    response = client.post(f"/admin/listings/history/service/{world.hub_service}/1/revert")
    assert response.status_code == 302
    with app.app_context():
        area = db.session.scalars(db.select(ServiceArea)).one()
        assert area.location is not None and area.location.uuid == world.refuge_location
        assert (area.latitude, area.longitude) == (None, None)
    [centre] = circle_centre(client, world.hub_service)
    assert centre == pytest.approx(CENTRE, abs=1e-6)


def test_the_migration_links_copied_centres_and_rewrites_stored_snapshots(
    databases: Any, tmp_path: Path, make_service: Any, make_neighbourhood: Any
) -> None:
    url = databases.new("areas")
    app = make_app(url, tmp_path / "instance")
    with app.app_context():
        upgrade()
        hood = make_neighbourhood(
            code="E05000650", name="Halliwell", latitude=CENTRE[0], longitude=CENTRE[1]
        )
        public = make_service(name="Walks", lat=53.61, lon=-2.45)
        organisation = public.organisation
        refuge = make_service(
            name="Refuge",
            organisation=organisation,
            lat=REFUGE[0],
            lon=REFUGE[1],
            confidential=True,
            neighbourhood=hood,
        )
        # Centres as the old code stored them: copies of the places' points.
        public.areas = [
            ServiceArea(kind=AreaKind.RADIUS, radius_km=3, latitude=53.61, longitude=-2.45),
            ServiceArea(kind=AreaKind.RADIUS, radius_km=5, latitude=53.7, longitude=-2.3),
        ]
        refuge.areas = [
            ServiceArea(kind=AreaKind.RADIUS, radius_km=2, latitude=REFUGE[0], longitude=REFUGE[1])
        ]
        db.session.add(first_version(refuge.uuid, {"name": "Refuge", "areas": [LEGACY_AREA]}))
        db.session.add(
            ProposedChange(
                kind=ChangeKind.EDIT,
                status=ChangeStatus.PENDING,
                record_type=RecordType.SERVICE,
                record_uuid=refuge.uuid,
                organisation=organisation,
                base={"name": "Refuge", "areas": [LEGACY_AREA]},
                proposed={"name": "Refuge", "areas": [LEGACY_AREA]},
                message="Listing edited",
                proposer_name="Pat",
                created_at=utcnow(),
            )
        )
        db.session.commit()
        ids = {"public": public.id, "refuge": refuge.id}
        places = {
            "public": public.service_at_locations[0].location.uuid,
            "refuge": refuge.service_at_locations[0].location.uuid,
        }
        db.session.remove()

        downgrade(revision=BEFORE)
        upgrade()

        def areas(name: str) -> list[tuple[Any, ...]]:
            return sorted(
                (
                    area.radius_km,
                    area.location.uuid if area.location else None,
                    area.latitude,
                    area.longitude,
                )
                for area in db.session.scalars(
                    db.select(ServiceArea).where(ServiceArea.service_id == ids[name])
                )
            )

        assert areas("public") == [(3, places["public"], None, None), (5, None, 53.7, -2.3)]
        assert areas("refuge") == [(2, places["refuge"], None, None)]
        version = db.session.scalars(db.select(ListingVersion)).one()
        change = db.session.scalars(db.select(ProposedChange)).one()
        for snapshot in (version.snapshot, change.base, change.proposed):
            [area] = snapshot["areas"]
            assert area["location"] == places["refuge"]
            assert area["latitude"] is None and area["longitude"] is None
            assert str(REFUGE[0]) not in json.dumps(snapshot)
        db.session.remove()

        # Going back keeps no copy of a confidential point: the old code gets its public point.
        downgrade(revision=BEFORE)
        rows = db.session.execute(
            db.text("SELECT service_id, radius_km, latitude, longitude FROM service_area")
        ).all()
        assert sorted(tuple(row) for row in rows) == sorted(
            [
                (ids["public"], 3, 53.61, -2.45),
                (ids["public"], 5, 53.7, -2.3),
                (ids["refuge"], 2, CENTRE[0], CENTRE[1]),
            ]
        )
        db.session.remove()
        upgrade()
        db.engine.dispose()


def test_reverting_a_refuge_to_a_public_version_keeps_it_confidential(
    app: Flask, client: FlaskClient, world: World
) -> None:
    # Its history holds a version from before it was a refuge: putting that back (to undo a
    # typo, say) must not publish the address. Only an explicit edit makes a place public.
    sign_in(client, world, "provider")
    for confidential in (False, True):
        edited = client.post(
            f"/manage/locations/{world.refuge_location}/edit",
            data=location_form(confidential=confidential),
        )
        assert edited.status_code == 302
    with app.app_context():
        public = db.session.scalars(
            db.select(ListingVersion.number)
            .where(ListingVersion.record_uuid == world.refuge_location)
            .order_by(ListingVersion.number.desc())
        ).all()[1]
        add_lead(world)
    sign_in(client, world, "lead")
    history = f"/admin/listings/history/location/{world.refuge_location}"
    response = client.post(f"{history}/{public}/revert")
    assert response.status_code == 302
    with app.app_context():
        refuge = db.session.scalars(
            db.select(Location).where(Location.uuid == world.refuge_location)
        ).one()
        assert refuge.confidential is True
    anyone = app.test_client()
    for url in (f"/services/{world.refuge}", f"/openreferral/services/{world.refuge}"):
        assert "Secret Row" not in anyone.get(url).get_data(as_text=True)
    assert "still a confidential address" in client.get(history).get_data(as_text=True)
