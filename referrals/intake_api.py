"""JSON API under /api/v1 for the triage queue: the same services, so the same rules as the pages.

A co-ordinator lists their teams' open referrals, reads one (audited) and makes a triage move,
sending the `version` they read (409 with `current_version` if it changed meanwhile). Other
teams' referrals are 404; other roles are refused before any input is read.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_login import current_user

from accounts.api import api_blueprint
from core import versioning
from core.numbers import page_number
from core.openapi import SIGNED_IN, openapi_spec
from referrals import intake
from referrals.intake_schemas import IntakeReferralDumpSchema, TriageSchema

api = api_blueprint("intake_api", __name__)


@api.get("/intake")
def list_referrals() -> Any:
    show_closed = request.args.get("view") == "all"
    found, total = intake.queue(current_user, show_closed, page_number(request.args))
    return {"referrals": IntakeReferralDumpSchema(many=True).dump(found), "total": total}


@api.get("/intake/<int:referral_id>")
def get_referral(referral_id: int) -> Any:
    found = intake.get_referral(current_user, referral_id)
    return IntakeReferralDumpSchema().dump(found)


@api.post("/intake/<int:referral_id>/moves")
def move_referral(referral_id: int) -> Any:
    found = intake.get_referral(current_user, referral_id)
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    data = TriageSchema().load(body)
    try:
        intake.apply_move(current_user, found, data, versioning.seen_version(body.get("version")))
    except versioning.StaleEdit as error:
        return versioning.stale_answer(error, found, IntakeReferralDumpSchema().dump)
    return IntakeReferralDumpSchema().dump(found)


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": IntakeReferralDumpSchema}},
        },
        "400": {"description": "Invalid fields, with a message per field"},
        "401": {"description": "Not signed in"},
        "403": {"description": "Not a co-ordinator"},
        "404": {"description": "Not found, or not your team's"},
        "409": {"description": "Refused by the referral's state, or a concurrent change"},
    }
    path_id = [{"name": "referral_id", "in": "path", "required": True,
                "schema": {"type": "integer"}}]  # fmt: skip
    spec.path(
        path="/api/v1/intake",
        operations={
            "get": {
                "summary": "Your teams' referrals into the service, soonest due first (?view=all)",
                "tags": ["Referrals in"],
                "security": SIGNED_IN,
                "parameters": [
                    {
                        "name": "view",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["open", "all"]},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1},
                    },
                ],  # fmt: skip
                "responses": {
                    **{k: v for k, v in responses.items() if k != "200"},
                    "200": {"description": "OK"},
                },
            }
        },
    )
    spec.path(
        path="/api/v1/intake/{referral_id}",
        operations={
            "get": {
                "summary": "One referral into the service (audited)",
                "tags": ["Referrals in"],
                "security": SIGNED_IN,
                "responses": responses,
            }
        },
        parameters=path_id,
    )
    spec.path(
        path="/api/v1/intake/{referral_id}/moves",
        operations={
            "post": {
                "summary": "Allocate, note a contact attempt, accept or decline. Send `version`",
                "tags": ["Referrals in"],
                "security": SIGNED_IN,
                "requestBody": {
                    "content": {"application/json": {"schema": TriageSchema}},
                    "required": True,
                },
                "responses": responses,
            }
        },
        parameters=path_id,
    )
