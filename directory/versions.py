"""Version history of listings: JSON snapshots, field-by-field diffs and reverting.

A snapshot is a plain dict of a record's editable fields (a service's also holds its themes,
opening times, areas and the locations it runs at, as directory.snapshots states), so it can be
stored, compared and applied back without knowing which form produced it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from core import versioning
from core.errors import NotFound
from core.extensions import db
from core.permissions import require
from core.versioning import FieldChange
from directory.change_models import ListingVersion, RecordType
from directory.gazetteer import Neighbourhood
from directory.geo import lookup_postcode
from directory.models import (
    WEEKDAYS,
    AreaKind,
    Location,
    Organisation,
    OrganisationKind,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from directory.provenance import require_local
from directory.public_place import centre_location
from directory.snapshots import (
    PARTS,
    SERVICE_LABELS,
    SERVICE_SNAPSHOT,
    SERVICE_VALUE_LABELS,
    Snapshot,
    load_service_snapshot,
    snapshot_service,
    sort_areas,
)

Listing = Service | Organisation | Location

ORGANISATION_LABELS = {
    "name": "Name",
    "kind": "Type of organisation",
    "description": "Description",
    "charity_number": "Charity number",
    "company_number": "Company number",
    "website": "Website",
    "email": "Email",
    "phone": "Phone",
    "referral_email": "Email for referrals",
}
LOCATION_LABELS = {
    "name": "Name",
    "description": "Description",
    "address_1": "Address line 1",
    "address_2": "Address line 2",
    "town": "Town",
    "postcode": "Postcode",
    "confidential": "Confidential address",
}
LABELS = {
    RecordType.SERVICE: SERVICE_LABELS,
    RecordType.ORGANISATION: ORGANISATION_LABELS,
    RecordType.LOCATION: LOCATION_LABELS,
}
VALUE_LABELS: dict[str, dict[str, str]] = {
    **SERVICE_VALUE_LABELS,
    "kind": {k.value: k.label for k in OrganisationKind},
}


def record_type_of(record: Listing) -> RecordType:
    if isinstance(record, Service):
        return RecordType.SERVICE
    if isinstance(record, Organisation):
        return RecordType.ORGANISATION
    return RecordType.LOCATION


# Snapshots ---------------------------------------------------------------------------------


def snapshot(record: Listing) -> Snapshot:
    """Return the record's editable state as JSON-ready data."""
    if isinstance(record, Service):
        return snapshot_service(record)
    if isinstance(record, Organisation):
        return snapshot_organisation(record)
    return snapshot_location(record)


def snapshot_organisation(organisation: Organisation) -> Snapshot:
    return {name: _plain(getattr(organisation, name)) for name in ORGANISATION_LABELS}


def snapshot_location(location: Location) -> Snapshot:
    return {name: _plain(getattr(location, name)) for name in LOCATION_LABELS}


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    if isinstance(value, list):
        return list(value)
    return value


def apply_snapshot(record: Listing, data: Snapshot) -> None:
    """Set the record's editable state from a snapshot; flushes only.

    Raises GeoError when a location's postcode is not in the gazetteer.
    """
    if isinstance(record, Service):
        _apply_service(record, data)
    elif isinstance(record, Organisation):
        for name in ORGANISATION_LABELS:
            value = data.get(name)
            setattr(record, name, OrganisationKind(value) if name == "kind" else value)
    else:
        _apply_location(record, data)
    db.session.flush()


def _apply_service(service: Service, data: Snapshot) -> None:
    loaded = load_service_snapshot(data)
    for name, value in loaded.items():
        if name not in PARTS:
            setattr(service, name, value)
    places = {loc.uuid: loc for loc in service.organisation.locations}
    wanted = [places[loc["uuid"]] for loc in loaded["locations"] if loc["uuid"] in places]
    kept = [sal for sal in service.service_at_locations if sal.location in wanted]
    have = {sal.location for sal in kept}
    service.service_at_locations = kept + [
        ServiceAtLocation(location=loc) for loc in wanted if loc not in have
    ]
    # Opening times and areas are rewritten only when they differ, so their rows (and what an
    # import kept on them) stay as they are otherwise.
    current = SERVICE_SNAPSHOT.dump(service)
    if current["schedules"] != data.get("schedules", []):
        service.schedules = [
            ScheduleSlot(**slot | {"location": places.get(slot["location"])})
            for slot in loaded["schedules"]
        ]
    if current["areas"] != data.get("areas", []):
        service.areas = [_area(area, service.organisation) for area in loaded["areas"]]


def _area(data: dict[str, Any], organisation: Organisation) -> ServiceArea:
    """A service area from a loaded area snapshot."""
    hood = None
    if data["neighbourhood"]:
        hood = db.session.scalars(
            select(Neighbourhood).where(Neighbourhood.code == data["neighbourhood"])
        ).first()
    latitude, longitude = data["latitude"], data["longitude"]
    if data["location"]:
        place = next((loc for loc in organisation.locations if loc.uuid == data["location"]), None)
    else:
        # A snapshot written before areas named their place holds a copy of its point: link
        # the place it was copied from, so its public point (never the copy) is the centre.
        place = centre_location(organisation, latitude, longitude)
    if place is not None:
        latitude = longitude = None
    return ServiceArea(
        **data
        | {"neighbourhood": hood, "location": place, "latitude": latitude, "longitude": longitude}
    )


def _apply_location(location: Location, data: Snapshot) -> None:
    postcode = data.get("postcode")
    if postcode and postcode != location.postcode:
        place_location(location, postcode)
    elif not postcode:
        location.postcode = None
        location.latitude = location.longitude = None
        location.neighbourhood = None
    for name in ("name", "description", "address_1", "address_2", "town", "confidential"):
        value = data.get(name)
        if name in ("description", "address_1", "town"):
            value = value or ""
        elif name == "confidential":
            value = bool(value)
        setattr(location, name, value)


def place_location(location: Location, postcode: str) -> None:
    """Set a location's postcode, coordinates and neighbourhood from the gazetteer."""
    row = lookup_postcode(postcode)
    location.postcode = row.postcode
    location.latitude = row.latitude
    location.longitude = row.longitude
    location.neighbourhood = (
        db.session.scalars(
            select(Neighbourhood).where(Neighbourhood.code == row.neighbourhood_code)
        ).first()
        if row.neighbourhood_code
        else None
    )


# Diffs -------------------------------------------------------------------------------------


def diff(record_type: RecordType, before: Snapshot | None, after: Snapshot) -> list[FieldChange]:
    """Compare two snapshots field by field, in form order, with human labels and values."""
    before = before or {}
    changes = []
    for name, label in LABELS[record_type].items():
        old, new = before.get(name), after.get(name)
        if name == "areas":
            old, new = sort_areas(old or []), sort_areas(new or [])
        if _same(old, new):
            continue
        changes.append(FieldChange(name, label, describe(name, old), describe(name, new)))
    return changes


def changed_fields(record_type: RecordType, before: Snapshot, after: Snapshot) -> set[str]:
    return {change.field for change in diff(record_type, before, after)}


def _same(old: Any, new: Any) -> bool:
    empty = (None, "", [])
    if old in empty and new in empty:
        return True
    return old == new


def describe(name: str, value: Any) -> str:
    """Render one snapshot value for people."""
    if value in (None, "", []):
        return "(none)"
    if name == "schedules":
        return "; ".join(
            f"{WEEKDAYS[slot['weekday']].capitalize()} {slot['opens_at']} to {slot['closes_at']}"
            for slot in value
        )
    if name == "areas":
        return "; ".join(_describe_area(area) for area in value)
    if name == "locations":
        return "; ".join(loc["name"] for loc in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = VALUE_LABELS.get(name, {})
    if isinstance(value, list):
        return ", ".join(labels.get(item, str(item)) for item in value)
    return labels.get(str(value), str(value))


def _describe_area(area: dict[str, Any]) -> str:
    if area["kind"] == AreaKind.BOROUGH.value:
        return "The whole borough"
    if area["kind"] == AreaKind.POLYGON.value:
        return area.get("name") or "A mapped area"
    if area["kind"] == AreaKind.DESCRIBED.value:
        return area.get("name") or "An area described in words"
    if area["kind"] == AreaKind.NEIGHBOURHOOD.value:
        hood = db.session.scalars(
            select(Neighbourhood.name).where(Neighbourhood.code == area.get("neighbourhood"))
        ).first()
        return hood or f"Neighbourhood {area.get('neighbourhood')}"
    # Provider forms measure from one of the organisation's places: name it when one is there.
    place = None
    if area.get("location"):
        place = db.session.scalars(
            select(Location.name).where(Location.uuid == area["location"])
        ).first()
    elif area.get("latitude") is not None and area.get("longitude") is not None:
        place = db.session.scalars(
            select(Location.name).where(
                Location.latitude == area["latitude"], Location.longitude == area["longitude"]
            )
        ).first()
    distance = f"Within {area.get('radius_km') or 0:g} km"
    return f"{distance} of {place}" if place else distance


# History -----------------------------------------------------------------------------------


def history(record_type: RecordType, record_uuid: str) -> list[ListingVersion]:
    """Return a record's versions, newest first."""
    return list(
        db.session.scalars(
            select(ListingVersion)
            .where(
                ListingVersion.record_type == record_type,
                ListingVersion.record_uuid == record_uuid,
            )
            .order_by(ListingVersion.number.desc())
        )
    )


def latest_version(record: Listing) -> ListingVersion | None:
    return db.session.scalars(
        select(ListingVersion)
        .where(
            ListingVersion.record_type == record_type_of(record),
            ListingVersion.record_uuid == record.uuid,
        )
        .order_by(ListingVersion.number.desc())
        .limit(1)
    ).first()


def ensure_baseline(record: Listing, now: datetime) -> ListingVersion:
    """Return the latest version, first saving the record as it stands if it has none.

    Seeded and imported listings start without history; saving their state before the first
    change keeps that state to compare against and revert to.
    """
    found = latest_version(record)
    if found is not None:
        return found
    source = getattr(record, "source", None)
    return _add_version(
        record, snapshot(record), "Listing as first recorded", None, source or "Signpost", now
    )


def record_version(
    record: Listing, summary: str, author: Any, now: datetime, author_name: str | None = None
) -> ListingVersion | None:
    """Save the record's current state as a new version, unless nothing changed; flushes."""
    current = snapshot(record)
    previous = latest_version(record)
    if previous is not None and previous.snapshot == current:
        return None
    name = author_name or (author.display_name if author is not None else "Signpost")
    return _add_version(record, current, summary, author, name, now)


def record_change(
    record: Listing,
    previous: Snapshot,
    summary: str,
    author_name: str,
    now: datetime,
    always: bool = False,
) -> ListingVersion | None:
    """Version a change made by a system (an import), keeping `previous` as the baseline.

    `always` records a version even when the snapshot is the same (a listing retired or
    brought back changes whether it is listed, which snapshots do not hold).
    """
    if latest_version(record) is None:
        _add_version(record, previous, "Listing as first recorded", None, author_name, now)
    if always:
        return _add_version(record, snapshot(record), summary, None, author_name, now)
    return record_version(record, summary, None, now, author_name=author_name)


def _add_version(
    record: Listing, data: Snapshot, summary: str, author: Any, author_name: str, now: datetime
) -> ListingVersion:
    record_type = record_type_of(record)
    number = (
        db.session.scalar(
            select(func.max(ListingVersion.number)).where(
                ListingVersion.record_type == record_type,
                ListingVersion.record_uuid == record.uuid,
            )
        )
        or 0
    ) + 1
    version = ListingVersion(
        record_type=record_type,
        record_uuid=record.uuid,
        number=number,
        snapshot=data,
        summary=summary[:300],
        author_id=author.id if author is not None else None,
        author_name=author_name[:200],
        created_at=now,
    )
    db.session.add(version)
    db.session.flush()
    return version


def get_version(record: Listing, number: int) -> ListingVersion:
    found = db.session.scalars(
        select(ListingVersion).where(
            ListingVersion.record_type == record_type_of(record),
            ListingVersion.record_uuid == record.uuid,
            ListingVersion.number == number,
        )
    ).first()
    if found is None:
        raise NotFound("That version does not exist.")
    return found


def revert(
    record: Listing, number: int, by: Any, now: datetime, seen_version: int | None = None
) -> ListingVersion | None:
    """Put a record back as it was at version `number` (capacity lead only); flushes.

    `seen_version` is the record's version when the history page was loaded: a revert chosen
    before a newer change existed would silently undo it, so it is refused (StaleEdit).
    """
    require(by, "moderate", record)
    require_local(record)
    target = get_version(record, number)
    versioning.check_version(record, seen_version)
    ensure_baseline(record, now)
    confidential = isinstance(record, Location) and record.confidential
    apply_snapshot(record, target.snapshot)
    if confidential:
        # A refuge's address is published only by an explicit edit, never as a side effect
        # of putting back a version from before it was confidential.
        record.confidential = True
    return record_version(record, f"Reverted to version {number}", by, now)
