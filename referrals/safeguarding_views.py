"""Pages: safeguarding concerns on a client, one concern and its outcome, and open concerns."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from core.forms import Errors, load
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit
from referrals import safeguarding
from referrals.plans_schemas import date_parts
from referrals.safeguarding_models import RiskLevel
from referrals.safeguarding_schemas import ConcernSchema
from referrals.schemas import form_dates

bp = Blueprint("safeguarding", __name__)
# Co-ordinators, and the leaders of a client's team (who read; the policy refuses them changes).
caseworkers = login_required(Role.COORDINATOR, Role.TEAM_LEADER)
# The capacity lead oversees concerns; the policy (can_see_safeguarding) decides the rest.
signed_in = login_required()

RISK_OPTIONS = RiskLevel.choices()
DATES = ("raised_on", "closed_on")


@bp.route("/clients/<int:client_id>/safeguarding", methods=["GET", "POST"])
@caseworkers
def client_concerns(client_id: int) -> Any:
    client, concerns = safeguarding.for_client(current_user, client_id)
    errors: Errors = {}
    if request.method == "POST":
        data, errors = load(
            ConcernSchema(exclude=("version", "closed_on", "outcome")),
            form_dates(request.form, *DATES),
        )
        if not errors:
            concern = safeguarding.raise_concern(current_user, client, data)
            flash("Safeguarding concern recorded", "success")
            return redirect(url_for("safeguarding.concern", concern_id=concern.id))
        keep_changes()  # the view's audit entries stand although the form is refused
    return render_template(
        "safeguarding/client.html",
        client=client,
        concerns=concerns,
        values=request.form if errors else {},
        errors=errors,
        risk_options=RISK_OPTIONS,
    ), (400 if errors else 200)


@bp.route("/safeguarding/<int:concern_id>", methods=["GET", "POST"])
@signed_in
def concern(concern_id: int) -> Any:
    found = safeguarding.get_concern(current_user, concern_id)
    errors: dict[str, Any] = {}
    edit = EditState.of(found, safeguarding.concern_snapshot)
    values: Any = {
        "seen": found.seen,
        "risk": found.risk.value,
        "raised_with": found.raised_with,
        "outcome": found.outcome,
        **date_parts("raised_on", found.raised_on),
        **date_parts("closed_on", found.closed_on),
    }
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(ConcernSchema(exclude=("version",)), form_dates(request.form, *DATES))
        if not errors:
            try:
                safeguarding.update_concern(current_user, found, data, seen_version=edit.version)
            except StaleEdit:
                edit = edit.refused(
                    found, safeguarding.concern_snapshot, safeguarding.concern_changes
                )
                safeguarding.get_concern(current_user, concern_id)
            else:
                flash("Concern saved", "success")
                return redirect(url_for("safeguarding.concern", concern_id=found.id))
    keep_changes()  # the audit entries stand, the refused save's answers (400, 409) included
    return render_template(
        "safeguarding/concern.html",
        concern=found,
        values=values,
        errors=errors,
        edit=edit,
        risk_options=RISK_OPTIONS,
    ), (409 if edit.stale else 400 if errors else 200)


@bp.get("/safeguarding")
@signed_in
def open_concerns() -> str:
    found = safeguarding.open_concerns(current_user)
    return render_template("safeguarding/open.html", concerns=found)
