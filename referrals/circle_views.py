"""Pages: the person's circle of support and whether they are an unpaid carer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts.auth import login_required
from accounts.models import Role
from core.extensions import db
from core.forms import Errors, load
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit
from referrals import circle
from referrals.circle_schemas import CarerStatusSchema, CirclePersonSchema

bp = Blueprint("circle", __name__)
# Co-ordinators, and the leaders of a client's team (who read; the policy refuses them changes).
caseworkers = login_required(Role.COORDINATOR, Role.TEAM_LEADER)


def _carer_values(status: Any) -> dict[str, str]:
    if status is None:
        return {}
    return {"self_carer": "true" if status.is_unpaid_carer else "", "cares_for": status.cares_for}


@bp.route("/clients/<int:client_id>/circle", methods=["GET", "POST"])
@caseworkers
def circle_page(client_id: int) -> Any:
    """The circle of support; the form adds a person to it."""
    client, people, status = circle.circle_for(current_user, client_id)
    errors: Errors = {}
    if request.method == "POST":
        data, errors = load(CirclePersonSchema(exclude=("version",)), request.form)
        if not errors:
            circle.add_person(current_user, client, data)
            flash(f"{data['name']} added to the circle of support", "success")
            return redirect(url_for("circle.circle_page", client_id=client.id))
        keep_changes()  # the view's audit entries stand although the form is refused
    carer_edit = EditState.of(status, circle.carer_snapshot) if status else None
    return render_template(
        "circle/circle.html",
        client=client,
        people=people,
        status=status,
        values=request.form if errors else {},
        errors=errors,
        carer_values=_carer_values(status),
        carer_errors={},
        carer_edit=carer_edit,
    ), (400 if errors else 200)


@bp.post("/clients/<int:client_id>/carer")
@caseworkers
def carer(client_id: int) -> Any:
    client, people, status = circle.circle_for(current_user, client_id)
    edit = EditState.from_form(request.form)
    errors: dict[str, Any] = {}
    # The add-a-person form on the same page has its own is_unpaid_carer checkbox.
    form = {"is_unpaid_carer": request.form.get("self_carer", ""),
            "cares_for": request.form.get("cares_for", "")}  # fmt: skip
    data, errors = load(CarerStatusSchema(exclude=("version",)), form)
    errors = {("self_carer" if k == "is_unpaid_carer" else k): v for k, v in errors.items()}
    if not errors:
        try:
            circle.set_carer_status(current_user, client, data, seen_version=edit.version)
        except StaleEdit:
            edit = edit.refused(status, circle.carer_snapshot, circle.carer_changes)
            client, people, status = circle.circle_for(current_user, client_id)
        else:
            flash("Carer details saved", "success")
            return redirect(url_for("circle.circle_page", client_id=client.id))
    keep_changes()  # the audit entries of reading the page stand although the save is refused
    return render_template(
        "circle/circle.html",
        client=client,
        people=people,
        status=status,
        values={},
        errors={},
        carer_values=request.form,
        carer_errors=errors,
        carer_edit=edit,
    ), (409 if edit.stale else 400)


@bp.route("/circle/<int:person_id>", methods=["GET", "POST"])
@caseworkers
def person(person_id: int) -> Any:
    found = circle.get_person(current_user, person_id, "edit")
    errors: dict[str, Any] = {}
    edit = EditState.of(found, circle.person_snapshot)
    values: Any = {
        **{k: getattr(found, k) or "" for k in ("name", "relationship_to_client", "phone",
                                                 "email", "note")},
        "may_contact": "true" if found.may_contact else "",
        "is_unpaid_carer": "true" if found.is_unpaid_carer else "",
    }  # fmt: skip
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(CirclePersonSchema(exclude=("version",)), request.form)
        if not errors:
            try:
                circle.update_person(current_user, found, data, seen_version=edit.version)
            except StaleEdit:
                edit = edit.refused(found, circle.person_snapshot, circle.person_changes)
                circle.get_person(current_user, person_id, "edit")
            else:
                flash("Saved", "success")
                return redirect(url_for("circle.circle_page", client_id=found.client_id))
    keep_changes()  # the audit entries stand, the refused save's answers (400, 409) included
    return render_template(
        "circle/person.html", person=found, values=values, errors=errors, edit=edit
    ), (409 if edit.stale else 400 if errors else 200)


@bp.post("/circle/<int:person_id>/remove")
@caseworkers
def remove(person_id: int) -> Response:
    found = circle.get_person(current_user, person_id, "edit")
    client_id = found.client_id
    try:
        circle.remove_person(
            current_user, found, seen_version=EditState.from_form(request.form).version
        )
    except StaleEdit:
        # The redirect would commit: nothing of the refused removal may.
        db.session.rollback()
        flash("Their details changed while you were looking: check them before removing")
        return redirect(url_for("circle.person", person_id=person_id))
    flash("Removed from the circle of support", "success")
    return redirect(url_for("circle.circle_page", client_id=client_id))
