"""Version history of listings: JSON snapshots, field-by-field diffs and reverting.

A snapshot is a plain dict of a record's editable fields (a service's also holds its themes,
opening times, areas and the locations it runs at), so it can be stored, compared and applied
back without knowing which form produced it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select

from accounts.permissions import require
from core import versioning
from core.errors import NotFound
from core.extensions import db
from core.versioning import FieldChange
from directory.change_models import ListingVersion, RecordType
from directory.gazetteer import Neighbourhood
from directory.geo import lookup_postcode
from directory.models import (
    WEEKDAYS,
    AccessibilityFeature,
    AccessMethod,
    AreaKind,
    CapacityStatus,
    DeliveryMethod,
    Location,
    Organisation,
    OrganisationKind,
    ScheduleSlot,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from directory.provenance import require_local
from directory.public_place import centre_location
from directory.themes import Theme

Snapshot = dict[str, Any]
Listing = Service | Organisation | Location

SERVICE_FIELDS = {
    "name": "Name",
    "description": "Description",
    "status": "Status",
    "eligibility_description": "Who it is for",
    "min_age": "Minimum age",
    "max_age": "Maximum age",
    "is_free": "Free",
    "fee_description": "Cost",
    "access_methods": "How to get help",
    "delivery_methods": "How it is offered",
    "accessibility": "Accessibility",
    "languages": "Languages",
    "keywords": "Other words people use",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "contact_email": "Contact email",
    "website": "Website",
    "schedule_note": "Note about opening times",
    "capacity_status": "Taking new people",
    "waitlist_weeks": "Expected wait (weeks)",
    "paused_until": "Paused until",
}
SERVICE_LABELS = {
    **SERVICE_FIELDS,
    "themes": "Themes",
    "schedules": "Opening times",
    "areas": "Areas covered",
    "locations": "Locations",
}
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
CAPACITY_LABELS = {
    CapacityStatus.ACCEPTING.value: "Accepting referrals",
    CapacityStatus.WAITLIST.value: "Waiting list",
    CapacityStatus.PAUSED.value: "Paused",
}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "access_methods": {m.value: m.label for m in AccessMethod},
    "delivery_methods": {m.value: m.label for m in DeliveryMethod},
    "accessibility": {f.value: f.label for f in AccessibilityFeature},
    "themes": {t.value: t.label for t in Theme},
    "status": {s.value: s.label for s in ServiceStatus},
    "kind": {k.value: k.label for k in OrganisationKind},
    "capacity_status": CAPACITY_LABELS,
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


def snapshot_service(service: Service) -> Snapshot:
    data: Snapshot = {name: _plain(getattr(service, name)) for name in SERVICE_FIELDS}
    data["themes"] = sorted(theme.value for theme in service.themes)
    data["schedules"] = [
        {
            "weekday": slot.weekday,
            "opens_at": slot.opens_at.strftime("%H:%M"),
            "closes_at": slot.closes_at.strftime("%H:%M"),
            "location": slot.location.uuid if slot.location else None,
        }
        for slot in sorted(service.schedules, key=lambda s: (s.weekday, s.opens_at))
    ]
    data["areas"] = sort_areas(_area_snapshot(area) for area in service.areas)
    data["locations"] = sorted(
        ({"uuid": loc.uuid, "name": loc.name} for loc in service.locations),
        key=lambda loc: loc["name"],
    )
    return data


def _area_snapshot(area: ServiceArea) -> dict[str, Any]:
    found: dict[str, Any] = {
        "kind": area.kind.value,
        "neighbourhood": area.neighbourhood.code if area.neighbourhood else None,
        "radius_km": area.radius_km,
        # A radius from one of the organisation's places names the place, never a copy
        # of its point (see directory.models.ServiceArea).
        "location": area.location.uuid if area.location else None,
        "latitude": area.latitude,
        "longitude": area.longitude,
    }
    # Only areas drawn or described by another directory have these: older snapshots match.
    if area.name:
        found["name"] = area.name
    if area.geometry:
        found["geometry"] = area.geometry
    return found


def new_service_snapshot() -> Snapshot:
    """The snapshot of a service not yet written: what the add-a-service form starts from."""
    data: Snapshot = dict.fromkeys(SERVICE_FIELDS)
    data |= {
        "description": "",
        "status": ServiceStatus.ACTIVE.value,
        "eligibility_description": "",
        "is_free": True,
        "access_methods": [],
        "delivery_methods": [],
        "accessibility": [],
        "languages": [],
        "keywords": [],
        "capacity_status": CapacityStatus.ACCEPTING.value,
        "themes": [],
        "schedules": [],
        "areas": [],
        "locations": [],
    }
    return data


AREA_KIND_ORDER = {
    AreaKind.BOROUGH.value: 0,
    AreaKind.NEIGHBOURHOOD.value: 1,
    AreaKind.RADIUS.value: 2,
    AreaKind.POLYGON.value: 3,
    AreaKind.DESCRIBED.value: 4,
}


def sort_areas(areas: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Put service areas in one order, so the same areas always compare equal."""
    return sorted(
        areas,
        key=lambda area: (
            AREA_KIND_ORDER.get(area["kind"], 5),
            area.get("name") or "",
            area.get("neighbourhood") or "",
            area.get("radius_km") or 0,
            area.get("latitude") or 0,
            area.get("longitude") or 0,
            area.get("location") or "",
        ),
    )


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
    for name in SERVICE_FIELDS:
        value = data.get(name)
        if name == "status":
            value = ServiceStatus(value or ServiceStatus.ACTIVE)
        elif name == "capacity_status":
            value = CapacityStatus(value or CapacityStatus.ACCEPTING)
        elif name == "paused_until":
            value = date.fromisoformat(value) if value else None
        elif name in VALUE_LABELS or name in ("languages", "keywords"):
            value = list(value or [])
        elif name == "is_free":  # None: the listing does not say; absent (older snapshots): free
            value = bool(value) if value is not None else (None if name in data else True)
        elif name in ("description", "eligibility_description"):
            value = value or ""
        setattr(service, name, value)
    service.themes = [Theme(t) for t in data.get("themes", [])]

    by_uuid = {loc.uuid: loc for loc in service.organisation.locations}
    wanted = [by_uuid[loc["uuid"]] for loc in data.get("locations", []) if loc["uuid"] in by_uuid]
    kept = [sal for sal in service.service_at_locations if sal.location in wanted]
    have = {sal.location.uuid for sal in kept}
    service.service_at_locations = kept + [
        ServiceAtLocation(location=loc) for loc in wanted if loc.uuid not in have
    ]

    if _schedules_of(service) != data.get("schedules", []):
        service.schedules = [
            ScheduleSlot(
                weekday=slot["weekday"],
                opens_at=time.fromisoformat(slot["opens_at"]),
                closes_at=time.fromisoformat(slot["closes_at"]),
                location=by_uuid.get(slot.get("location") or ""),
            )
            for slot in data.get("schedules", [])
        ]
    if snapshot_service(service)["areas"] != data.get("areas", []):
        service.areas = [_area(area, service.organisation) for area in data.get("areas", [])]


def _schedules_of(service: Service) -> list[dict[str, Any]]:
    return snapshot_service(service)["schedules"]


def _area(data: dict[str, Any], organisation: Organisation) -> ServiceArea:
    hood = None
    if data.get("neighbourhood"):
        hood = db.session.scalars(
            select(Neighbourhood).where(Neighbourhood.code == data["neighbourhood"])
        ).first()
    latitude, longitude = data.get("latitude"), data.get("longitude")
    if data.get("location"):
        place = next((loc for loc in organisation.locations if loc.uuid == data["location"]), None)
    else:
        # A snapshot written before areas named their place holds a copy of its point: link
        # the place it was copied from, so its public point (never the copy) is the centre.
        place = centre_location(organisation, latitude, longitude)
    if place is not None:
        latitude = longitude = None
    return ServiceArea(
        kind=AreaKind(data["kind"]),
        neighbourhood=hood,
        radius_km=data.get("radius_km"),
        location=place,
        latitude=latitude,
        longitude=longitude,
        name=data.get("name"),
        geometry=data.get("geometry"),
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
