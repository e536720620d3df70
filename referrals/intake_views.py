"""Pages: referrals into the service (three ways in) and the team's triage queue.

Each view parses input with a schema, calls a service in referrals.intake, and renders or
redirects; the request's transaction ends as it returns (core/transaction.py). Opening a
referral writes an audit entry, which stands even when the triage form is refused.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import Schema
from werkzeug.wrappers import Response

from accounts.auth import login_required
from accounts.models import Role
from core.forms import Errors, load
from core.models import utcnow
from core.numbers import page_number
from core.transaction import keep_changes
from core.versioning import seen_version
from referrals import intake
from referrals.intake_models import DeclineReason, IntakeSource, Urgency
from referrals.intake_schemas import (
    InvitationSchema,
    LoggedReferralSchema,
    PartnerReferralSchema,
    ReferralInSchema,
    TriageSchema,
)
from referrals.schemas import form_dates

bp = Blueprint("intake", __name__)
link_bp = Blueprint("intake_links", __name__)

coordinator_only = login_required(Role.COORDINATOR)
signed_in = login_required()


def _form_choices(teams: list[Any]) -> dict[str, Any]:
    return {
        "urgency_options": Urgency.choices(),
        "source_options": IntakeSource.choices(only=[IntakeSource.PHONE, IntakeSource.LETTER]),
        "team_options": [("", "Choose a team")] + [(str(t.id), t.name) for t in teams],
        "due_days": intake.current_due_days(),
    }


def _load(schema: Schema) -> tuple[dict[str, Any], Errors]:
    return load(schema, form_dates(request.form, "date_of_birth"))


def _referral_form(template_values: dict[str, Any], status: int = 200) -> tuple[str, int]:
    return render_template("intake/referral_form.html", **template_values), status


# -- Three ways in ----------------------------------------------------------------------------


@bp.route("/intake/new", methods=["GET", "POST"])
@coordinator_only
def log_referral() -> Any:
    teams = intake.teams_for(current_user)
    page = {"title": "Log a referral received by phone or letter", "mode": "log",
            "values": request.form, "errors": {}, **_form_choices(teams)}  # fmt: skip
    if request.method == "POST":
        data, errors = _load(LoggedReferralSchema())
        if errors:
            return _referral_form({**page, "errors": errors}, 400)
        referral = intake.log_referral(current_user, data.pop("team_id"), data)
        flash(f"Referral {referral.reference} logged", "success")
        return redirect(url_for("intake.referral", referral_id=referral.id))
    return _referral_form(page)


@bp.route("/intake/refer", methods=["GET", "POST"])
@signed_in
def partner_referral() -> Any:
    intake.require_partner(current_user)
    page = {"title": "Refer someone to a team", "mode": "partner", "values": request.form,
            "errors": {}, **_form_choices(intake.all_teams())}  # fmt: skip
    if request.method == "POST":
        data, errors = _load(PartnerReferralSchema())
        if errors:
            return _referral_form({**page, "errors": errors}, 400)
        referral = intake.partner_refer(current_user, data.pop("team_id"), data)
        return render_template("intake/sent.html", reference=referral.reference)
    return _referral_form(page)


@link_bp.route("/refer/<token>", methods=["GET", "POST"])
def refer_by_link(token: str) -> Any:
    invitation = intake.invitation_from_token(token)
    page = {"title": f"Refer someone to {invitation.team.name}", "mode": "invitation",
            "invitation": invitation, "values": request.form, "errors": {},
            **_form_choices([])}  # fmt: skip
    if request.method == "POST":
        data, errors = _load(ReferralInSchema())
        if errors:
            return _referral_form({**page, "errors": errors}, 400)
        referral = intake.refer_by_invitation(invitation, data)
        return render_template("intake/sent.html", reference=referral.reference)
    return _referral_form(page)


# -- The triage queue -------------------------------------------------------------------------


@bp.get("/intake")
@coordinator_only
def queue() -> str:
    show_closed = request.args.get("view") == "all"
    page = page_number(request.args)
    referrals, total = intake.queue(current_user, show_closed=show_closed, page=page)
    return render_template(
        "intake/queue.html",
        referrals=referrals,
        total=total,
        page=page,
        per_page=intake.QUEUE_PAGE,
        today=utcnow().date(),
        show_closed=show_closed,
    )


def _referral_page(referral: Any, errors: dict[str, Any] | None = None) -> str:
    return render_template(
        "intake/referral.html",
        referral=referral,
        coordinators=intake.coordinators_of(referral),
        matches=intake.possible_matches(current_user, referral),
        decline_options=DeclineReason.choices(blank="Choose a reason"),
        errors=errors or {},
        values=request.form if errors else {},
        today=utcnow().date(),
    )


@bp.get("/intake/<int:referral_id>")
@coordinator_only
def referral(referral_id: int) -> str:
    found = intake.get_referral(current_user, referral_id)
    return _referral_page(found)


@bp.post("/intake/<int:referral_id>")
@coordinator_only
def triage(referral_id: int) -> Any:
    found = intake.get_referral(current_user, referral_id)
    data, errors = load(TriageSchema(), request.form)
    if errors:
        keep_changes()  # the audit of opening the referral stands
        return _referral_page(found, errors), 400
    version = seen_version(request.form.get("version"))
    client = intake.apply_move(current_user, found, data, version)
    if client is not None:
        flash(f"{client.full_name} is on the caseload", "success")
        return redirect(url_for("referrals.client", client_id=client.id))
    flash(f"Referral {found.reference}: {found.status.label.lower()}", "success")
    return redirect(url_for("intake.referral", referral_id=found.id))


# -- Invitation links -------------------------------------------------------------------------


@bp.route("/intake/invitations", methods=["GET", "POST"])
@coordinator_only
def invitations() -> Any:
    intake.require_inviter(current_user)
    errors: Errors = {}
    new_link = None
    if request.method == "POST":
        data, errors = load(InvitationSchema(), request.form)
        if not errors:
            _, new_link = intake.create_invitation(current_user, data.pop("team_id"), data)
    return render_template(
        "intake/invitations.html",
        invitations=intake.invitations_for(current_user),
        new_link=new_link,
        errors=errors,
        values=request.form if errors else {},
        team_options=_form_choices(intake.teams_for(current_user))["team_options"],
        now=utcnow(),
    ), (400 if errors else 200)


@bp.post("/intake/invitations/<int:invitation_id>/revoke")
@coordinator_only
def revoke_invitation(invitation_id: int) -> Response:
    invitation = intake.get_invitation(current_user, invitation_id)
    intake.revoke_invitation(current_user, invitation)
    flash("The link no longer works", "success")
    return redirect(url_for("intake.invitations"))
