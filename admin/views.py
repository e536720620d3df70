"""Capacity lead pages under /admin/listings: thin views over directory's services."""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from accounts.auth import login_required
from accounts.models import Role
from core import versioning
from core.errors import DomainError, NotFound
from core.extensions import db
from core.forms import domain_errors, find, form_data, load
from core.models import utcnow
from core.permissions import require
from directory import csv_io, duplicates, freshness, moderation, versions
from directory.change_models import ChangeStatus, ClaimStatus, ProposedChange, RecordType
from directory.cli import batch_commits
from directory.geo import GeoError
from directory.models import Location, Organisation, Service
from directory.schemas import ApproveSchema, ReasonSchema
from openreferral import sync

bp = Blueprint("admin", __name__, url_prefix="/admin/listings")
lead_only = login_required(Role.CAPACITY_LEAD)
MODELS = {
    RecordType.SERVICE: Service,
    RecordType.ORGANISATION: Organisation,
    RecordType.LOCATION: Location,
}


# Moderation queue --------------------------------------------------------------------------


@bp.get("/changes")
@lead_only
def changes() -> str:
    status = ChangeStatus.parse(request.args.get("status", ChangeStatus.PENDING.value))
    if status is None:
        abort(400, description="Choose pending, approved or rejected changes to see.")
    queue = moderation.queue(current_user, status)
    return render_template(
        "admin/changes.html",
        queue=queue,
        status=status,
        names={change.id: _record_name(change) for change in queue},
        statuses=list(ChangeStatus),
    )


def _record_name(change: ProposedChange) -> str:
    record = moderation.target_of(change)
    if record is not None:
        return record.name
    return str(
        change.proposed.get("organisation_name") or change.proposed.get("name") or "New record"
    )


def _change_page(change_id: int, errors: dict[str, Any] | None = None, status: int = 200) -> Any:
    change = moderation.get_change(current_user, change_id)
    return render_template(
        "admin/change.html",
        review=moderation.review(change),
        name=_record_name(change),
        values=request.form,
        errors=errors or {},
    ), status


@bp.get("/changes/<int:change_id>")
@lead_only
def change(change_id: int) -> Any:
    return _change_page(change_id)


@bp.post("/changes/<int:change_id>/approve")
@lead_only
def approve(change_id: int) -> Any:
    found = moderation.get_change(current_user, change_id)
    data, errors = load(ApproveSchema(), form_data(request.form))
    if errors:
        return _change_page(change_id, errors, 400)
    try:
        seen = versioning.seen_version(request.form.get(versioning.VERSION_FIELD))
        moderation.approve(
            found, current_user, utcnow(), seen_version=seen, postcode=data.get("postcode")
        )
    except DomainError as error:
        db.session.rollback()
        return _change_page(change_id, domain_errors(error), error.status_code)
    flash(f"Approved: {_record_name(found)}", "success")
    return redirect(url_for("admin.changes"))


@bp.post("/changes/<int:change_id>/reject")
@lead_only
def reject(change_id: int) -> Any:
    found = moderation.get_change(current_user, change_id)
    data, errors = load(ReasonSchema(), form_data(request.form))
    if errors:
        return _change_page(change_id, errors, 400)
    try:
        moderation.reject(found, current_user, data["reason"], utcnow())
    except DomainError as error:
        db.session.rollback()
        return _change_page(change_id, domain_errors(error), error.status_code)
    flash(f"Rejected: {_record_name(found)}. We have emailed the reason.", "success")
    return redirect(url_for("admin.changes"))


# Claims ------------------------------------------------------------------------------------


@bp.get("/claims")
@lead_only
def claims() -> str:
    raw = request.args.get("status", ClaimStatus.UNREVIEWED.value)
    status = ClaimStatus.parse(raw)
    return render_template(
        "admin/claims.html",
        claims=moderation.claims(current_user, status),
        status=status,
        statuses=list(ClaimStatus),
    )


@bp.post("/claims/<int:claim_id>")
@lead_only
def decide_claim(claim_id: int) -> Any:
    claim = moderation.get_claim(current_user, claim_id)
    status = ClaimStatus.parse(request.form.get("status"))
    if status is None:
        raise NotFound("Page not found.")
    try:
        moderation.decide_claim(
            claim, status, current_user, utcnow(), request.form.get("reason", "")
        )
    except DomainError as error:
        db.session.rollback()  # a redirect commits: drop whatever the refused decision changed
        flash(error.message)
        return redirect(url_for("admin.claims"))
    flash(f"Claim by {claim.name} for {claim.organisation.name}: {claim.status.label}", "success")
    return redirect(url_for("admin.claims"))


# Listings, trust and history ---------------------------------------------------------------


@bp.get("/")
@lead_only
def listings() -> str:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template(
        "admin/listings.html",
        organisations=organisations,
        pending=moderation.pending_count(),
        stale=len(freshness.stale_services(utcnow())),
    )


@bp.post("/organisations/<organisation_uuid>/trusted")
@lead_only
def set_trusted(organisation_uuid: str) -> Response:
    organisation: Organisation = find(Organisation, organisation_uuid)
    trusted = request.form.get("trusted") == "true"
    moderation.set_trusted(organisation, trusted, current_user, utcnow())
    flash(
        f"{organisation.name}'s edits "
        + ("now publish at once" if trusted else "now go to moderation"),
        "success",
    )
    return redirect(url_for("admin.listings"))


def _record(record_type: str, uuid: str) -> Any:
    kind = RecordType.parse(record_type)
    if kind is None:
        raise NotFound("Page not found.")
    return kind, find(MODELS[kind], uuid)


@bp.get("/history/<record_type>/<uuid>")
@lead_only
def history(record_type: str, uuid: str) -> Any:
    kind, record = _record(record_type, uuid)
    require(current_user, "moderate", record)
    return _history_page(kind, record)


def _history_page(kind: Any, record: Any, stale: bool = False) -> Any:
    found = versions.history(kind, record.uuid)
    diffs = {
        version.number: versions.diff(
            kind, found[index + 1].snapshot if index + 1 < len(found) else None, version.snapshot
        )
        for index, version in enumerate(found)
    }
    return render_template(
        "admin/history.html", record=record, kind=kind, versions=found, diffs=diffs, stale=stale
    ), (409 if stale else 200)


@bp.post("/history/<record_type>/<uuid>/<int:number>/revert")
@lead_only
def revert(record_type: str, uuid: str, number: int) -> Any:
    kind, record = _record(record_type, uuid)
    seen = versioning.seen_version(request.form.get(versioning.VERSION_FIELD))
    try:
        versions.revert(record, number, current_user, utcnow(), seen_version=seen)
    except versioning.StaleEdit:
        db.session.rollback()
        return _history_page(kind, record, stale=True)
    except GeoError as error:
        db.session.rollback()  # a redirect commits: drop whatever the refused revert changed
        flash(str(error))
        return redirect(url_for("admin.history", record_type=kind.value, uuid=uuid))
    message = f"{record.name} is back as it was at version {number}"
    if isinstance(record, Location) and record.confidential:
        message += ". It is still a confidential address: edit it to make it public"
    flash(message, "success")
    return redirect(url_for("admin.history", record_type=kind.value, uuid=uuid))


@bp.get("/sources")
@lead_only
def sources() -> str:
    """Other directories kept in sync, how their last run went, and possible duplicates."""
    return render_template(
        "admin/sources.html", sources=sync.all_sources(), duplicates=duplicates.pending()
    )


@bp.post("/duplicates/<int:candidate_id>")
@lead_only
def decide_duplicate(candidate_id: int) -> Response:
    candidate = duplicates.get_candidate(candidate_id)
    same = request.form.get("decision") == "same"
    name = candidate.service.name
    duplicates.decide(candidate, same, current_user)
    flash(f"Merged: {name} is shown once." if same else f"Kept both listings of {name}.", "success")
    return redirect(url_for("admin.sources"))


@bp.get("/stale")
@lead_only
def stale() -> str:
    now = utcnow()
    return render_template("admin/stale.html", rows=freshness.stale_services(now), now=now)


# CSV import and export ---------------------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@lead_only
def import_csv() -> Any:
    require(current_user, "moderate", Organisation)
    if request.method == "GET":
        return render_template("admin/import.html", report=None, errors={}, columns=csv_io.COLUMNS)
    upload = request.files.get("file")
    dry_run = request.form.get("dry_run") == "true"
    errors: dict[str, list[str]] = {}
    raw = upload.read(current_app.config["CSV_IMPORT_MAX_BYTES"] + 1) if upload else b""
    if not upload or not upload.filename:
        errors["file"] = ["Choose a CSV file to upload"]
    elif len(raw) > current_app.config["CSV_IMPORT_MAX_BYTES"]:
        errors["file"] = ["The file must be smaller than 5 MB"]
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors["file"] = ["The file must be a CSV saved as UTF-8"]
    report = None
    if not errors:
        try:
            report = csv_io.import_csv(
                io.StringIO(text, newline=""),
                source_name=upload.filename,
                dry_run=dry_run,
                now=utcnow(),
                checkpoint=batch_commits(),
            )
        except ValueError as error:
            errors["file"] = [str(error)]
    status = 400 if errors or (report and report.problems) else 200
    return render_template(
        "admin/import.html",
        report=report,
        errors=errors,
        columns=csv_io.COLUMNS,
        values={"dry_run": "true" if dry_run else ""},
    ), status


@bp.get("/import/template.csv")
@lead_only
def import_template() -> Response:
    return Response(
        csv_io.template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=signpost-listings-template.csv"},
    )


@bp.get("/export.csv")
@lead_only
def export_csv() -> Response:
    require(current_user, "export", Organisation)
    out = io.StringIO()
    csv_io.export_csv(out)
    stamp = utcnow().strftime("%Y-%m-%d")
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=signpost-listings-{stamp}.csv"},
    )
