"""Permission-matrix rows for outcome measures, equality monitoring and a provider's outcomes."""

from __future__ import annotations

from typing import Any

from tests.accounts.matrix import Route, World
from tests.referrals.permissions import COORDINATOR_ONLY, PROVIDERS_ONLY, _client


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
    # Each provider sees its own organisations' services only (tests/outcomes/test_services.py).
    Route("GET", "/provider/outcomes", PROVIDERS_ONLY),
    Route("GET", "/provider/outcomes.csv", PROVIDERS_ONLY),
]
