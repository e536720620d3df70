"""JSON API for a client's outcome measures and equality answers: the pages' rules exactly.

The same services and permission checks as the pages (referrals/outcome_views.py): only those
who may see the client read or change these, every access is audited, a stale equality save is
a 409 with the current answers, and bad input a 400 with a message per field.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_login import current_user
from marshmallow import ValidationError

from accounts.api import api_blueprint
from core import versioning
from core.openapi import SIGNED_IN, openapi_spec
from referrals import caseload, equality, measures
from referrals.outcome_schemas import (
    EqualityBodySchema,
    EqualityDumpSchema,
    MeasureBodySchema,
    MeasureResultDumpSchema,
    MeasureSummaryDumpSchema,
    check_answers,
)

api = api_blueprint("outcomes_api", __name__)


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@api.get("/clients/<int:client_id>/measures")
def list_measures(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id)
    return {
        "enabled": [m.key for m in measures.enabled_measures()],
        "results": MeasureResultDumpSchema(many=True).dump(measures.results_of(client)),
        "summaries": MeasureSummaryDumpSchema(many=True).dump(measures.measure_summaries(client)),
    }


@api.post("/clients/<int:client_id>/measures")
def record_measure(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    data = MeasureBodySchema().load(_json())
    measure = measures.enabled_measure(data["measure"])
    if measure is None:
        raise ValidationError({"measure": ["Not a measure this area records"]})
    check_answers(measure, data["answers"])
    result = measures.record_measure(
        current_user, client, measure, data["stage"], data["answers"], data["taken_on"]
    )
    return MeasureResultDumpSchema().dump(result), 201


def _equality(client: Any) -> dict[str, Any]:
    record = equality.monitoring_of(client)
    dumped: dict[str, Any] = EqualityDumpSchema().dump(
        {"version": None} if record is None else record
    )
    return dumped


@api.get("/clients/<int:client_id>/equality")
def get_equality(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id)
    return _equality(client)


@api.put("/clients/<int:client_id>/equality")
def put_equality(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    data = EqualityBodySchema().load(_json())
    version = data.pop("version")
    try:
        equality.record_equality(current_user, client, data, seen_version=version)
    except versioning.StaleEdit as error:
        record = equality.monitoring_of(client)
        return versioning.stale_answer(error, record, EqualityDumpSchema().dump)
    return _equality(client)


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)
    responses = {
        "200": {"description": "OK"},
        "400": {"description": "Invalid fields, with a message per field"},
        "401": {"description": "Not signed in"},
        "404": {"description": "Not found, or not yours to see"},
        "409": {"description": "A concurrent change"},
    }

    def op(summary: str, body: Any = None) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "summary": summary,
            "tags": ["Outcomes"],
            "security": SIGNED_IN,
            "responses": dict(responses),
        }
        if body is not None:
            operation["requestBody"] = {
                "content": {"application/json": {"schema": body}},
                "required": True,
            }
        return operation

    parameters = [
        {"name": "client_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    ]
    spec.path(
        path="/api/v1/clients/{client_id}/measures",
        operations={
            "get": op("The client's outcome measure results and first/latest summaries"),
            "post": op("Record one sitting of a switched-on measure", MeasureBodySchema),
        },
        parameters=parameters,
    )
    spec.path(
        path="/api/v1/clients/{client_id}/equality",
        operations={
            "get": op("The client's equality monitoring answers (null: not asked)"),
            "put": op(
                "Replace the answers (a missing answer clears it). Send the `version` you read: "
                "if they changed since, the answer is 409 with `current_version` and `current`",
                EqualityBodySchema,
            ),
        },
        parameters=parameters,
    )
