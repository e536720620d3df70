"""Read and write listings; the rules about what the public may see live here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from core.errors import NotFound
from core.extensions import db
from core.models import utcnow
from directory.models import (
    OpeningSchedule,
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceTheme,
)
from directory.public_place import public_place, where_label
from directory.themes import Theme


def listed_services_query() -> Select[Service]:
    """Select services the public may see: published, of a published organisation, not inactive."""
    return (
        select(Service)
        .join(Service.organisation)
        .where(
            Service.is_published.is_(True),
            Organisation.is_published.is_(True),
            Service.status != ServiceStatus.INACTIVE,
            # A second listing of a service another directory already lists: shown once.
            Service.duplicate_of_id.is_(None),
        )
    )


def get_listed_service(service_uuid: str) -> Service:
    """Return a publicly visible service with everything its page shows, or raise NotFound."""
    service = db.session.scalars(
        listed_services_query()
        .where(Service.uuid == service_uuid)
        .options(
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
            selectinload(Service.schedules),
            selectinload(Service.opening_schedules).selectinload(OpeningSchedule.slots),
            selectinload(Service.cost_options),
            selectinload(Service.areas),
            selectinload(Service.theme_links),
            selectinload(Service.taxonomy_terms),
        )
    ).first()
    if service is None:
        raise NotFound("We could not find that service. It may have closed or moved.")
    return service


def get_listed_organisation(organisation_uuid: str) -> tuple[Organisation, list[Service]]:
    """Return a published organisation and its publicly visible services."""
    organisation = db.session.scalars(
        select(Organisation).where(
            Organisation.uuid == organisation_uuid, Organisation.is_published.is_(True)
        )
    ).first()
    if organisation is None:
        raise NotFound("We could not find that organisation.")
    services = db.session.scalars(
        listed_services_query()
        .where(Service.organisation_id == organisation.id)
        .order_by(Service.name)
    ).all()
    return organisation, list(services)


def theme_service_counts() -> dict[Theme, int]:
    """Count publicly visible services per theme, for the home page tiles."""
    listed = listed_services_query().with_only_columns(Service.id).subquery()
    rows = db.session.execute(
        select(ServiceTheme.theme, func.count())
        .where(ServiceTheme.service_id.in_(select(listed.c.id)))
        .group_by(ServiceTheme.theme)
    ).all()
    counts: Counter[Theme] = Counter({theme: 0 for theme in Theme})
    counts.update({theme: count for theme, count in rows})
    return dict(counts)


@dataclass(frozen=True)
class PublicLocation:
    """A location as the public may see it: confidential ones show only their area."""

    name: str
    address_lines: list[str]
    latitude: float | None
    longitude: float | None
    neighbourhood: str | None
    confidential: bool


def public_locations(service: Service) -> list[PublicLocation]:
    """The service's places for its page and the booklet (directory.public_place decides)."""
    shown = []
    for location in service.locations:
        place = public_place(location)
        if place.confidential:
            # Named, never drawn: a marker would be a point to measure from.
            shown.append(
                PublicLocation(
                    name="Confidential address",
                    address_lines=[where_label(place)],
                    latitude=None,
                    longitude=None,
                    neighbourhood=place.neighbourhood_name,
                    confidential=True,
                )
            )
        else:
            shown.append(
                PublicLocation(
                    name=location.name,
                    address_lines=location.address_lines,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    neighbourhood=place.neighbourhood_name,
                    confidential=False,
                )
            )
    return shown


def is_stale(service: Service, now: datetime | None = None) -> bool:
    return service.is_stale(now or utcnow(), current_app.config["STALE_AFTER_DAYS"])
