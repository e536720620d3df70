"""Marshmallow dump schemas for ORUK 3.0 records, and the list endpoints' query arguments.

Empty optional fields are left out rather than sent as null; fields the ORUK schemas require
(such as an organisation's `description`) are always sent. A few HSDS 3 fields that the ORUK 3.0
profile leaves out but does not forbid are published too (a language's `name`, a contact's
`phones`, a service's `eligibility_description`, an address's `address_2`), because without them
the feed would lose what people need most; the profile's schemas allow additional properties.
"""

from __future__ import annotations

import json
import math
from datetime import UTC
from functools import cache
from typing import Any

from flask import current_app
from marshmallow import EXCLUDE, Schema, fields, post_dump, validate

from core.models import utcnow
from core.numbers import page_field
from directory.models import (
    WEEKDAYS,
    AreaKind,
    CapacityStatus,
    CostOption,
    Location,
    OpeningSchedule,
    Organisation,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceStatus,
)
from directory.public_place import area_centre, public_areas
from openreferral import kept, services
from openreferral.languages import code_for

MAX_PER_PAGE = 200
# `minimal` lists (id and last_modified only) are meant to fit in one call.
MINIMAL_MAX_PER_PAGE = 10000
DEFAULT_PER_PAGE = 50
STATUS_VALUES = {
    ServiceStatus.ACTIVE: "active",
    # HSDS spells it with a space; Signpost still lists these services, with a marker.
    ServiceStatus.TEMPORARILY_CLOSED: "temporarily closed",
    ServiceStatus.INACTIVE: "inactive",
}
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NEIGHBOURHOOD_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
CIRCLE_POINTS = 32


class OutputArgs(Schema):
    """How a list is answered: JSON pages or all of it as NDJSON, minimal or fully nested."""

    class Meta:
        unknown = EXCLUDE

    format = fields.String(load_default="json", validate=validate.OneOf(["json", "ndjson"]))
    minimal = fields.Boolean(load_default=False)
    full = fields.Boolean(load_default=False)
    full_service = fields.Boolean(load_default=False)
    # Not ORUK: `hsds-3.1` answers service records in HSDS 3.1 (with `capacities`).
    profile = fields.String(
        load_default="oruk-3.0", validate=validate.OneOf(["oruk-3.0", "hsds-3.1"])
    )


class ListArgs(Schema):
    """Query arguments of the list endpoints (filters and paging); unknown ones are ignored."""

    class Meta:
        unknown = EXCLUDE

    page = page_field()
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(min=1, error="Enter per_page as 1 or more"),
        error_messages={"invalid": "Enter per_page as a whole number, like 50"},
    )
    search = fields.String(load_default=None)
    taxonomy_term_id = fields.String(load_default=None)
    taxonomy_id = fields.String(load_default=None)
    organization_id = fields.String(load_default=None)
    modified_after = fields.AwareDateTime(load_default=None, default_timezone=UTC)
    postcode = fields.String(load_default=None)
    proximity = fields.Float(
        load_default=None,
        allow_nan=False,
        validate=validate.Range(min=0, error="Enter proximity as a distance of 0 or more"),
        error_messages={"invalid": "Enter proximity as a number of metres, like 5000"},
    )
    parent_id = fields.String(load_default=None)
    top_only = fields.Boolean(load_default=False)

    def load_query(self, args: Any, largest_page: int = MAX_PER_PAGE) -> services.ListQuery:
        loaded = self.load(args)
        # Larger pages are served at the maximum rather than refused, so naive clients still work.
        loaded["per_page"] = min(loaded["per_page"], largest_page)
        loaded["search"] = (loaded["search"] or "").strip() or None
        return services.ListQuery(**loaded)


@cache
def schema(kind: type[Schema], **options: Any) -> Schema:
    """One shared instance per schema and options: building a schema costs more than a dump."""
    return kind(**options)


class OrukSchema(Schema):
    """Leave out empty optional fields; keep those the ORUK schema requires.

    A row imported from another directory also says again what that directory said and
    Signpost does not model (openreferral.kept), unless `raw` asks for Signpost's own values.
    """

    required_fields: tuple[str, ...] = ("id",)

    def __init__(self, *args: Any, raw: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw = raw

    @post_dump(pass_original=True)
    def drop_empty(self, data: dict[str, Any], original: Any, **kwargs: Any) -> dict[str, Any]:
        data = {
            key: value
            for key, value in data.items()
            if key in self.required_fields or value not in (None, "", [], {})
        }
        if self.raw:
            return data
        return kept.republish(data, getattr(original, "extra", None))


def web_address(value: str | None) -> str | None:
    """Return a URL with a scheme, as the ORUK `uri` format needs ("www.x.org" is common)."""
    if not value:
        return None
    return value if "://" in value else f"https://{value}"


class ApiDetailsSchema(Schema):
    version = fields.String()
    profile = fields.String()
    openapi_url = fields.String()


class PageSchema(Schema):
    total_items = fields.Integer()
    total_pages = fields.Integer()
    page_number = fields.Integer()
    size = fields.Integer()
    first_page = fields.Boolean()
    last_page = fields.Boolean()
    empty = fields.Boolean()


class TaxonomyTermSchema(OrukSchema):
    required_fields = ("id", "name", "description")
    id = fields.String()
    name = fields.String()
    description = fields.String()
    term = fields.String()
    taxonomy = fields.String()
    taxonomy_id = fields.String()
    parent_id = fields.String()


class TaxonomySchema(OrukSchema):
    required_fields = ("id", "name", "description")
    id = fields.String()
    name = fields.String()
    description = fields.String()
    uri = fields.String()
    version = fields.String()
    taxonomy_terms = fields.List(fields.Nested(TaxonomyTermSchema))


class OrganizationIdentifierSchema(OrukSchema):
    required_fields = ("id", "identifier_type", "identifier")
    id = fields.String()
    organization_id = fields.String()
    identifier_scheme = fields.String()
    identifier_type = fields.String()
    identifier = fields.String()


class OrganizationSchema(OrukSchema):
    required_fields = ("id", "name", "description")
    id = fields.String(attribute="uuid")
    name = fields.String()
    description = fields.String()
    email = fields.String()
    website = fields.Function(lambda org: web_address(org.website))
    organization_identifiers = fields.Method("get_identifiers")

    def get_identifiers(self, organisation: Organisation) -> list[dict[str, Any]]:
        found = []
        for scheme, kind, number in (
            ("GB-CHC", "Charity number", organisation.charity_number),
            ("GB-COH", "Company number", organisation.company_number),
        ):
            if number:
                found.append(
                    {
                        "id": services.derived_id(organisation.uuid, scheme),
                        "organization_id": organisation.uuid,
                        "identifier_scheme": scheme,
                        "identifier_type": kind,
                        "identifier": number,
                    }
                )
        return schema(OrganizationIdentifierSchema, many=True).dump(found)


class AddressSchema(OrukSchema):
    required_fields = (
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    )
    id = fields.Function(lambda loc: services.derived_id(loc.uuid, "address"))
    location_id = fields.String(attribute="uuid")
    address_1 = fields.String()
    address_2 = fields.String()
    city = fields.String(attribute="town")
    # Signpost does not record counties; ORUK requires the key, so it is sent empty.
    state_province = fields.Constant("")
    postal_code = fields.Function(lambda loc: loc.postcode or "")
    country = fields.Constant("GB")
    address_type = fields.Constant("physical")


class LocationSchema(OrukSchema):
    required_fields = ("id", "location_type")
    id = fields.String(attribute="uuid")
    location_type = fields.Constant("physical")
    name = fields.String()
    description = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()
    external_identifier = fields.String()
    external_identifier_type = fields.String()
    addresses = fields.Method("get_addresses")
    accessibility = fields.Method("get_accessibility")

    def get_accessibility(self, location: Location) -> list[dict[str, Any]]:
        return [
            {"id": entry.get("id") or services.derived_id(location.uuid, f"access:{n}")} | entry
            for n, entry in enumerate(location.accessibility or [])
        ]

    def get_addresses(self, location: Location) -> list[dict[str, Any]]:
        if location.confidential:  # never reached through the feed's queries; a second lock
            return []
        if not (location.address_1 or location.town or location.postcode):
            return []
        return [schema(AddressSchema).dump(location)]


class ServiceAtLocationSchema(OrukSchema):
    id = fields.String(attribute="uuid")
    service_id = fields.Function(lambda sal: sal.service.uuid)
    location_id = fields.Function(lambda sal: sal.location.uuid)
    location = fields.Nested(LocationSchema)


class ScheduleSchema(OrukSchema):
    id = fields.String(attribute="uuid")
    service_id = fields.Function(lambda slot: slot.service.uuid)
    service_at_location_id = fields.Method("get_service_at_location_id")
    freq = fields.Constant("WEEKLY")
    interval = fields.Constant(1)
    byday = fields.Function(lambda slot: ICAL_DAYS[slot.weekday])
    opens_at = fields.Function(lambda slot: slot.opens_at.strftime("%H:%M"))
    closes_at = fields.Function(lambda slot: slot.closes_at.strftime("%H:%M"))
    description = fields.Function(
        lambda slot: (
            f"{WEEKDAYS[slot.weekday].capitalize()}s "
            f"{slot.opens_at:%H:%M} to {slot.closes_at:%H:%M}"
        )
    )

    def get_service_at_location_id(self, slot: ScheduleSlot) -> str | None:
        return public_sal_id(slot)


def public_sal_id(schedule: ScheduleSlot | OpeningSchedule) -> str | None:
    """The service-at-location a schedule is for, unless that place is confidential."""
    if schedule.location is None or schedule.location.confidential:
        return None
    for sal in schedule.service.service_at_locations:
        if sal.location is schedule.location:
            return sal.uuid
    return None


def time_text(moment: Any) -> str | None:
    """Publish a wall-clock time as HH:MM (seconds when it has them)."""
    if moment is None:
        return None
    return moment.strftime("%H:%M:%S" if moment.second else "%H:%M")


def _date_text(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


class OpeningScheduleSchema(OrukSchema):
    """An imported recurrence (weekly, fortnightly, monthly...) as the feed gave it."""

    id = fields.String(attribute="uuid")
    service_id = fields.Function(lambda row: row.service.uuid)
    service_at_location_id = fields.Method("get_service_at_location_id")
    valid_from = fields.Function(lambda row: _date_text(row.valid_from))
    valid_to = fields.Function(lambda row: _date_text(row.valid_to))
    dtstart = fields.Function(lambda row: _date_text(row.dtstart))
    until = fields.Function(lambda row: _date_text(row.until))
    count = fields.Integer()
    freq = fields.String()
    interval = fields.Integer()
    byday = fields.String()
    bymonthday = fields.String()
    byweekno = fields.String()
    opens_at = fields.Function(lambda row: time_text(row.opens_at))
    closes_at = fields.Function(lambda row: time_text(row.closes_at))
    description = fields.String()
    notes = fields.String()

    def get_service_at_location_id(self, row: OpeningSchedule) -> str | None:
        return public_sal_id(row)


def circle_geojson(latitude: float, longitude: float, radius_km: float) -> str:
    """Approximate a circle as a GeoJSON polygon feature, keeping its centre and radius."""
    dlat = math.degrees(radius_km / 6371.0088)
    dlon = dlat / max(math.cos(math.radians(latitude)), 1e-6)
    ring = [
        [
            round(longitude + dlon * math.cos(2 * math.pi * i / CIRCLE_POINTS), 6),
            round(latitude + dlat * math.sin(2 * math.pi * i / CIRCLE_POINTS), 6),
        ]
        for i in range(CIRCLE_POINTS)
    ]
    ring.append(ring[0])
    feature = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"centre": [longitude, latitude], "radius_m": round(radius_km * 1000)},
    }
    return json.dumps(feature, separators=(",", ":"))


class ServiceAreaSchema(OrukSchema):
    id = fields.String(attribute="uuid")
    service_id = fields.Function(lambda area: area.service.uuid)
    name = fields.Method("get_name")
    service_area = fields.Method("get_name")
    uri = fields.Method("get_uri")
    extent = fields.Method("get_extent")
    extent_type = fields.Method("get_extent_type")

    def get_name(self, area: ServiceArea) -> str:
        if area.kind is AreaKind.BOROUGH:
            return borough_area_name()
        if area.kind in (AreaKind.POLYGON, AreaKind.DESCRIBED):
            return area.name or ""
        return area.label

    def get_uri(self, area: ServiceArea) -> str | None:
        if area.kind is AreaKind.NEIGHBOURHOOD and area.neighbourhood:
            return NEIGHBOURHOOD_URI + area.neighbourhood.code
        return None

    def get_extent(self, area: ServiceArea) -> str | None:
        centre = area_centre(area)  # never a confidential place's own point
        if centre is not None and area.radius_km:
            return circle_geojson(centre[0], centre[1], area.radius_km)
        if area.kind is AreaKind.POLYGON and area.geometry:
            return json.dumps(area.geometry, separators=(",", ":"))
        return None

    def get_extent_type(self, area: ServiceArea) -> str | None:
        return "geojson" if self.get_extent(area) else None


def borough_area_name() -> str:
    return f"The whole of {current_app.config['BOROUGH_NAME']}"


class LanguageSchema(OrukSchema):
    id = fields.String()
    service_id = fields.String()
    name = fields.String()
    code = fields.String()  # ISO 639-1 (639-3 when there is none), as HSDS 3.1 adds


class PhoneSchema(OrukSchema):
    required_fields = ("id", "number")
    id = fields.String()
    contact_id = fields.String()
    number = fields.String()


class ContactSchema(OrukSchema):
    id = fields.String()
    service_id = fields.String()
    name = fields.String()
    phones = fields.List(fields.Nested(PhoneSchema))


class CostOptionSchema(OrukSchema):
    id = fields.Method("get_id")
    service_id = fields.Method("get_service_id")
    valid_from = fields.Function(lambda row: _date_text(_get(row, "valid_from")))
    valid_to = fields.Function(lambda row: _date_text(_get(row, "valid_to")))
    option = fields.Function(lambda row: _get(row, "option"))
    amount = fields.Function(lambda row: _get(row, "amount"))
    currency = fields.Function(lambda row: _get(row, "currency"))
    amount_description = fields.Function(lambda row: _get(row, "amount_description"))

    def get_id(self, row: CostOption | dict[str, Any]) -> str:
        return row["id"] if isinstance(row, dict) else row.uuid

    def get_service_id(self, row: CostOption | dict[str, Any]) -> str:
        return row["service_id"] if isinstance(row, dict) else row.service.uuid


def _get(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name)


class AttributeSchema(OrukSchema):
    id = fields.String()
    link_id = fields.String()
    link_type = fields.String()
    taxonomy_term_id = fields.String()
    taxonomy_term = fields.Nested(TaxonomyTermSchema)


def capacity_alert(service: Service) -> str | None:
    """Describe a waiting list or a pause in words, as ORUK's short-term `alert`."""
    capacity = service.capacity_on(utcnow().date())
    if capacity is CapacityStatus.WAITLIST:
        if service.waitlist_weeks:
            return f"Waiting list: about {service.waitlist_weeks} weeks."
        return "Waiting list for new referrals."
    if capacity is CapacityStatus.PAUSED:
        if service.paused_until:
            return f"Not taking new referrals until {service.paused_until:%d %B %Y}."
        return "Not taking new referrals at the moment."
    return None


class ServiceSchema(OrukSchema):
    required_fields = ("id", "name", "status")
    id = fields.String(attribute="uuid")
    organization_id = fields.Function(lambda s: s.organisation.uuid)
    name = fields.String()
    description = fields.String()
    url = fields.Function(lambda s: web_address(s.website))
    email = fields.String(attribute="contact_email")
    status = fields.Function(lambda s: STATUS_VALUES[s.status])
    minimum_age = fields.Integer(attribute="min_age")
    maximum_age = fields.Integer(attribute="max_age")
    eligibility_description = fields.String()
    assured_date = fields.Function(
        lambda s: s.last_verified_at.date().isoformat() if s.last_verified_at else None
    )
    alert = fields.Function(capacity_alert)
    last_modified = fields.Function(
        lambda s: s.last_modified.astimezone(UTC).isoformat(timespec="milliseconds")
    )
    organization = fields.Nested(OrganizationSchema, attribute="organisation")
    # One-to-many parts, sent only in the full record (/services/{id}).
    schedules = fields.Method("get_schedules")
    service_areas = fields.Function(
        lambda service: ServiceAreaSchema(many=True).dump(public_areas(service))
    )
    service_at_locations = fields.Method("get_service_at_locations")
    languages = fields.Method("get_languages")
    cost_options = fields.Method("get_cost_options")
    contacts = fields.Method("get_contacts")
    attributes = fields.Method("get_attributes")

    def get_schedules(self, service: Service) -> list[dict[str, Any]]:
        own = [slot for slot in service.schedules if slot.opening_schedule_id is None]
        found = schema(ScheduleSchema, many=True).dump(own)
        found += schema(OpeningScheduleSchema, many=True).dump(service.opening_schedules)
        if service.schedule_note:
            found.append(
                {
                    "id": services.derived_id(service.uuid, "schedule-note"),
                    "service_id": service.uuid,
                    "description": service.schedule_note,
                }
            )
        return found

    def get_service_at_locations(self, service: Service) -> list[dict[str, Any]]:
        return schema(ServiceAtLocationSchema, many=True).dump(
            services.public_service_at_locations(service)
        )

    def get_languages(self, service: Service) -> list[dict[str, Any]]:
        return schema(LanguageSchema, many=True).dump(
            [
                {
                    "id": services.derived_id(service.uuid, f"language:{name}"),
                    "service_id": service.uuid,
                    "name": name,
                    "code": code_for(name),
                }
                for name in service.languages or []
            ]
        )

    def get_cost_options(self, service: Service) -> list[dict[str, Any]]:
        if service.cost_options:
            return schema(CostOptionSchema, many=True).dump(service.cost_options)
        if service.is_free is None:
            return []  # the listing does not say: never publish a guess
        option: dict[str, Any] = {
            "id": services.derived_id(service.uuid, "cost"),
            "service_id": service.uuid,
        }
        if service.is_free:
            option.update(option="Free", amount=0)
        else:
            option.update(option="Charge", amount_description=service.fee_description)
        return schema(CostOptionSchema, many=True).dump([option])

    def get_contacts(self, service: Service) -> list[dict[str, Any]]:
        if not (service.contact_name or service.contact_phone):
            return []
        contact_id = services.derived_id(service.uuid, "contact")
        contact: dict[str, Any] = {"id": contact_id, "service_id": service.uuid}
        if service.contact_name:
            contact["name"] = service.contact_name
        if service.contact_phone:
            contact["phones"] = [
                {
                    "id": services.derived_id(service.uuid, "contact-phone"),
                    "contact_id": contact_id,
                    "number": service.contact_phone,
                }
            ]
        return schema(ContactSchema, many=True).dump([contact])

    def get_attributes(self, service: Service) -> list[dict[str, Any]]:
        return schema(AttributeSchema, many=True).dump(
            [
                {
                    "id": services.derived_id(service.uuid, f"attribute:{term.id}"),
                    "link_id": service.uuid,
                    "link_type": "service",
                    "taxonomy_term_id": term.id,
                    "taxonomy_term": term,
                }
                for term in services.service_terms(service)
            ]
        )


SERVICE_LIST_FIELDS = (
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "alert",
    "last_modified",
    "organization",
)


def page_envelope(page: services.Page[Any], contents: list[dict[str, Any]]) -> dict[str, Any]:
    return PageSchema().dump(page) | {"contents": contents}
