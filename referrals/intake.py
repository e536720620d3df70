"""Referrals into the service and the team's triage: the rules, stated once. Flushes only.

A referral is due for first contact `INTAKE_DUE_DAYS[urgency]` days after it arrives. It moves
new -> contacted -> accepted (onto the allocated co-ordinator's caseload) or declined, each
move claiming the record's version and writing an audit entry. The referrer hears the outcome
by email (queued in the same transaction, so it goes only if the move commits), naming only
the reference and the date they referred: nothing about the person.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts import audit
from accounts.models import Role, Team, User
from core import versioning
from core.errors import DomainError, InvalidTransition, NotFound
from core.extensions import db
from core.mail import send_email
from core.models import utcnow
from core.permissions import find_permitted, require
from core.site import site_url
from referrals import caseload
from referrals.coded_activity import record_event
from referrals.intake_models import (
    DeclineReason,
    IntakeInvitation,
    IntakeReferral,
    IntakeSource,
    IntakeStatus,
    Urgency,
)
from referrals.models import Client, ContactPreference

PERSON_FIELDS = ("first_name", "last_name", "date_of_birth", "phone", "email", "address")
REFERRAL_FIELDS = (
    "referrer_name",
    "referrer_role",
    "referrer_organisation",
    "referrer_email",
    "referrer_phone",
    "reason",
    "urgency",
    *PERSON_FIELDS,
    "what_matters",
)


class InvalidInvitation(DomainError):
    """Unknown, expired or revoked: all look the same to the visitor."""

    status_code = 400


INVALID_INVITATION = (
    "This referral link has expired or been withdrawn. Ask the team that sent it for a new one."
)


def due_on(urgency: Urgency, received: datetime) -> date:
    """The date first contact is due for a referral of `urgency` received at `received`."""
    return received.date() + timedelta(days=current_due_days()[urgency.value])


def _new_referral(
    team: Team, source: IntakeSource, data: Mapping[str, Any], **links: Any
) -> IntakeReferral:
    if not data.get("consent_given"):
        # The schema insists too; this keeps the rule whatever the caller.
        raise InvalidTransition("The person must agree to being referred.")
    now = utcnow()
    referral = IntakeReferral(
        team=team,
        source=source,
        consent_given=True,
        received_at=now,
        due_on=due_on(data["urgency"], now),
        **{name: data[name] for name in REFERRAL_FIELDS if name in data},
        **links,
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def current_due_days() -> dict[str, int]:
    """Days to first contact for each urgency, from INTAKE_DUE_DAYS."""
    return {u.value: int(current_app.config["INTAKE_DUE_DAYS"][u.value]) for u in Urgency}


def require_partner(user: User) -> None:
    require(user, "refer", IntakeReferral)


def require_inviter(user: User) -> None:
    require(user, "invite", IntakeReferral)


def teams_for(user: User) -> list[Team]:
    """The teams a co-ordinator may log referrals into: their own."""
    return sorted((m.team for m in user.team_memberships), key=lambda t: t.name)


def all_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def log_referral(user: User, team_id: int, data: Mapping[str, Any]) -> IntakeReferral:
    """A co-ordinator logs a referral received by phone or letter into one of their teams."""
    require(user, "log", IntakeReferral)
    if team_id not in user.team_ids:
        raise NotFound("Team not found.")
    source = IntakeSource(data.get("source", IntakeSource.PHONE))
    if source not in {IntakeSource.PHONE, IntakeSource.LETTER}:
        raise InvalidTransition("Choose phone or letter.")
    referral = _new_referral(db.session.get_one(Team, team_id), source, data, logged_by=user)
    audit.record("create", referral, user=user)
    return referral


def partner_refer(user: User, team_id: int, data: Mapping[str, Any]) -> IntakeReferral:
    """A referring partner's signed-in member refers someone to a team."""
    require(user, "refer", IntakeReferral)
    team = db.session.get(Team, team_id)
    if team is None:
        raise NotFound("Team not found.")
    organisation = next(m.organisation for m in user.memberships if m.is_referring_partner)
    referral = _new_referral(
        team,
        IntakeSource.PARTNER,
        # The outcome goes to the signed-in member's own address, never one typed in.
        {**data, "referrer_organisation": organisation.name, "referrer_email": user.email},
        logged_by=user,
        partner_organisation=organisation,
    )
    audit.record("create", referral, user=user)
    return referral


# Invitations ---------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    """What is stored of an invitation token: its SHA-256, so the table gives no working link."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(user: User, team_id: int, data: Mapping[str, Any]) -> tuple[Any, str]:
    """Make a standing referral link for a known referrer; returns it and its URL (shown once)."""
    require(user, "invite", IntakeReferral)
    if team_id not in user.team_ids:
        raise NotFound("Team not found.")
    token = secrets.token_urlsafe(32)
    days = float(current_app.config["INTAKE_INVITATION_EXPIRY_DAYS"])
    invitation = IntakeInvitation(
        team_id=team_id,
        token_hash=token_hash(token),
        referrer_name=data["referrer_name"],
        referrer_organisation=data["referrer_organisation"],
        referrer_email=data["referrer_email"],
        created_by=user,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("create", invitation, user=user)
    return invitation, site_url("intake_links.refer_by_link", token=token)


def invitations_for(user: User) -> list[IntakeInvitation]:
    return list(
        db.session.scalars(
            select(IntakeInvitation)
            .where(IntakeInvitation.team_id.in_(user.team_ids or {-1}))
            .order_by(IntakeInvitation.created_at.desc(), IntakeInvitation.id.desc())
        )
    )


def get_invitation(user: User, invitation_id: int) -> IntakeInvitation:
    invitation = db.session.get(IntakeInvitation, invitation_id)
    if invitation is None or invitation.team_id not in user.team_ids:
        raise NotFound("Page not found.")
    return invitation


def revoke_invitation(user: User, invitation: IntakeInvitation) -> None:
    require(user, "invite", IntakeReferral)
    if invitation.team_id not in user.team_ids:
        raise NotFound("Page not found.")
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()
        audit.record("revoke", invitation, user=user)


def invitation_from_token(token: str) -> IntakeInvitation:
    """The live invitation a link's token names, or InvalidInvitation."""
    invitation = db.session.scalars(
        select(IntakeInvitation).where(IntakeInvitation.token_hash == token_hash(token))
    ).first()
    if invitation is None or not invitation.is_live(utcnow()):
        raise InvalidInvitation(INVALID_INVITATION)
    return invitation


def refer_by_invitation(invitation: IntakeInvitation, data: Mapping[str, Any]) -> IntakeReferral:
    """A referral through an invitation link: the referrer is whoever the team invited."""
    fixed = {
        "referrer_name": invitation.referrer_name,
        "referrer_organisation": invitation.referrer_organisation,
        "referrer_email": invitation.referrer_email,
    }
    referral = _new_referral(
        invitation.team, IntakeSource.INVITATION, {**data, **fixed}, invitation=invitation
    )
    audit.record("create", referral)
    return referral


# The triage queue ----------------------------------------------------------------------------


QUEUE_PAGE = 100


def queue(user: User, show_closed: bool = False, page: int = 1) -> tuple[list[IntakeReferral], int]:
    """One page of the referrals into the user's teams, soonest due first, and how many in all."""
    require(user, "list", IntakeReferral)
    statement = select(IntakeReferral).where(IntakeReferral.team_id.in_(user.team_ids or {-1}))
    if not show_closed:
        statement = statement.where(
            IntakeReferral.status.in_([IntakeStatus.NEW, IntakeStatus.CONTACTED])
        )
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db.session.scalars(
        statement.options(joinedload(IntakeReferral.allocated_to))
        .order_by(IntakeReferral.due_on, IntakeReferral.id)
        .limit(QUEUE_PAGE)
        .offset((page - 1) * QUEUE_PAGE)
    )
    return list(rows), total


def get_referral(user: User, referral_id: int) -> IntakeReferral:
    """One referral for triage, audited; another team's is not found."""
    referral = find_permitted(user, "triage", IntakeReferral, referral_id)
    audit.record("view", referral, user=user)
    return referral


def _open(referral: IntakeReferral, seen_version: int | None) -> None:
    if referral.status.is_closed:
        raise InvalidTransition(f"This referral is already {referral.status.label.lower()}.")
    versioning.check_version(referral, seen_version)


def allocate(
    user: User, referral: IntakeReferral, coordinator_id: int, seen_version: int | None = None
) -> None:
    """Give the referral to a co-ordinator in its team."""
    require(user, "triage", referral, hide=True)
    coordinator = db.session.get(User, coordinator_id)
    if coordinator is None or not may_hold(coordinator, referral):
        raise NotFound("That co-ordinator is not in this team.")
    _open(referral, seen_version)
    referral.allocated_to = coordinator
    db.session.flush()
    audit.record("allocate", referral, user=user)


def record_contact(
    user: User, referral: IntakeReferral, reached: bool, seen_version: int | None = None
) -> None:
    """Note an attempt to contact the person; reaching them makes the referral contacted."""
    require(user, "triage", referral, hide=True)
    _open(referral, seen_version)
    referral.contact_attempts += 1
    if reached:
        referral.status = IntakeStatus.CONTACTED
        if referral.first_contact_at is None:
            referral.first_contact_at = utcnow()
    db.session.flush()
    audit.record("contact" if reached else "contact_attempt", referral, user=user)


def accept(
    user: User,
    referral: IntakeReferral,
    existing_client_id: int | None = None,
    seen_version: int | None = None,
) -> Client:
    """Take the person onto the allocated co-ordinator's caseload (the acting one if none)."""
    require(user, "triage", referral, hide=True)
    _open(referral, seen_version)
    owner = referral.allocated_to or user
    if existing_client_id is not None:
        client = caseload.get_client(user, existing_client_id, "edit")
    else:
        client = Client(
            owner=owner,
            consent_recorded_by=user,
            team_id=referral.team_id,
            consent_given_on=referral.received_at.date(),
            what_matters=referral.what_matters,
            contact_preference=_preference(referral),
            **{name: getattr(referral, name) for name in PERSON_FIELDS},
        )
        db.session.add(client)
        db.session.flush()
        audit.record("create", client, user=user)
    referral.allocated_to = owner
    referral.client = client
    _close(referral, IntakeStatus.ACCEPTED)
    audit.record("accept", referral, user=user)
    record_event(client, "referral_to_social_prescribing", utcnow().date(), by=user)
    if referral.first_contact_at is not None:
        # Contact came before there was a client to code it against: code it now, on its day.
        record_event(client, "first_contact", referral.first_contact_at.date(), by=user)
    return client


def _preference(referral: IntakeReferral) -> ContactPreference:
    """The way to reach the person that the referral gave: phone, else email, else post."""
    if referral.phone:
        return ContactPreference.PHONE
    return ContactPreference.EMAIL if referral.email else ContactPreference.POST


def possible_matches(user: User, referral: IntakeReferral) -> list[Client]:
    """Clients on the user's caseload with the referred person's name and date of birth."""
    if referral.status.is_closed:
        return []
    return caseload.possible_duplicates(
        user, referral.first_name, referral.last_name, referral.date_of_birth
    )


def decline(
    user: User,
    referral: IntakeReferral,
    reason: DeclineReason,
    note: str = "",
    seen_version: int | None = None,
) -> None:
    """Close the referral without taking the person on, for one of the stated reasons."""
    require(user, "triage", referral, hide=True)
    needed = int(current_app.config["INTAKE_CONTACT_ATTEMPTS"])
    if reason is DeclineReason.UNABLE_TO_CONTACT and referral.contact_attempts < needed:
        raise InvalidTransition(
            f"Try to contact the person at least {needed} times before declining for that reason "
            f"({referral.contact_attempts} so far)."
        )
    _open(referral, seen_version)
    referral.decline_reason = reason
    referral.outcome_note = note
    _close(referral, IntakeStatus.DECLINED)
    audit.record("decline", referral, user=user)


def _close(referral: IntakeReferral, status: IntakeStatus) -> None:
    referral.status = status
    referral.closed_at = utcnow()
    db.session.flush()
    _tell_referrer(referral)


def _tell_referrer(referral: IntakeReferral) -> None:
    """Email the outcome to the referrer: the reference, their date, the outcome; no names."""
    if not referral.referrer_email:
        return
    sent_on = referral.received_at.date().strftime("%-d %B %Y")
    if referral.status is IntakeStatus.ACCEPTED:
        outcome = "has been accepted: the person is now being supported by the team."
    else:
        assert referral.decline_reason is not None  # noqa: S101 - set by decline()
        outcome = f"has not been taken on. Reason: {referral.decline_reason.label}."
    body = (
        f"Hello,\n\nThe referral you made to {referral.team.name} on {sent_on} "
        f"(reference {referral.reference}) {outcome}\n\n"
        "For more, contact the team quoting the reference.\n"
    )
    send_email(referral.referrer_email, f"Referral {referral.reference}: outcome", body)


def apply_move(
    user: User, referral: IntakeReferral, data: Mapping[str, Any], seen_version: int | None
) -> Client | None:
    """Make one triage move (a loaded TriageSchema); the client when it was an acceptance."""
    move = data["move"]
    if move == "allocate":
        allocate(user, referral, data["coordinator_id"], seen_version)
    elif move in {"reached", "no_answer"}:
        record_contact(user, referral, move == "reached", seen_version)
    elif move == "accept":
        return accept(user, referral, data["client_id"], seen_version)
    else:
        decline(user, referral, data["decline_reason"], data["note"], seen_version)
    return None


def may_hold(user: User, referral: IntakeReferral) -> bool:
    """Whether a referral may be allocated to `user`: an active co-ordinator in its team."""
    return user.active and user.has_role(Role.COORDINATOR) and referral.team_id in user.team_ids


def coordinators_of(referral: IntakeReferral) -> list[User]:
    """Whom the referral may be allocated to, for the allocation list."""
    return [user for user in referral.team.members if may_hold(user, referral)]
