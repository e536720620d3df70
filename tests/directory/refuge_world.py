"""A small world with one refuge, built so that every leak of its point shows.

Halliwell's centre C is 1 km south of the refuge R. A postcode 0.3 km north of R (in Deane) is
1.3 km from C; one 0.28 km south of C (in Halliwell) is 1.28 km from R. A public hub 0.6 km
north of that first postcode sits between R and C in distance from it. So a search, a distance
or an order that used R's true point answers differently from one that uses C.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from accounts.auth import LAST_SEEN
from accounts.models import Membership, Role, User
from core.extensions import db
from core.models import utcnow
from directory.models import AccessMethod, Location, Service, ServiceAtLocation
from directory.themes import Theme

KM_LAT = 1 / 111.195  # degrees of latitude per km


def north(point: tuple[float, float], km: float) -> tuple[float, float]:
    return (round(point[0] + km * KM_LAT, 6), point[1])


def east(point: tuple[float, float], km: float) -> tuple[float, float]:
    return (point[0], round(point[1] + km * KM_LAT / math.cos(math.radians(point[0])), 6))


CENTRE = (53.590, -2.440)  # Halliwell's centre
REFUGE = north(CENTRE, 1.0)
REFUGE_ELSEWHERE = east(CENTRE, 0.9)  # another point in Halliwell
NEAR_REFUGE = north(REFUGE, 0.3)  # BL1 7AA, in Deane
NEAR_CENTRE = north(CENTRE, -0.28)  # BL1 4AA, in Halliwell
HUB = north(NEAR_REFUGE, 0.6)  # a public venue
FAR_IN_HALLIWELL = north(CENTRE, -1.2)  # BL1 6AA: in Halliwell, 1.2 km from its centre
DEANE_CENTRE = north(CENTRE, 2.8)
TINY_CENTRE = (53.560, -2.500)  # a neighbourhood too small to hide in


@dataclass
class World:
    refuge: str  # the refuge service's uuid
    refuge_location: str
    hub_service: str
    hub_location: str
    organisation: str
    tiny_service: str
    postcodes: dict[str, tuple[float, float]] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)  # role -> session id


def _ring(centre: tuple[float, float], km: float) -> list[tuple[float, float]]:
    return [
        north(east(centre, km * math.sin(a)), km * math.cos(a))
        for a in (i * math.pi / 4 for i in range(8))
    ]


def build_world(
    app: Flask, make_service: Any, make_neighbourhood: Any, make_postcode: Any
) -> World:
    with app.app_context():
        halliwell = make_neighbourhood(
            code="E05000650", name="Halliwell", latitude=CENTRE[0], longitude=CENTRE[1]
        )
        make_neighbourhood(
            code="E05000651", name="Deane", latitude=DEANE_CENTRE[0], longitude=DEANE_CENTRE[1]
        )
        tiny = make_neighbourhood(
            code="E05000652", name="Tiny Close", latitude=TINY_CENTRE[0], longitude=TINY_CENTRE[1]
        )
        postcodes: dict[str, tuple[float, float]] = {}

        def postcode(code: str, point: tuple[float, float], ward: str) -> None:
            make_postcode(code, *point, ward=ward)
            postcodes[code] = point

        # Halliwell's postcodes lie about 0.9 km from its centre: big enough to hide in.
        for number, point in enumerate(_ring(CENTRE, 0.9)):
            postcode(f"BL1 5A{'BDEFGHJL'[number]}", point, "E05000650")
        postcode("BL1 4AA", NEAR_CENTRE, "E05000650")
        postcode("BL1 6AA", FAR_IN_HALLIWELL, "E05000650")
        postcode("BL1 3PX", REFUGE, "E05000650")
        postcode("BL1 3PY", REFUGE_ELSEWHERE, "E05000650")
        for number, point in enumerate(_ring(DEANE_CENTRE, 0.9)):
            postcode(f"BL1 8A{'BDEFGHJL'[number]}", point, "E05000651")
        postcode("BL1 7AA", NEAR_REFUGE, "E05000651")
        postcode("BL1 7AB", HUB, "E05000651")
        # Tiny Close: two postcodes 60 m apart.
        postcode("BL5 1AA", TINY_CENTRE, "E05000652")
        postcode("BL5 1AB", north(TINY_CENTRE, 0.06), "E05000652")

        refuge = make_service(
            name="Harbour refuge",
            description="Safe accommodation for women and children escaping abuse.",
            lat=REFUGE[0],
            lon=REFUGE[1],
            confidential=True,
            neighbourhood=halliwell,
            themes=[Theme.HOUSE_AND_HOME.value],
            access_methods=[AccessMethod.SIGNPOST_REFERRAL.value],
            schedule=[(0, "09:00", "17:00")],
        )
        organisation = refuge.organisation
        location = refuge.service_at_locations[0].location
        location.name, location.address_1 = "Harbour House", "7 Secret Row"
        location.postcode = "BL1 3PX"
        organisation.name = "Harbour"
        hub = make_service(
            name="Harbour drop-in",
            organisation=organisation,
            lat=HUB[0],
            lon=HUB[1],
            themes=[Theme.HOUSE_AND_HOME.value],
            access_methods=[AccessMethod.SIGNPOST_REFERRAL.value],
        )
        hub_location = hub.service_at_locations[0].location
        hub_location.name, hub_location.postcode = "Harbour hub", "BL1 7AB"
        # A safe house in a neighbourhood too small to hide in.
        tiny_service = make_service(
            name="Quiet Lane safe house",
            organisation=organisation,
            lat=TINY_CENTRE[0],
            lon=TINY_CENTRE[1],
            confidential=True,
            neighbourhood=tiny,
            themes=[Theme.HOUSE_AND_HOME.value],
        )
        tiny_service.service_at_locations[0].location.postcode = "BL5 1AA"
        provider = _user("pat@example.org", Role.PROVIDER, Membership(organisation=organisation))
        coordinator = _user("sam@example.org", Role.COORDINATOR)
        partner = _user(
            "fire@example.org",
            Role.PROVIDER,
            Membership(organisation=organisation, is_referring_partner=True),
        )
        organisation.trusted = True
        db.session.commit()
        return World(
            refuge=refuge.uuid,
            refuge_location=location.uuid,
            hub_service=hub.uuid,
            hub_location=hub_location.uuid,
            organisation=organisation.uuid,
            tiny_service=tiny_service.uuid,
            postcodes=postcodes,
            users={
                "provider": provider.get_id(),
                "coordinator": coordinator.get_id(),
                "partner": partner.get_id(),
            },
        )


def _user(email: str, role: Role, *memberships: Membership) -> User:
    user = User(email=email, name=email.split("@")[0].title())
    user.roles = {role}
    user.memberships.extend(memberships)
    db.session.add(user)
    db.session.flush()
    return user


@pytest.fixture(name="world")
def world_fixture(
    app: Flask, make_service: Any, make_neighbourhood: Any, make_postcode: Any
) -> World:
    """The refuge world, committed (import `world_fixture` to use it as `world`)."""
    return build_world(app, make_service, make_neighbourhood, make_postcode)


def sign_in(client: FlaskClient, world: World, role: str) -> None:
    """Give `client` a signed-in session for the world's user with `role`."""
    with client.session_transaction() as session:
        session["_user_id"] = world.users[role]
        session["_fresh"] = True
        session[LAST_SEEN] = utcnow().timestamp()


def move_refuge(app: Flask, world: World, point: tuple[float, float], postcode: str) -> None:
    """Move the refuge to another point (as a provider correcting its postcode would)."""
    with app.app_context():
        location = db.session.scalars(
            db.select(Location).where(Location.uuid == world.refuge_location)
        ).one()
        location.latitude, location.longitude = point
        location.postcode = postcode
        db.session.commit()


def service_id(uuid: str) -> int:
    return db.session.scalars(db.select(Service.id).where(Service.uuid == uuid)).one()


def refuge_sal(world: World) -> ServiceAtLocation:
    return db.session.scalars(
        db.select(ServiceAtLocation).join(Location).where(Location.uuid == world.refuge_location)
    ).one()
