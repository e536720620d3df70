"""The capacity lead's moderation: proposed changes, new listings, suggestions and claims.

A proposed edit stores the snapshot its proposer saw (`base`, at `base_version`) and the one
they want (`proposed`). If the listing changed since, the change is stale: approving it then
applies only the fields the proposer changed, so later edits to other fields survive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from accounts import audit
from accounts.models import Membership, User
from accounts.policies import is_capacity_lead
from accounts.services import find_user_by_email
from core import versioning
from core.errors import Conflict, InvalidTransition, NotFound
from core.extensions import db
from core.mail import send_email
from core.permissions import is_signed_in, policy, require
from directory import freshness, geo, versions
from directory.change_models import (
    ChangeKind,
    ChangeStatus,
    ClaimStatus,
    OrganisationClaim,
    ProposedChange,
    RecordType,
)
from directory.editing import create_location, create_service, publish
from directory.geo import GeoError
from directory.membership import invite_member, withdraw_invitation
from directory.models import (
    AccessMethod,
    Location,
    Organisation,
    OrganisationKind,
    Service,
    ServiceAtLocation,
    ServiceStatus,
)
from directory.snapshots import Snapshot
from directory.themes import Theme
from directory.versions import FieldChange, Listing


@policy(ProposedChange)
@policy(OrganisationClaim)
def moderation_policy(user: Any, action: str, record: Any) -> bool:
    """Only the capacity lead sees and decides the queue; anyone may add to it."""
    if action == "create":
        return True
    return is_capacity_lead(user)


# Reading the queue -------------------------------------------------------------------------


def pending_count() -> int:
    return (
        db.session.scalar(select(func.count()).where(ProposedChange.status == ChangeStatus.PENDING))
        or 0
    )


def queue(by: Any, status: ChangeStatus = ChangeStatus.PENDING) -> list[ProposedChange]:
    require(by, "list", ProposedChange)
    order = (
        ProposedChange.created_at.asc()
        if status is ChangeStatus.PENDING
        else ProposedChange.decided_at.desc()
    )
    return list(
        db.session.scalars(
            select(ProposedChange).where(ProposedChange.status == status).order_by(order).limit(200)
        )
    )


def get_change(by: Any, change_id: int) -> ProposedChange:
    change = db.session.get(ProposedChange, change_id)
    if change is None:
        raise NotFound("That change does not exist.")
    require(by, "view", change)
    return change


def target_of(change: ProposedChange) -> Listing | None:
    """The record a change is about, if it (still) exists."""
    if change.record_uuid is None:
        return None
    model = {
        RecordType.SERVICE: Service,
        RecordType.ORGANISATION: Organisation,
        RecordType.LOCATION: Location,
    }[change.record_type]
    return db.session.scalars(select(model).where(model.uuid == change.record_uuid)).first()


@dataclass(frozen=True)
class ChangeReview:
    """What the lead sees: the change field by field, and whether the listing moved on."""

    change: ProposedChange
    record: Listing | None
    changes: list[FieldChange]
    current_version: int | None
    # Fields the proposal changes that someone else has changed since the proposer looked.
    conflicts: list[str]

    @property
    def is_stale(self) -> bool:
        return (
            self.change.base_version is not None
            and self.current_version is not None
            and self.current_version != self.change.base_version
        )


def review(change: ProposedChange) -> ChangeReview:
    record = target_of(change)
    if change.kind is ChangeKind.SUGGESTION:
        return ChangeReview(change, record, [], None, [])
    if change.kind is ChangeKind.NEW_LISTING:
        rows = [
            FieldChange(key, label, "(none)", versions.describe(key, change.proposed.get(key)))
            for key, label in NEW_LISTING_LABELS.items()
            if change.proposed.get(key) not in (None, "", [])
        ]
        return ChangeReview(change, None, rows, None, [])
    latest = versions.latest_version(record) if record is not None else None
    changes = versions.diff(change.record_type, change.base, change.proposed)
    conflicts: list[str] = []
    if record is not None and change.base is not None:
        current = versions.snapshot(record)
        moved = versions.changed_fields(change.record_type, change.base, current)
        conflicts = [c.label for c in changes if c.field in moved]
    return ChangeReview(change, record, changes, latest.number if latest else None, conflicts)


# Deciding ----------------------------------------------------------------------------------


def _decide(change: ProposedChange, by: Any, status: ChangeStatus, now: datetime) -> None:
    require(by, "moderate", change)
    if change.status is not ChangeStatus.PENDING:
        raise InvalidTransition("This change has already been decided.")
    change.status = status
    change.decided_by_id = by.id
    change.decided_at = now


def approve(
    change: ProposedChange,
    by: Any,
    now: datetime,
    seen_version: int | None = None,
    postcode: str | None = None,
) -> Listing | None:
    """Publish a proposed change (or mark a suggestion done); flushes only.

    `seen_version` is the listing's version when the lead's review page was loaded: if the
    listing changed since, the review they approved is out of date and approval is refused.
    `postcode`, for a new listing, is the lead's correction of the one proposed (checked
    against the gazetteer); the proposal keeps what was asked for under `proposed_postcode`.
    """
    _decide(change, by, ChangeStatus.APPROVED, now)
    made: Listing | None = None
    if (
        change.kind is ChangeKind.NEW_LISTING
        and postcode
        and postcode != change.proposed.get("postcode")
    ):
        check_known_postcode(postcode)
        change.proposed = {
            **change.proposed,
            "postcode": postcode,
            "proposed_postcode": change.proposed.get("postcode"),
        }
    if change.kind is ChangeKind.NEW_LISTING:
        made = _create_listing(change, by, now)
    elif change.kind is ChangeKind.EDIT and change.record_uuid is None:
        if change.record_type is RecordType.SERVICE:
            made = _create_proposed_service(change, by, now)
        else:
            made = _create_proposed_location(change, by, now)
    elif change.kind is ChangeKind.EDIT:
        made = target_of(change)
        if made is None:
            raise Conflict("The listing this change was for has been deleted.")
        versioning.check_version(made, seen_version)
        merged = _merge(change, versions.snapshot(made))
        author = db.session.get(User, change.proposer_id) if change.proposer_id else by
        publish(made, merged, author or by, now, f"Approved: {change.message or 'edit'}")
    db.session.flush()
    audit.record("approve", change, user=by)
    if change.proposer_email and change.kind is not ChangeKind.SUGGESTION:
        send_email(
            change.proposer_email,
            "Your change on Signpost has been published",
            f"Hello {change.proposer_name or 'there'},\n\n"
            f"Thank you. Your {change.kind.label.lower()} has been approved and is now live "
            "on Signpost.\n",
        )
    return made


def _merge(change: ProposedChange, current: Snapshot) -> Snapshot:
    """Apply only the fields the proposer changed onto the listing as it is now."""
    merged = dict(current)
    for field in versions.changed_fields(change.record_type, change.base or {}, change.proposed):
        merged[field] = change.proposed.get(field)
    return merged


def reject(change: ProposedChange, by: Any, reason: str, now: datetime) -> None:
    """Turn a change down, telling the proposer why; flushes only."""
    if not reason.strip():
        raise Conflict("Enter the reason, so the proposer knows what to fix", field="reason")
    _decide(change, by, ChangeStatus.REJECTED, now)
    change.reason = reason.strip()
    db.session.flush()
    audit.record("reject", change, user=by)
    if change.proposer_email:
        what = "your suggestion" if change.kind is ChangeKind.SUGGESTION else "your proposed change"
        send_email(
            change.proposer_email,
            "Your change on Signpost was not published",
            f"Hello {change.proposer_name or 'there'},\n\n"
            f"Thank you for {what}. The capacity lead did not publish it, for this reason:\n\n"
            f"{change.reason}\n\n"
            "You are welcome to make the change again with this in mind.\n",
        )


# New listings, suggestions -----------------------------------------------------------------

NEW_LISTING_LABELS = {
    "organisation_name": "Organisation name",
    "kind": "Type of organisation",
    "organisation_website": "Organisation website",
    "service_name": "Service name",
    "description": "Description",
    "themes": "Themes",
    "address_1": "Address line 1",
    "town": "Town",
    "postcode": "Postcode",
    "contact_phone": "Phone for the public",
    "contact_email": "Email for the public",
    "your_name": "Asked for by",
    "your_email": "Their email",
}


def check_known_postcode(postcode: str | None) -> None:
    """Refuse a postcode the gazetteer does not know, naming it, by the postcode field."""
    if not postcode:
        return
    try:
        geo.lookup_postcode(postcode)
    except GeoError as error:
        raise Conflict(
            f"We could not find the postcode {postcode}. Check it, or leave it out and the "
            "capacity lead will ask you",
            field="postcode",
        ) from error


def propose_new_listing(data: dict[str, Any], by: Any, now: datetime) -> ProposedChange:
    """Queue "List your group" for the capacity lead; nothing is listed until approved.

    The postcode is checked against the gazetteer at once, so a typo is put right while the
    person is still on the form rather than found by the lead on approval.
    """
    check_known_postcode(data.get("postcode"))
    proposed = {key: data.get(key) for key in NEW_LISTING_LABELS}
    change = ProposedChange(
        kind=ChangeKind.NEW_LISTING,
        record_type=RecordType.ORGANISATION,
        proposed=proposed,
        message=f"New listing: {data['organisation_name']}",
        proposer_id=by.id if is_signed_in(by) else None,
        proposer_name=data["your_name"],
        proposer_email=data["your_email"],
        created_at=now,
    )
    db.session.add(change)
    db.session.flush()
    return change


def _create_listing(change: ProposedChange, by: Any, now: datetime) -> Service:
    data = change.proposed
    organisation = Organisation(
        name=data["organisation_name"],
        kind=OrganisationKind(data["kind"]),
        website=data.get("organisation_website"),
        source="list-your-group",
    )
    service = Service(
        organisation=organisation,
        name=data["service_name"],
        description=data.get("description") or "",
        contact_phone=data.get("contact_phone"),
        contact_email=data.get("contact_email"),
        access_methods=[AccessMethod.SELF_REFERRAL.value],
        status=ServiceStatus.ACTIVE,
    )
    service.themes = [Theme(t) for t in data.get("themes") or []]
    db.session.add(organisation)
    db.session.flush()
    if data.get("postcode"):
        location = create_location(
            organisation,
            {
                "name": data["service_name"],
                "address_1": data.get("address_1") or "",
                "town": data.get("town") or "",
                "postcode": data["postcode"],
                "confidential": False,
            },
        )
        service.service_at_locations.append(ServiceAtLocation(location=location))
    db.session.flush()
    summary = f"Listed through “List your group” by {change.proposer_name}"
    versions.record_version(organisation, summary, by, now)
    versions.record_version(service, summary, by, now, author_name=change.proposer_name)
    # The proposer described the service just now: that is a person confirming it. Their name
    # stays with the capacity lead (the queue, the history): the public page names the group.
    freshness.mark_verified(service, organisation.name, now)
    change.record_uuid = organisation.uuid
    change.organisation = organisation
    db.session.flush()
    return service


def _create_proposed_location(change: ProposedChange, by: Any, now: datetime) -> Location:
    if change.organisation is None:
        raise Conflict("The organisation this location was for has been deleted.")
    location = create_location(change.organisation, change.proposed)
    db.session.flush()
    versions.record_version(location, "Location added", by, now, author_name=change.proposer_name)
    change.record_uuid = location.uuid
    return location


def _create_proposed_service(change: ProposedChange, by: Any, now: datetime) -> Service:
    if change.organisation is None:
        raise Conflict("The organisation this service was for has been deleted.")
    service = create_service(change.organisation, change.proposed)
    db.session.flush()
    versions.record_version(
        service, "Approved: new service", by, now, author_name=change.proposer_name
    )
    # The proposer described the service: that is a person confirming it, as for an edit.
    freshness.mark_verified(service, change.proposer_name or by.display_name, now)
    change.record_uuid = service.uuid
    return service


def suggest_edit(service: Service, data: dict[str, Any], by: Any, now: datetime) -> ProposedChange:
    """Queue a member of the public's "suggest an edit / report a problem"."""
    change = ProposedChange(
        kind=ChangeKind.SUGGESTION,
        record_type=RecordType.SERVICE,
        record_uuid=service.uuid,
        organisation=service.organisation,
        proposed={},
        message=data["message"],
        proposer_id=by.id if is_signed_in(by) else None,
        proposer_name=data.get("your_name") or "",
        proposer_email=data.get("your_email"),
        created_at=now,
    )
    db.session.add(change)
    db.session.flush()
    return change


# Claims ------------------------------------------------------------------------------------


def claim_organisation(
    organisation: Organisation, data: dict[str, Any], now: datetime
) -> OrganisationClaim:
    """Ask to manage an organisation's listings; the capacity lead decides."""
    duplicate = db.session.scalars(
        select(OrganisationClaim).where(
            OrganisationClaim.organisation_id == organisation.id,
            func.lower(OrganisationClaim.email) == data["email"].lower(),
            OrganisationClaim.status == ClaimStatus.UNREVIEWED,
        )
    ).first()
    if duplicate is not None:
        raise Conflict("You have already asked to manage this organisation", field="email")
    claim = OrganisationClaim(
        organisation=organisation,
        name=data["name"],
        email=data["email"],
        job_title=data.get("job_title") or "",
        message=data.get("message") or "",
        created_at=now,
    )
    db.session.add(claim)
    db.session.flush()
    return claim


def claims(by: Any, status: ClaimStatus | None = ClaimStatus.UNREVIEWED) -> list[OrganisationClaim]:
    require(by, "list", OrganisationClaim)
    statement = select(OrganisationClaim).order_by(OrganisationClaim.created_at.desc())
    if status is not None:
        statement = statement.where(OrganisationClaim.status == status)
    return list(db.session.scalars(statement.limit(200)))


def get_claim(by: Any, claim_id: int) -> OrganisationClaim:
    claim = db.session.get(OrganisationClaim, claim_id)
    if claim is None:
        raise NotFound("That claim does not exist.")
    require(by, "view", claim)
    return claim


ALLOWED_CLAIM_MOVES = {
    ClaimStatus.UNREVIEWED: {ClaimStatus.CONFIRMED, ClaimStatus.DENIED},
    ClaimStatus.CONFIRMED: {ClaimStatus.REVOKED},
    ClaimStatus.DENIED: {ClaimStatus.CONFIRMED},
    ClaimStatus.REVOKED: {ClaimStatus.CONFIRMED},
}


def decide_claim(
    claim: OrganisationClaim, status: ClaimStatus, by: Any, now: datetime, reason: str = ""
) -> None:
    """Confirm (membership and an invitation), deny, or revoke a claim; flushes only."""
    require(by, "moderate", claim)
    if status not in ALLOWED_CLAIM_MOVES[claim.status]:
        raise InvalidTransition(
            f"A {claim.status.label.lower()} claim cannot be {status.label.lower()}."
        )
    organisation = claim.organisation
    if status is ClaimStatus.CONFIRMED:
        invite_member(by, organisation, email=claim.email, name=claim.name)
        claim.user = find_user_by_email(claim.email)
    elif status is ClaimStatus.REVOKED and claim.user_id is not None:
        membership = db.session.scalars(
            select(Membership).where(
                Membership.user_id == claim.user_id,
                Membership.organisation_id == organisation.id,
            )
        ).first()
        if membership is not None:
            db.session.delete(membership)
        # An invitation not yet accepted is withdrawn too, or it could still be accepted.
        withdraw_invitation(claim.user_id, organisation)
    elif status is ClaimStatus.DENIED:
        send_email(
            claim.email,
            f"Your request to manage {organisation.name} on Signpost",
            f"Hello {claim.name},\n\nWe could not confirm that you work at {organisation.name}, "
            "so we have not given you access to its listings."
            + (f"\n\n{reason.strip()}" if reason.strip() else "")
            + f"\n\nIf you think this is wrong, contact the {current_app.config['BOROUGH_NAME']} "
            "Signpost team.\n",
        )
    claim.status = status
    claim.reason = reason.strip() or None
    claim.decided_by_id = by.id
    claim.decided_at = now
    db.session.flush()
    audit.record(f"claim_{status.value}", claim, user=by)


def set_trusted(organisation: Organisation, trusted: bool, by: Any, now: datetime) -> None:
    """Let an organisation's edits publish at once, or send them to moderation again."""
    require(by, "moderate", organisation)
    organisation.trusted = trusted
    db.session.flush()
    audit.record("trust" if trusted else "untrust", organisation, user=by)
