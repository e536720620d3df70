"""Map ORUK 3.0 service records onto Signpost's listings and write them (upsert by feed id).

Rules, in the order a record is read:

- Every record is checked for shape before anything is written. What breaks the data is a
  problem and stops the import (a missing id, name, status or organisation, a status outside
  the standard, a number that is not a number, a location referred to by an id the feed never
  describes). What Signpost can only store approximately is a warning on that record and the
  record is imported, normalised: a name or phone longer than its column, a time written
  "9:00" or "24:00", a postcode "N/A" beside coordinates, an unreadable email or date.
- Organisations and services are matched on (source, external_id), so importing again updates,
  never duplicates; locations on their feed id within their organisation; schedules, cost
  options and areas on their feed id within their service.
- Ids: the feed's id becomes the record's own `uuid` when it is a valid UUID that no other
  record of that kind already has (so re-importing Signpost's own export into an empty database
  reproduces identical records and ids). Otherwise the uuid is derived from (source, feed id).
- Imported listings are never marked verified: the import clears `last_verified_at` (the
  source's own `assured_date` is kept and republished).
- Status: active and "temporarily closed" are listed; inactive and defunct are kept but hidden.
- Themes come from Signpost's wellbeing-theme taxonomy; other terms are matched by id, then by
  (taxonomy, term code), and created when new. An attribute may give only `taxonomy_term_id`.
- Service areas: the whole borough, a neighbourhood by its ONS code URI, a radius published as
  a GeoJSON circle, and GeoJSON (Multi)Polygons are used by search and the gap map; an area
  given only in words is kept and shown.
- Everything else the feed says is kept with the row it belongs to (openreferral.kept), so the
  feed republishes it unchanged.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, time
from typing import Any

from marshmallow import INCLUDE, RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.fields import MULTILINE, JoinedLines, is_web_address
from core.models import utcnow
from directory import areas as polygons
from directory import geo
from directory.gazetteer import Neighbourhood, Postcode
from directory.importing import Applied, Outcome, RecordProblem
from directory.models import (
    AccessibilityFeature,
    AreaKind,
    CostOption,
    ListingSource,
    Location,
    OpeningSchedule,
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
from directory.snapshots import (
    CAPACITY_FIELDS,
    PARTS,
    SERVICE_SNAPSHOT,
    ServiceSnapshot,
    Snapshot,
    snapshot_service,
)
from directory.themes import Theme
from directory.versions import record_change
from openreferral import kept, languages
from openreferral.schemas import (
    ICAL_DAYS,
    NEIGHBOURHOOD_URI,
    CostOptionSchema,
    LocationSchema,
    OpeningScheduleSchema,
    OrganizationSchema,
    ServiceAreaSchema,
    ServiceSchema,
    borough_area_name,
    schema,
)
from openreferral.services import NAMESPACE, THEME_BY_TERM_ID, THEMES_TAXONOMY_ID

STATUSES = {
    "active": ServiceStatus.ACTIVE,
    "temporarily closed": ServiceStatus.TEMPORARILY_CLOSED,
    "inactive": ServiceStatus.INACTIVE,
    "defunct": ServiceStatus.INACTIVE,
}
# Nested parts of a service kept on rows of their own, not in the service's `extra`.
SERVICE_ROWS = (
    "organization",
    "schedules",
    "service_areas",
    "service_at_locations",
    "cost_options",
)
SERVICE_MODELLED = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "contacts",
    "languages",
    "attributes",
)
# A service's snapshot fields (directory.snapshots) a record says nothing of: Signpost's stay.
NOT_IN_THE_FEED = ("access_methods", "delivery_methods", "keywords", *CAPACITY_FIELDS)
# Those it does say, typed by the snapshot schema; the parts (opening times, areas and
# locations) are written as rows of their own, keeping their feed ids and what the feed kept.
FROM_THE_FEED = tuple(
    name for name in SERVICE_SNAPSHOT.fields if name not in NOT_IN_THE_FEED and name not in PARTS
)
FEED_SNAPSHOT = ServiceSnapshot(only=FROM_THE_FEED, unknown=RAISE)
# References to other records: Signpost publishes its own; they are never kept.
REFERENCES = ("organization_id", "service_id", "location_id", "service_at_location_id")
PHONE = re.compile(r"(\+44\s?\(?0?\)?\s?\d[\d\s]{7,13}\d|0\d[\d\s-]{8,13}\d)")
ACCESSIBILITY_WORDS = {
    AccessibilityFeature.WHEELCHAIR_ACCESS: ("wheelchair",),
    AccessibilityFeature.STEP_FREE: ("step-free", "step free", "level access", "ramp"),
    AccessibilityFeature.ACCESSIBLE_TOILET: ("accessible toilet", "disabled toilet"),
    AccessibilityFeature.HEARING_LOOP: ("hearing loop", "induction loop"),
    AccessibilityFeature.BSL: ("british sign language", "bsl"),
    AccessibilityFeature.LARGE_PRINT: ("large print",),
    AccessibilityFeature.PARKING: ("parking",),
}
NEGATIONS = re.compile(r"\b(no|not|without|isn't|aren't|cannot|can't|unavailable)\b")


class FeedId(fields.Field):
    """An id as a feed gives it: text, or a number some feeds use; always read as text."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int) or str(value) == "":
            raise ValidationError("Must be a non-empty id.")
        return str(value)


def _text(**kwargs: Any) -> fields.String:
    return fields.String(load_default=None, allow_none=True, **kwargs)


def _number() -> fields.Float:
    return fields.Float(load_default=None, allow_none=True, allow_nan=False)


def _many(schema: type[Schema]) -> fields.List:
    return fields.List(fields.Nested(schema), load_default=list, allow_none=True)


class FeedSchema(JoinedLines):
    """Check the shape only; every field the record carries is kept (unknown = INCLUDE).

    A name arriving on several lines is joined into one (it becomes a header, a log line).
    """

    class Meta:
        unknown = INCLUDE


class AddressIn(FeedSchema):
    address_1 = _text()
    address_2 = _text()
    city = _text()
    postal_code = _text()


class PhoneIn(FeedSchema):
    number = fields.String(required=True)


class ContactIn(FeedSchema):
    name = _text()
    email = _text()
    phones = _many(PhoneIn)


class LocationIn(FeedSchema):
    id = FeedId(required=True)
    name = _text()
    description = _text()
    latitude = _number()
    longitude = _number()
    external_identifier = _text()
    external_identifier_type = _text()
    addresses = _many(AddressIn)
    accessibility = fields.List(fields.Dict(), load_default=list, allow_none=True)


class ServiceAtLocationIn(FeedSchema):
    id = FeedId(required=True)
    location_id = FeedId(load_default=None, allow_none=True)
    location = fields.Nested(LocationIn, load_default=None, allow_none=True)

    @validates_schema
    def check_location(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("location") and not data.get("location_id"):
            raise ValidationError("Give a location or a location_id.", "location")


class ScheduleIn(FeedSchema):
    id = FeedId(required=True)
    service_at_location_id = FeedId(load_default=None, allow_none=True)
    freq = _text()
    interval = _number()
    count = _number()
    byday = _text()
    bymonthday = _text()
    byweekno = _text()
    opens_at = _text()
    closes_at = _text()
    dtstart = _text()
    until = _text()
    valid_from = _text()
    valid_to = _text()
    description = _text()
    notes = _text()


class ServiceAreaIn(FeedSchema):
    id = FeedId(required=True)
    name = _text()
    service_area = _text()
    description = _text()
    uri = _text()
    extent = _text()
    extent_type = _text()


class TaxonomyTermIn(FeedSchema):
    id = FeedId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1))
    description = _text()
    term = _text()
    code = _text()
    taxonomy = _text()
    taxonomy_id = FeedId(load_default=None, allow_none=True)
    parent_id = FeedId(load_default=None, allow_none=True)


class AttributeIn(FeedSchema):
    taxonomy_term_id = FeedId(load_default=None, allow_none=True)
    taxonomy_term = fields.Nested(TaxonomyTermIn, load_default=None, allow_none=True)


class LanguageIn(FeedSchema):
    name = _text()
    code = _text()


class CostOptionIn(FeedSchema):
    id = FeedId(required=True)
    option = _text()
    amount = _number()
    currency = _text()
    amount_description = _text()
    valid_from = _text()
    valid_to = _text()


class OrganizationIdentifierIn(FeedSchema):
    identifier_scheme = _text()
    identifier = fields.String(required=True)


class OrganizationIn(FeedSchema):
    id = FeedId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1))
    description = fields.String(load_default="", allow_none=True, metadata=MULTILINE)
    email = _text()
    website = _text()
    organization_identifiers = _many(OrganizationIdentifierIn)


class ServiceIn(FeedSchema):
    id = FeedId(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1))
    status = fields.String(required=True, validate=validate.OneOf(list(STATUSES)))
    description = fields.String(load_default="", allow_none=True, metadata=MULTILINE)
    url = _text()
    email = _text()
    minimum_age = _number()
    maximum_age = _number()
    eligibility_description = fields.String(load_default="", allow_none=True, metadata=MULTILINE)
    fees_description = _text()
    fees = _text()
    organization = fields.Nested(OrganizationIn, required=True)
    service_at_locations = _many(ServiceAtLocationIn)
    schedules = _many(ScheduleIn)
    service_areas = _many(ServiceAreaIn)
    languages = _many(LanguageIn)
    contacts = _many(ContactIn)
    phones = _many(PhoneIn)
    cost_options = _many(CostOptionIn)
    attributes = _many(AttributeIn)


def parse_time(value: str) -> time | None:
    """Read "09:30", "9:30", "09:30:00", "09:30Z" or "09:30+01:00" as a wall-clock time."""
    text = value.strip().upper().removesuffix("Z")
    for cut in ("+", "-"):
        if cut in text[1:]:
            text = text[: text.index(cut, 1)]
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?", text)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour == 24 and minute == 0 and second == 0:
        return time(23, 59)  # the end of the day; the original "24:00" is kept for the feed
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _fit(value: str | None, length: int) -> str | None:
    if value is None or len(value) <= length:
        return value
    return value[: length - 1].rstrip() + "…"


class Record:
    """Warnings about one record, with the JSON path of each field."""

    def __init__(self) -> None:
        self.warnings: list[tuple[str | None, str]] = []

    def warn(self, path: str | None, message: str) -> None:
        self.warnings.append((path, message))

    def fit(self, value: str | None, length: int, path: str) -> str | None:
        fitted = _fit(value, length)
        if fitted != value:
            self.warn(path, f"longer than {length} characters; shortened here")
        return fitted

    def date(self, value: str | None, path: str) -> date | None:
        if not value:
            return None
        found = _parse_date(value)
        if found is None:
            self.warn(path, f"{value!r} is not a date like 2025-01-31; kept for the feed only")
        return found

    def web_address(self, value: str | None, length: int, path: str) -> str | None:
        if not value:
            return None
        if not is_web_address(value.strip()):
            self.warn(path, f"{value!r} is not an http(s) web address; kept for the feed only")
            return None
        return self.fit(value.strip(), length, path)

    def email(self, value: str | None, path: str) -> str | None:
        if not value:
            return None
        value = value.strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or len(value) > 254:
            self.warn(path, f"{value!r} is not an email address; kept for the feed only")
            return None
        return value

    def phone(self, value: str | None, path: str) -> str | None:
        if not value or len(value) <= 40:
            return value
        found = PHONE.search(value)
        stored = found.group(0).strip() if found else _fit(value, 40)
        self.warn(path, f"longer than 40 characters; stored as {stored!r}")
        return stored

    def time(self, value: str | None, path: str) -> time | None:
        if not value:
            return None
        found = parse_time(value)
        if found is None:
            self.warn(path, f"{value!r} is not a time of day like 09:30; kept for the feed only")
        elif not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?", value.strip()):
            self.warn(path, f"{value!r} read as {found:%H:%M}")
        return found

    def age(self, value: float | None, path: str) -> int | None:
        if value is None:
            return None
        if value != int(value):
            self.warn(path, f"{value:g} is not a whole number of years; stored as {round(value)}")
        return round(value)


def accessibility_features(entries: list[dict[str, Any]]) -> set[str]:
    """Read the features search filters on from free-text accessibility, ignoring negations."""
    found: set[str] = set()
    for entry in entries:
        text = " ".join(
            str(entry.get(key) or "") for key in ("description", "details", "accessibility")
        ).lower()
        for sentence in re.split(r"[.;\n]", text):
            for feature, words in ACCESSIBILITY_WORDS.items():
                for word in words:
                    at = sentence.find(word)
                    if at >= 0 and not NEGATIONS.search(sentence[max(0, at - 30) : at]):
                        found.add(feature.value)
    return found


class OpenReferralImporter:
    """Write checked ORUK service records for one source; see the module docstring."""

    def __init__(self, source: str, listing_source: ListingSource | None = None) -> None:
        self.source = source
        self.listing_source = listing_source
        self.organisations: dict[str, Organisation] = {}
        # Made or found during this import, keyed by feed id and by name: lookups run with
        # autoflush off, so the database alone would not show rows added for this record.
        self.taxonomies: dict[str, Taxonomy] = {}
        self.terms: dict[str, TaxonomyTerm] = {}
        self.claimed: set[tuple[str, str]] = set()
        # Filled by `prepare` from every record: locations and terms other records refer to.
        self.feed_locations: dict[str, dict[str, Any]] = {}
        self.feed_terms: dict[str, dict[str, Any]] = {}
        self.seen_services: set[str] = set()
        self.preloaded: dict[tuple[type[Any], str], Any] = {}
        self.preloaded_kinds: set[type[Any]] = set()
        self.taken: dict[type[Any], set[str]] = {}
        self.postcodes: dict[str, Postcode | None] = {}
        self.neighbourhoods: dict[str, Neighbourhood | None] = {}
        self.returned: set[str] = set()
        self.kept_organisations: set[str] = set()

    # Ids ---------------------------------------------------------------------------------

    def _derived(self, model: type[Any], feed_id: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.source}|{model.__name__}|{feed_id}"))

    def _uuid(self, model: type[Any], feed_id: str) -> str:
        """Pick the uuid for a new record imported from `feed_id` (the feed's, when free)."""
        candidates = ([feed_id.lower()] if kept.is_uuid(feed_id.lower()) else []) + [
            self._derived(model, feed_id)
        ]
        for candidate in candidates:
            key = (model.__name__, candidate)
            if key in self.claimed:
                continue
            if model in self.taken:
                taken = candidate in self.taken[model]
            else:
                taken = (
                    db.session.scalar(select(model.id).where(model.uuid == candidate)) is not None
                )
            if not taken:
                self.claimed.add(key)
                return candidate
        return str(uuid.uuid4())

    def _mine(self, model: type[Any]) -> Any:
        """Rows imported from this source: by its registry entry, which outlives a URL change."""
        if self.listing_source is not None:
            return model.source_id == self.listing_source.id
        return model.source == self.source

    def _upsert(self, model: type[Any], external_id: str, **new_fields: Any) -> tuple[Any, Outcome]:
        if model in self.preloaded_kinds:
            found = self.preloaded.get((model, external_id))
        else:
            found = db.session.scalars(
                select(model).where(self._mine(model), model.external_id == external_id)
            ).first()
        if found is not None:
            if found.source != self.source:  # the feed moved: same records, new address
                found.source = self.source
            return found, Outcome.UPDATED
        created = model(
            source=self.source,
            external_id=external_id,
            listing_source=self.listing_source,
            **new_fields,
        )
        db.session.add(created)
        return created, Outcome.CREATED

    def _keep(self, row: Any, schema: Any, feed: dict[str, Any], **options: Any) -> None:
        """Store what the feed said about `row` beyond what Signpost publishes for it."""
        dumped = schema.dump(row)
        extra = kept.keep(dumped, feed, namespace=NAMESPACE, source=self.source, **options)
        if row.extra != extra:
            row.extra = extra

    # Phase 1: every record, before anything is written -------------------------------------

    def prepare(self, records: list[dict[str, Any]]) -> list[tuple[int, str | None, str]]:
        """Collect shared locations and terms, and report references to nothing."""
        for record in records:
            for sal in record["service_at_locations"] or []:
                if sal.get("location"):
                    self.feed_locations.setdefault(sal["location"]["id"], sal["location"])
            for attribute in record["attributes"] or []:
                if attribute.get("taxonomy_term"):
                    term = attribute["taxonomy_term"]
                    self.feed_terms.setdefault(term["id"], term)
        problems: list[tuple[int, str | None, str]] = []
        for index, record in enumerate(records):
            sal_ids = set()
            for number, sal in enumerate(record["service_at_locations"] or []):
                sal_ids.add(sal["id"])
                wanted = sal.get("location_id")
                if sal.get("location") or wanted in self.feed_locations:
                    continue
                if self._known_location(record["organization"]["id"], wanted) is None:
                    problems.append(
                        (
                            index,
                            f"service_at_locations[{number}].location_id",
                            f"the location {wanted} is not described anywhere in the feed",
                        )
                    )
            for number, schedule in enumerate(record["schedules"] or []):
                wanted = schedule.get("service_at_location_id")
                if wanted and wanted not in sal_ids:
                    problems.append(
                        (
                            index,
                            f"schedules[{number}].service_at_location_id",
                            f"the service_at_location {wanted} is not one of this service's",
                        )
                    )
        return problems

    def _known_location(self, organisation_feed_id: str, location_id: str) -> Location | None:
        """A location imported from this source before, when a feed names it by id only."""
        return db.session.scalars(
            select(Location)
            .join(Organisation)
            .where(
                self._mine(Organisation),
                Organisation.external_id == organisation_feed_id,
                Location.external_id == location_id,
            )
        ).first()

    # Phase 2: one record -------------------------------------------------------------------

    def apply(self, record: dict[str, Any]) -> Applied:
        [result] = self.apply_batch([record])
        if isinstance(result, RecordProblem):
            raise result
        return result

    def apply_batch(self, records: list[dict[str, Any]]) -> list[Applied | RecordProblem]:
        """Write a batch of records with two flushes in all (rows, then what the feed kept).

        Half-built rows must not be flushed by lookups, so autoflush is off while staging;
        everything a later record may look up (organisations, locations, terms) is cached
        here, and existing rows are loaded for the whole batch at once.
        """
        # Rows written by earlier batches are found again when needed; holding on to them
        # (and all they hold) would keep a whole large feed in memory.
        self.organisations.clear()
        self._preload(records)
        staged = []
        results: list[Applied | RecordProblem] = []
        with db.session.no_autoflush:
            for record in records:
                notes = Record()
                try:
                    service, outcome, before = self._apply(record, notes)
                except RecordProblem as problem:
                    results.append(problem)
                    continue
                staged.append((record, notes, service, outcome, before, service.is_free))
                results.append(Applied(outcome))
        if len(staged) < len(records):
            return results
        db.session.flush()
        with db.session.no_autoflush:
            for record, _, service, _, _, is_free in staged:
                # A new service's INSERT put the column default (free) in place of "not stated".
                service.is_free = is_free
                self._keep_all(service, record)
        db.session.flush()
        results = []
        for record, notes, service, outcome, before, _ in staged:
            self.seen_services.add(record["id"])
            if record["id"] in self.returned:
                self._version(service, before[1], "Back in", always=True)
            elif outcome is not Outcome.CREATED:
                if service.last_modified == before[0]:
                    outcome = Outcome.UNCHANGED
                else:
                    self._version(service, before[1], "Updated from")
            results.append(Applied(outcome, notes.warnings))
        return results

    def _preload(self, records: list[dict[str, Any]]) -> None:
        """Load this batch's existing services and organisations, with what they hold."""
        service_ids = [record["id"] for record in records]
        found = db.session.scalars(
            select(Service)
            .where(self._mine(Service), Service.external_id.in_(service_ids))
            .options(
                selectinload(Service.organisation)
                .selectinload(Organisation.locations)
                .selectinload(Location.neighbourhood),
                selectinload(Service.theme_links),
                selectinload(Service.taxonomy_terms),
                selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
                selectinload(Service.schedules).selectinload(ScheduleSlot.opening_schedule),
                selectinload(Service.opening_schedules).selectinload(OpeningSchedule.slots),
                selectinload(Service.areas).selectinload(ServiceArea.neighbourhood),
                selectinload(Service.cost_options),
            )
        )
        self.preloaded = {(Service, service.external_id): service for service in found}
        organisation_ids = {record["organization"]["id"] for record in records}
        missing = organisation_ids - set(self.organisations)
        if missing:
            for organisation in db.session.scalars(
                select(Organisation)
                .where(self._mine(Organisation), Organisation.external_id.in_(missing))
                .options(selectinload(Organisation.locations))
            ):
                self.preloaded[(Organisation, organisation.external_id)] = organisation
        self.preloaded_kinds = {Service, Organisation}
        self._prefetch_taken(records)

    def _prefetch_taken(self, records: list[dict[str, Any]]) -> None:
        """Learn in one query per kind which of the batch's candidate uuids are taken."""
        feed_ids: dict[type[Any], set[str]] = {
            model: set()
            for model in (
                Service,
                Organisation,
                Location,
                ServiceAtLocation,
                OpeningSchedule,
                CostOption,
                ServiceArea,
                TaxonomyTerm,
            )
        }
        for record in records:
            feed_ids[Service].add(record["id"])
            feed_ids[Organisation].add(record["organization"]["id"])
            for sal in record["service_at_locations"] or []:
                feed_ids[ServiceAtLocation].add(sal["id"])
                if sal.get("location"):
                    feed_ids[Location].add(sal["location"]["id"])
            for key, model in (
                ("schedules", OpeningSchedule),
                ("cost_options", CostOption),
                ("service_areas", ServiceArea),
            ):
                feed_ids[model].update(item["id"] for item in record[key] or [])
            for attribute in record["attributes"] or []:
                if attribute.get("taxonomy_term"):
                    feed_ids[TaxonomyTerm].add(attribute["taxonomy_term"]["id"])
                elif attribute.get("taxonomy_term_id"):  # described by another record
                    feed_ids[TaxonomyTerm].add(attribute["taxonomy_term_id"])
        self.taken = {}
        for model, ids in feed_ids.items():
            candidates = {self._derived(model, i) for i in ids} | {
                i.lower() for i in ids if kept.is_uuid(i.lower())
            }
            found: set[str] = set()
            ordered = sorted(candidates)
            for start in range(0, len(ordered), 500):
                found.update(
                    db.session.scalars(
                        select(model.uuid).where(model.uuid.in_(ordered[start : start + 500]))
                    )
                )
            self.taken[model] = found

    def _version(
        self, service: Service, previous: dict[str, Any], verb: str, always: bool = False
    ) -> None:
        name = self.listing_source.name if self.listing_source else self.source
        record_change(service, previous, f"{verb} {name}", name, utcnow(), always=always)

    def _apply(
        self, record: dict[str, Any], notes: Record
    ) -> tuple[Service, Outcome, tuple[Any, dict[str, Any]]]:
        organisation = self._organisation(record["organization"], notes)
        service, outcome = self._upsert(Service, record["id"], organisation=organisation)
        before: tuple[Any, dict[str, Any]] = (None, {})
        if outcome is Outcome.CREATED:
            service.uuid = self._uuid(Service, record["id"])
            service.is_published = True
        else:
            before = (service.last_modified, snapshot_service(service))
        if service.retired_at is not None:  # back in the feed after it left
            service.retired_at = None
            service.is_published = True
            self.returned.add(record["id"])
        service.listing_source = self.listing_source
        service.organisation = organisation
        said: Snapshot = {
            "name": notes.fit(record["name"], 200, "name"),
            "description": record["description"],
            "status": STATUSES[record["status"]].value,
            "website": notes.web_address(record["url"], 300, "url"),
            "contact_email": notes.email(record["email"], "email"),
            "min_age": notes.age(record["minimum_age"], "minimum_age"),
            "max_age": notes.age(record["maximum_age"], "maximum_age"),
            "eligibility_description": record["eligibility_description"],
            "languages": self._languages(record["languages"] or []),
        }
        said |= self._contact(record, notes, said["contact_email"])
        # Imported listings are not vouched for by anyone here until someone checks them.
        service.last_verified_at = None
        service.verified_by = None
        said["themes"] = self._terms(service, record["attributes"] or [], notes)
        sal_by_feed_id = self._service_at_locations(service, record, notes)
        said |= self._costs(service, record, notes)
        self._schedules(service, record["schedules"] or [], sal_by_feed_id, notes)
        if record["schedules"]:
            said["schedule_note"] = None  # the feed's opening times replace a note written here
        self._areas(service, record["service_areas"] or [], notes)
        features = set()
        for location in service.locations:
            features |= accessibility_features(location.accessibility or [])
        said["accessibility"] = sorted(features)
        for name, value in FEED_SNAPSHOT.load(said, partial=True).items():
            setattr(service, name, value)
        return service, outcome, before

    def _organisation(self, data: dict[str, Any], notes: Record) -> Organisation:
        if data["id"] in self.organisations:
            return self.organisations[data["id"]]
        organisation, outcome = self._upsert(
            Organisation, data["id"], kind=OrganisationKind.VOLUNTARY
        )
        if outcome is Outcome.CREATED:
            organisation.uuid = self._uuid(Organisation, data["id"])
            organisation.is_published = True
        organisation.listing_source = self.listing_source
        organisation.name = notes.fit(data["name"], 200, "organization.name")
        organisation.description = data["description"] or ""
        organisation.email = notes.email(data["email"], "organization.email")
        organisation.website = notes.web_address(data["website"], 300, "organization.website")
        identifiers = {
            i["identifier_scheme"]: i["identifier"] for i in data["organization_identifiers"] or []
        }
        organisation.charity_number = notes.fit(
            identifiers.get("GB-CHC"), 20, "organization.organization_identifiers"
        )
        organisation.company_number = notes.fit(
            identifiers.get("GB-COH"), 20, "organization.organization_identifiers"
        )
        self.organisations[data["id"]] = organisation
        return organisation

    @staticmethod
    def _languages(items: list[dict[str, Any]]) -> list[str]:
        names = []
        for item in items:
            name = item.get("name") or (
                languages.name_for(item["code"]) if item.get("code") else None
            )
            if name and name not in names:
                names.append(name[:100])
        return names

    @staticmethod
    def _contact(record: dict[str, Any], notes: Record, email: str | None) -> Snapshot:
        """The service's contact fields: the first contact's, the service's own email first."""
        contact = (record["contacts"] or [None])[0]
        phones = (contact["phones"] if contact else None) or record["phones"] or []
        path = "contacts[0].phones[0].number" if contact and contact["phones"] else "phones[0]"
        said = {
            "contact_name": (
                notes.fit(contact["name"], 200, "contacts[0].name") if contact else None
            ),
            "contact_phone": notes.phone(phones[0]["number"], path) if phones else None,
        }
        if not email and contact and contact.get("email"):
            said["contact_email"] = notes.email(contact["email"], "contacts[0].email")
        return said

    def _costs(self, service: Service, record: dict[str, Any], notes: Record) -> Snapshot:
        """Write the service's cost options; return whether it is free and what it costs."""
        existing = {option.external_id: option for option in service.cost_options}
        rows = []
        for number, item in enumerate(record["cost_options"] or []):
            row = existing.get(item["id"])
            if row is None:
                row = CostOption(external_id=item["id"], uuid=self._uuid(CostOption, item["id"]))
            row.option = item["option"]
            row.amount = item["amount"]
            row.currency = notes.fit(item["currency"], 3, f"cost_options[{number}].currency")
            row.amount_description = item["amount_description"]
            row.valid_from = notes.date(item["valid_from"], f"cost_options[{number}].valid_from")
            row.valid_to = notes.date(item["valid_to"], f"cost_options[{number}].valid_to")
            rows.append(row)
        service.cost_options = rows
        charged = [row for row in rows if not row.is_free]
        if rows:
            return {
                "is_free": not charged,
                "fee_description": _fit(charged[0].summary, 300) if charged else None,
            }
        # No cost options: the listing does not say, so neither does Signpost.
        return {
            "is_free": None,
            "fee_description": _fit(record["fees_description"] or record["fees"], 300),
        }

    # Taxonomy ------------------------------------------------------------------------------

    def _terms(
        self, service: Service, attributes: list[dict[str, Any]], notes: Record
    ) -> list[str]:
        """Link the service's taxonomy terms; return its themes' values."""
        themes: list[Theme] = []
        stored: list[TaxonomyTerm] = []
        for number, attribute in enumerate(attributes):
            term = attribute.get("taxonomy_term")
            term_id = term["id"] if term else attribute.get("taxonomy_term_id")
            if not term_id:
                continue
            theme = THEME_BY_TERM_ID.get(term_id)
            if theme is None and term and term["taxonomy_id"] == THEMES_TAXONOMY_ID:
                theme = Theme(term["term"]) if term["term"] in set(Theme) else None
            if theme is not None:
                themes.append(theme)
                continue
            term = term or self.feed_terms.get(term_id)
            if term is not None:
                if term["taxonomy_id"] != THEMES_TAXONOMY_ID:
                    stored.append(self._term(term))
                continue
            found = self._stored_term(term_id)
            if found is None:
                notes.warn(
                    f"attributes[{number}].taxonomy_term_id",
                    f"the term {term_id} is not described anywhere; kept for the feed only",
                )
            else:
                stored.append(found)
        service.taxonomy_terms = list(dict.fromkeys(stored))
        return [theme.value for theme in themes]

    def _stored_term(self, term_id: str) -> TaxonomyTerm | None:
        if term_id in self.terms:
            return self.terms[term_id]
        return db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.uuid == term_id.lower())
        ).first()

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
        # The batch's prefetch says whether any term has this id: ask only then.
        if data["id"].lower() in self.taken.get(TaxonomyTerm, set()):
            found = db.session.scalars(
                select(TaxonomyTerm).where(TaxonomyTerm.uuid == data["id"])
            ).first()
            if found is not None:
                return found
        taxonomy = self._taxonomy(data)
        code = (data["term"] or data["code"] or data["name"]).strip()[:100]
        found = next((t for t in taxonomy.terms if t.code == code), None)
        if found is None:
            found = TaxonomyTerm(
                taxonomy=taxonomy,
                code=code,
                name=data["name"][:200],
                description=data["description"] or "",
                uuid=self._uuid(TaxonomyTerm, data["id"]),
            )
            db.session.add(found)
        return found

    # Locations -----------------------------------------------------------------------------

    def _location(
        self, organisation: Organisation, data: dict[str, Any], notes: Record, path: str
    ) -> Location:
        location = next(
            (loc for loc in organisation.locations if loc.external_id == data["id"]), None
        )
        if location is None:
            location = Location(external_id=data["id"], uuid=self._uuid(Location, data["id"]))
            organisation.locations.append(location)
        address = (data["addresses"] or [{}])[0]
        location.address_1 = (
            notes.fit(address.get("address_1") or "", 200, f"{path}.addresses[0].address_1") or ""
        )
        location.address_2 = notes.fit(
            address.get("address_2"), 200, f"{path}.addresses[0].address_2"
        )
        location.town = notes.fit(address.get("city") or "", 100, f"{path}.addresses[0].city") or ""
        location.postcode = self._postcode(
            address.get("postal_code"), notes, f"{path}.addresses[0].postal_code"
        )
        location.name = (
            notes.fit(
                data["name"] or location.address_1 or location.postcode or "Location",
                200,
                f"{path}.name",
            )
            or "Location"
        )
        location.description = data["description"] or ""
        latitude, longitude = data["latitude"], data["longitude"]
        if (
            latitude is not None
            and longitude is not None
            and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
        ):
            notes.warn(f"{path}.latitude", "not a point on Earth; kept for the feed only")
            latitude = longitude = None
        location.latitude, location.longitude = latitude, longitude
        location.external_identifier = notes.fit(
            data["external_identifier"], 200, f"{path}.external_identifier"
        )
        location.external_identifier_type = notes.fit(
            data["external_identifier_type"], 100, f"{path}.external_identifier_type"
        )
        accessibility = [
            kept.uuid_ids(entry, NAMESPACE, self.source) for entry in data["accessibility"] or []
        ]
        if location.accessibility != accessibility:
            location.accessibility = accessibility
        if location.confidential is None:
            # A feed only holds addresses its publisher made public; but a place someone here
            # marked confidential stays so, whatever a later sync says.
            location.confidential = False
        gazetteer = self._gazetteer(location.postcode) if location.postcode else None
        if gazetteer is not None and location.latitude is None:
            location.latitude, location.longitude = gazetteer.latitude, gazetteer.longitude
        code = gazetteer.neighbourhood_code if gazetteer else None
        hood = self._neighbourhood(code) if code else None
        if location.neighbourhood is not hood:
            location.neighbourhood = hood
        return location

    def _gazetteer(self, postcode: str) -> Postcode | None:
        if postcode not in self.postcodes:
            self.postcodes[postcode] = db.session.get(Postcode, postcode)
        return self.postcodes[postcode]

    def _neighbourhood(self, code: str) -> Neighbourhood | None:
        if code not in self.neighbourhoods:
            self.neighbourhoods[code] = db.session.scalars(
                select(Neighbourhood).where(Neighbourhood.code == code)
            ).first()
        return self.neighbourhoods[code]

    @staticmethod
    def _postcode(value: str | None, notes: Record, path: str) -> str | None:
        if not value or not value.strip():
            return None
        try:
            return geo.normalise_postcode(value)
        except geo.GeoError:
            notes.warn(path, f"{value!r} is not a UK postcode; kept for the feed only")
            return None

    def _service_at_locations(
        self, service: Service, record: dict[str, Any], notes: Record
    ) -> dict[str, Location]:
        existing = {sal.location.external_id: sal for sal in service.service_at_locations}
        kept_links: list[ServiceAtLocation] = []
        by_feed_id: dict[str, Location] = {}
        for number, item in enumerate(record["service_at_locations"] or []):
            data = item.get("location") or self.feed_locations.get(item["location_id"])
            path = f"service_at_locations[{number}].location"
            if data is not None:
                location = self._location(service.organisation, data, notes, path)
            else:
                # Imported from this source before, within this organisation (see prepare).
                location = self._known_location(record["organization"]["id"], item["location_id"])
                if location is None:
                    raise RecordProblem("no such location", f"{path}_id")
            sal = existing.get(location.external_id)
            if sal is None:
                sal = ServiceAtLocation(
                    location=location, uuid=self._uuid(ServiceAtLocation, item["id"])
                )
            if sal not in kept_links:
                kept_links.append(sal)
            by_feed_id[item["id"]] = location
        service.service_at_locations = kept_links
        return by_feed_id

    # Schedules -----------------------------------------------------------------------------

    def _schedules(
        self,
        service: Service,
        items: list[dict[str, Any]],
        locations: dict[str, Location],
        notes: Record,
    ) -> None:
        existing = {row.external_id: row for row in service.opening_schedules}
        existing_slots = {slot.uuid: slot for slot in service.schedules}
        rows: list[OpeningSchedule] = []
        slots: list[ScheduleSlot] = [s for s in service.schedules if s.opening_schedule is None]
        for number, item in enumerate(items):
            path = f"schedules[{number}]"
            row = existing.get(item["id"])
            if row is None:
                row = OpeningSchedule(
                    external_id=item["id"], uuid=self._uuid(OpeningSchedule, item["id"])
                )
            freq = (item["freq"] or "").strip().upper() or None
            if freq not in (None, "WEEKLY", "MONTHLY"):
                notes.warn(f"{path}.freq", f"{item['freq']!r} is not WEEKLY or MONTHLY")
            row.freq = notes.fit(freq, 10, f"{path}.freq")
            row.interval = notes.age(item["interval"], f"{path}.interval")
            row.count = notes.age(item["count"], f"{path}.count")
            row.byday = notes.fit(_compact(item["byday"]), 100, f"{path}.byday")
            row.bymonthday = notes.fit(_compact(item["bymonthday"]), 100, f"{path}.bymonthday")
            row.byweekno = notes.fit(_compact(item["byweekno"]), 100, f"{path}.byweekno")
            for name in ("dtstart", "until", "valid_from", "valid_to"):
                setattr(row, name, notes.date(item[name], f"{path}.{name}"))
            row.opens_at = notes.time(item["opens_at"], f"{path}.opens_at")
            row.closes_at = notes.time(item["closes_at"], f"{path}.closes_at")
            row.description = item["description"]
            row.notes = item["notes"]
            row.location = locations.get(item["service_at_location_id"] or "")
            rows.append(row)
            slots.extend(self._weekly_slots(row, existing_slots))
        service.opening_schedules = rows
        service.schedules = slots

    def _weekly_slots(
        self, row: OpeningSchedule, existing: dict[str, ScheduleSlot]
    ) -> list[ScheduleSlot]:
        """The weekly opening slots a plainly weekly schedule gives (for "open now")."""
        days = [d for d in (row.byday or "").split(",") if d]
        weekly = (row.freq in (None, "WEEKLY")) and (row.interval or 1) == 1
        if not (
            weekly
            and days
            and all(d in ICAL_DAYS for d in days)
            and row.opens_at
            and row.closes_at
            and row.opens_at < row.closes_at
            and not row.bymonthday
            and not row.byweekno
        ):
            return []
        slots = []
        for day in days:
            # From the schedule's own uuid, which no other schedule has.
            slot_uuid = str(uuid.uuid5(NAMESPACE, f"{row.uuid}#{day}"))
            slot = existing.get(slot_uuid)
            if slot is None:
                slot = ScheduleSlot(uuid=slot_uuid)
            slot.weekday = ICAL_DAYS.index(day)
            slot.opens_at, slot.closes_at = row.opens_at, row.closes_at
            slot.location = row.location
            slot.opening_schedule = row
            slots.append(slot)
        return slots

    # Areas ---------------------------------------------------------------------------------

    def _areas(self, service: Service, items: list[dict[str, Any]], notes: Record) -> None:
        existing = {area.uuid: area for area in service.areas}
        areas: list[ServiceArea] = []
        for number, item in enumerate(items):
            attrs = self._area_fields(item, notes, f"service_areas[{number}]")
            area = existing.get(self._derived(ServiceArea, item["id"])) or existing.get(
                item["id"].lower()
            )
            if area is None:
                area = ServiceArea(uuid=self._uuid(ServiceArea, item["id"]))
            for name in ("neighbourhood", "radius_km", "latitude", "longitude", "geometry"):
                attrs.setdefault(name, None)
            attrs["name"] = item["name"] or item["service_area"] or item["description"]
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
                if getattr(area, name) != value:
                    setattr(area, name, value)
            areas.append(area)
        service.areas = areas

    @staticmethod
    def _area_fields(item: dict[str, Any], notes: Record, path: str) -> dict[str, Any]:
        uri = item["uri"] or ""
        if uri.startswith(NEIGHBOURHOOD_URI):
            hood = db.session.scalars(
                select(Neighbourhood).where(
                    Neighbourhood.code == uri.removeprefix(NEIGHBOURHOOD_URI)
                )
            ).first()
            if hood is not None:
                return {"kind": AreaKind.NEIGHBOURHOOD, "neighbourhood": hood}
        if (item["extent_type"] or "").lower() == "geojson" and item["extent"]:
            try:
                document = json.loads(item["extent"])
            except ValueError:
                notes.warn(f"{path}.extent", "not GeoJSON; kept for the feed and shown as text")
                document = None
            circle = polygons.circle_of(document)
            if circle is not None:
                return {"kind": AreaKind.RADIUS} | circle
            if document is not None:
                try:
                    geometry = polygons.area_geometry(document)
                except polygons.NotAnArea as error:
                    notes.warn(f"{path}.extent", f"{error}; kept for the feed and shown as text")
                else:
                    return {"kind": AreaKind.POLYGON, "geometry": geometry}
        if (item["name"] or item["service_area"]) == borough_area_name():
            return {"kind": AreaKind.BOROUGH}
        return {"kind": AreaKind.DESCRIBED}

    # Kept fields ---------------------------------------------------------------------------

    def _keep_all(self, service: Service, record: dict[str, Any]) -> None:
        organisation = record["organization"]
        if organisation["id"] not in self.kept_organisations:
            self._keep(service.organisation, schema(OrganizationSchema, raw=True), organisation)
            self.kept_organisations.add(organisation["id"])
        for item in record["service_at_locations"] or []:
            if item.get("location"):
                location = next(
                    loc for loc in service.locations if loc.external_id == item["location"]["id"]
                )
                self._keep(
                    location,
                    schema(LocationSchema, raw=True),
                    item["location"],
                    modelled=("addresses", "accessibility"),
                )
        by_id = {row.external_id: row for row in service.opening_schedules}
        for item in record["schedules"] or []:
            self._keep(
                by_id[item["id"]], schema(OpeningScheduleSchema, raw=True), item, skip=REFERENCES
            )
        costs = {row.external_id: row for row in service.cost_options}
        for item in record["cost_options"] or []:
            self._keep(costs[item["id"]], schema(CostOptionSchema, raw=True), item, skip=REFERENCES)
        for area, item in zip(service.areas, record["service_areas"] or [], strict=True):
            self._keep(area, schema(ServiceAreaSchema, raw=True), item, skip=REFERENCES)
        self._keep(
            service,
            schema(ServiceSchema, raw=True, exclude=SERVICE_ROWS),
            record,
            modelled=SERVICE_MODELLED,
            skip=(*SERVICE_ROWS, *REFERENCES, "last_modified"),
        )

    # Sync ----------------------------------------------------------------------------------

    def retire_missing(self) -> int:
        """Unlist this source's services the feed no longer has; returns how many."""
        retired = 0
        query = (
            select(Service)
            .where(self._mine(Service), Service.retired_at.is_(None))
            .options(selectinload(Service.organisation))
        )
        for service in db.session.scalars(query):
            if service.external_id in self.seen_services:
                continue
            previous = snapshot_service(service)
            service.retired_at = utcnow()
            service.is_published = False
            db.session.flush()
            self._version(service, previous, "Retired: no longer in", always=True)
            retired += 1
        return retired


def _compact(value: str | None) -> str | None:
    """ "MO, TH" -> "MO,TH": RRULE lists have no spaces."""
    if value is None:
        return None
    return ",".join(part.strip().upper() for part in value.split(",") if part.strip()) or None
