"""Pages: the co-ordinator's caseload: clients, the wellbeing wheel, sign-off, actions,
shortlists and the referrals they send.

Each view parses input with a schema, calls a service, and renders or redirects; none
commits: the request's transaction ends as the view returns (core/transaction.py), so the
audit entry a page writes on reading a client stands with the page. The blueprint,
`referrals`, also holds the provider inbox (inbox_views.py).
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts.auth import login_required
from accounts.models import Role
from core.errors import Conflict, Refused
from core.extensions import db
from core.forms import Errors, domain_errors, load
from core.mail import send_email
from core.models import utcnow
from core.permissions import can
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit
from directory.models import Service
from directory.practices import Practice, practice_choices
from directory.printable import Entry, entry_for
from directory.themes import Theme
from referrals import caseload, closing, finding, services
from referrals.closing_models import ClosingReason, ClosureState
from referrals.counts import caseload_counts
from referrals.models import (
    ActionKind,
    AgeBand,
    AssessmentStage,
    Client,
    ContactPreference,
    SharedField,
)
from referrals.nhs_number import InvalidNHSNumber
from referrals.responding import seen_version
from referrals.schemas import (
    ActionOutcomeSchema,
    ActionSchema,
    AssessmentSchema,
    ClientSchema,
    ClientUpdateSchema,
    ReferralSchema,
    ShortlistSchema,
    SignOffSchema,
    TransitionSchema,
    form_dates,
    wheel_form_data,
    wheel_form_errors,
)
from referrals.states import ReferralState, Side, transitions_from
from search.schemas import RADIUS_CHOICES
from search.services import public_hit

bp = Blueprint("referrals", __name__)

coordinator_only = login_required(Role.COORDINATOR)

CLIENT_DATES = ("date_of_birth", "consent_given_on")


def _practice_options(current: Practice | None) -> list[tuple[str, str]]:
    return [("", "Not known")] + practice_choices(current)


def _choices() -> dict[str, Any]:
    return {
        "theme_options": Theme.choices(blank="Choose a theme"),
        "age_band_options": AgeBand.choices(blank="Not given"),
        "contact_options": ContactPreference.choices(),
        "shared_options": SharedField.choices(),
        "kind_options": ActionKind.choices(
            only=(k for k in ActionKind if k is not ActionKind.REFERRAL)
        ),
        "shortlist_kind_options": ActionKind.choices(
            only=[ActionKind.INFORMATION_GIVEN, ActionKind.SERVICE_RECOMMENDATION]
        ),
        "stage_options": AssessmentStage.choices(),
        "themes": list(Theme),
        "ons4_questions": caseload.ONS4_QUESTIONS,
    }


def _date_values(client: Client, name: str) -> dict[str, str]:
    value = getattr(client, name)
    if value is None:
        return {}
    return {f"{name}-day": value.day, f"{name}-month": value.month, f"{name}-year": value.year}


RADAR_SIZE = 400
RADAR_RADIUS = 130


def _radar(change: caseload.WheelChange) -> dict[str, Any]:
    """Coordinates for the wheel picture: rings, spokes, labels and the two score shapes."""
    centre = RADAR_SIZE / 2
    themes = list(Theme)

    def xy(index: int, score: float) -> tuple[float, float]:
        angle = index / len(themes) * 2 * math.pi - math.pi / 2
        distance = RADAR_RADIUS * score / caseload.WHEEL_MAX
        return round(centre + distance * math.cos(angle), 1), round(
            centre + distance * math.sin(angle), 1
        )

    def shape(scores: list[float]) -> str:
        return " ".join(f"{x},{y}" for x, y in (xy(i, s) for i, s in enumerate(scores)))

    first = change.first.score_by_theme
    latest = change.latest.score_by_theme
    return {
        "size": RADAR_SIZE,
        "centre": centre,
        "rings": [shape([level] * len(themes)) for level in range(1, caseload.WHEEL_MAX + 1)],
        "spokes": [xy(i, caseload.WHEEL_MAX) for i in range(len(themes))],
        "labels": [(*xy(i, 6.1), t.label.split(" ")[0]) for i, t in enumerate(themes)],
        "first": None
        if change.first.id == change.latest.id
        else shape([first[t].score for t in themes]),
        "latest": shape([latest[t].score for t in themes]),
    }


# -- Dashboard and caseload --------------------------------------------------------------------


@bp.get("/caseload")
@coordinator_only
def dashboard() -> str:
    board = services.dashboard(current_user)
    return render_template(
        "referrals/dashboard.html",
        board=board,
        more_counts=caseload_counts(current_user),
        today=utcnow().date(),
        now=utcnow(),
    )


@bp.get("/clients")
@coordinator_only
def clients() -> str:
    status_text = request.args.get("status", "open")
    status = caseload.status_filter(status_text)
    # The search box is `q`, whose value the log redaction hides: it may be an NHS number.
    text = request.args.get("q", "")[:100]
    error = None
    try:
        found = caseload.find_clients(current_user, text, status)
    except InvalidNHSNumber as invalid:
        found, error = [], str(invalid)
    return render_template(
        "referrals/clients.html", clients=found, q=text, status=status_text, error=error
    )


@bp.route("/clients/new", methods=["GET", "POST"])
@coordinator_only
def new_client() -> str | Response:
    values: Any = {}
    errors: Errors = {}
    duplicates: list[Client] | None = None
    if request.method == "POST":
        values = request.form
        data, errors = load(ClientSchema(), form_dates(request.form, *CLIENT_DATES))
        if not errors:
            confirm = data.pop("confirm_duplicate")
            try:
                client = caseload.create_client(current_user, data, confirm_duplicate=confirm)
            except Refused as refusal:
                # A GP practice code not in the table: refused before the client is added.
                errors = domain_errors(refusal)
            except caseload.DuplicateClient as duplicate:
                # A 200 page, so the probe's audit records stand; nothing else was written.
                duplicates = [db.session.get(Client, i) for i in duplicate.details["client_ids"]]
            else:
                flash(f"{client.full_name} added to your caseload", "success")
                return redirect(url_for("referrals.new_assessment", client_id=client.id))
    return render_template(
        "referrals/client_form.html",
        values=values,
        errors=errors,
        duplicates=duplicates,
        client=None,
        practice_options=_practice_options(None),
        team_options=[("", "Only me")]
        + [(m.team_id, m.team.name) for m in current_user.team_memberships],
        **_choices(),
    )


@bp.get("/clients/<int:client_id>")
@login_required(Role.COORDINATOR, Role.TEAM_LEADER)
def client(client_id: int) -> str:
    found = caseload.get_client(current_user, client_id)
    closure = closing.latest_closure(found)
    for referral in [a.referral for a in found.actions if a.referral]:
        services.expire_if_due(referral)
    latest = found.assessments[-1] if found.assessments else None
    change = caseload.wheel_change(found)
    return render_template(
        "referrals/client.html",
        client=found,
        change=change,
        radar=_radar(change) if change else None,
        latest=latest,
        needs=caseload.needs_conversation(latest) if latest else [],
        search_url=lambda theme: finding.find_support_url(found, theme),
        find_support_url=finding.find_support_url(found),
        shortlists=finding.shortlists_of(found),
        today=utcnow().date(),
        closure=closure,
        may_edit=can(current_user, "edit", found),
        may_reallocate=can(current_user, "reallocate", found),
        may_decide=closure is not None and can(current_user, "approve", closure),
    )


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@coordinator_only
def edit_client(client_id: int) -> ResponseReturnValue:
    found = caseload.get_client(current_user, client_id, "edit")
    errors: Errors = {}
    status = 200
    if request.method == "POST":
        values: Any = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(ClientUpdateSchema(), form_dates(request.form, *CLIENT_DATES))
        if not errors:
            data.pop("confirm_duplicate")
            data.pop("team_id")
            if data.get("consent_given_on") is None:
                data.pop("consent_given_on")
            try:
                caseload.update_client(current_user, found, data, seen_version=edit.version)
            except Refused as refusal:
                errors = domain_errors(refusal)
            except StaleEdit:
                edit = edit.refused(found, caseload.client_snapshot, caseload.client_changes)
                # The refusal shows the client as they are now: an access, audited again.
                caseload.get_client(current_user, client_id, "edit")
                keep_changes()
                status = 409
            else:
                flash("Details saved", "success")
                return redirect(url_for("referrals.client", client_id=found.id))
    else:
        edit = EditState.of(found, caseload.client_snapshot)
        values = {
            name: getattr(found, name)
            for name in caseload.CLIENT_FIELDS + ("postcode",)
            if getattr(found, name) is not None
        }
        values["contact_preference"] = found.contact_preference.value
        values["nhs_number"] = found.nhs_number_shown
        values["practice_code"] = found.practice_code or ""
        values["age_band"] = found.age_band.value if found.age_band else ""
        values["safe_to_leave_message"] = "true" if found.safe_to_leave_message else ""
        for name in CLIENT_DATES:
            values.update(_date_values(found, name))
    return render_template(
        "referrals/client_form.html",
        values=values,
        errors=errors,
        duplicates=None,
        client=found,
        practice_options=_practice_options(found.practice),
        edit=edit,
        team_options=[],
        **_choices(),
    ), status


# -- Wellbeing ---------------------------------------------------------------------------------


@bp.route("/clients/<int:client_id>/wheel", methods=["GET", "POST"])
@coordinator_only
def new_assessment(client_id: int) -> str | Response:
    found = caseload.get_client(current_user, client_id, "edit")
    default_stage = AssessmentStage.REVIEW if found.assessments else AssessmentStage.START
    values: Any = {"stage": default_stage.value}
    errors: Errors = {}
    if request.method == "POST":
        values = request.form
        data, errors = load(AssessmentSchema(), wheel_form_data(request.form))
        errors = wheel_form_errors(errors)
        if not errors:
            caseload.record_assessment(
                current_user,
                found,
                data["stage"],
                {s["theme"]: (s["score"], s["note"]) for s in data["scores"]},
                data["ons4"],
                taken_on=data["taken_on"],
            )
            flash("Wellbeing wheel saved", "success")
            return redirect(url_for("referrals.client", client_id=found.id) + "#wheel")
    return render_template(
        "referrals/assessment_form.html",
        client=found,
        values=values,
        errors=errors,
        sign_off=False,
        **_choices(),
    )


@bp.route("/clients/<int:client_id>/sign-off", methods=["GET", "POST"])
@coordinator_only
def sign_off(client_id: int) -> str | Response:
    found = caseload.get_client(current_user, client_id, "edit")
    if not found.is_open:
        raise Conflict("This client has already been signed off.")
    if closing.open_closure(found) is not None:
        raise Conflict("This sign-off is already waiting for a team leader's approval.")
    settings = closing.settings_for(closing.team_of(found))
    values: Any = {}
    errors: Errors = {}
    if request.method == "POST":
        values = request.form
        raw = wheel_form_data(request.form)
        raw["closing_note"] = request.form.get("closing_note", "")
        raw["closing_reason"] = request.form.get("closing_reason", "")
        raw["answers"] = {k: v for k, v in request.form.items() if k.startswith("exit_")}
        raw["stage"] = AssessmentStage.SIGN_OFF.value
        data, errors = load(SignOffSchema(), raw)
        if not errors:
            try:
                closure = closing.sign_off_loaded(current_user, found, data)
            except Refused as refusal:
                # The questionnaire is checked before anything is written, so nothing is lost.
                errors = domain_errors(refusal)
            else:
                if closure.state is ClosureState.AWAITING_APPROVAL:
                    flash("Sign-off sent to a team leader for approval", "success")
                else:
                    flash(f"{found.full_name} has been signed off", "success")
                return redirect(url_for("referrals.client", client_id=found.id))
        errors = wheel_form_errors(errors)
    return render_template(
        "referrals/assessment_form.html",
        client=found,
        values=values,
        errors=errors,
        sign_off=True,
        settings=settings,
        closing_reasons=ClosingReason.choices(),
        agree_scale=closing.AGREE_SCALE,
        statement_field=closing.statement_field,
        rating_field=closing.RATING_FIELD,
        **_choices(),
    )


@bp.post("/clients/<int:client_id>/reopen")
@coordinator_only
def reopen(client_id: int) -> Response:
    found = caseload.get_client(current_user, client_id, "edit")
    caseload.reopen_client(current_user, found)
    flash(f"{found.full_name} is open again", "success")
    return redirect(url_for("referrals.client", client_id=found.id))


# -- Actions and shortlists --------------------------------------------------------------------


@bp.route("/clients/<int:client_id>/actions/new", methods=["GET", "POST"])
@coordinator_only
def new_action(client_id: int) -> str | Response:
    found = caseload.get_client(current_user, client_id, "edit")
    values: Any = {"theme": request.args.get("theme", "")}
    errors: Errors = {}
    if request.method == "POST":
        values = request.form
        data, errors = load(ActionSchema(), form_dates(request.form, "due_on"))
        if not errors:
            service = db.session.get(Service, data["service_id"]) if data["service_id"] else None
            caseload.add_action(
                current_user,
                found,
                data["kind"],
                data["theme"],
                data["description"],
                service=service,
                due_on=data["due_on"],
            )
            flash("Action added", "success")
            return redirect(url_for("referrals.client", client_id=found.id) + "#actions")
    return render_template(
        "referrals/action_form.html", client=found, values=values, errors=errors, **_choices()
    )


@bp.route("/actions/<int:action_id>/outcome", methods=["GET", "POST"])
@coordinator_only
def action_outcome(action_id: int) -> ResponseReturnValue:
    action = caseload.get_action(current_user, action_id)
    values: Any = {"status": action.status.value, "outcome_note": action.outcome_note}
    errors: Errors = {}
    edit = EditState.of(action, caseload.action_snapshot)
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        # The page's version travels in the hidden field, read by EditState.
        data, errors = load(ActionOutcomeSchema(exclude=("version",)), request.form)
        if not errors:
            try:
                caseload.close_action(
                    current_user,
                    action,
                    data["status"],
                    data["outcome_note"],
                    seen_version=edit.version,
                )
            except StaleEdit:
                edit = edit.refused(action, caseload.action_snapshot, caseload.action_changes)
            else:
                flash("Action updated", "success")
                return redirect(
                    url_for("referrals.client", client_id=action.client_id) + "#actions"
                )
    return render_template(
        "referrals/action_outcome.html", action=action, values=values, errors=errors, edit=edit
    ), (409 if edit.stale else 400 if errors else 200)


def _picker(client: Client, referrable: bool, pick: str) -> dict[str, Any]:
    """The search inside the referral and list flows (referrals/_service_picker.html)."""
    picker = finding.picker_search(client, request.args, referrable=referrable)
    hits = [public_hit(h) for h in picker.results.outcome.hits] if picker.results else []

    def url_for_page(number: int) -> str:
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
        return request.path + "?" + urlencode([*args, ("page", str(number))])

    return {
        "picker": picker,
        "hits": hits,
        "search_values": request.args,
        "search_errors": picker.errors,
        "pick": pick,
        "radius_options": [(str(km), f"{km} km") for km in RADIUS_CHOICES],
        "url_for_page": url_for_page,
        "service_ids": finding.ids_by_uuid([h["id"] for h in hits]) if pick == "tick" else {},
    }


@bp.route("/clients/<int:client_id>/shortlist", methods=["GET", "POST"])
@coordinator_only
def new_shortlist(client_id: int) -> Any:
    found = caseload.get_client(current_user, client_id, "edit")
    errors: Errors = {}
    values: Any = request.args
    if request.method == "POST":
        values = request.form
        raw = request.form.to_dict()
        raw["service_ids"] = request.form.getlist("service_ids")
        data, errors = load(ShortlistSchema(), raw)
        if not errors:
            picked = [db.session.get(Service, i) for i in data["service_ids"]]
            listed = [s for s in picked if s is not None and s.is_listed]
            try:
                shortlist, _added = finding.add_services_to_list(
                    current_user, found, listed, data["kind"], note=data["note"]
                )
            except Refused as refusal:  # none of those chosen is listed any more
                errors = domain_errors(refusal)
            else:
                return redirect(url_for("referrals.shortlist", shortlist_id=shortlist.id))
    picker = _picker(found, referrable=False, pick="tick")
    open_list = finding.open_shortlist(found, current_user)
    return render_template(
        "referrals/shortlist_form.html",
        client=found,
        values=values,
        errors=errors,
        open_list=open_list,
        ticked=request.form.getlist("service_ids") if request.method == "POST" else [],
        **picker,
        **_choices(),
    ), (400 if errors else 200)


def _entries(shortlist: Any) -> list[Entry]:
    """Each service on the list as it prints: address, times, contact, one line about it."""
    return [entry_for(action.service) for action in shortlist.actions]


@bp.get("/shortlists/<int:shortlist_id>")
@coordinator_only
def shortlist(shortlist_id: int) -> str:
    found = caseload.get_shortlist(current_user, shortlist_id)
    return render_template("referrals/shortlist.html", shortlist=found, entries=_entries(found))


@bp.post("/shortlists/<int:shortlist_id>/email")
@coordinator_only
def email_shortlist(shortlist_id: int) -> Response:
    found = caseload.get_shortlist(current_user, shortlist_id)
    if not found.client.email:
        raise Conflict("Add the person's email address before emailing their list.")
    body = render_template(
        "referrals/email/shortlist.txt", shortlist=found, entries=_entries(found)
    )
    send_email(found.client.email, "Services your co-ordinator suggested", body)
    found.emailed_at = utcnow()
    flash("The list has been emailed", "success")
    return redirect(url_for("referrals.shortlist", shortlist_id=found.id))


# -- Referrals: co-ordinator side --------------------------------------------------------------


@bp.route("/clients/<int:client_id>/referrals/new", methods=["GET", "POST"])
@coordinator_only
def new_referral(client_id: int) -> str | Response:
    found = caseload.get_client(current_user, client_id, "edit")
    values: Any = request.form if request.method == "POST" else request.args
    service = None
    if values.get("service_id", "").isdigit():
        service = db.session.get(Service, int(values["service_id"]))
    elif values.get("service"):  # a search result's "Refer": the service's public id
        service = finding.listed_service(values["service"])
    today = utcnow().date()
    errors: Errors = {}
    if request.method == "POST":
        raw = form_dates(request.form, "consent_to_share_on", "due_on")
        raw["shared_fields"] = request.form.getlist("shared_fields")
        data, errors = load(ReferralSchema(), raw)
        if not errors and service is None:
            errors = {"service_id": ["Choose a service to refer to"]}
        if not errors and service is not None:
            referral = services.send_referral(
                current_user,
                found,
                service,
                theme=data["theme"],
                reason=data["reason"],
                consent_to_share_on=data["consent_to_share_on"] or today,
                shared_fields=data["shared_fields"],
                due_on=data["due_on"],
            )
            flash(f"Referral sent to {service.name} (reference {referral.reference})", "success")
            return redirect(url_for("referrals.client", client_id=found.id))
    picker = _picker(found, referrable=True, pick="choose") if service is None else {}
    return render_template(
        "referrals/referral_form.html",
        client=found,
        service=service,
        blocked=services.referral_block(service, today) if service else None,
        warning=services.referral_warning(service, today) if service else None,
        values=values,
        errors=errors,
        **picker,
        **_choices(),
    )


@bp.get("/referrals/<int:referral_id>")
@login_required(Role.COORDINATOR, Role.PROVIDER)
def referral(referral_id: int) -> str | Response:
    found = services.get_referral(current_user, referral_id)
    return render_template(
        "referrals/referral.html",
        referral=found,
        expires_at=services.expires_at(found),
        can_withdraw=bool(transitions_from(found.state, Side.COORDINATOR)),
    )


@bp.post("/referrals/<int:referral_id>/withdraw")
@coordinator_only
def withdraw(referral_id: int) -> Response:
    found = services.get_referral(current_user, referral_id)
    data = TransitionSchema().load(request.form)
    services.transition(
        found,
        ReferralState.WITHDRAWN,
        by=current_user,
        note=data["note"],
        seen_version=seen_version(),
    )
    flash(f"Referral {found.reference} withdrawn", "success")
    return redirect(url_for("referrals.referral", referral_id=found.id))
