"""Permission-matrix rows for outcome measures, equality monitoring and a provider's outcomes."""

from __future__ import annotations

from typing import Any

from tests.accounts.matrix import ALLOW, HIDE, TEAM_LEADER, Route, World, expecting
from tests.referrals.permissions import (
    API_CASELOAD_RECORD,
    COORDINATOR_ONLY,
    PROVIDERS_ONLY,
    _client,
)


def _measure(w: World) -> dict[str, Any]:
    return {"client_id": _client(w).id, "key": "swemwbs"}


def _client_id(w: World) -> dict[str, Any]:
    return {"client_id": _client(w).id}


PERMISSION_MATRIX = [
    Route("GET", "/clients/<int:client_id>/measures/<key>", COORDINATOR_ONLY, args=_measure),
    Route(
        "POST",
        "/clients/<int:client_id>/measures/<key>",
        COORDINATOR_ONLY,
        args=_measure,
        note="empty form: re-shown with errors",
    ),
    Route("GET", "/clients/<int:client_id>/equality", COORDINATOR_ONLY, args=_client_id),
    Route("POST", "/clients/<int:client_id>/equality", COORDINATOR_ONLY, args=_client_id),
    # The API: the pages' rule, with other people's clients hidden (404) as the API does.
    Route("GET", "/api/v1/clients/<int:client_id>/measures", API_CASELOAD_RECORD, args=_client_id),
    Route("POST", "/api/v1/clients/<int:client_id>/measures", API_CASELOAD_RECORD, args=_client_id),
    Route("GET", "/api/v1/clients/<int:client_id>/equality", API_CASELOAD_RECORD, args=_client_id),
    Route("PUT", "/api/v1/clients/<int:client_id>/equality", API_CASELOAD_RECORD, args=_client_id),
    # Each provider sees its own organisations' services only (tests/outcomes/test_services.py).
    Route("GET", "/provider/outcomes", PROVIDERS_ONLY),
    Route("GET", "/provider/outcomes.csv", PROVIDERS_ONLY),
]


# A leader of the client's team reads the casework (GET); the policy refuses them changes, so
# a write is not found (404), or its empty form is re-shown (400) before that point.
PERMISSION_MATRIX = expecting(
    PERMISSION_MATRIX,
    TEAM_LEADER,
    {
        ("GET", "/clients/<int:client_id>/measures/<key>"): HIDE,
        ("POST", "/clients/<int:client_id>/measures/<key>"): HIDE,
        ("GET", "/clients/<int:client_id>/equality"): HIDE,
        ("POST", "/clients/<int:client_id>/equality"): HIDE,
        ("GET", "/api/v1/clients/<int:client_id>/measures"): ALLOW,
        ("GET", "/api/v1/clients/<int:client_id>/equality"): ALLOW,
    },
)
