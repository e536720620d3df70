"""Provider self-service (/manage/...) and the public forms that feed the moderation queue."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from accounts.auth import login_required
from core.errors import DomainError
from core.extensions import db
from core.forms import Errors, domain_errors, find, form_data, load
from core.models import utcnow
from core.permissions import require
from core.versioning import EditState, StaleEdit
from directory import editing, freshness, moderation, schemas, snapshots, versions
from directory.editing import EditOutcome
from directory.gazetteer import Neighbourhood
from directory.models import (
    AccessibilityFeature,
    AccessMethod,
    CapacityStatus,
    DeliveryMethod,
    Location,
    Organisation,
    OrganisationKind,
    Service,
    ServiceStatus,
)
from directory.public_place import may_be_a_centre
from directory.services import get_listed_organisation, get_listed_service
from directory.themes import Theme

bp = Blueprint("manage", __name__)

OUTCOME_MESSAGES = {
    EditOutcome.UNCHANGED: "You did not change anything",
    EditOutcome.PUBLISHED: "Your changes are published",
    EditOutcome.PROPOSED: (
        "Thank you. Your changes have been sent to the capacity lead, who will check them "
        "before they are published. We will email you when they decide."
    ),
}


def refused(edit: EditState, record: Any) -> EditState:
    """A stale listing form, re-shown with what changed meanwhile and the current version."""
    record_type = versions.record_type_of(record)
    return edit.refused(
        record, versions.snapshot, lambda before, after: versions.diff(record_type, before, after)
    )


def form_edit_state(record: Any) -> EditState | None:
    """The hidden version fields: as submitted on a POST, else as loaded (None for a new one)."""
    if record is None:
        return None
    if request.method == "POST":
        return EditState.from_form(request.form)
    return EditState.of(record, versions.snapshot)


def save_listing(record: Any, proposed: Any, summary: str, edit: EditState | None) -> EditOutcome:
    """Save an existing listing from its edit form, checking the version the form carried."""
    seen = edit.version if edit else None
    return editing.save_edit(record, proposed, current_user, utcnow(), summary, seen_version=seen)


def page_status(errors: Errors, edit: EditState | None) -> int:
    if edit is not None and edit.stale:
        return 409
    return 400 if errors else 200


def option_lists() -> dict[str, Any]:
    return {
        "theme_options": [(t.value, t.label, t.hint) for t in Theme],
        "access_options": AccessMethod.choices(),
        "delivery_options": DeliveryMethod.choices(),
        "accessibility_options": AccessibilityFeature.choices(),
        "status_options": ServiceStatus.choices(),
        "kind_options": OrganisationKind.choices(blank="Choose a type"),
        "capacity_options": schemas.CAPACITY_OPTIONS,
    }


# Dashboard ---------------------------------------------------------------------------------


@bp.get("/manage")
@login_required()
def dashboard() -> str:
    organisations = editing.managed_organisations(current_user)
    pending = {
        record.uuid: editing.pending_changes_for(record)
        for organisation in organisations
        for record in [organisation, *organisation.services, *organisation.locations]
    }
    return render_template(
        "manage/dashboard.html",
        organisations=organisations,
        pending=pending,
        now=utcnow(),
    )


# Services ----------------------------------------------------------------------------------


def _places(organisation: Organisation) -> schemas.Places:
    """The organisation's places a distance can be measured from: public, with a postcode."""
    return {loc.uuid: loc.name for loc in organisation.locations if may_be_a_centre(loc)}


def _unmeasurable(service: Service | None, places: schemas.Places) -> list[str]:
    """Say which distances the form will drop: those around places that cannot be a centre."""
    notes = []
    for area in service.areas if service else []:
        place = area.location
        if place is None or place.uuid in places:
            continue
        if place.confidential:
            notes.append(
                f"{place.name} is a confidential address, so a distance cannot be measured from "
                f"it. Until you save this form the public sees this service reaching within "
                f"{area.radius_km or 0:g} km of the centre of its neighbourhood; saving removes "
                "that distance. Choose a place with a public address to keep one."
            )
        else:
            notes.append(
                f"{place.name} has no postcode, so a distance cannot be measured from it. "
                "Saving this form removes that distance."
            )
    return notes


def _service_page(organisation: Organisation, service: Service | None) -> Any:
    """The service form, for a new service (`service` None) or an existing one."""
    places = _places(organisation)
    neighbourhoods = list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))
    current = snapshots.snapshot_service(service) if service else snapshots.new_service_snapshot()
    values: Any = schemas.service_form_values(current, places)
    errors: Errors = {}
    edit = form_edit_state(service)
    if request.method == "POST":
        values = request.form
        data, errors = load(
            schemas.ServiceFormSchema(), form_data(request.form, schemas.LIST_FIELDS)
        )
        if not errors:
            try:
                proposed = schemas.service_snapshot_from_form(
                    current,
                    data,
                    {loc.uuid: loc.name for loc in organisation.locations},
                    places,
                    {hood.code for hood in neighbourhoods},
                )
                if service is None:
                    outcome, _ = editing.add_service(organisation, proposed, current_user, utcnow())
                else:
                    outcome = save_listing(service, proposed, "Listing edited", edit)
            except StaleEdit:
                edit = refused(edit, service)  # type: ignore[arg-type]
            except DomainError as error:
                errors = domain_errors(error)
            else:
                flash(OUTCOME_MESSAGES[outcome], "success")
                return redirect(url_for("manage.dashboard"))
    return render_template(
        "manage/service_form.html",
        organisation=organisation,
        service=service,
        values=values,
        errors=errors,
        locations=organisation.locations,
        radius_options=[
            (loc.uuid, f"{loc.name}, {loc.postcode}" if loc.postcode else loc.name)
            for loc in organisation.locations
            if loc.uuid in places
        ],
        unmeasurable=_unmeasurable(service, places),
        neighbourhood_options=[(hood.code, hood.name) for hood in neighbourhoods],
        pending=editing.pending_changes_for(service) if service else [],
        edit=edit,
        **option_lists(),
    ), page_status(errors, edit)


@bp.route("/manage/organisations/<organisation_uuid>/services/new", methods=["GET", "POST"])
@login_required()
def add_service(organisation_uuid: str) -> Any:
    organisation: Organisation = find(Organisation, organisation_uuid)
    require(current_user, "edit", organisation)
    return _service_page(organisation, None)


@bp.route("/manage/services/<service_uuid>/edit", methods=["GET", "POST"])
@login_required()
def edit_service(service_uuid: str) -> Any:
    service: Service = find(Service, service_uuid)
    require(current_user, "edit", service)
    return _service_page(service.organisation, service)


@bp.route("/manage/services/<service_uuid>/capacity", methods=["GET", "POST"])
@login_required()
def service_capacity(service_uuid: str) -> Any:
    service: Service = find(Service, service_uuid)
    require(current_user, "edit", service)
    values: Any = {
        "capacity_status": service.capacity_status.value,
        "waitlist_weeks": service.waitlist_weeks,
    }
    if service.paused_until:
        values |= {
            "paused_until-day": service.paused_until.day,
            "paused_until-month": service.paused_until.month,
            "paused_until-year": service.paused_until.year,
        }
    errors: Errors = {}
    edit = form_edit_state(service)
    if request.method == "POST":
        values = request.form
        data, errors = load(schemas.CapacityFormSchema(), form_data(request.form))
        if not errors:
            try:
                editing.set_capacity(
                    service,
                    CapacityStatus(data["capacity_status"]),
                    by=current_user,
                    now=utcnow(),
                    waitlist_weeks=data.get("waitlist_weeks"),
                    paused_until=data.get("paused_until"),
                    seen_version=edit.version if edit else None,
                )
            except StaleEdit:
                edit = refused(edit, service)  # type: ignore[arg-type]
            except DomainError as error:
                errors = domain_errors(error)
            else:
                flash(f"{service.name}: taking new people updated", "success")
                return redirect(url_for("manage.dashboard"))
    return render_template(
        "manage/capacity_form.html",
        service=service,
        values=values,
        errors=errors,
        today=utcnow().date(),
        edit=edit,
        **option_lists(),
    ), page_status(errors, edit)


@bp.post("/manage/services/<service_uuid>/confirm")
@login_required()
def confirm_service(service_uuid: str) -> Response:
    service: Service = find(Service, service_uuid)
    freshness.confirm_still_accurate(service, current_user, utcnow())
    flash(f"Thank you. {service.name} is marked as checked today.", "success")
    return redirect(url_for("manage.dashboard"))


@bp.route("/manage/confirm/<token>", methods=["GET", "POST"])
def confirm_by_link(token: str) -> Any:
    """The reminder email's link: GET only shows it (mail scanners open links); POST confirms."""
    try:
        service = freshness.check_confirm_token(token)
    except freshness.InvalidConfirmLink as error:
        return render_template("manage/link_invalid.html", message=error.message), 400
    if request.method == "POST":
        freshness.confirm_by_link(token, utcnow())
        return render_template("manage/confirmed.html", service=service)
    return render_template("manage/confirm_link.html", service=service, token=token)


# Organisations and locations ---------------------------------------------------------------


@bp.route("/manage/organisations/<organisation_uuid>/edit", methods=["GET", "POST"])
@login_required()
def edit_organisation(organisation_uuid: str) -> Any:
    organisation: Organisation = find(Organisation, organisation_uuid)
    require(current_user, "edit", organisation)
    values: Any = versions.snapshot_organisation(organisation)
    errors: Errors = {}
    edit = form_edit_state(organisation)
    if request.method == "POST":
        values = request.form
        data, errors = load(schemas.OrganisationFormSchema(), form_data(request.form))
        if not errors:
            proposed = schemas.organisation_snapshot_from_form(data)
            try:
                outcome = save_listing(organisation, proposed, "Organisation details edited", edit)
            except StaleEdit:
                edit = refused(edit, organisation)  # type: ignore[arg-type]
            else:
                flash(OUTCOME_MESSAGES[outcome], "success")
                return redirect(url_for("manage.dashboard"))
    return render_template(
        "manage/organisation_form.html",
        organisation=organisation,
        values=values,
        errors=errors,
        pending=editing.pending_changes_for(organisation),
        edit=edit,
        **option_lists(),
    ), page_status(errors, edit)


def _location_page(organisation: Organisation, location: Location | None) -> Any:
    values: Any = versions.snapshot_location(location) if location else {}
    if location is not None:
        values["confidential"] = ["true"] if location.confidential else []
    errors: Errors = {}
    edit = form_edit_state(location)
    if request.method == "POST":
        values = request.form
        data, errors = load(schemas.LocationFormSchema(), form_data(request.form))
        if not errors:
            proposed = schemas.location_snapshot_from_form(data)
            try:
                if location is None:
                    outcome, _ = editing.add_location(
                        organisation, proposed, current_user, utcnow()
                    )
                else:
                    outcome = save_listing(location, proposed, "Location edited", edit)
            except StaleEdit:
                edit = refused(edit, location)  # type: ignore[arg-type]
            except DomainError as error:
                errors = domain_errors(error)
            else:
                flash(OUTCOME_MESSAGES[outcome], "success")
                return redirect(url_for("manage.dashboard"))
    return render_template(
        "manage/location_form.html",
        organisation=organisation,
        location=location,
        values=values,
        errors=errors,
        edit=edit,
    ), page_status(errors, edit)


@bp.route("/manage/organisations/<organisation_uuid>/locations/new", methods=["GET", "POST"])
@login_required()
def add_location(organisation_uuid: str) -> Any:
    organisation: Organisation = find(Organisation, organisation_uuid)
    require(current_user, "edit", organisation)
    return _location_page(organisation, None)


@bp.route("/manage/locations/<location_uuid>/edit", methods=["GET", "POST"])
@login_required()
def edit_location(location_uuid: str) -> Any:
    location: Location = find(Location, location_uuid)
    require(current_user, "edit", location.organisation)
    return _location_page(location.organisation, location)


# Public forms ------------------------------------------------------------------------------


@bp.route("/list-your-group", methods=["GET", "POST"])
def list_your_group() -> Any:
    values: Any = {}
    errors: Errors = {}
    if request.method == "POST":
        values = request.form
        data, errors = load(schemas.NewListingSchema(), form_data(request.form, ("themes",)))
        if not errors:
            try:
                moderation.propose_new_listing(data, current_user, utcnow())
            except DomainError as error:
                db.session.rollback()
                errors = domain_errors(error)
            else:
                return render_template("manage/thanks.html", what="listing")
    return render_template(
        "manage/list_your_group.html", values=values, errors=errors, **option_lists()
    ), (400 if errors else 200)


@bp.route("/services/<service_uuid>/suggest", methods=["GET", "POST"])
def suggest_edit(service_uuid: str) -> Any:
    service = get_listed_service(service_uuid)
    values: Any = {}
    errors: Errors = {}
    if request.method == "POST":
        values = request.form
        data, errors = load(schemas.SuggestionSchema(), form_data(request.form))
        if not errors:
            moderation.suggest_edit(service, data, current_user, utcnow())
            return render_template("manage/thanks.html", what="suggestion", service=service)
    return render_template("manage/suggest.html", service=service, values=values, errors=errors), (
        400 if errors else 200
    )


@bp.route("/organisations/<organisation_uuid>/claim", methods=["GET", "POST"])
def claim_organisation(organisation_uuid: str) -> Any:
    organisation, _ = get_listed_organisation(organisation_uuid)
    values: Any = {}
    errors: Errors = {}
    if request.method == "POST":
        values = request.form
        data, errors = load(schemas.ClaimSchema(), form_data(request.form))
        if not errors:
            try:
                moderation.claim_organisation(organisation, data, utcnow())
            except DomainError as error:
                errors = domain_errors(error)
            else:
                return render_template(
                    "manage/thanks.html", what="claim", organisation=organisation
                )
    return render_template(
        "manage/claim.html", organisation=organisation, values=values, errors=errors
    ), (400 if errors else 200)
