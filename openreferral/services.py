"""What the Open Referral UK feed publishes, and the queries behind each endpoint.

Only listings the public may see are published (directory.services.listed_services_query), and a
confidential location never leaves Signpost: a service whose only locations are confidential
appears without them. Every id is the record's own stable `uuid`; records Signpost synthesises
(the wellbeing-theme taxonomy, a service's contact, languages, cost) get uuid5 ids derived from
their owner, so they are stable too.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from marshmallow import ValidationError
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import selectinload

from core.errors import NotFound
from core.extensions import db
from directory import geo
from directory.areas import points_inside
from directory.gazetteer import Postcode
from directory.models import (
    AreaKind,
    Location,
    Organisation,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTheme,
    Taxonomy,
    TaxonomyTerm,
)
from directory.public_place import area_centre
from directory.services import listed_services_query
from directory.themes import Theme

# Namespace of every id this feed derives rather than stores. Never change it: ids must stay
# stable for the feeds and systems that have read them.
NAMESPACE = uuid.UUID("0c3f6a1e-5b7d-4f25-9e8a-3d2b1c4f6a70")
THEMES_TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, "taxonomy:wellbeing-themes"))
THEMES_TAXONOMY_NAME = "Signpost wellbeing themes"
THEMES_TAXONOMY_DESCRIPTION = (
    "The 12 quality-of-life wheel themes Signpost uses to describe what a service helps with."
)

Item = TypeVar("Item")


def derived_id(owner_id: str, part: str) -> str:
    """Return a stable id for a record synthesised from its owner (e.g. a service's contact)."""
    return str(uuid.uuid5(NAMESPACE, f"{owner_id}/{part}"))


def theme_term_id(theme: Theme) -> str:
    return str(uuid.uuid5(NAMESPACE, f"theme:{theme.value}"))


THEME_BY_TERM_ID = {theme_term_id(theme): theme for theme in Theme}


@dataclass(frozen=True)
class PublishedTerm:
    id: str
    name: str
    description: str
    term: str
    taxonomy: str
    taxonomy_id: str
    parent_id: str | None = None


@dataclass(frozen=True)
class PublishedTaxonomy:
    id: str
    name: str
    description: str
    uri: str | None
    version: str | None
    taxonomy_terms: list[PublishedTerm]


@dataclass(frozen=True)
class Page(Generic[Item]):
    items: Sequence[Item]
    total_items: int
    page_number: int
    per_page: int

    @property
    def total_pages(self) -> int:
        # An empty result is still one (empty) page, so page 1 is always both first and last.
        return max(1, math.ceil(self.total_items / self.per_page))

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def first_page(self) -> bool:
        return self.page_number == 1

    @property
    def last_page(self) -> bool:
        return self.page_number >= self.total_pages

    @property
    def empty(self) -> bool:
        return not self.items


@dataclass(frozen=True)
class ListQuery:
    """The filters a list endpoint was asked for; all given filters apply together (AND)."""

    page: int = 1
    per_page: int = 50
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: datetime | None = None
    postcode: str | None = None
    proximity: float | None = None  # metres from the postcode's centroid
    parent_id: str | None = None
    top_only: bool = False


def theme_term(theme: Theme) -> PublishedTerm:
    return PublishedTerm(
        id=theme_term_id(theme),
        name=theme.label,
        description=theme.hint,
        term=theme.value,
        taxonomy=THEMES_TAXONOMY_NAME,
        taxonomy_id=THEMES_TAXONOMY_ID,
    )


def stored_term(term: TaxonomyTerm, parent_uuid: str | None = None) -> PublishedTerm:
    return PublishedTerm(
        id=term.uuid,
        name=term.name,
        description=term.description,
        term=term.code,
        taxonomy=term.taxonomy.name,
        taxonomy_id=term.taxonomy.uuid,
        parent_id=parent_uuid,
    )


def service_terms(service: Service) -> list[PublishedTerm]:
    """The themes and further taxonomy terms describing a service, themes first."""
    return [theme_term(theme) for theme in service.themes] + [
        stored_term(term) for term in service.taxonomy_terms
    ]


def _paginate_statement(statement: Select[Any], query: ListQuery) -> Page[Any]:
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    items = db.session.scalars(
        statement.limit(query.per_page).offset((query.page - 1) * query.per_page)
    ).all()
    return Page(list(items), total or 0, query.page, query.per_page)


def _paginate_list(items: Sequence[Item], query: ListQuery) -> Page[Item]:
    start = (query.page - 1) * query.per_page
    return Page(list(items[start : start + query.per_page]), len(items), query.page, query.per_page)


def _service_filters(query: ListQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.search:
        conditions.append(
            or_(
                Service.name.icontains(query.search, autoescape=True),
                Service.description.icontains(query.search, autoescape=True),
                Organisation.name.icontains(query.search, autoescape=True),
            )
        )
    if query.taxonomy_term_id:
        theme = THEME_BY_TERM_ID.get(query.taxonomy_term_id)
        if theme is not None:
            conditions.append(Service.theme_links.any(ServiceTheme.theme == theme))
        else:
            conditions.append(
                Service.taxonomy_terms.any(TaxonomyTerm.uuid == query.taxonomy_term_id)
            )
    if query.taxonomy_id:
        if query.taxonomy_id == THEMES_TAXONOMY_ID:
            conditions.append(Service.theme_links.any())
        else:
            conditions.append(
                Service.taxonomy_terms.any(
                    TaxonomyTerm.taxonomy.has(Taxonomy.uuid == query.taxonomy_id)
                )
            )
    if query.organization_id:
        conditions.append(Organisation.uuid == query.organization_id)
    if query.modified_after:
        conditions.append(Service.last_modified >= query.modified_after)
    return conditions


def _full_service_options() -> list[Any]:
    public_location = selectinload(Service.service_at_locations).selectinload(
        ServiceAtLocation.location
    )
    return [
        selectinload(Service.organisation),
        public_location,
        selectinload(Service.schedules),
        selectinload(Service.areas).selectinload(ServiceArea.neighbourhood),
        selectinload(Service.areas)
        .selectinload(ServiceArea.location)
        .selectinload(Location.neighbourhood),
        selectinload(Service.theme_links),
        selectinload(Service.taxonomy_terms).selectinload(TaxonomyTerm.taxonomy),
    ]


def services_page(query: ListQuery) -> Page[Service]:
    statement = (
        listed_services_query()
        .where(*_service_filters(query))
        .options(selectinload(Service.organisation))
        .order_by(Service.name, Service.id)
    )
    return _paginate_statement(statement, query)


def full_services(service_uuids: Sequence[str]) -> list[Service]:
    """Load listed services with everything their full record shows, in the order given."""
    found = db.session.scalars(
        listed_services_query()
        .where(Service.uuid.in_(service_uuids))
        .options(*_full_service_options())
    ).all()
    by_uuid = {service.uuid: service for service in found}
    return [by_uuid[u] for u in service_uuids if u in by_uuid]


def get_service(service_uuid: str) -> Service:
    found = full_services([service_uuid])
    if not found:
        raise NotFound("There is no published service with that id.")
    return found[0]


def public_service_at_locations(service: Service) -> list[ServiceAtLocation]:
    """The service's places the public may know about: never a confidential one."""
    return [sal for sal in service.service_at_locations if not sal.location.confidential]


def _public_sal_statement(query: ListQuery) -> Select[Any]:
    listed = listed_services_query().where(*_service_filters(query)).with_only_columns(Service.id)
    return (
        select(ServiceAtLocation)
        .join(ServiceAtLocation.location)
        .join(ServiceAtLocation.service)
        .where(ServiceAtLocation.service_id.in_(listed), Location.confidential.is_(False))
    )


@dataclass(frozen=True)
class PostcodePoint:
    latitude: float
    longitude: float
    neighbourhood_code: str | None


def postcode_point(text: str) -> PostcodePoint | None:
    """Where a postcode is: its own point, else its outward code's centre, else None.

    Only a malformed postcode is an error (400). A real postcode the local gazetteer lacks
    (new, or outside the borough) falls back to the centre of its outward code ("BL3"), and
    one whose district is unknown too matches nothing rather than failing.
    """
    try:
        parsed = geo.parse_postcode(text)
    except geo.GeoError as error:
        raise ValidationError({"postcode": [str(error)]}) from error
    if parsed.is_full:
        row = db.session.get(Postcode, str(parsed))
        if row is not None:
            return PostcodePoint(row.latitude, row.longitude, row.neighbourhood_code)
    lat, lon, count = db.session.execute(
        select(func.avg(Postcode.latitude), func.avg(Postcode.longitude), func.count()).where(
            Postcode.outward == parsed.outward
        )
    ).one()
    return PostcodePoint(lat, lon, None) if count else None


def services_covering(point: PostcodePoint, service_ids: Select[Any]) -> set[int]:
    """Which of the services have a service area that takes in the point."""
    covering: set[int] = set()
    areas = db.session.scalars(
        select(ServiceArea)
        .where(ServiceArea.service_id.in_(service_ids))
        .options(selectinload(ServiceArea.neighbourhood), selectinload(ServiceArea.location))
    )
    for area in areas:
        if area.kind is AreaKind.BOROUGH:
            covering.add(area.service_id)
        elif area.kind is AreaKind.NEIGHBOURHOOD and area.neighbourhood is not None:
            if area.neighbourhood.code == point.neighbourhood_code:
                covering.add(area.service_id)
        elif area.kind is AreaKind.RADIUS:
            # Measured from its place's public point (never a refuge's own), as pages do.
            centre = area_centre(area)
            if centre is not None and area.radius_km is not None:
                distance = geo.haversine_km(point.latitude, point.longitude, *centre)
                if distance <= area.radius_km:
                    covering.add(area.service_id)
        elif area.kind is AreaKind.POLYGON and area.geometry:
            if points_inside(area.geometry, [(point.latitude, point.longitude)])[0]:
                covering.add(area.service_id)
    return covering


def service_at_locations_page(query: ListQuery) -> Page[ServiceAtLocation]:
    """List public service-at-locations; with a postcode, nearest first.

    With `proximity`, a place is kept when it is that close, or when its service's area
    takes in the postcode (a borough-wide service reaches you wherever its office is).
    """
    options = (selectinload(ServiceAtLocation.location), selectinload(ServiceAtLocation.service))
    statement = _public_sal_statement(query)
    if not query.postcode:
        return _paginate_statement(
            statement.options(*options).order_by(Service.name, Location.name, ServiceAtLocation.id),
            query,
        )
    point = postcode_point(query.postcode)
    if point is None:
        return Page([], 0, query.page, query.per_page)
    rows = db.session.execute(
        statement.with_only_columns(
            ServiceAtLocation.id,
            ServiceAtLocation.service_id,
            Location.latitude,
            Location.longitude,
        )
    ).all()
    distances = {
        row.id: geo.haversine_km(point.latitude, point.longitude, row.latitude, row.longitude)
        if row.latitude is not None and row.longitude is not None
        else math.inf
        for row in rows
    }
    if query.proximity is not None:
        limit_km = query.proximity / 1000
        covering = services_covering(point, statement.with_only_columns(Service.id))
        ordered = sorted(
            (d, i)
            for (i, d), row in zip(distances.items(), rows, strict=True)
            if d <= limit_km or row.service_id in covering
        )
    else:
        ordered = sorted((d, i) for i, d in distances.items() if math.isfinite(d))
    page = _paginate_list([sal_id for _, sal_id in ordered], query)
    loaded = {
        sal.id: sal
        for sal in db.session.scalars(
            select(ServiceAtLocation).where(ServiceAtLocation.id.in_(page.items)).options(*options)
        )
    }
    return Page([loaded[i] for i in page.items], page.total_items, page.page_number, page.per_page)


def get_service_at_location(sal_uuid: str) -> ServiceAtLocation:
    found = db.session.scalars(
        _public_sal_statement(ListQuery())
        .where(ServiceAtLocation.uuid == sal_uuid)
        .options(selectinload(ServiceAtLocation.location))
    ).first()
    if found is None:
        raise NotFound("There is no published service at location with that id.")
    return found


def _published_organisations() -> Select[Any]:
    return select(Organisation).where(Organisation.is_published.is_(True))


def organisations_page(query: ListQuery) -> Page[Organisation]:
    statement = _published_organisations()
    if query.search:
        statement = statement.where(Organisation.name.icontains(query.search, autoescape=True))
    return _paginate_statement(statement.order_by(Organisation.name, Organisation.id), query)


def get_organisation(organisation_uuid: str) -> Organisation:
    found = db.session.scalars(
        _published_organisations().where(Organisation.uuid == organisation_uuid)
    ).first()
    if found is None:
        raise NotFound("There is no published organisation with that id.")
    return found


def _all_terms() -> list[PublishedTerm]:
    stored = db.session.scalars(
        select(TaxonomyTerm)
        .options(selectinload(TaxonomyTerm.taxonomy))
        .order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    ).all()
    uuid_by_id = {term.id: term.uuid for term in stored}
    return [theme_term(theme) for theme in Theme] + [
        stored_term(term, uuid_by_id.get(term.parent_id) if term.parent_id else None)
        for term in stored
    ]


def _all_taxonomies() -> list[PublishedTaxonomy]:
    terms = _all_terms()
    themes = PublishedTaxonomy(
        id=THEMES_TAXONOMY_ID,
        name=THEMES_TAXONOMY_NAME,
        description=THEMES_TAXONOMY_DESCRIPTION,
        uri=None,
        version=None,
        taxonomy_terms=[t for t in terms if t.taxonomy_id == THEMES_TAXONOMY_ID],
    )
    stored = db.session.scalars(select(Taxonomy).order_by(Taxonomy.name, Taxonomy.id)).all()
    return [themes] + [
        PublishedTaxonomy(
            id=taxonomy.uuid,
            name=taxonomy.name,
            description=taxonomy.description,
            uri=taxonomy.uri,
            version=taxonomy.version,
            taxonomy_terms=[t for t in terms if t.taxonomy_id == taxonomy.uuid],
        )
        for taxonomy in stored
    ]


def _matches(text: str, search: str | None) -> bool:
    return not search or search.casefold() in text.casefold()


def taxonomies_page(query: ListQuery) -> Page[PublishedTaxonomy]:
    found = [t for t in _all_taxonomies() if _matches(t.name, query.search)]
    return _paginate_list(found, query)


def get_taxonomy(taxonomy_uuid: str) -> PublishedTaxonomy:
    for taxonomy in _all_taxonomies():
        if taxonomy.id == taxonomy_uuid:
            return taxonomy
    raise NotFound("There is no taxonomy with that id.")


def taxonomy_terms_page(query: ListQuery) -> Page[PublishedTerm]:
    terms = _all_terms()
    parents = {term.parent_id for term in terms if term.parent_id}
    found = [
        term
        for term in terms
        if _matches(f"{term.name} {term.term}", query.search)
        and (not query.taxonomy_id or term.taxonomy_id == query.taxonomy_id)
        and (not query.parent_id or term.parent_id == query.parent_id)
        # ORUK's top_only: "only retrieve taxonomy terms that have no child terms".
        and (not query.top_only or term.id not in parents)
    ]
    return _paginate_list(found, query)


def get_taxonomy_term(term_uuid: str) -> PublishedTerm:
    for term in _all_terms():
        if term.id == term_uuid:
            return term
    raise NotFound("There is no taxonomy term with that id.")


def organisation_services(organisation: Organisation) -> list[Service]:
    """An organisation's listed services, for its fully nested record."""
    return list(
        db.session.scalars(
            listed_services_query()
            .where(Service.organisation_id == organisation.id)
            .order_by(Service.name, Service.id)
        )
    )
