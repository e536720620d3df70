"""Organisation membership: who belongs to which organisation, and invitations to join one.

The Membership and MembershipInvitation rows are accounts' models (a person's organisations are
part of what they may do), but joining, leaving and inviting are the directory's business. Each
function checks permission and state, raises a domain exception, and only flushes; the caller
commits.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import delete, func, select

from accounts import audit
from accounts.models import Membership, MembershipInvitation, Role, User
from accounts.organisations import OrganisationLookups, register
from accounts.services import create_user, find_user_by_email, send_invitation
from core import versioning
from core.errors import Conflict, NotFound
from core.extensions import db
from core.mail import send_email
from core.permissions import find_permitted, require
from core.site import site_url
from directory.models import Organisation


def register_lookups(app: Flask) -> None:
    """Let accounts list and find organisations (the invite and user pages, `users create`)."""
    register(
        app,
        OrganisationLookups(
            choices=organisation_choices, get=_organisation, find=find_organisation
        ),
    )


# Invitations (by the organisation's members) ---------------------------------------------


def invite_member(by: Any, organisation: Organisation, *, email: str, name: str) -> None:
    """Invite someone to an organisation the inviter belongs to (or the lead administers).

    A new address gets an account and a set-password link. An existing account gets nothing
    until its owner, signed in, accepts the invitation (they are emailed about it). Either
    way the inviter sees the same answer and, until then, only the name they typed, so
    inviting cannot be used to find out who has an account or what they are called.
    """
    require(by, "invite_member", organisation)
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email=email, name=name, roles={Role.PROVIDER})
        user.memberships.append(Membership(organisation=organisation))
        db.session.flush()
        audit.record("create", user, user=by)
        send_invitation(user)
        return
    if organisation.id in user.organisation_ids or _pending_invitation(user, organisation):
        return
    invitation = MembershipInvitation(
        user=user, organisation=organisation, name=name.strip(), invited_by_id=by.id
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("invite_member", invitation, user=by)
    send_email(
        user.email,
        f"You have been invited to join {organisation.name} on Signpost",
        f"Hello {user.display_name},\n\nSomeone at {organisation.name} has invited you to "
        f"manage its listings and referrals on Signpost. Nothing changes unless you accept: "
        f"sign in and choose Accept or Decline on your account page:\n\n"
        f"{site_url('accounts.account')}\n\n"
        "If you did not expect this, choose Decline or ignore this email.\n",
    )


def _pending_invitation(user: User, organisation: Organisation) -> MembershipInvitation | None:
    return db.session.scalars(
        select(MembershipInvitation).where(
            MembershipInvitation.user_id == user.id,
            MembershipInvitation.organisation_id == organisation.id,
        )
    ).first()


def _own_invitation(by: Any, invitation_id: int) -> MembershipInvitation:
    # Someone else's invitation: answered as if it did not exist.
    return find_permitted(by, "answer", MembershipInvitation, invitation_id)


def accept_membership(by: Any, invitation_id: int) -> Organisation:
    """The invited account's owner joins the organisation (and becomes a provider member)."""
    invitation = _own_invitation(by, invitation_id)
    organisation = invitation.organisation
    if organisation.id not in by.organisation_ids:
        by.memberships.append(Membership(organisation=organisation))
        by.roles = by.roles | {Role.PROVIDER}
    audit.record("accept_membership", invitation, user=by)
    db.session.delete(invitation)
    db.session.flush()
    audit.record("add_membership", by, user=by)
    return organisation


def withdraw_invitation(user_id: int, organisation: Organisation) -> None:
    """Withdraw a pending invitation to `organisation` (no permission check: callers check)."""
    db.session.execute(
        delete(MembershipInvitation).where(
            MembershipInvitation.user_id == user_id,
            MembershipInvitation.organisation_id == organisation.id,
        )
    )
    db.session.flush()


def decline_membership(by: Any, invitation_id: int) -> Organisation:
    invitation = _own_invitation(by, invitation_id)
    organisation = invitation.organisation
    audit.record("decline_membership", invitation, user=by)
    db.session.delete(invitation)
    db.session.flush()
    return organisation


def organisation_members(by: Any, organisation: Organisation) -> tuple[list[str], list[str]]:
    """Names of the organisation's members, and of the people invited and not yet joined.

    An invited person is listed by the name the inviter typed, whether or not they already
    had an account, so the list tells members nothing the invitation did not.
    """
    require(by, "invite_member", organisation)
    users = db.session.scalars(
        select(User)
        .join(Membership)
        .where(Membership.organisation_id == organisation.id)
        .order_by(func.lower(User.name))
    )
    members: list[str] = []
    invited: list[str] = []
    for user in users:
        (members if user.has_password else invited).append(user.display_name)
    invited.extend(
        db.session.scalars(
            select(MembershipInvitation.name).where(
                MembershipInvitation.organisation_id == organisation.id
            )
        )
    )
    return members, sorted(invited, key=str.lower)


# Memberships (by the capacity lead, on a user's page) ------------------------------------


def _organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Choose an organisation from the list", field="organisation_id")
    return organisation


def find_organisation(reference: str) -> Organisation | None:
    """The organisation with this external id (e.g. bolton:age-uk), UUID or exact name."""
    return db.session.scalars(
        select(Organisation).where(
            (Organisation.external_id == reference)
            | (Organisation.uuid == reference)
            | (func.lower(Organisation.name) == reference.lower())
        )
    ).first()


def add_membership(
    by: Any,
    user: User,
    organisation_id: int,
    is_referring_partner: bool = False,
    seen_version: int | None = None,
) -> Membership:
    require(by, "edit", user)
    organisation = _organisation(organisation_id)
    if organisation.id in user.organisation_ids:
        raise Conflict("This person is already a member of that organisation")
    versioning.check_version(user, seen_version)
    membership = Membership(organisation=organisation, is_referring_partner=is_referring_partner)
    user.memberships.append(membership)
    user.roles = user.roles | {Role.PROVIDER}
    db.session.flush()
    audit.record("add_membership", user, user=by)
    return membership


def remove_membership(
    by: Any, user: User, membership_id: int, seen_version: int | None = None
) -> None:
    require(by, "edit", user)
    membership = next((m for m in user.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFound("Page not found.")
    versioning.check_version(user, seen_version)
    user.memberships.remove(membership)
    db.session.flush()
    audit.record("remove_membership", user, user=by)


def organisation_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)
    )
    return [(row.id, row.name) for row in rows]
