"""JSON API under /api/v1 for clients, assessments, actions and referrals.

Same services, so the same permission rules as the pages: a co-ordinator sees their caseload,
a provider sees referrals to their organisations (shared fields only). Invalid input is a
400 with field messages, a refused state change a 409.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_login import current_user
from marshmallow import ValidationError

from accounts.api import api_blueprint
from core import versioning
from core.errors import NotFound
from core.extensions import db
from core.models import utcnow
from core.openapi import SIGNED_IN, openapi_spec
from core.permissions import PermissionAction, can, require
from core.transaction import keep_changes
from directory.models import Service
from referrals import caseload, services
from referrals.models import Action, Client, ClientStatus, Referral
from referrals.nhs_number import InvalidNHSNumber
from referrals.schemas import (
    ActionDumpSchema,
    ActionOutcomeSchema,
    ActionSchema,
    AssessmentDumpSchema,
    AssessmentSchema,
    ClientDumpSchema,
    ClientSchema,
    ReferralDumpSchema,
    ReferralSchema,
    SharedReferralDumpSchema,
    TransitionSchema,
)
from referrals.states import ReferralState

api = api_blueprint("referrals_api", __name__)


def _json() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _dump_referral(referral: Referral) -> dict[str, Any]:
    if can(current_user, "view", referral):
        return ReferralDumpSchema().dump(referral)
    return SharedReferralDumpSchema().dump(referral)


CLIENT_STATUSES = [status.value for status in ClientStatus]


@api.get("/clients")
def list_clients() -> Any:
    status = caseload.status_filter(request.args.get("status", "open"))
    try:
        found = caseload.find_clients(current_user, request.args.get("q", "")[:100], status)
    except InvalidNHSNumber as invalid:
        keep_changes()  # the audit of what was read stands
        raise ValidationError({"q": [str(invalid)]}) from invalid
    return {"clients": ClientDumpSchema(many=True).dump(found)}


@api.post("/clients")
def create_client() -> Any:
    # Refuse other roles before validating, so they learn nothing from field errors.
    require(current_user, "create", Client)
    data = ClientSchema().load(_json())
    confirm = data.pop("confirm_duplicate")
    try:
        client = caseload.create_client(current_user, data, confirm_duplicate=confirm)
    except caseload.DuplicateClient:
        keep_changes()  # the audit of what was read stands
        raise
    return ClientDumpSchema().dump(client), 201


@api.get("/clients/<int:client_id>")
def get_client(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id)
    return ClientDumpSchema().dump(client)


@api.get("/clients/<int:client_id>/assessments")
def list_assessments(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id)
    return {"assessments": AssessmentDumpSchema(many=True).dump(client.assessments)}


@api.post("/clients/<int:client_id>/assessments")
def create_assessment(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    data = AssessmentSchema().load(_json())
    assessment = caseload.record_assessment(
        current_user,
        client,
        data["stage"],
        {s["theme"]: (s["score"], s["note"]) for s in data["scores"]},
        data["ons4"],
        taken_on=data["taken_on"],
    )
    return AssessmentDumpSchema().dump(assessment), 201


@api.get("/clients/<int:client_id>/actions")
def list_actions(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id)
    return {"actions": ActionDumpSchema(many=True).dump(client.actions)}


@api.post("/clients/<int:client_id>/actions")
def create_action(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    data = ActionSchema().load(_json())
    service = _service(data["service_id"]) if data["service_id"] else None
    action = caseload.add_action(
        current_user,
        client,
        data["kind"],
        data["theme"],
        data["description"],
        service=service,
        due_on=data["due_on"],
    )
    return ActionDumpSchema().dump(action), 201


@api.patch("/actions/<int:action_id>")
def update_action(action_id: int) -> Any:
    action: Action = caseload.get_action(current_user, action_id)
    data = ActionOutcomeSchema().load(_json())
    try:
        caseload.close_action(
            current_user,
            action,
            data["status"],
            data["outcome_note"],
            seen_version=data["version"],
        )
    except versioning.StaleEdit as error:
        return versioning.stale_answer(error, action, ActionDumpSchema().dump)
    return ActionDumpSchema().dump(action)


@api.post("/clients/<int:client_id>/referrals")
def create_referral(client_id: int) -> Any:
    client = caseload.get_client(current_user, client_id, "edit")
    data = ReferralSchema().load(_json())
    referral = services.send_referral(
        current_user,
        client,
        _service(data["service_id"]),
        theme=data["theme"],
        reason=data["reason"],
        consent_to_share_on=data["consent_to_share_on"] or utcnow().date(),
        shared_fields=data["shared_fields"],
        due_on=data["due_on"],
    )
    return ReferralDumpSchema().dump(referral), 201


@api.get("/referrals/inbox")
def inbox() -> Any:
    tab = request.args.get("tab", "new")
    if tab not in services.INBOX_TABS:
        raise NotFound("Unknown tab: use new, in_progress or closed.")
    found = services.inbox(current_user, tab)
    return {"referrals": SharedReferralDumpSchema(many=True).dump(found)}


@api.get("/referrals/<int:referral_id>")
def get_referral(referral_id: int) -> Any:
    action: PermissionAction = "view" if _can_view(referral_id) else "view_shared"
    referral = services.get_referral(current_user, referral_id, action)
    return _dump_referral(referral)


@api.post("/referrals/<int:referral_id>/transitions")
def transition(referral_id: int) -> Any:
    """Move a referral: {"to": "accepted", "reason": ..., "note": ..., "version": n}."""
    body = _json()
    action: PermissionAction = "view" if _can_view(referral_id) else "view_shared"
    referral = services.get_referral(current_user, referral_id, action)
    data = TransitionSchema().load(body)
    target = ReferralState.parse(body.get("to"))
    if target is None:
        raise ValidationError({"to": [f"Use one of {[s.value for s in ReferralState]}"]})
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ValidationError({"version": ["Send the version you read, a whole number"]})
    services.transition(
        referral,
        target,
        by=current_user,
        reason=data["reason"],
        note=data["note"],
        seen_version=version,
    )
    return _dump_referral(referral)


def _can_view(referral_id: int) -> bool:
    referral = db.session.get(Referral, referral_id)
    return referral is not None and can(current_user, "view", referral)


def _service(service_id: int) -> Service:
    service = db.session.get(Service, service_id)
    if service is None or not service.is_listed:
        raise NotFound("Service not found.")
    return service


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)

    def op(
        summary: str,
        body: str | None = None,
        response: str | None = None,
        query: dict[str, dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "summary": summary,
            "tags": ["Referrals"],
            "security": SIGNED_IN,
            "parameters": [
                {"name": name, "in": "query", "required": False, "schema": schema}
                for name, schema in (query or {}).items()
            ],
            "responses": {
                "200": {"description": "OK"},
                "400": {"description": "Invalid fields, with a message per field"},
                "401": {"description": "Not signed in"},
                "404": {"description": "Not found, or not yours to see"},
                "409": {"description": "Refused by the record's state, or a concurrent change"},
            },
        }
        if body:
            operation["requestBody"] = {
                "content": {"application/json": {"schema": body}},
                "required": True,
            }
        if response:
            operation["responses"]["200"]["content"] = {"application/json": {"schema": response}}
        return operation

    paths = {
        "/api/v1/clients": {
            "get": op(
                "List the clients on your caseload (?q=, ?status=open|signed_off|all)",
                query={
                    "q": {"type": "string", "maxLength": 100},
                    "status": {"enum": [*CLIENT_STATUSES, "all"]},
                },
            ),
            "post": op(
                "Add a client (409 on a likely duplicate unless confirm_duplicate)",
                ClientSchema,
                ClientDumpSchema,
            ),  # fmt: skip
        },
        "/api/v1/clients/{client_id}": {
            "get": op("A client on your caseload", None, ClientDumpSchema)
        },
        "/api/v1/clients/{client_id}/assessments": {
            "get": op("The client's wheels and ONS4 answers"),
            "post": op(
                "Record a wheel (12 themes, 0-5) and optional ONS4",
                AssessmentSchema,
                AssessmentDumpSchema,
            ),  # fmt: skip
        },
        "/api/v1/clients/{client_id}/actions": {
            "get": op("The client's actions"),
            "post": op("Agree an action (not a referral)", ActionSchema, ActionDumpSchema),
        },
        "/api/v1/actions/{action_id}": {
            "patch": op(
                "Record an action's outcome. Send the `version` you read: if the action has "
                "changed since, the answer is 409 with `current_version` and `current`",
                ActionOutcomeSchema,
                ActionDumpSchema,
            ),
        },
        "/api/v1/clients/{client_id}/referrals": {
            "post": op("Send a referral", ReferralSchema, ReferralDumpSchema),
        },
        "/api/v1/referrals/inbox": {
            "get": op(
                "Referrals to your organisations (?tab=new|in_progress|closed)",
                query={"tab": {"enum": list(services.INBOX_TABS)}},
            ),
        },
        "/api/v1/referrals/{referral_id}": {
            "get": op("A referral: in full for its co-ordinator, shared fields for providers"),
        },
        "/api/v1/referrals/{referral_id}/transitions": {
            "post": op(
                "Accept, decline, complete, not complete or withdraw a referral", TransitionSchema
            ),  # fmt: skip
        },
    }
    for path, operations in paths.items():
        parameters = []
        for name in ("client_id", "referral_id", "action_id"):
            if "{" + name + "}" in path:
                parameters = [
                    {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
                ]
        spec.path(path=path, operations=operations, parameters=parameters)
