"""Provider edits: trusted organisations publish at once, others propose changes.

Every edit goes through `save_edit` with the whole proposed snapshot of one record. An edit that
changes nothing does nothing (and does not count as verifying the listing). A published edit
saves a version; a service edit also counts as a person verifying the listing.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from accounts import audit
from core import versioning
from core.errors import Conflict
from core.extensions import db
from core.permissions import can, require
from directory import freshness, versions
from directory.change_models import ChangeKind, ChangeStatus, ProposedChange, RecordType
from directory.geo import GeoError
from directory.models import CapacityStatus, Location, Organisation, Service
from directory.provenance import require_local
from directory.snapshots import Snapshot
from directory.versions import Listing


class EditOutcome(enum.StrEnum):
    UNCHANGED = "unchanged"
    PUBLISHED = "published"
    PROPOSED = "proposed"


def organisation_of(record: Listing) -> Organisation:
    return record if isinstance(record, Organisation) else record.organisation


def publishes_at_once(by: Any, organisation: Organisation) -> bool:
    """Trusted organisations' edits, and the capacity lead's, skip moderation."""
    return organisation.trusted or can(by, "moderate", organisation)


def save_edit(
    record: Listing,
    proposed: Snapshot,
    by: Any,
    now: datetime,
    summary: str,
    seen_version: int | None = None,
) -> EditOutcome:
    """Publish or propose a change to one record; flushes only.

    `seen_version` is the record's version when the form was loaded: a form loaded before
    someone else's save is refused (StaleEdit), whether it would publish or propose.
    """
    require(by, "edit", record)
    record_type = versions.record_type_of(record)
    current = versions.snapshot(record)
    changed = versions.changed_fields(record_type, current, proposed)
    if not changed:
        return EditOutcome.UNCHANGED
    require_local(record, changed)
    organisation = organisation_of(record)
    at_once = publishes_at_once(by, organisation)
    versioning.check_version(record, seen_version, claim=at_once)
    base = versions.ensure_baseline(record, now)
    if at_once:
        publish(record, proposed, by, now, summary)
        return EditOutcome.PUBLISHED
    change = _pending_change_by(by, record_type, record.uuid)
    if change is None:
        change = ProposedChange(
            kind=ChangeKind.EDIT,
            record_type=record_type,
            record_uuid=record.uuid,
            organisation=organisation,
            proposer_id=by.id,
            proposer_name=by.display_name,
            proposer_email=by.email,
            created_at=now,
        )
        db.session.add(change)
    # A second edit before the lead decides replaces the first proposal instead of queueing.
    change.base_version = base.number
    change.base = current
    change.proposed = proposed
    change.message = summary
    change.created_at = now
    db.session.flush()
    return EditOutcome.PROPOSED


def publish(record: Listing, proposed: Snapshot, by: Any, now: datetime, summary: str) -> None:
    """Apply a snapshot, save the version and, for a service, count it as verified."""
    record_type = versions.record_type_of(record)
    require_local(record, versions.changed_fields(record_type, versions.snapshot(record), proposed))
    try:
        versions.apply_snapshot(record, proposed)
    except GeoError as error:
        raise Conflict(str(error), field="postcode") from error
    versions.record_version(record, summary, by, now)
    if isinstance(record, Service):
        freshness.mark_verified(record, by.display_name, now)
    audit.record("edit", record, user=by)


def _pending_change_by(by: Any, record_type: RecordType, uuid: str) -> ProposedChange | None:
    return db.session.scalars(
        select(ProposedChange).where(
            ProposedChange.status == ChangeStatus.PENDING,
            ProposedChange.kind == ChangeKind.EDIT,
            ProposedChange.record_type == record_type,
            ProposedChange.record_uuid == uuid,
            ProposedChange.proposer_id == by.id,
        )
    ).first()


def pending_changes_for(record: Listing) -> list[ProposedChange]:
    return list(
        db.session.scalars(
            select(ProposedChange)
            .where(
                ProposedChange.status == ChangeStatus.PENDING,
                ProposedChange.record_type == versions.record_type_of(record),
                ProposedChange.record_uuid == record.uuid,
            )
            .order_by(ProposedChange.created_at)
        )
    )


def add_location(
    organisation: Organisation, proposed: Snapshot, by: Any, now: datetime
) -> tuple[EditOutcome, Location | None]:
    """Add a location to an organisation, or propose it; flushes only."""
    require(by, "edit", organisation)
    if publishes_at_once(by, organisation):
        location = create_location(organisation, proposed)
        versions.record_version(location, "Location added", by, now)
        audit.record("create", location, user=by)
        return EditOutcome.PUBLISHED, location
    db.session.add(
        ProposedChange(
            kind=ChangeKind.EDIT,
            record_type=RecordType.LOCATION,
            record_uuid=None,
            organisation=organisation,
            proposed=proposed,
            message="New location",
            proposer_id=by.id,
            proposer_name=by.display_name,
            proposer_email=by.email,
            created_at=now,
        )
    )
    db.session.flush()
    return EditOutcome.PROPOSED, None


def add_service(
    organisation: Organisation, proposed: Snapshot, by: Any, now: datetime
) -> tuple[EditOutcome, Service | None]:
    """Add a service to an organisation, or propose it; flushes only.

    Published at once, the new service counts as verified: its provider just described it.
    """
    require(by, "edit", organisation)
    if publishes_at_once(by, organisation):
        service = create_service(organisation, proposed)
        versions.record_version(service, "Service added", by, now)
        freshness.mark_verified(service, by.display_name, now)
        audit.record("create", service, user=by)
        return EditOutcome.PUBLISHED, service
    db.session.add(
        ProposedChange(
            kind=ChangeKind.EDIT,
            record_type=RecordType.SERVICE,
            record_uuid=None,
            organisation=organisation,
            proposed=proposed,
            message="New service",
            proposer_id=by.id,
            proposer_name=by.display_name,
            proposer_email=by.email,
            created_at=now,
        )
    )
    db.session.flush()
    return EditOutcome.PROPOSED, None


def create_service(organisation: Organisation, proposed: Snapshot) -> Service:
    service = Service(organisation=organisation, name=proposed["name"])
    db.session.add(service)
    versions.apply_snapshot(service, proposed)
    return service


def create_location(organisation: Organisation, proposed: Snapshot) -> Location:
    location = Location(organisation=organisation, name=proposed["name"])
    db.session.add(location)
    try:
        versions.apply_snapshot(location, proposed)
    except GeoError as error:
        raise Conflict(str(error), field="postcode") from error
    return location


def set_capacity(
    service: Service,
    status: CapacityStatus,
    *,
    by: Any,
    now: datetime,
    waitlist_weeks: int | None = None,
    paused_until: date | None = None,
    seen_version: int | None = None,
) -> bool:
    """Set whether a service takes new people; publishes at once for every provider.

    Capacity changes week to week and a stale "accepting" sends people to a full service, so
    it is never held for moderation. Returns whether anything changed.
    """
    require(by, "edit", service)
    if status is CapacityStatus.PAUSED:
        if paused_until is None:
            raise Conflict("Enter the date you will take new people again", field="paused_until")
        if paused_until <= now.date():
            raise Conflict("The date must be in the future", field="paused_until")
    before = (service.capacity_status, service.waitlist_weeks, service.paused_until)
    after = (
        status,
        waitlist_weeks if status is CapacityStatus.WAITLIST else None,
        paused_until if status is CapacityStatus.PAUSED else None,
    )
    if before == after:
        return False
    versioning.check_version(service, seen_version)
    versions.ensure_baseline(service, now)
    service.capacity_status, service.waitlist_weeks, service.paused_until = after
    db.session.flush()
    versions.record_version(service, "Capacity changed", by, now)
    audit.record("edit", service, user=by)
    return True


def managed_organisations(by: Any) -> list[Organisation]:
    """The organisations whose listings `by` manages: their memberships."""
    ids = getattr(by, "organisation_ids", set())
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )
