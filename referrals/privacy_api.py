"""JSON API under /api/v1 for subject access and erasure: the same services as the pages.

GET /clients/<id>/subject-access answers everything held on the person (audited); POST
/clients/<id>/erasure, with the person's full name typed in `confirm_name`, erases it.
Clients the caller may not see are 404, as on the pages.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_login import current_user
from marshmallow import ValidationError, fields, validate

from accounts.api import api_blueprint
from core.openapi import SIGNED_IN, openapi_spec
from referrals import caseload, privacy
from referrals.schemas import InputSchema

api = api_blueprint("privacy_api", __name__)


class ErasureSchema(InputSchema):
    confirm_name = fields.String(required=True, validate=validate.Length(max=201))


class ErasedSchema(InputSchema):
    client_id = fields.Integer()
    anonymised_at = fields.DateTime()
    anonymised_reason = fields.String()


@api.get("/clients/<int:client_id>/subject-access")
def subject_access(client_id: int) -> Any:
    # The client's co-ordinators answer a subject-access request (as on the page).
    client = caseload.get_client(current_user, client_id, "edit")
    report = privacy.subject_access(current_user, client)
    return report


@api.post("/clients/<int:client_id>/erasure")
def erasure(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    body = request.get_json(silent=True)
    data = ErasureSchema().load(body if isinstance(body, dict) else {})
    if not privacy.confirms_erasure(client, data["confirm_name"]):
        raise ValidationError({"confirm_name": ["Must be the person's full name exactly"]})
    privacy.erase(current_user, client)
    return ErasedSchema().dump(
        {
            "client_id": client.id,
            "anonymised_at": client.anonymised_at,
            "anonymised_reason": client.anonymised_reason,
        }
    )


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)
    path_id = [{"name": "client_id", "in": "path", "required": True,
                "schema": {"type": "integer"}}]  # fmt: skip
    refused = {
        "401": {"description": "Not signed in"},
        "404": {"description": "Not found, or not on your caseload"},
    }
    spec.path(
        path="/api/v1/clients/{client_id}/subject-access",
        operations={
            "get": {
                "summary": "Everything held on one person, and who accessed it (audited)",
                "tags": ["Personal data"],
                "security": SIGNED_IN,
                "responses": {
                    "200": {
                        "description": "Every linked record, by table, and the access log",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **refused,
                },
            }
        },
        parameters=path_id,
    )
    spec.path(
        path="/api/v1/clients/{client_id}/erasure",
        operations={
            "post": {
                "summary": "Erase the person's details on request; figures are kept",
                "tags": ["Personal data"],
                "security": SIGNED_IN,
                "requestBody": {
                    "content": {"application/json": {"schema": ErasureSchema}},
                    "required": True,
                },
                "responses": {
                    "200": {
                        "description": "Erased",
                        "content": {"application/json": {"schema": ErasedSchema}},
                    },
                    "400": {"description": "Invalid fields, with a message per field"},
                    "409": {"description": "Open referrals, or already erased"},
                    **refused,
                },
            }
        },
        parameters=path_id,
    )
