"""Policies for the directory's records: organisations, services, their places, and the
invitations to join an organisation.

Registered with core.permissions when imported (directory/__init__.py). The public sees
what is published; members of an organisation edit its records; the capacity lead, all.
"""

from __future__ import annotations

from typing import Any

from accounts.models import MembershipInvitation
from accounts.policies import is_capacity_lead
from core.permissions import is_signed_in, policy
from directory.models import Location, Organisation, Service

PUBLIC_ACTIONS = {"view", "list"}
MEMBER_ORGANISATION_ACTIONS = {"view", "edit", "invite_member"}
MEMBER_SERVICE_ACTIONS = {"view", "edit"}


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


@policy(MembershipInvitation)
def membership_invitation_policy(user: Any, action: str, invitation: Any) -> bool:
    """Only the invited account's owner answers an invitation to join an organisation."""
    return (
        action == "answer"
        and is_signed_in(user)
        and not isinstance(invitation, type)
        and invitation.user_id == user.id
    )
