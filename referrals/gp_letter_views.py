"""Pages: the letter back to the GP (page, PDF, FHIR document) and the coded-activity export.

The letter follows the client's policy (its co-ordinator and their teams); the export is for
the capacity lead and co-ordinators (their caseload only). Each reading is audited by its
service; the audit commits with the request's answer (core/transaction.py).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from core.forms import load
from core.models import utcnow
from referrals import coded_export, fhir, gp_letter
from referrals.coding import EVENTS, RECORDED_EVENTS, configured_table
from referrals.coding_schemas import CodedExportQuerySchema
from referrals.schemas import form_dates

bp = Blueprint("gp_letter", __name__)

# Co-ordinators, and the leaders of a client's team (who read; the policy refuses them changes).
caseworkers = login_required(Role.COORDINATOR, Role.TEAM_LEADER)
exporters_only = login_required(Role.COORDINATOR, Role.CAPACITY_LEAD)


def _attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(
        body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"}
    )


@bp.get("/clients/<int:client_id>/gp-letter")
@caseworkers
def letter(client_id: int) -> str:
    found = gp_letter.build_letter(current_user, client_id)
    return render_template("referrals/gp_letter.html", letter=found, client=found.client)


@bp.get("/clients/<int:client_id>/gp-letter.pdf")
@caseworkers
def letter_pdf(client_id: int) -> Response:
    found = gp_letter.build_letter(current_user, client_id)
    body = gp_letter.letter_pdf(found, current_app.config["BOROUGH_NAME"])
    # The file name holds the client's record number only, never a name or NHS number.
    return _attachment(body, "application/pdf", f"gp-letter-{client_id}.pdf")


@bp.get("/clients/<int:client_id>/gp-letter.fhir.json")
@caseworkers
def letter_fhir(client_id: int) -> Response:
    found = gp_letter.build_letter(current_user, client_id)
    document = fhir.letter_document(found, current_app.config["BOROUGH_NAME"])
    return _attachment(
        json.dumps(document, indent=2), fhir.FHIR_JSON, f"gp-letter-{client_id}.json"
    )


def _export_query() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(parsed, values to re-show, errors) from the page's query string."""
    values = form_dates(request.args, "from", "to")
    if not request.args:
        return {}, values, {}
    query, errors = load(CodedExportQuerySchema(), values)
    return query, values, errors


@bp.get("/coded-activity")
@exporters_only
def coded_activity() -> tuple[str, int] | str:
    query, values, errors = _export_query()
    rows = None
    if query:
        rows = coded_export.export_rows(
            current_user, query["date_from"], query["date_to"], query["practice"]
        )
    table = configured_table()
    page = render_template(
        "referrals/coded_activity.html",
        values=values,
        errors=errors,
        rows=rows,
        query=query,
        events=[
            (label, table.get(event), event in RECORDED_EVENTS) for event, label in EVENTS.items()
        ],
        today=utcnow().date(),
    )
    return (page, 400) if errors else page


@bp.get("/coded-activity.csv")
@exporters_only
def coded_activity_csv() -> Response | tuple[str, int] | str:
    query, values, errors = _export_query()
    if not query:
        return coded_activity()  # re-shows the form with its errors
    rows = coded_export.export_rows(
        current_user, query["date_from"], query["date_to"], query["practice"]
    )
    name = f"coded-activity-{query['practice'] or 'all'}-{query['date_from']}-to-{query['date_to']}"
    return _attachment(coded_export.export_csv(rows), "text/csv", f"{name}.csv")
