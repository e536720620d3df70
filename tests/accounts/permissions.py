"""Permission-matrix rows for the accounts routes, and for routes of packages that have no
tests/<package>/permissions.py of their own yet (move those rows there when you add one).

See tests/accounts/matrix.py for the vocabulary.
"""

from __future__ import annotations

from accounts import links
from accounts.models import LinkPurpose
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    HIDE,
    LEAD_ONLY,
    LOGIN,
    OTHER_PROVIDER,
    PROVIDER,
    PUBLIC,
    SIGNED_IN,
    Route,
    World,
)

OWN_TOKEN_ONLY = {
    ANONYMOUS: LOGIN,
    COORDINATOR: ALLOW,  # World.token is the co-ordinator's
    PROVIDER: HIDE,
    OTHER_PROVIDER: HIDE,
    CAPACITY_LEAD: HIDE,
}
API_SIGNED_IN = SIGNED_IN  # LOGIN means 401 on /api/


def _user(w: World) -> dict[str, int]:
    return {"user_id": w.coordinator.id}


def _team(w: World) -> dict[str, int]:
    return {"team_id": w.team.id}


def _invitation(w: World) -> dict[str, str]:
    return {"token": links.issue(w.coordinator, LinkPurpose.INVITATION)}


def _reset(w: World) -> dict[str, str]:
    return {"token": links.issue(w.coordinator, LinkPurpose.PASSWORD_RESET)}


PERMISSION_MATRIX = [
    # Signing in and out, invitations and resets: open to all.
    Route("GET", "/login", PUBLIC),
    Route("POST", "/login", PUBLIC),
    Route("GET", "/logout", PUBLIC),
    Route("POST", "/logout", PUBLIC),
    Route("GET", "/invitations/<token>", PUBLIC, args=_invitation),
    Route("POST", "/invitations/<token>", PUBLIC, args=_invitation),
    Route("GET", "/password-reset", PUBLIC),
    Route("POST", "/password-reset", PUBLIC, data=lambda w: {"email": "nobody@example.org"}),
    Route("GET", "/password-reset/<token>", PUBLIC, args=_reset),
    Route("POST", "/password-reset/<token>", PUBLIC, args=_reset),
    # Your own account.
    Route("GET", "/account", SIGNED_IN),
    Route("GET", "/account/tokens", SIGNED_IN),
    Route("POST", "/account/tokens", SIGNED_IN, data=lambda w: {"name": "Script"}),
    Route(
        "POST",
        "/account/tokens/<int:token_id>/revoke",
        OWN_TOKEN_ONLY,
        args=lambda w: {"token_id": w.token.id},
    ),
    Route("GET", "/api/v1/me", API_SIGNED_IN),
    # The capacity lead's administration.
    Route("GET", "/admin/users", LEAD_ONLY),
    Route("GET", "/admin/users/invite", LEAD_ONLY),
    Route(
        "POST",
        "/admin/users/invite",
        LEAD_ONLY,
        data=lambda w: {"name": "New", "email": "new@example.org", "roles": "coordinator"},
    ),
    Route("GET", "/admin/users/<int:user_id>", LEAD_ONLY, args=_user),
    Route(
        "POST",
        "/admin/users/<int:user_id>/roles",
        LEAD_ONLY,
        args=_user,
        data=lambda w: {"roles": "coordinator"},
    ),
    Route(
        "POST",
        "/admin/users/<int:user_id>/active",
        LEAD_ONLY,
        args=_user,
        data=lambda w: {"active": "false"},
    ),
    Route("POST", "/admin/users/<int:user_id>/invitation", LEAD_ONLY, args=_user),
    Route("GET", "/admin/teams", LEAD_ONLY),
    Route("POST", "/admin/teams", LEAD_ONLY, data=lambda w: {"name": "Staying Well South"}),
    Route("GET", "/admin/teams/<int:team_id>", LEAD_ONLY, args=_team),
    Route(
        "POST",
        "/admin/teams/<int:team_id>/members",
        LEAD_ONLY,
        args=_team,
        data=lambda w: {"user_id": str(w.coordinator.id)},
    ),
    Route(
        "POST",
        "/admin/teams/<int:team_id>/members/<int:user_id>/remove",
        LEAD_ONLY,
        args=lambda w: {"team_id": w.team.id, "user_id": w.coordinator.id},
    ),
    Route("GET", "/admin/outbox", LEAD_ONLY),
    Route(
        "GET",
        "/admin/outbox/<int:message_id>",
        LEAD_ONLY,
        args=lambda w: {"message_id": w.outbox_message.id},
    ),
    Route(
        "POST",
        "/admin/outbox/<int:message_id>/retry",
        LEAD_ONLY,
        args=lambda w: {"message_id": w.outbox_message.id},
    ),
    Route("GET", "/admin/audit", LEAD_ONLY),
    Route("GET", "/admin/audit.csv", LEAD_ONLY),
    # search: the public search page and search API.
    Route("GET", "/search", PUBLIC),
    Route("GET", "/api/v1/services/search", PUBLIC),
    # Load balancers' probes: nothing in them names a record.
    Route("GET", "/healthz", PUBLIC),
    Route("GET", "/readyz", PUBLIC),
    Route("GET", "/api/v1/openapi.json", PUBLIC),
    # openreferral: the public Open Referral UK feed.
    Route("GET", "/openreferral/", PUBLIC),
    Route("GET", "/openreferral/openapi.json", PUBLIC),
    Route("GET", "/openreferral/organizations", PUBLIC),
    Route(
        "GET",
        "/openreferral/organizations/<organization_id>",
        PUBLIC,
        args=lambda w: {"organization_id": w.organisation.uuid},
    ),
    Route("GET", "/openreferral/services", PUBLIC),
    Route(
        "GET",
        "/openreferral/services/<service_id>",
        PUBLIC,
        args=lambda w: {"service_id": w.service.uuid},
    ),
    Route("GET", "/openreferral/service_at_locations", PUBLIC),
    Route(
        "GET",
        "/openreferral/service_at_locations/<sal_id>",
        PUBLIC,
        args=lambda w: {"sal_id": w.service.service_at_locations[0].uuid},
    ),
    Route("GET", "/openreferral/taxonomies", PUBLIC),
    Route(
        "GET",
        "/openreferral/taxonomies/<taxonomy_id>",
        PUBLIC,
        args=lambda w: {"taxonomy_id": w.taxonomy.uuid},
    ),
    Route("GET", "/openreferral/taxonomy_terms", PUBLIC),
    Route(
        "GET",
        "/openreferral/taxonomy_terms/<term_id>",
        PUBLIC,
        args=lambda w: {"term_id": w.term.uuid},
    ),
]
