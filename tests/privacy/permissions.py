"""Permission-matrix rows for subject access and erasure (see tests/accounts/matrix.py).

The pages are for co-ordinators (others are refused outright); the client itself belongs to
the World's co-ordinator. The API hides the client from everyone who may not see it.
"""

from __future__ import annotations

from typing import Any

from tests.accounts.matrix import Route, World
from tests.intake.permissions import API_RECORD, COORDINATOR_ONLY, _client_id


def _wrong_name(w: World) -> dict[str, Any]:
    return {"confirm_name": "Not The Person"}


PERMISSION_MATRIX = [
    Route("GET", "/clients/<int:client_id>/personal-data", COORDINATOR_ONLY, args=_client_id),
    Route(
        "GET",
        "/clients/<int:client_id>/personal-data.<any(json, pdf):fmt>",
        COORDINATOR_ONLY,
        args=lambda w: {**_client_id(w), "fmt": "pdf"},
    ),
    Route(
        "POST",
        "/clients/<int:client_id>/erase",
        COORDINATOR_ONLY,
        args=_client_id,
        data=_wrong_name,
        note="the wrong name: re-shown with the error, nothing erased",
    ),
    Route("GET", "/api/v1/clients/<int:client_id>/subject-access", API_RECORD, args=_client_id),
    Route(
        "POST",
        "/api/v1/clients/<int:client_id>/erasure",
        API_RECORD,
        args=_client_id,
        note="form body, not JSON: 400 for the client's co-ordinator",
    ),
]
