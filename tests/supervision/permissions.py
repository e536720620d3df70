"""Permission-matrix rows for supervision: team pages, sign-off decisions, reallocation, settings.

The World's team leader (that role only) and co-ordinator are both in World.team, and the
co-ordinator owns the client every row here makes, so the team leader leads that client's team.
Other roles are refused by the pages before any record is looked up; the API hides records.
See tests/accounts/matrix.py for the vocabulary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.extensions import db
from referrals.closing_models import ClosingReason, Closure, ClosureState
from referrals.models import Client
from tests.accounts.matrix import (
    ALLOW,
    ANONYMOUS,
    CAPACITY_LEAD,
    COORDINATOR,
    DENY,
    HIDE,
    LEAD_ONLY,
    LOGIN,
    OTHER_PROVIDER,
    PROVIDER,
    REFERRING_PARTNER,
    TEAM_LEADER,
    Route,
    World,
)

OTHERS = (COORDINATOR, PROVIDER, OTHER_PROVIDER, CAPACITY_LEAD, REFERRING_PARTNER)
LEADER_PAGE = {**dict.fromkeys(OTHERS, DENY), ANONYMOUS: LOGIN, TEAM_LEADER: ALLOW}
LEADER_API = {**dict.fromkeys(OTHERS, HIDE), ANONYMOUS: LOGIN, TEAM_LEADER: ALLOW}
# The client's co-ordinator signs off; a team leader who is not a co-ordinator cannot.
COORDINATOR_API = {**dict.fromkeys(OTHERS, HIDE), ANONYMOUS: LOGIN, COORDINATOR: ALLOW,
                   TEAM_LEADER: HIDE}  # fmt: skip
# A sign-off is seen with its client: its co-ordinator and the team's leader.
SEEN_WITH_CLIENT = {**LEADER_API, COORDINATOR: ALLOW}
LEAD_SETTINGS = {**LEAD_ONLY, TEAM_LEADER: DENY}


def _client(w: World) -> Client:
    client = Client(
        first_name="Matrix",
        last_name="Person",
        consent_given_on=date(2026, 1, 5),
        owner=w.coordinator,
    )
    db.session.add(client)
    db.session.flush()
    return client


def _client_id(w: World) -> dict[str, Any]:
    return {"client_id": _client(w).id}


def _closure_id(w: World) -> dict[str, Any]:
    closure = Closure(
        client=_client(w),
        team=w.team,
        reason=ClosingReason.GOALS_MET,
        note="Matrix",
        state=ClosureState.AWAITING_APPROVAL,
        requested_by=w.coordinator,
    )
    db.session.add(closure)
    db.session.flush()
    return {"closure_id": closure.id}


def _team_id(w: World) -> dict[str, Any]:
    return {"team_id": w.team.id}


PERMISSION_MATRIX = [
    Route("GET", "/team", LEADER_PAGE),
    Route("GET", "/team/<int:team_id>/summary", LEADER_PAGE, args=_team_id),
    Route("GET", "/team/<int:team_id>/questionnaire", LEADER_PAGE, args=_team_id),
    Route("GET", "/team/clients/<int:client_id>/reallocate", LEADER_PAGE, args=_client_id),
    Route("POST", "/team/clients/<int:client_id>/reallocate", LEADER_PAGE, args=_client_id),
    Route("GET", "/team/sign-offs/<int:closure_id>", LEADER_PAGE, args=_closure_id),
    Route("POST", "/team/sign-offs/<int:closure_id>", LEADER_PAGE, args=_closure_id),
    Route("GET", "/admin/teams/<int:team_id>/sign-off-settings", LEAD_SETTINGS, args=_team_id),
    Route("POST", "/admin/teams/<int:team_id>/sign-off-settings", LEAD_SETTINGS, args=_team_id),
    Route("POST", "/api/v1/clients/<int:client_id>/sign-off", COORDINATOR_API, args=_client_id),
    Route("GET", "/api/v1/sign-offs/<int:closure_id>", SEEN_WITH_CLIENT, args=_closure_id),
    Route("POST", "/api/v1/sign-offs/<int:closure_id>/decision", LEADER_API, args=_closure_id),
    Route("POST", "/api/v1/clients/<int:client_id>/reallocation", LEADER_API, args=_client_id),
]
