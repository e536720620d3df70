"""Permission-matrix rows for the directory's public pages and organisation membership.

See tests/accounts/matrix.py for the vocabulary. Who may do what:
- the public directory: everyone;
- an organisation's members page (see and invite members): its members and the capacity lead;
- answering an invitation to join an organisation: the invited account only (others 404);
- adding and removing people's organisations on a user's page: the capacity lead only.
The membership pages keep the addresses accounts once served (/account/..., /admin/users/...).
"""

from __future__ import annotations

from accounts.models import MembershipInvitation
from core.extensions import db
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    HIDE,
    LEAD_ONLY,
    LOGIN,
    MEMBERS_AND_LEAD,
    OTHER_PROVIDER,
    PROVIDER,
    PUBLIC,
    REFERRING_PARTNER,
    Route,
    World,
)

# The invitation is the co-ordinator's: everyone else is answered as if it did not exist.
OWN_INVITATION_ONLY = {
    ANONYMOUS: LOGIN,
    COORDINATOR: ALLOW,
    PROVIDER: HIDE,
    OTHER_PROVIDER: HIDE,
    CAPACITY_LEAD: HIDE,
    REFERRING_PARTNER: HIDE,
}


def _membership_invitation(w: World) -> dict[str, int]:
    """An invitation for the co-ordinator to join the provider's organisation."""
    invitation = MembershipInvitation(
        user=w.coordinator, organisation=w.organisation, name="Typed", invited_by_id=w.provider.id
    )
    db.session.add(invitation)
    db.session.flush()
    return {"invitation_id": invitation.id}


PERMISSION_MATRIX = [
    # The public directory.
    Route("GET", "/", PUBLIC),
    Route("GET", "/accessibility", PUBLIC),
    Route(
        "GET", "/services/<service_uuid>", PUBLIC, args=lambda w: {"service_uuid": w.service.uuid}
    ),
    Route(
        "GET",
        "/organisations/<organisation_uuid>",
        PUBLIC,
        args=lambda w: {"organisation_uuid": w.organisation.uuid},
    ),
    # An organisation's members, and invitations to join it.
    Route(
        "GET",
        "/account/organisations/<organisation_uuid>/members",
        MEMBERS_AND_LEAD,
        args=lambda w: {"organisation_uuid": w.organisation.uuid},
    ),
    Route(
        "POST",
        "/account/organisations/<organisation_uuid>/members",
        MEMBERS_AND_LEAD,
        args=lambda w: {"organisation_uuid": w.organisation.uuid},
        data=lambda w: {"name": "New Person", "email": "new.person@example.org"},
    ),
    Route(
        "POST",
        "/account/invitations/<int:invitation_id>/accept",
        OWN_INVITATION_ONLY,
        args=_membership_invitation,
    ),  # fmt: skip
    Route(
        "POST",
        "/account/invitations/<int:invitation_id>/decline",
        OWN_INVITATION_ONLY,
        args=_membership_invitation,
    ),  # fmt: skip
    # The capacity lead's changes to a person's organisations.
    Route(
        "POST",
        "/admin/users/<int:user_id>/memberships",
        LEAD_ONLY,
        args=lambda w: {"user_id": w.coordinator.id},
        data=lambda w: {"organisation_id": str(w.organisation.id)},
    ),
    Route(
        "POST",
        "/admin/users/<int:user_id>/memberships/<int:membership_id>/remove",
        LEAD_ONLY,
        args=lambda w: {"user_id": w.provider.id, "membership_id": w.provider.memberships[0].id},
    ),
]
