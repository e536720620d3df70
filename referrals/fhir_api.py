"""JSON API: the letter back to the GP, coded activity, and referrals as FHIR ServiceRequest + Task.

The same services, so the same policies, as the pages: the letter and the search by NHS
number are for the client's co-ordinators; a referral reads in full for its co-ordinator and
as what was shared for the receiving organisation's members; the coded-activity export is
for the capacity lead and co-ordinators (their caseload only).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, request
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from accounts import audit
from accounts.api import api_blueprint
from core.extensions import db
from core.openapi import SIGNED_IN, openapi_spec
from core.permissions import can, require
from referrals import coded_export, fhir, gp_letter, services
from referrals.caseload import visible_clients
from referrals.coding_models import CodedEntry
from referrals.coding_schemas import CodedExportQuerySchema
from referrals.models import Client, Referral
from referrals.nhs_number import InvalidNHSNumber, normalise_nhs_number

api = api_blueprint("fhir_api", __name__)

SEARCH_PARAMETERS = ("patient:identifier", "subject:identifier")


def _fhir(resource: dict[str, Any]) -> Response:
    return current_app.response_class(current_app.json.dumps(resource), mimetype=fhir.FHIR_JSON)


@api.get("/clients/<int:client_id>/gp-letter")
def letter(client_id: int) -> Response:
    found = gp_letter.build_letter(current_user, client_id)
    document = fhir.letter_document(found, current_app.config["BOROUGH_NAME"])
    return _fhir(document)


@api.get("/coded-activity")
def coded_activity() -> Any:
    # Refuse other roles before validating, so they learn nothing from field errors.
    require(current_user, "export", CodedEntry)
    query = CodedExportQuerySchema().load(request.args.to_dict())
    wanted = request.args.get("format", "json")
    if wanted not in {"json", "csv"}:
        raise ValidationError({"format": ["Use json or csv"]})
    rows = coded_export.export_rows(
        current_user, query["date_from"], query["date_to"], query["practice"]
    )
    if wanted == "csv":
        return Response(coded_export.export_csv(rows), mimetype="text/csv")
    return {"entries": [row.as_dict() for row in rows]}


def _referral(referral_id: int) -> tuple[Referral, bool]:
    """The referral and whether it reads in full (its co-ordinator) or as shared (a provider)."""
    found = db.session.get(Referral, referral_id)
    full = found is not None and can(current_user, "view", found)
    return services.get_referral(current_user, referral_id, "view" if full else "view_shared"), full


def _subject(referral: Referral, full: bool) -> dict[str, Any]:
    if full:
        return fhir.patient_reference(referral.client)
    return {"display": str(referral.shared_details.get("first_name", ""))}


@api.get("/fhir/ServiceRequest/<int:referral_id>")
def service_request(referral_id: int) -> Response:
    referral, full = _referral(referral_id)
    resource = fhir.service_request(referral, _subject(referral, full), full=full)
    return _fhir(resource)


@api.get("/fhir/Task/<int:referral_id>")
def task(referral_id: int) -> Response:
    referral, full = _referral(referral_id)
    resource = fhir.task(referral, _subject(referral, full))
    return _fhir(resource)


def _nhs_number_searched() -> str:
    given = [(name, request.args[name]) for name in SEARCH_PARAMETERS if name in request.args]
    if len(given) != 1:
        raise ValidationError(
            {"patient:identifier": [f"Give {fhir.NHS_NUMBER_SYSTEM}|<NHS number>"]}
        )
    name, value = given[0]
    system, bar, number = value.partition("|")
    if not bar or system != fhir.NHS_NUMBER_SYSTEM:
        raise ValidationError({name: [f"Give {fhir.NHS_NUMBER_SYSTEM}|<NHS number>"]})
    try:
        return normalise_nhs_number(number[:20])
    except InvalidNHSNumber as invalid:
        raise ValidationError({name: [str(invalid)]}) from invalid


@api.get("/fhir/ServiceRequest")
def search_service_requests() -> Response:
    """Referrals for one person, by NHS number, among the asker's caseload."""
    require(current_user, "list", Client)
    number = _nhs_number_searched()
    clients = visible_clients(current_user).where(Client.nhs_number == number)
    found = db.session.scalars(
        select(Referral)
        .where(Referral.client_id.in_(clients.with_only_columns(Client.id)))
        .order_by(Referral.sent_at, Referral.id)
    ).all()
    audit.record_event("nhs_number_search", "referral", user=current_user)
    resources = [fhir.service_request(r, fhir.patient_reference(r.client)) for r in found]
    return _fhir(fhir.searchset(resources))


def document(app: Flask) -> None:
    """Add these endpoints to the OpenAPI document."""
    spec = openapi_spec(app)
    responses = {
        "200": {"description": "OK"},
        "400": {"description": "Invalid fields, with a message per field"},
        "401": {"description": "Not signed in"},
        "403": {"description": "Not for your role"},
        "404": {"description": "Not found, or not yours to see"},
    }
    fhir_json = {"content": {fhir.FHIR_JSON: {"schema": {"type": "object"}}}}

    def op(summary: str, tag: str, **extra: Any) -> dict[str, Any]:
        return {
            "summary": summary,
            "tags": [tag],
            "security": SIGNED_IN,
            "responses": {**responses, "200": {"description": "OK", **fhir_json}},
            **extra,
        }

    def path_id(name: str) -> list[dict[str, Any]]:
        return [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}]

    spec.path(
        path="/api/v1/clients/{client_id}/gp-letter",
        operations={
            "get": op(
                "The letter back to the GP as a FHIR R4 document Bundle (audited)", "GP records"
            )
        },
        parameters=path_id("client_id"),
    )
    spec.path(
        path="/api/v1/coded-activity",
        operations={
            "get": {
                "summary": "Coded events (NHS number, date, SNOMED CT code, term, practice ODS) "
                "for a period and optionally one practice; the lead sees every client, a "
                "co-ordinator their caseload (audited)",
                "tags": ["GP records"],
                "security": SIGNED_IN,
                "parameters": [
                    {
                        "name": "from",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "format": "date"},
                    },
                    {
                        "name": "to",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "format": "date"},
                    },
                    {
                        "name": "practice",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string", "pattern": "^[A-Za-z0-9]{3,8}$"},
                    },
                    {
                        "name": "format",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["json", "csv"]},
                    },
                ],  # fmt: skip
                "responses": responses,
            }
        },
    )
    spec.path(
        path="/api/v1/fhir/ServiceRequest/{referral_id}",
        operations={
            "get": op(
                "A referral as a FHIR R4 ServiceRequest: in full for its co-ordinator, what was "
                "shared for the receiving organisation",
                "FHIR",
            )
        },
        parameters=path_id("referral_id"),
    )
    spec.path(
        path="/api/v1/fhir/Task/{referral_id}",
        operations={
            "get": op("A referral's progress as a FHIR R4 Task (focus: its ServiceRequest)", "FHIR")
        },
        parameters=path_id("referral_id"),
    )
    spec.path(
        path="/api/v1/fhir/ServiceRequest",
        operations={
            "get": op(
                "Search your caseload's referrals by NHS number: "
                "?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number> (audited)",
                "FHIR",
                parameters=[
                    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
                    for name in SEARCH_PARAMETERS
                ],
            )
        },
    )
