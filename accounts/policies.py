"""Policies for the records accounts and directory own (registered when imported).

Actions used here: "view", "list", "create", "edit", "delete", "moderate", "export",
"invite_member" (organisation), "revoke" (API token) and "answer" (membership invitation).
"""

from __future__ import annotations

from typing import Any

from accounts.models import (
    ApiToken,
    AuditEvent,
    MembershipInvitation,
    OutboxMessage,
    Role,
    Team,
    User,
)
from accounts.permissions import is_signed_in, policy
from directory.models import Location, Organisation, Service

PUBLIC_ACTIONS = {"view", "list"}
MEMBER_ORGANISATION_ACTIONS = {"view", "edit", "invite_member"}
MEMBER_SERVICE_ACTIONS = {"view", "edit"}


def is_capacity_lead(user: Any) -> bool:
    return is_signed_in(user) and user.has_role(Role.CAPACITY_LEAD)


def is_member_of(user: Any, organisation_id: int | None) -> bool:
    return (
        is_signed_in(user)
        and organisation_id is not None
        and organisation_id in user.organisation_ids
    )


@policy(Organisation)
def organisation_policy(user: Any, action: str, organisation: Any) -> bool:
    """The public sees published organisations; members edit their own; the lead, all."""
    if is_capacity_lead(user):
        return True
    if isinstance(organisation, type):
        return action in PUBLIC_ACTIONS
    if action in PUBLIC_ACTIONS and organisation.is_published:
        return True
    return action in MEMBER_ORGANISATION_ACTIONS and is_member_of(user, organisation.id)


@policy(Service)
def service_policy(user: Any, action: str, service: Any) -> bool:
    """The public sees listed services; members edit their organisations'; the lead, all."""
    if is_capacity_lead(user):
        return True
    if isinstance(service, type):
        return action in PUBLIC_ACTIONS
    if action in PUBLIC_ACTIONS and service.is_listed:
        return True
    return action in MEMBER_SERVICE_ACTIONS and is_member_of(user, service.organisation_id)


@policy(Location)
def location_policy(user: Any, action: str, location: Any) -> bool:
    """Members see and edit their organisation's places; the lead, all.

    There is no public action: the public sees a place only as directory.public_place
    describes it, never the record (a confidential one's address and point).
    """
    if is_capacity_lead(user):
        return True
    if isinstance(location, type):
        return False
    return action in MEMBER_SERVICE_ACTIONS and is_member_of(user, location.organisation_id)


@policy(User)
def user_policy(user: Any, action: str, record: Any) -> bool:
    """People see their own account; only the capacity lead administers accounts."""
    if is_capacity_lead(user):
        return True
    return (
        not isinstance(record, type)
        and action == "view"
        and is_signed_in(user)
        and record.id == user.id
    )


@policy(Team)
@policy(OutboxMessage)
@policy(AuditEvent)
def capacity_lead_only_policy(user: Any, action: str, record: Any) -> bool:
    """Teams, the email outbox and the audit log are the capacity lead's alone."""
    return is_capacity_lead(user)


@policy(ApiToken)
def api_token_policy(user: Any, action: str, token: Any) -> bool:
    """Anyone signed in keeps their own tokens; nobody else sees or revokes them."""
    if not is_signed_in(user):
        return False
    if isinstance(token, type):
        return action in {"list", "create"}
    return action in {"view", "revoke"} and token.user_id == user.id


@policy(MembershipInvitation)
def membership_invitation_policy(user: Any, action: str, invitation: Any) -> bool:
    """Only the invited account's owner answers an invitation to join an organisation."""
    return (
        action == "answer"
        and is_signed_in(user)
        and not isinstance(invitation, type)
        and invitation.user_id == user.id
    )
