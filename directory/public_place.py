"""Where the public may think a place is: the one rule every public surface follows.

A confidential location (a refuge, a safe house) must never be recoverable from anything the
public can reach: not its address, its point, a distance to it, whether it lies within some
radius, nor an area centred on it. So pages, search and its API, map data, the Open Referral
feed, the booklet and the self-check all read locations through `public_place`, which puts a
confidential location at its neighbourhood's centre and names it only "in <neighbourhood>".
No distance to it is ever shown (search.engine withholds it), and it is never an area's centre:
an area measured from it is measured from that centre instead (`area_centre`).

The guarantee: everything public about a confidential location is a function of its
neighbourhood alone. Two refuges anywhere in the same neighbourhood give identical answers to
every public search, page and feed, so an attacker learns the neighbourhood (which the service
page names on purpose, so that people can judge whether it is for them) and nothing finer:
their best estimate is the neighbourhood's centre, wrong by however far the refuge stands from
it. That is only as safe as the neighbourhood is large, so a neighbourhood whose gazetteer
postcodes lie on average (root mean square) less than CONFIDENTIAL_MIN_SPREAD_KM from its
centre is too small to hide in: a confidential location there has no public point and no public
neighbourhood, and is shown only as in the borough. Whether a neighbourhood is too small
depends on the neighbourhood alone, never on where the location stands in it (a rule that
looked at the location's own point would itself leak). A refuge that happens to stand at its
neighbourhood's centre is still "found" by that guess; no rule that names the neighbourhood can
prevent that, and the name is what lets the people it is for find it.

Staff see the address only where they already did: the organisation's own members and the
capacity lead on the location's edit form, the listings history and moderation queue, and the
CSV export.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from core.extensions import db
from directory.gazetteer import Neighbourhood, Postcode
from directory.geo import EARTH_RADIUS_KM
from directory.models import AreaKind, Location, Organisation, Service, ServiceArea

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True)
class PublicPlace:
    """A location as the public may know it."""

    latitude: float | None
    longitude: float | None
    neighbourhood_code: str | None
    neighbourhood_name: str | None
    confidential: bool

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    @property
    def reaches_whole_borough(self) -> bool:
        """A confidential place with no public neighbourhood is found from anywhere instead."""
        return self.confidential and self.neighbourhood_code is None


def public_place(location: Location) -> PublicPlace:
    """Where the public may think `location` is (see the module's docstring)."""
    hood = location.neighbourhood
    if not location.confidential:
        return PublicPlace(
            location.latitude,
            location.longitude,
            hood.code if hood else None,
            hood.name if hood else None,
            confidential=False,
        )
    if hood is None or too_small_to_hide_in(hood, object_session(location)):
        return PublicPlace(None, None, None, None, confidential=True)
    return PublicPlace(hood.latitude, hood.longitude, hood.code, hood.name, confidential=True)


def where_label(place: PublicPlace) -> str:
    """How a confidential place is named in public: its neighbourhood, else the borough."""
    return f"In {place.neighbourhood_name or current_app.config['BOROUGH_NAME']}"


def neighbourhood_spread_km(hood: Neighbourhood, session: Session | None = None) -> float:
    """Root mean square distance of the neighbourhood's gazetteer postcodes from its centre."""
    count, lat, lon, lat2, lon2 = (
        (session or db.session)
        .execute(
            select(
                func.count(),
                func.avg(Postcode.latitude),
                func.avg(Postcode.longitude),
                func.avg(Postcode.latitude * Postcode.latitude),
                func.avg(Postcode.longitude * Postcode.longitude),
            ).where(Postcode.neighbourhood_code == hood.code)
        )
        .one()
    )
    if not count:
        return 0.0
    # E[(x - c)^2] = E[x^2] - 2cE[x] + c^2, per axis, in km.
    north = float(lat2) - 2 * hood.latitude * float(lat) + hood.latitude**2
    east = float(lon2) - 2 * hood.longitude * float(lon) + hood.longitude**2
    scale = math.cos(math.radians(hood.latitude))
    squared = KM_PER_DEGREE**2 * (max(north, 0.0) + max(east, 0.0) * scale**2)
    return math.sqrt(squared)


def too_small_to_hide_in(hood: Neighbourhood, session: Session | None = None) -> bool:
    """Whether naming `hood` (or using its centre) would all but place a refuge in it."""
    minimum = float(current_app.config["CONFIDENTIAL_MIN_SPREAD_KM"])
    return neighbourhood_spread_km(hood, session) < minimum


def hidden_neighbourhood_ids() -> set[int]:
    """Neighbourhoods holding a confidential location that are too small to name."""
    hoods = db.session.scalars(
        select(Neighbourhood).where(
            Neighbourhood.id.in_(
                select(Location.neighbourhood_id).where(Location.confidential.is_(True))
            )
        )
    )
    return {hood.id for hood in hoods if too_small_to_hide_in(hood)}


def may_be_a_centre(location: Location) -> bool:
    """Whether a distance may be measured from `location`: a public place with a point."""
    return (
        not location.confidential
        and location.latitude is not None
        and location.longitude is not None
    )


def area_centre(area: ServiceArea) -> tuple[float, float] | None:
    """The public centre of a radius area: its place's public point, or its own bare point."""
    if area.kind is not AreaKind.RADIUS or not area.radius_km:
        return None
    if area.location is not None:
        return public_place(area.location).point
    if area.latitude is None or area.longitude is None:
        return None
    return (area.latitude, area.longitude)


def public_areas(service: Service) -> list[ServiceArea]:
    """The service's areas the public may see: a radius only with a public centre."""
    return [
        area
        for area in service.areas
        if area.kind is not AreaKind.RADIUS or area_centre(area) is not None
    ]


def centre_location(
    organisation: Organisation, latitude: float | None, longitude: float | None
) -> Location | None:
    """The organisation's place standing at exactly this point: the source of a copied centre.

    Confidential places first, so a copy of a refuge's point is always recognised as one.
    """
    if latitude is None or longitude is None:
        return None
    found = [
        location
        for location in organisation.locations
        if (location.latitude, location.longitude) == (latitude, longitude)
    ]
    found.sort(key=lambda location: (not location.confidential, location.id or 0))
    return found[0] if found else None
