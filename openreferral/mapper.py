"""Map ORUK 3.0 service records onto Signpost's listings and write them (upsert by feed id).

Rules, in the order a record is read:

- Every record is validated with the marshmallow schemas below before anything is written.
- Organisations and services are matched on (source, external_id) where `source` is the feed URL
  or file name and `external_id` the feed's id, so importing again updates, never duplicates.
  Locations are matched on their feed id within their organisation.
- Ids: the feed's id becomes the record's own `uuid` when it is a valid UUID that no other
  record of that kind already has (so re-importing Signpost's own export into an empty database
  reproduces identical records and ids). Otherwise the uuid is derived from (source, feed id),
  so it is still stable across re-imports.
- Imported listings are never marked verified: the import clears `last_verified_at`.
- What the feed's status means: active and "temporarily closed" are listed; inactive and defunct
  are kept but hidden (Signpost's `inactive`).
- Terms of Signpost's wellbeing-theme taxonomy become themes; other taxonomy terms are matched by
  id, then by (taxonomy, term code), and created when new.
- Service areas Signpost can use are read back: the whole borough, a neighbourhood by its ONS
  code URI, and a radius published as a GeoJSON circle; other areas are left out.
"""

from __future__ import annotations

import json
import uuid
from datetime import time
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates
from sqlalchemy import select

from core.extensions import db
from directory import geo
from directory.gazetteer import Neighbourhood, Postcode
from directory.importing import Outcome, upsert
from directory.models import (
    AreaKind,
    Location,
    Organisation,
    OrganisationKind,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from directory.public_place import centre_location
from directory.themes import Theme
from openreferral.schemas import ICAL_DAYS, NEIGHBOURHOOD_URI, borough_area_name
from openreferral.services import NAMESPACE, THEME_BY_TERM_ID, THEMES_TAXONOMY_ID

STATUSES = {
    "active": ServiceStatus.ACTIVE,
    "temporarily closed": ServiceStatus.TEMPORARILY_CLOSED,
    "inactive": ServiceStatus.INACTIVE,
    "defunct": ServiceStatus.INACTIVE,
}


def _text(max_length: int | None = None, **kwargs: Any) -> fields.String:
    kwargs.setdefault("load_default", None)
    if max_length:
        kwargs["validate"] = validate.Length(max=max_length)
    return fields.String(allow_none=True, **kwargs)


def _id() -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=200))


def _many(schema: type[Schema]) -> fields.List:
    return fields.List(fields.Nested(schema), load_default=list)


class FeedSchema(Schema):
    class Meta:
        unknown = EXCLUDE


class AddressIn(FeedSchema):
    address_1 = _text(200)
    address_2 = _text(200)
    city = _text(100)
    postal_code = _text(20)

    @validates("postal_code")
    def check_postcode(self, value: str | None, **kwargs: Any) -> None:
        if value:
            try:
                geo.normalise_postcode(value)
            except geo.GeoError as error:
                raise ValidationError(str(error)) from error


class LocationIn(FeedSchema):
    id = _id()
    name = _text(200)
    description = _text()
    latitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-180, 180))
    addresses = _many(AddressIn)


class ServiceAtLocationIn(FeedSchema):
    id = _id()
    location = fields.Nested(LocationIn, required=True)


class ScheduleIn(FeedSchema):
    id = _id()
    service_at_location_id = _text()
    freq = _text()
    interval = fields.Float(load_default=None, allow_none=True)
    byday = _text()
    opens_at = _text()
    closes_at = _text()
    description = _text()
    notes = _text()

    @validates("opens_at", "closes_at")
    def check_time(self, value: str | None, **kwargs: Any) -> None:
        if value and parse_time(value) is None:
            raise ValidationError("Not a time of day like 09:30.")


class ServiceAreaIn(FeedSchema):
    id = _id()
    name = _text()
    service_area = _text()
    uri = _text()
    extent = _text()
    extent_type = _text()


class TaxonomyTermIn(FeedSchema):
    id = _id()
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = _text()
    term = _text(100)
    taxonomy = _text(200)
    taxonomy_id = _text(36)


class AttributeIn(FeedSchema):
    taxonomy_term = fields.Nested(TaxonomyTermIn, load_default=None, allow_none=True)


class LanguageIn(FeedSchema):
    name = _text(100)


class PhoneIn(FeedSchema):
    number = fields.String(required=True, validate=validate.Length(min=1, max=40))


class ContactIn(FeedSchema):
    name = _text(200)
    phones = _many(PhoneIn)


class CostOptionIn(FeedSchema):
    option = _text()
    amount = fields.Float(load_default=None, allow_none=True)
    amount_description = _text(300)


class OrganizationIdentifierIn(FeedSchema):
    identifier_scheme = _text()
    identifier = fields.String(required=True)


class OrganizationIn(FeedSchema):
    id = _id()
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    website = _text(300)
    organization_identifiers = _many(OrganizationIdentifierIn)


class ServiceIn(FeedSchema):
    id = _id()
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    status = fields.String(required=True, validate=validate.OneOf(list(STATUSES)))
    description = fields.String(load_default="", allow_none=True)
    url = _text(300)
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=254))
    minimum_age = fields.Integer(load_default=None, allow_none=True)
    maximum_age = fields.Integer(load_default=None, allow_none=True)
    eligibility_description = fields.String(load_default="", allow_none=True)
    organization = fields.Nested(OrganizationIn, required=True)
    service_at_locations = _many(ServiceAtLocationIn)
    schedules = _many(ScheduleIn)
    service_areas = _many(ServiceAreaIn)
    languages = _many(LanguageIn)
    contacts = _many(ContactIn)
    cost_options = _many(CostOptionIn)
    attributes = _many(AttributeIn)


def parse_time(value: str) -> time | None:
    """Read "09:30", "09:30:00" or "09:30Z"; ORUK suggests a zone but feeds mostly omit it."""
    text = value.strip().removesuffix("Z")
    for cut in ("+", "-"):
        if cut in text[1:]:
            text = text[: text.index(cut, 1)]
    try:
        return time.fromisoformat(text)
    except ValueError:
        return None


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


class OpenReferralImporter:
    """Write validated ORUK service records for one source; see the module docstring."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.organisations: dict[str, Organisation] = {}
        # Made or found during this import, keyed by feed id and by name: lookups run with
        # autoflush off, so the database alone would not show rows added for this record.
        self.taxonomies: dict[str, Taxonomy] = {}
        self.terms: dict[str, TaxonomyTerm] = {}
        self.claimed: set[tuple[str, str]] = set()

    def _derived(self, model: type[Any], feed_id: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.source}|{model.__name__}|{feed_id}"))

    def _existing(self, children: dict[str, Any], model: type[Any], feed_id: str) -> Any:
        """Find the child an earlier import of this record made for `feed_id`."""
        return children.get(feed_id.lower()) or children.get(self._derived(model, feed_id))

    def _uuid(self, model: type[Any], feed_id: str) -> str:
        """Pick the uuid for a new record imported from `feed_id` (the feed's, when free)."""
        candidates = ([feed_id.lower()] if _is_uuid(feed_id) else []) + [
            self._derived(model, feed_id)
        ]
        for candidate in candidates:
            key = (model.__name__, candidate)
            if key in self.claimed:
                continue
            taken = db.session.scalar(select(model.id).where(model.uuid == candidate))
            if taken is None:
                self.claimed.add(key)
                return candidate
        return str(uuid.uuid4())

    def apply(self, record: dict[str, Any]) -> Outcome:
        # Half-built rows must not be flushed by the lookups below; each record flushes whole,
        # so the next record's lookups find what this one created.
        with db.session.no_autoflush:
            outcome = self._apply(record)
        db.session.flush()
        return outcome

    def _apply(self, record: dict[str, Any]) -> Outcome:
        organisation = self._organisation(record["organization"])
        service, outcome = upsert(Service, self.source, record["id"], organisation=organisation)
        if outcome is Outcome.CREATED:
            service.uuid = self._uuid(Service, record["id"])
        service.organisation = organisation
        service.name = record["name"]
        service.description = record["description"] or ""
        service.status = STATUSES[record["status"]]
        service.is_published = True
        service.website = record["url"]
        service.contact_email = record["email"]
        service.min_age = record["minimum_age"]
        service.max_age = record["maximum_age"]
        service.eligibility_description = record["eligibility_description"] or ""
        service.languages = [lang["name"] for lang in record["languages"] if lang["name"]]
        contact = record["contacts"][0] if record["contacts"] else None
        service.contact_name = contact["name"] if contact else None
        service.contact_phone = (
            contact["phones"][0]["number"] if contact and contact["phones"] else None
        )
        self._cost(service, record["cost_options"])
        # Imported listings are not vouched for by anyone here until someone checks them.
        service.last_verified_at = None
        service.verified_by = None
        self._terms(
            service, [a["taxonomy_term"] for a in record["attributes"] if a["taxonomy_term"]]
        )
        sal_by_feed_id = self._service_at_locations(service, record["service_at_locations"])
        self._schedules(service, record["schedules"], sal_by_feed_id)
        self._areas(service, record["service_areas"])
        return outcome

    def _organisation(self, data: dict[str, Any]) -> Organisation:
        if data["id"] in self.organisations:
            return self.organisations[data["id"]]
        organisation, outcome = upsert(
            Organisation, self.source, data["id"], kind=OrganisationKind.VOLUNTARY
        )
        if outcome is Outcome.CREATED:
            organisation.uuid = self._uuid(Organisation, data["id"])
        organisation.name = data["name"]
        organisation.description = data["description"] or ""
        organisation.email = data["email"]
        organisation.website = data["website"]
        organisation.is_published = True
        identifiers = {
            i["identifier_scheme"]: i["identifier"] for i in data["organization_identifiers"]
        }
        organisation.charity_number = identifiers.get("GB-CHC")
        organisation.company_number = identifiers.get("GB-COH")
        self.organisations[data["id"]] = organisation
        return organisation

    @staticmethod
    def _cost(service: Service, options: list[dict[str, Any]]) -> None:
        charged = [
            o for o in options if not (o["amount"] == 0 or (o["option"] or "").lower() == "free")
        ]
        service.is_free = not charged
        service.fee_description = (
            (charged[0]["amount_description"] or charged[0]["option"]) if charged else None
        )

    def _terms(self, service: Service, terms: list[dict[str, Any]]) -> None:
        themes: list[Theme] = []
        stored: list[TaxonomyTerm] = []
        for term in terms:
            theme = THEME_BY_TERM_ID.get(term["id"])
            if theme is None and term["taxonomy_id"] == THEMES_TAXONOMY_ID and term["term"]:
                theme = Theme(term["term"]) if term["term"] in set(Theme) else None
            if theme is not None:
                themes.append(theme)
            elif term["taxonomy_id"] != THEMES_TAXONOMY_ID:
                stored.append(self._term(term))
        service.themes = themes
        service.taxonomy_terms = list(dict.fromkeys(stored))

    def _taxonomy(self, term: dict[str, Any]) -> Taxonomy:
        name = (term["taxonomy"] or f"Terms from {self.source}")[:200]
        key = term["taxonomy_id"] or f"name:{name}"
        if key not in self.taxonomies:
            self.taxonomies[key] = self._find_or_add_taxonomy(term, name)
        return self.taxonomies[key]

    def _find_or_add_taxonomy(self, term: dict[str, Any], name: str) -> Taxonomy:
        cached = next((t for t in self.taxonomies.values() if t.name == name), None)
        if cached is not None:
            return cached
        if term["taxonomy_id"]:
            found = db.session.scalars(
                select(Taxonomy).where(Taxonomy.uuid == term["taxonomy_id"])
            ).first()
            if found is not None:
                return found
        found = db.session.scalars(select(Taxonomy).where(Taxonomy.name == name)).first()
        if found is None:
            feed_id = term["taxonomy_id"] or name
            found = Taxonomy(name=name, uuid=self._uuid(Taxonomy, feed_id))
            db.session.add(found)
        return found

    def _term(self, data: dict[str, Any]) -> TaxonomyTerm:
        if data["id"] not in self.terms:
            self.terms[data["id"]] = self._find_or_add_term(data)
        return self.terms[data["id"]]

    def _find_or_add_term(self, data: dict[str, Any]) -> TaxonomyTerm:
        found = db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.uuid == data["id"])
        ).first()
        if found is not None:
            return found
        taxonomy = self._taxonomy(data)
        code = (data["term"] or data["name"]).strip()[:100]
        found = next((t for t in taxonomy.terms if t.code == code), None)
        if found is None:
            found = TaxonomyTerm(
                taxonomy=taxonomy,
                code=code,
                name=data["name"],
                description=data["description"] or "",
                uuid=self._uuid(TaxonomyTerm, data["id"]),
            )
            db.session.add(found)
        return found

    def _location(self, organisation: Organisation, data: dict[str, Any]) -> Location:
        location = next(
            (loc for loc in organisation.locations if loc.external_id == data["id"]), None
        )
        if location is None:
            location = Location(external_id=data["id"], uuid=self._uuid(Location, data["id"]))
            organisation.locations.append(location)
        address = data["addresses"][0] if data["addresses"] else {}
        location.address_1 = address.get("address_1") or ""
        location.address_2 = address.get("address_2")
        location.town = address.get("city") or ""
        postcode = address.get("postal_code")
        location.postcode = geo.normalise_postcode(postcode) if postcode else None
        location.name = data["name"] or location.address_1 or location.postcode or "Location"
        location.description = data["description"] or ""
        location.latitude, location.longitude = data["latitude"], data["longitude"]
        location.confidential = False  # a feed only holds addresses its publisher made public
        gazetteer = db.session.get(Postcode, location.postcode) if location.postcode else None
        if gazetteer is not None and location.latitude is None:
            location.latitude, location.longitude = gazetteer.latitude, gazetteer.longitude
        code = gazetteer.neighbourhood_code if gazetteer else None
        location.neighbourhood = (
            db.session.scalars(select(Neighbourhood).where(Neighbourhood.code == code)).first()
            if code
            else None
        )
        return location

    def _service_at_locations(
        self, service: Service, items: list[dict[str, Any]]
    ) -> dict[str, Location]:
        existing = {sal.location.external_id: sal for sal in service.service_at_locations}
        kept: list[ServiceAtLocation] = []
        by_feed_id: dict[str, Location] = {}
        for item in items:
            location = self._location(service.organisation, item["location"])
            sal = existing.get(location.external_id)
            if sal is None:
                sal = ServiceAtLocation(
                    location=location, uuid=self._uuid(ServiceAtLocation, item["id"])
                )
            if sal not in kept:
                kept.append(sal)
            by_feed_id[item["id"]] = location
        service.service_at_locations = kept
        return by_feed_id

    def _schedules(
        self, service: Service, items: list[dict[str, Any]], locations: dict[str, Location]
    ) -> None:
        existing = {slot.uuid: slot for slot in service.schedules}
        slots: list[ScheduleSlot] = []
        notes: list[str] = []
        for item in items:
            days = [d.strip().upper() for d in (item["byday"] or "").split(",") if d.strip()]
            weekly = (item["freq"] or "WEEKLY") == "WEEKLY" and (item["interval"] or 1) == 1
            opens = parse_time(item["opens_at"]) if item["opens_at"] else None
            closes = parse_time(item["closes_at"]) if item["closes_at"] else None
            if not (weekly and days and opens and closes and all(d in ICAL_DAYS for d in days)):
                text = item["description"] or item["notes"]
                if text:
                    notes.append(text)
                continue
            for day in days:
                feed_id = item["id"] if len(days) == 1 else f"{item['id']}#{day}"
                slot = self._existing(existing, ScheduleSlot, feed_id)
                if slot is None:
                    slot = ScheduleSlot(uuid=self._uuid(ScheduleSlot, feed_id))
                slot.weekday = ICAL_DAYS.index(day)
                slot.opens_at, slot.closes_at = opens, closes
                slot.location = locations.get(item["service_at_location_id"] or "")
                slots.append(slot)
        service.schedules = slots
        service.schedule_note = "\n".join(notes) or None

    def _areas(self, service: Service, items: list[dict[str, Any]]) -> None:
        existing = {area.uuid: area for area in service.areas}
        areas: list[ServiceArea] = []
        for item in items:
            attrs = self._area_fields(item)
            if attrs is None:
                continue
            area = self._existing(existing, ServiceArea, item["id"])
            if area is None:
                area = ServiceArea(uuid=self._uuid(ServiceArea, item["id"]))
            # A circle around one of the organisation's places is measured from that place, so
            # it moves to its public point if the place is later made confidential.
            place = centre_location(
                service.organisation, attrs.get("latitude"), attrs.get("longitude")
            )
            if place is not None:
                attrs |= {"location": place, "latitude": None, "longitude": None}
            else:
                attrs.setdefault("location", None)
            for name, value in attrs.items():
                setattr(area, name, value)
            areas.append(area)
        service.areas = areas

    @staticmethod
    def _area_fields(item: dict[str, Any]) -> dict[str, Any] | None:
        uri = item["uri"] or ""
        if uri.startswith(NEIGHBOURHOOD_URI):
            hood = db.session.scalars(
                select(Neighbourhood).where(
                    Neighbourhood.code == uri.removeprefix(NEIGHBOURHOOD_URI)
                )
            ).first()
            if hood is not None:
                return {"kind": AreaKind.NEIGHBOURHOOD, "neighbourhood": hood}
        if item["extent_type"] == "geojson" and item["extent"]:
            try:
                properties = json.loads(item["extent"]).get("properties") or {}
                lon, lat = properties["centre"]
                return {
                    "kind": AreaKind.RADIUS,
                    "radius_km": float(properties["radius_m"]) / 1000,
                    "latitude": float(lat),
                    "longitude": float(lon),
                }
            except (ValueError, KeyError, TypeError, AttributeError):
                return None
        if (item["name"] or item["service_area"]) == borough_area_name():
            return {"kind": AreaKind.BOROUGH}
        return None
