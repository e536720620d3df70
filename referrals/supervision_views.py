"""Pages for team leaders (caseloads, reallocation, sign-off approval, the weekly summary) and
the capacity lead's sign-off settings for each team.

Each view parses input with a schema, calls a service, and renders or redirects; the request's
transaction ends as it returns (core/transaction.py).
Every page showing personal data answers `Cache-Control: no-store` (see core/security.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts import services as accounts_services
from accounts.auth import login_required
from accounts.models import Role
from core.errors import Refused
from core.extensions import db
from core.forms import domain_errors, load
from core.models import utcnow
from core.suppression import SMALL_COUNT
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit
from referrals import caseload, closing, supervision
from referrals.closing_models import ClosureState
from referrals.closing_schemas import (
    ClosingSettingsSchema,
    DecisionSchema,
    ReallocationSchema,
    settings_form_data,
)

bp = Blueprint("supervision", __name__)

leader_only = login_required(Role.TEAM_LEADER)
lead_only = login_required(Role.CAPACITY_LEAD)


@bp.get("/team")
@leader_only
def teams() -> str:
    led = [
        (
            team,
            supervision.caseloads(current_user, team),
            closing.awaiting_approval(current_user, team),
        )
        for team in supervision.led_teams(current_user)
    ]
    return render_template("supervision/teams.html", led=led)


@bp.get("/team/<int:team_id>/summary")
@leader_only
def summary(team_id: int) -> str:
    team = supervision.get_led_team(current_user, team_id)
    found = supervision.weekly_summary(current_user, team, utcnow().date())
    return render_template("supervision/summary.html", summary=found, today=utcnow().date())


@bp.route("/team/clients/<int:client_id>/reallocate", methods=["GET", "POST"])
@leader_only
def reallocate(client_id: int) -> Response | tuple[str, int]:
    client = supervision.client_to_reallocate(current_user, client_id)
    values: Any = {}
    errors: dict[str, Any] = {}
    status = 200
    edit = EditState.of(client, caseload.client_snapshot)
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(ReallocationSchema(), request.form)
        if not errors:
            try:
                supervision.reallocate(current_user, client, data["coordinator_id"], edit.version)
            except Refused as refusal:
                errors = domain_errors(refusal)
            except StaleEdit:
                edit = edit.refused(client, caseload.client_snapshot, caseload.client_changes)
                supervision.client_to_reallocate(current_user, client_id)
                status = 409
            else:
                flash("Client reallocated; both co-ordinators have been emailed", "success")
                return redirect(url_for("referrals.client", client_id=client.id))
    options = [("", "Choose a co-ordinator")] + [
        (str(person.id), person.display_name)
        for person in supervision.coordinator_choices(current_user, client)
        if person.id != client.owner_id
    ]
    keep_changes()  # the audit of reading the client stands when a stale form is refused
    return render_template(
        "supervision/reallocate.html",
        client=client,
        options=options,
        values=values,
        errors=errors,
        edit=edit,
    ), status


@bp.route("/team/sign-offs/<int:closure_id>", methods=["GET", "POST"])
@leader_only
def decide(closure_id: int) -> Response | tuple[str, int]:
    closure = closing.get_closure(current_user, closure_id, "approve")
    values: Any = {}
    errors: dict[str, Any] = {}
    status = 200
    edit = EditState(closure.version, None, [])
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(DecisionSchema(), request.form)
        if not errors:
            try:
                if data["decision"] == "approve":
                    closing.approve(current_user, closure, edit.version)
                else:
                    closing.return_sign_off(current_user, closure, data["note"], edit.version)
            except Refused as refusal:
                errors = domain_errors(refusal)
            except StaleEdit:
                db.session.rollback()
                closure = closing.get_closure(current_user, closure_id, "approve")
                edit = EditState(closure.version, None, [], stale=True)
                status = 409
            else:
                approved = closure.state is ClosureState.APPROVED
                flash("Sign-off approved" if approved else "Sign-off returned", "success")
                return redirect(url_for("supervision.teams"))
    keep_changes()  # the audit of reading the sign-off stands when a stale form is refused
    return render_template(
        "supervision/decide.html",
        closure=closure,
        client=closure.client,
        values=values,
        errors=errors,
        edit=edit,
        agree=dict(closing.AGREE_SCALE),
    ), status


@bp.get("/team/<int:team_id>/questionnaire")
@leader_only
def questionnaire(team_id: int) -> str:
    team = supervision.get_led_team(current_user, team_id)
    statements, rating = closing.questionnaire_report(team)
    return render_template(
        "supervision/questionnaire.html",
        team=team,
        statements=statements,
        rating=rating,
        scale=closing.AGREE_SCALE,
        small=SMALL_COUNT,
        back=url_for("supervision.teams"),
    )


@bp.route("/admin/teams/<int:team_id>/sign-off-settings", methods=["GET", "POST"])
@lead_only
def settings(team_id: int) -> Response | tuple[str, int]:
    team = accounts_services.get_team(current_user, team_id)
    current = closing.settings_for(team)
    errors: dict[str, Any] = {}
    status = 200
    edit = (
        EditState.of(current, closing.settings_snapshot)
        if current.id
        else EditState(None, None, [])
    )
    values: Any = {
        "signoffs_need_approval": "yes" if current.signoffs_need_approval else "",
        "ask_service_rating": "yes" if current.ask_service_rating else "",
        "exit_statements": "\n".join(current.exit_statements or []),
    }
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(ClosingSettingsSchema(), settings_form_data(request.form))
        errors = {
            key: (list(value.values())[0] if isinstance(value, dict) else value)
            for key, value in errors.items()
        }
        if not errors:
            try:
                closing.save_settings(current_user, team, data, edit.version)
            except StaleEdit:
                edit = edit.refused(current, closing.settings_snapshot, closing.settings_changes)
                status = 409
            else:
                flash("Sign-off settings saved", "success")
                return redirect(url_for("supervision.settings", team_id=team.id))
    statements, rating = closing.questionnaire_report(team)
    return render_template(
        "supervision/settings.html",
        team=team,
        values=values,
        errors=errors,
        edit=edit,
        statements=statements,
        rating=rating,
        scale=closing.AGREE_SCALE,
        small=SMALL_COUNT,
    ), status
