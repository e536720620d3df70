"""JSON API under /api/v1 for signing off, sign-off decisions and reallocation.

The same services as the pages, so the same rules: a co-ordinator signs off a client on their
caseload; a leader of the client's team decides a waiting sign-off and reallocates the client,
sending the `version` they read (409 with `current_version` and `current` if it changed).
Records outside the caller's reach are 404; invalid fields a 400 with a message per field.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_login import current_user

from accounts.api import api_blueprint
from core import versioning
from core.openapi import SIGNED_IN, openapi_spec
from referrals import caseload, closing, supervision
from referrals.closing_schemas import ClosureDumpSchema, DecisionSchema, ReallocationSchema
from referrals.schemas import ClientDumpSchema, SignOffSchema

api = api_blueprint("supervision_api", __name__)


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@api.post("/clients/<int:client_id>/sign-off")
def sign_off(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    data = SignOffSchema().load({**_json(), "stage": "sign_off"})
    closure = closing.sign_off_loaded(current_user, client, data)
    return ClosureDumpSchema().dump(closure), 201


@api.get("/sign-offs/<int:closure_id>")
def get_sign_off(closure_id: int) -> Any:
    closure = closing.get_closure(current_user, closure_id)
    return ClosureDumpSchema().dump(closure)


@api.post("/sign-offs/<int:closure_id>/decision")
def decide(closure_id: int) -> Any:
    closure = closing.get_closure(current_user, closure_id, "approve")
    body = _json()
    data = DecisionSchema().load(body)
    seen = versioning.seen_version(body.get("version"))
    try:
        if data["decision"] == "approve":
            closing.approve(current_user, closure, seen)
        else:
            closing.return_sign_off(current_user, closure, data["note"], seen)
    except versioning.StaleEdit as error:
        return versioning.stale_answer(error, closure, ClosureDumpSchema().dump)
    return ClosureDumpSchema().dump(closure)


@api.post("/clients/<int:client_id>/reallocation")
def reallocate(client_id: int) -> Any:
    client = supervision.client_to_reallocate(current_user, client_id)
    body = _json()
    data = ReallocationSchema().load(body)
    try:
        supervision.reallocate(
            current_user,
            client,
            data["coordinator_id"],
            versioning.seen_version(body.get("version")),
        )
    except versioning.StaleEdit as error:
        return versioning.stale_answer(error, client, ClientDumpSchema().dump)
    return ClientDumpSchema().dump(client)


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)

    def op(summary: str, body: Any = None, response: Any = ClosureDumpSchema) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "summary": summary,
            "tags": ["Supervision"],
            "security": SIGNED_IN,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": response}},
                },
                "400": {"description": "Invalid fields, with a message per field"},
                "401": {"description": "Not signed in"},
                "404": {"description": "Not found, or not yours to see"},
                "409": {"description": "Already decided or signed off, or a concurrent change"},
            },
        }
        if body is not None:
            operation["requestBody"] = {
                "content": {"application/json": {"schema": body}},
                "required": True,
            }
        return operation

    integer = {"type": "integer"}
    paths = {
        "/api/v1/clients/{client_id}/sign-off": (
            "client_id",
            {
                "post": op(
                    "Sign a client off with a closing reason and the exit questionnaire's "
                    "answers (`answers`: exit_0.. 1-5, exit_rating 0-10); it waits for a "
                    "team leader when the team needs approval",
                    SignOffSchema,
                )
            },
        ),
        "/api/v1/sign-offs/{closure_id}": (
            "closure_id",
            {"get": op("A sign-off: reason, state, answers and `version`")},
        ),
        "/api/v1/sign-offs/{closure_id}/decision": (
            "closure_id",
            {
                "post": op(
                    "Approve a waiting sign-off or return it with a `note` (team leaders). "
                    "Send the `version` you read",
                    DecisionSchema,
                )
            },
        ),
        "/api/v1/clients/{client_id}/reallocation": (
            "client_id",
            {
                "post": op(
                    "Give a client to another co-ordinator of the team (team leaders). Send "
                    "the client's `version` you read",
                    ReallocationSchema,
                    ClientDumpSchema,
                )
            },
        ),
    }
    for path, (name, operations) in paths.items():
        parameters = [{"name": name, "in": "path", "required": True, "schema": integer}]
        spec.path(path=path, operations=operations, parameters=parameters)
