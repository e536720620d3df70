"""The CSV import and export of listings: one service per row, on the generic import engine.

A row matches an existing service by its `id` (a Signpost id as exported, or the importer's
own stable id), otherwise by organisation name + service name + postcode, so importing the
same file again updates instead of duplicating. Postcodes are looked up in the gazetteer.
Imports never mark a listing verified: only a person confirming it does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import count
from typing import IO, Any

from flask import current_app
from marshmallow import (
    RAISE,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from core.fields import MULTILINE
from core.forms import FormSchema
from core.numbers import whole_number
from core.spreadsheets import SafeWriter
from directory import snapshots, versions
from directory.geo import GeoError
from directory.importing import (
    ImportReport,
    Outcome,
    RecordProblem,
    SourceRecord,
    find_imported,
    run_import,
)
from directory.models import (
    WEEKDAYS,
    AccessibilityFeature,
    AccessMethod,
    CapacityStatus,
    DeliveryMethod,
    Location,
    Organisation,
    OrganisationKind,
    Service,
    ServiceAtLocation,
)
from directory.schemas import PostcodeField, optional_email, optional_url, parse_times, split_words
from directory.themes import Theme

SOURCE = "csv"
NOT_STATED = "not stated"  # is_free when a listing does not say what it costs
DAY_NAMES = {day[:3]: index for index, day in enumerate(WEEKDAYS)}

# (column, what it holds) in file order; the template and the README are built from this.
COLUMNS: list[tuple[str, str]] = [
    ("id", "Stable id of the row: a Signpost id from an export, or your own. Optional."),
    ("organisation_name", "Organisation name. Required."),
    ("organisation_kind", "One of: " + ", ".join(k.value for k in OrganisationKind) + "."),
    ("organisation_website", "Organisation website, starting https://."),
    ("organisation_email", "Organisation email address."),
    ("organisation_phone", "Organisation phone number."),
    ("service_name", "Service name. Required."),
    ("description", "What the service does. Required."),
    ("themes", "Wheel themes separated by ';': " + ", ".join(t.value for t in Theme) + "."),
    ("access_methods", "Separated by ';': " + ", ".join(m.value for m in AccessMethod) + "."),
    ("delivery_methods", "Separated by ';': " + ", ".join(m.value for m in DeliveryMethod) + "."),
    (
        "accessibility",
        "Separated by ';': " + ", ".join(f.value for f in AccessibilityFeature) + ".",
    ),
    ("languages", "Languages other than English, separated by ';'."),
    ("keywords", "Everyday words people search for, separated by ';'."),
    ("eligibility", "Who it is for."),
    ("min_age", "Youngest age, a whole number."),
    ("max_age", "Oldest age, a whole number."),
    ("is_free", "yes, no or not stated (blank means yes)."),
    ("fee_description", "What it costs, when not free."),
    ("contact_name", "Contact person."),
    ("contact_phone", "Contact phone number."),
    ("contact_email", "Contact email address."),
    ("website", "Service web page, starting https://."),
    ("opening_times", "Like 'Mon 10:00-12:00; Wed 14:00-16:00'."),
    ("schedule_note", "Anything else about when, like 'Term time only'."),
    ("location_name", "Venue name."),
    ("address_1", "First line of the address."),
    ("address_2", "Second line of the address."),
    ("town", "Town."),
    ("postcode", "Full postcode of the venue; must be in the gazetteer."),
    ("capacity_status", "accepting, waitlist or paused (blank means accepting)."),
    ("waitlist_weeks", "Expected wait in weeks, for waitlist."),
    ("paused_until", "Date it takes people again (YYYY-MM-DD), for paused."),
]
COLUMN_NAMES = [name for name, _ in COLUMNS]
# The snapshot fields (directory.snapshots) the CSV holds in columns of another name; every
# other column named like a snapshot field holds that field, as the row schema loads it.
RENAMED = {"service_name": "name", "eligibility": "eligibility_description"}
# The snapshot fields no column says: the service's own stay as they are.
NOT_IN_THE_CSV = ("status", "areas")
# Snapshot field: the column it is written from. Opening times are written at the row's place,
# and the row's place joins the service's (both when a row is written: see apply_row).
SNAPSHOT_COLUMNS: dict[str, str] = {
    RENAMED.get(column, column): column
    for column in COLUMN_NAMES
    if RENAMED.get(column, column) in snapshots.SERVICE_SNAPSHOT.fields
} | {"schedules": "opening_times"}
# Every snapshot field the CSV writes: those from its columns, and the row's place.
FROM_THE_CSV = (*SNAPSHOT_COLUMNS, "locations")
# The fields from its columns, typed, checked and written as every service snapshot is.
CSV_SNAPSHOT = snapshots.ServiceSnapshot(only=tuple(SNAPSHOT_COLUMNS), unknown=RAISE)
LIST_COLUMNS = {
    "themes": [t.value for t in Theme],
    "access_methods": [m.value for m in AccessMethod],
    "delivery_methods": [m.value for m in DeliveryMethod],
    "accessibility": [f.value for f in AccessibilityFeature],
}


class ValueList(fields.Field):
    """A ';'-separated cell, each value checked against `allowed` when given."""

    def __init__(self, allowed: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(load_default=list, **kwargs)
        self.allowed = allowed

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[str]:
        items = split_words(str(value).replace("|", ";"))
        if self.allowed is not None:
            unknown = [item for item in items if item not in self.allowed]
            if unknown:
                raise ValidationError(f"not a known value: {', '.join(unknown)}")
        return items


class OpeningTimes(fields.Field):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[dict]:
        slots = []
        for part in str(value).split(";"):
            part = part.strip()
            if not part:
                continue
            day, _, times = part.partition(" ")
            weekday = DAY_NAMES.get(day.strip()[:3].lower())
            if weekday is None:
                raise ValidationError(f"“{part}” should start with a day, like Mon 10:00-12:00")
            for opens, closes in parse_times(times.strip()):
                slots.append({"weekday": weekday, "opens_at": opens, "closes_at": closes})
        return slots


class ServiceRowSchema(FormSchema):
    """One CSV row; blank cells are missing values."""

    id = fields.String(load_default=None, validate=validate.Length(max=200))
    organisation_name = fields.String(
        required=True, validate=validate.Length(max=200), error_messages={"required": "is blank"}
    )
    organisation_kind = fields.String(
        load_default=OrganisationKind.VOLUNTARY.value,
        validate=validate.OneOf([k.value for k in OrganisationKind], error="not a known kind"),
    )
    organisation_website = optional_url("the website")
    organisation_email = optional_email("the email address")
    organisation_phone = fields.String(load_default=None, validate=validate.Length(max=40))
    service_name = fields.String(
        required=True, validate=validate.Length(max=200), error_messages={"required": "is blank"}
    )
    description = fields.String(
        required=True, error_messages={"required": "is blank"}, metadata=MULTILINE
    )
    themes = ValueList(LIST_COLUMNS["themes"])
    access_methods = ValueList(LIST_COLUMNS["access_methods"])
    delivery_methods = ValueList(LIST_COLUMNS["delivery_methods"])
    accessibility = ValueList(LIST_COLUMNS["accessibility"])
    languages = ValueList()
    keywords = ValueList()
    eligibility = fields.String(load_default="", metadata=MULTILINE)
    min_age = whole_number("the minimum age", 0, 120, load_default=None)
    max_age = whole_number("the maximum age", 0, 120, load_default=None)
    is_free = fields.Boolean(
        load_default=True,
        allow_none=True,  # "not stated": another directory gave no cost
        truthy={"yes", "y", "true", "1"},
        falsy={"no", "n", "false", "0"},
        error_messages={"invalid": "write yes, no or not stated"},
    )
    fee_description = fields.String(load_default=None, validate=validate.Length(max=300))
    contact_name = fields.String(load_default=None, validate=validate.Length(max=200))
    contact_phone = fields.String(load_default=None, validate=validate.Length(max=40))
    contact_email = optional_email("the email address")
    website = optional_url("the website")
    opening_times = OpeningTimes(load_default=list)
    schedule_note = fields.String(load_default=None, metadata=MULTILINE)
    location_name = fields.String(load_default=None, validate=validate.Length(max=200))
    address_1 = fields.String(load_default="", validate=validate.Length(max=200))
    address_2 = fields.String(load_default=None, validate=validate.Length(max=200))
    town = fields.String(load_default="", validate=validate.Length(max=100))
    postcode = PostcodeField(load_default=None)
    capacity_status = fields.String(
        load_default=CapacityStatus.ACCEPTING.value,
        validate=validate.OneOf([c.value for c in CapacityStatus], error="not a known status"),
    )
    waitlist_weeks = whole_number("the wait in weeks", 1, 104, load_default=None)
    paused_until = fields.Date(load_default=None, error_messages={"invalid": "use YYYY-MM-DD"})

    @pre_load
    def lower_codes(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data = dict(data)
        for name in ("organisation_kind", "capacity_status", "is_free", *LIST_COLUMNS):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip().lower()
        if data.get("is_free") == NOT_STATED:
            data["is_free"] = None
        return data

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("themes"):
            raise ValidationError("give at least one theme", "themes")
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            raise ValidationError("is less than min_age", "max_age")
        if data.get("capacity_status") == CapacityStatus.PAUSED.value and not data.get(
            "paused_until"
        ):
            raise ValidationError("is needed when capacity_status is paused", "paused_until")

    @post_load
    def key(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["key"] = data["id"] or " / ".join(
            (
                data["organisation_name"].lower(),
                data["service_name"].lower(),
                data["postcode"] or "",
            )
        )
        return data

    @post_load
    def service_fields(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["snapshot"] = snapshot_fields(data)
        return data


def snapshot_fields(row: dict[str, Any]) -> snapshots.Snapshot:
    """Return the snapshot fields a loaded row says, checked and written by the snapshot schema.

    Opening times have no place yet (see apply_row). Raises ValidationError with the messages
    by the columns the values came from.
    """
    said = {name: row[column] for name, column in SNAPSHOT_COLUMNS.items()}
    # Details of a capacity hold only for the status they describe.
    if said["capacity_status"] != CapacityStatus.WAITLIST.value:
        said["waitlist_weeks"] = None
    if said["capacity_status"] != CapacityStatus.PAUSED.value:
        said["paused_until"] = None
    if said["paused_until"] is not None:
        said["paused_until"] = said["paused_until"].isoformat()
    try:
        written: snapshots.Snapshot = CSV_SNAPSHOT.dump(CSV_SNAPSHOT.load(said))
    except ValidationError as error:
        raise ValidationError(
            {
                SNAPSHOT_COLUMNS.get(name, name): messages
                for name, messages in error.messages_dict.items()
            }
        ) from error
    return written


# Reading -----------------------------------------------------------------------------------


def unreadable_row(row: int, error: csv.Error) -> str:
    """Say which row of the file the csv module could not read, and why, in plain words."""
    reason = str(error)
    if "field larger than field limit" in reason:
        reason = (
            f"a value is longer than the {csv.field_size_limit():,} characters one cell may hold"
        )
    elif reason == "NUL":
        reason = "it holds a NUL character, which is never text (is the file really a CSV?)"
    return f"Row {row} cannot be read: {reason}. Nothing was imported."


def read_rows(file: IO[str]) -> Iterator[SourceRecord]:
    """Yield the file's rows; row numbers are spreadsheet lines (the header is line 1)."""
    reader = csv.DictReader(file)
    missing = [
        name
        for name in ("organisation_name", "service_name")
        if name not in (reader.fieldnames or [])
    ]
    if missing:
        raise ValueError(
            "The file does not have the columns "
            + ", ".join(missing)
            + ". Start from the template, which has every column."
        )
    rows = iter(reader)
    for number in count(2):
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            raise ValueError(unreadable_row(number, error)) from None
        if any("\x00" in value for value in row.values() if isinstance(value, str)):
            raise ValueError(unreadable_row(number, csv.Error("NUL")))
        data = {key: value for key, value in row.items() if key in COLUMN_NAMES and key}
        label = (row.get("id") or row.get("service_name") or "").strip() or None
        yield SourceRecord(row=number, record=label, data=data)


def import_csv(
    file: IO[str],
    *,
    source_name: str,
    dry_run: bool = False,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    checkpoint: Callable[[], None] | None = None,
) -> ImportReport:
    """Validate every row, then write them all or none (see directory/importing.py).

    `checkpoint`, when given, commits every SQLITE_IMPORT_BATCH rows (see `batch_commits`).
    """
    rows = list(read_rows(file))

    def apply(row: dict[str, Any]) -> Outcome:
        return apply_row(row, now)

    return run_import(
        source_name,
        rows,
        ServiceRowSchema(),
        apply,
        identity=lambda row: row["key"],
        dry_run=dry_run,
        progress=progress,
        checkpoint=checkpoint,
        checkpoint_every=int(current_app.config["SQLITE_IMPORT_BATCH"]),
    )


# Writing -----------------------------------------------------------------------------------


def find_service(row: dict[str, Any]) -> Service | None:
    """Find the service a row describes: by id, else by organisation, service and postcode."""
    if row["id"]:
        found = db.session.scalars(select(Service).where(Service.uuid == row["id"])).first()
        return found or find_imported(Service, SOURCE, row["id"])
    candidates = db.session.scalars(
        select(Service)
        .join(Service.organisation)
        .where(
            func.lower(Organisation.name) == row["organisation_name"].lower(),
            func.lower(Service.name) == row["service_name"].lower(),
        )
    ).all()
    for service in candidates:
        postcodes = {loc.postcode for loc in service.locations}
        if (row["postcode"] or None) in (postcodes or {None}):
            return service
    return None


def find_or_add_organisation(row: dict[str, Any]) -> Organisation:
    organisation = db.session.scalars(
        select(Organisation).where(
            func.lower(Organisation.name) == row["organisation_name"].lower()
        )
    ).first()
    if organisation is None:
        organisation = Organisation(
            name=row["organisation_name"],
            kind=OrganisationKind(row["organisation_kind"]),
            source=SOURCE,
        )
        db.session.add(organisation)
    organisation.kind = OrganisationKind(row["organisation_kind"])
    for column, attribute in (
        ("organisation_website", "website"),
        ("organisation_email", "email"),
        ("organisation_phone", "phone"),
    ):
        if row.get(column):
            setattr(organisation, attribute, row[column])
    return organisation


def find_or_add_location(organisation: Organisation, row: dict[str, Any]) -> Location | None:
    if not row["postcode"]:
        return None
    name = row["location_name"] or row["address_1"] or row["service_name"]
    for location in organisation.locations:
        if location.postcode == row["postcode"] and location.name.lower() == name.lower():
            found = location
            break
    else:
        found = Location(organisation=organisation, name=name)
        db.session.add(found)
    try:
        versions.place_location(found, row["postcode"])
    except GeoError as error:
        raise RecordProblem(str(error), field="postcode") from error
    found.address_1 = row["address_1"] or ""
    found.address_2 = row["address_2"]
    found.town = row["town"] or ""
    return found


def apply_row(row: dict[str, Any], now: datetime) -> Outcome:
    """Create or update the row's organisation, location and service; flushes."""
    service = find_service(row)
    organisation = service.organisation if service else find_or_add_organisation(row)
    if service is not None:
        find_or_add_organisation(row)  # updates the organisation's own columns
    location = find_or_add_location(organisation, row)
    outcome = Outcome.UPDATED
    if service is None:
        outcome = Outcome.CREATED
        service = Service(
            organisation=organisation,
            name=row["service_name"],
            source=SOURCE,
            external_id=row["id"] or None,
        )
        db.session.add(service)
    db.session.flush()
    if outcome is Outcome.UPDATED:
        versions.ensure_baseline(service, now)
    data = snapshots.snapshot_service(service) | row["snapshot"]
    data["schedules"] = [
        {**slot, "location": location.uuid if location else None} for slot in data["schedules"]
    ]
    if location is not None:
        others = [loc for loc in data["locations"] if loc["uuid"] != location.uuid]
        data["locations"] = [*others, {"uuid": location.uuid, "name": location.name}]
    versions.apply_snapshot(service, data)
    versions.record_version(service, f"Imported from {SOURCE.upper()}", None, now, "CSV import")
    return outcome


# Export ------------------------------------------------------------------------------------


def export_rows(services: Iterable[Service]) -> Iterator[list[str]]:
    yield COLUMN_NAMES
    for service in services:
        organisation = service.organisation
        location = service.locations[0] if service.locations else None
        row = {
            "id": service.external_id
            if service.source == SOURCE and service.external_id
            else service.uuid,
            "organisation_name": organisation.name,
            "organisation_kind": organisation.kind.value,
            "organisation_website": organisation.website,
            "organisation_email": organisation.email,
            "organisation_phone": organisation.phone,
            "service_name": service.name,
            "description": service.description,
            "themes": "; ".join(t.value for t in service.themes),
            "access_methods": "; ".join(service.access_methods or []),
            "delivery_methods": "; ".join(service.delivery_methods or []),
            "accessibility": "; ".join(service.accessibility or []),
            "languages": "; ".join(service.languages or []),
            "keywords": "; ".join(service.keywords or []),
            "eligibility": service.eligibility_description,
            "min_age": service.min_age,
            "max_age": service.max_age,
            "is_free": NOT_STATED
            if service.is_free is None
            else "yes"
            if service.is_free
            else "no",
            "fee_description": service.fee_description,
            "contact_name": service.contact_name,
            "contact_phone": service.contact_phone,
            "contact_email": service.contact_email,
            "website": service.website,
            "opening_times": "; ".join(
                f"{slot.day_name[:3]} {slot.opens_at:%H:%M}-{slot.closes_at:%H:%M}"
                for slot in service.schedules
            ),
            "schedule_note": service.schedule_note,
            "location_name": location.name if location else None,
            "address_1": location.address_1 if location else None,
            "address_2": location.address_2 if location else None,
            "town": location.town if location else None,
            "postcode": location.postcode if location else None,
            "capacity_status": service.capacity_status.value,
            "waitlist_weeks": service.waitlist_weeks,
            "paused_until": service.paused_until.isoformat() if service.paused_until else None,
        }
        yield ["" if row[name] is None else str(row[name]) for name in COLUMN_NAMES]


def export_csv(out: IO[str]) -> int:
    """Write every service in the directory as import-ready CSV; return the row count."""
    services = db.session.scalars(
        select(Service)
        .join(Service.organisation)
        .options(
            selectinload(Service.organisation),
            selectinload(Service.schedules),
            selectinload(Service.theme_links),
            selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location),
        )
        .order_by(Organisation.name, Service.name)
    ).all()
    writer = SafeWriter(out)
    for row in export_rows(services):
        writer.writerow(row)
    return len(services)


def template_csv() -> str:
    """A header row and one example row people can overwrite."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(COLUMN_NAMES)
    example = {
        "organisation_name": "Example Community Group",
        "organisation_kind": "community_group",
        "service_name": "Tuesday coffee morning",
        "description": "A friendly chat over coffee for anyone who wants company.",
        "themes": "friends_and_family; hobbies",
        "access_methods": "drop_in",
        "delivery_methods": "in_person",
        "is_free": "yes",
        "opening_times": "Tue 10:00-12:00",
        "location_name": "St Mark's Hall",
        "address_1": "1 Church Street",
        "town": "Bolton",
        "postcode": "BL1 1AA",
        "capacity_status": "accepting",
    }
    writer.writerow([example.get(name, "") for name in COLUMN_NAMES])
    return out.getvalue()
