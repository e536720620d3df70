"""Pages on a client: outcome measures (such as SWEMWBS) and equality monitoring."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from core.errors import NotFound
from core.forms import load
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit
from referrals import caseload, equality, measures
from referrals.measure_schemas import load_measure_form
from referrals.models import AssessmentStage

bp = Blueprint("outcomes", __name__)
# Co-ordinators, and the leaders of a client's team (who read; the policy refuses them changes).
caseworkers = login_required(Role.COORDINATOR, Role.TEAM_LEADER)


@bp.route("/clients/<int:client_id>/measures/<key>", methods=["GET", "POST"])
@caseworkers
def record_measure(client_id: int, key: str) -> Any:
    found = caseload.get_client(current_user, client_id, "edit")
    measure = measures.enabled_measure(key)
    if measure is None:
        raise NotFound("Page not found.")
    default_stage = AssessmentStage.REVIEW if found.assessments else AssessmentStage.START
    values: Any = {"stage": default_stage.value}
    errors: dict[str, Any] = {}
    if request.method == "POST":
        values = request.form
        data, errors = load(partial(load_measure_form, measure), request.form)
        if not errors:
            measures.record_measure(
                current_user,
                found,
                measure,
                data["stage"],
                data["answers"],
                taken_on=data["taken_on"],
            )
            flash(f"{measure.short_name} saved", "success")
            return redirect(url_for("referrals.client", client_id=found.id) + "#measures")
        keep_changes()  # the view's audit entry stands although the form is refused
    return render_template(
        "referrals/measure_form.html",
        client=found,
        measure=measure,
        values=values,
        errors=errors,
        stage_options=AssessmentStage.choices(),
        scale=[(str(value), label) for value, label in measure.scale],
    ), (400 if errors else 200)


@bp.route("/clients/<int:client_id>/equality", methods=["GET", "POST"])
@caseworkers
def equality_monitoring(client_id: int) -> Any:
    found = caseload.get_client(current_user, client_id, "edit")
    record = equality.monitoring_of(found)
    errors: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        values: Any = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(equality.EqualitySchema(), equality.form_data(request.form))
        if errors:
            status = 400
        else:
            try:
                equality.record_equality(current_user, found, data, seen_version=edit.version)
            except StaleEdit:
                # Only an existing record can be stale.
                current = equality.monitoring_of(found)
                edit = edit.refused(current, equality.snapshot, equality.changes)
                # The refusal shows the record as it is now: an access, audited again.
                found = caseload.get_client(current_user, client_id, "edit")
                status = 409
            else:
                flash("Equality monitoring saved", "success")
                return redirect(url_for("referrals.client", client_id=found.id) + "#equality")
    else:
        edit = EditState.of(record, equality.snapshot) if record else EditState(None, None, [])
        values = {name: getattr(record, name) or "" for name in equality.FIELDS} if record else {}
    keep_changes()  # the view's audit entries stand, the refused save's answers included
    return render_template(
        "referrals/equality_form.html",
        client=found,
        questions=equality.QUESTIONS,
        values=values,
        errors=errors,
        edit=edit,
        labels=equality.LABELS,
    ), status
