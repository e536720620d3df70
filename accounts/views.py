"""Account pages: sign-in, invitations, resets, tokens, and the capacity lead's admin pages."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from math import ceil
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import func, select

from accounts import audit, services
from accounts.api import api_blueprint
from accounts.auth import login_required, safe_next, sign_in, sign_out
from accounts.links import InvalidLink
from accounts.models import AuditEvent, LinkPurpose, Role, User
from accounts.navigation import home_for
from accounts.organisations import organisations
from accounts.schemas import (
    AuditFilterSchema,
    EmailSchema,
    InviteSchema,
    LoginSchema,
    MeSchema,
    NewPasswordSchema,
    RolesSchema,
    TeamMemberSchema,
    TeamSchema,
    TokenSchema,
)
from core import mail
from core.errors import DomainError
from core.extensions import db
from core.forms import Errors, domain_errors, form_data, load
from core.numbers import page_number
from core.outbox import OutboxMessage, OutboxStatus
from core.permissions import require
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit

bp = Blueprint("accounts", __name__)
api = api_blueprint("accounts_api", __name__)

AUDIT_PAGE_SIZE = 50
OUTBOX_PAGE_SIZE = 50
ROLE_OPTIONS = Role.choices()


def _field_errors(error: DomainError, default_field: str) -> Errors:
    """A service's refusal, on the field it names or else on `default_field`."""
    return {error.details.get("field", default_field): [error.message]}


# Signing in and out ----------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    next_url = request.values.get("next")
    if request.method == "GET":
        return render_template("accounts/login.html", values={"next": next_url}, errors={})
    data, errors = load(LoginSchema(), form_data(request.form))
    values = {"email": request.form.get("email", ""), "next": next_url}
    status = 400
    if not errors:
        try:
            user = services.authenticate(
                data["email"], data["password"], request.remote_addr or "unknown"
            )
        except services.SignInThrottled as error:
            errors, status = {"_schema": [error.message]}, 429
        except services.SignInRefused as error:
            errors = {"email": [error.message]}
        else:
            sign_in(user)
            return redirect(safe_next(data.get("next"), home_for(current_app, user)))
        # The failed attempt counts towards throttling, so it must be kept.
        keep_changes()
    return render_template("accounts/login.html", values=values, errors=errors), status


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Any:
    if request.method == "GET":
        # Signing out changes state, so the link in the menu leads to this button.
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login"))
        return render_template("accounts/logout.html")
    if current_user.is_authenticated:
        services.sign_out(current_user._get_current_object())
    sign_out()
    flash("You have signed out")
    return redirect(url_for("accounts.login"))


@bp.get("/account")
@login_required()
def account() -> str:
    user = current_user._get_current_object()
    # The organisations section (memberships, invitations) reads the user's relationships.
    return render_template("accounts/account.html", user=user)


# Invitations and password resets ---------------------------------------------------------


def _set_password_page(token: str, purpose: LinkPurpose, template: str) -> Any:
    try:
        user = services.check_link(token, purpose)
    except InvalidLink as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    if request.method == "GET":
        return render_template(template, user=user, errors={})
    data, errors = load(NewPasswordSchema(), request.form.to_dict())
    if errors:
        return render_template(template, user=user, errors=errors), 400
    if purpose is LinkPurpose.INVITATION:
        user = services.accept_invitation(token, data["password"])
    else:
        user = services.reset_password(token, data["password"])
    sign_in(user)
    flash("Your password has been set", "success")
    return redirect(home_for(current_app, user))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Any:
    return _set_password_page(token, LinkPurpose.INVITATION, "accounts/accept_invitation.html")


@bp.route("/password-reset", methods=["GET", "POST"])
def request_password_reset() -> Any:
    if request.method == "GET":
        return render_template("accounts/reset_request.html", values={}, errors={})
    data, errors = load(EmailSchema(), form_data(request.form))
    if errors:
        return render_template(
            "accounts/reset_request.html", values=request.form, errors=errors
        ), 400
    try:
        services.request_password_reset(data["email"], request.remote_addr or "unknown")
    except services.ResetThrottled as error:
        errors = {"email": [error.message]}
        return render_template(
            "accounts/reset_request.html", values=request.form, errors=errors
        ), 429
    return render_template("accounts/reset_requested.html")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Any:
    return _set_password_page(token, LinkPurpose.PASSWORD_RESET, "accounts/reset_password.html")


# API tokens ------------------------------------------------------------------------------


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required()
def tokens() -> Any:
    user = current_user._get_current_object()
    errors: Errors = {}
    created = None
    status = 200
    if request.method == "POST":
        data, errors = load(TokenSchema(), form_data(request.form))
        if errors:
            status = 400
        else:
            token, plaintext = services.create_token(user, data["name"])
            # Rendered, not redirected: the token is shown this once and stored nowhere.
            created = {"name": token.name, "plaintext": plaintext}
    return render_template(
        "accounts/tokens.html",
        tokens=services.list_tokens(user),
        created=created,
        values=request.form if errors else {},
        errors=errors,
    ), status


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required()
def revoke_token(token_id: int) -> Response:
    token = services.revoke_token(current_user._get_current_object(), token_id)
    flash(f"Token “{token.name}” revoked")
    return redirect(url_for("accounts.tokens"))


@api.get("/me")
def me() -> Any:
    return MeSchema().dump(current_user._get_current_object())


# Users (capacity lead) -----------------------------------------------------------------


@bp.get("/admin/users")
@login_required()
def users() -> str:
    return render_template(
        "accounts/users.html", users=services.list_users(current_user._get_current_object())
    )


@bp.route("/admin/users/invite", methods=["GET", "POST"])
@login_required()
def invite_user() -> Any:
    by = current_user._get_current_object()
    require(by, "create", User)
    errors: Errors = {}
    if request.method == "POST":
        data, errors = load(InviteSchema(), form_data(request.form, lists=("roles",)))
        if not errors:
            try:
                services.invite_user(by, **data)
            except DomainError as error:
                errors = _field_errors(error, "email")
            else:
                flash(f"Invitation sent to {data['email']}", "success")
                return redirect(url_for("accounts.users"))
    return render_template(
        "accounts/invite_user.html",
        values=request.form,
        errors=errors,
        role_options=ROLE_OPTIONS,
        organisation_options=[("", "None")] + organisations().choices(),
    ), (400 if errors else 200)


def _user_page(
    user: User,
    errors: Errors | None = None,
    status: int = 200,
    edit: EditState | None = None,
    typed_roles: list[str] | None = None,
) -> Any:
    return render_template(
        "accounts/user.html",
        user=user,
        errors=errors or {},
        edit=edit or EditState.of(user, services.user_snapshot),
        typed_roles=typed_roles,
        role_options=ROLE_OPTIONS,
        organisation_options=organisations().choices(),
    ), status


@bp.get("/admin/users/<int:user_id>")
@login_required()
def user(user_id: int) -> Any:
    by = current_user._get_current_object()
    found = services.get_user(by, user_id, action="edit")
    audit.record("view", found)
    return _user_page(found)


def user_form_action(user_id: int, act: Any) -> Any:
    """Run `act(by, user, seen_version)` for a POSTed form on a user's page, then redirect back.

    A form loaded before someone else changed the user is re-shown (409) with what changed.
    The directory's forms on the page (adding and removing organisations) use it too.
    """
    by = current_user._get_current_object()
    found = services.get_user(by, user_id, action="edit")
    edit = EditState.from_form(request.form)
    try:
        errors = act(by, found, edit.version)
    except StaleEdit:
        edit = edit.refused(found, services.user_snapshot, services.user_changes)
        audit.record("view", found)  # the refusal shows the account as it is now
        keep_changes()
        typed = request.form.getlist("roles") if request.endpoint == "accounts.user_roles" else None
        return _user_page(found, status=409, edit=edit, typed_roles=typed)
    except DomainError as error:
        if error.status_code == 403:
            raise
        errors = domain_errors(error)
    if errors:
        db.session.rollback()  # the page shows the account as stored, not as half-changed
        return _user_page(found, errors, 400)
    return redirect(url_for("accounts.user", user_id=user_id))


@bp.post("/admin/users/<int:user_id>/roles")
@login_required()
def user_roles(user_id: int) -> Any:
    def act(by: User, found: User, seen: int | None) -> Errors:
        data, errors = load(RolesSchema(), form_data(request.form, lists=("roles",)))
        if not errors:
            services.set_roles(by, found, data["roles"], seen)
            flash("Roles updated", "success")
        return errors

    return user_form_action(user_id, act)


@bp.post("/admin/users/<int:user_id>/active")
@login_required()
def user_active(user_id: int) -> Any:
    def act(by: User, found: User, seen: int | None) -> Errors:
        active = request.form.get("active") == "true"
        services.set_active(by, found, active, seen)
        flash("Account reactivated" if active else "Account deactivated", "success")
        return {}

    return user_form_action(user_id, act)


@bp.post("/admin/users/<int:user_id>/invitation")
@login_required()
def resend_invitation(user_id: int) -> Any:
    def act(by: User, found: User, seen: int | None) -> Errors:
        services.resend_invitation(by, found)
        flash("A new invitation has been sent", "success")
        return {}

    return user_form_action(user_id, act)


# Teams (capacity lead) -------------------------------------------------------------------


@bp.route("/admin/teams", methods=["GET", "POST"])
@login_required()
def teams() -> Any:
    by = current_user._get_current_object()
    teams = services.list_teams(by)
    errors: Errors = {}
    if request.method == "POST":
        data, errors = load(TeamSchema(), form_data(request.form))
        if not errors:
            try:
                team = services.create_team(by, data["name"])
            except DomainError as error:
                errors = _field_errors(error, "name")
            else:
                flash(f"Team “{team.name}” created", "success")
                return redirect(url_for("accounts.team", team_id=team.id))
    return render_template(
        "accounts/teams.html", teams=teams, values=request.form, errors=errors
    ), (400 if errors else 200)


def _team_page(team_id: int, errors: Errors | None = None, edit: EditState | None = None) -> Any:
    team = services.get_team(current_user._get_current_object(), team_id)
    return render_template(
        "accounts/team.html",
        team=team,
        errors=errors or {},
        edit=edit or EditState.of(team, services.team_snapshot),
        coordinator_options=services.coordinator_choices(team),
    ), (409 if edit and edit.stale else 400 if errors else 200)


def _team_form_action(team_id: int, act: Any, message: str) -> Any:
    """Run `act(by, team, seen_version)` for a POSTed team form, then redirect back."""
    by = current_user._get_current_object()
    team = services.get_team(by, team_id)
    edit = EditState.from_form(request.form)
    try:
        errors = act(by, team, edit.version)
    except StaleEdit:
        return _team_page(
            team_id, edit=edit.refused(team, services.team_snapshot, services.team_changes)
        )
    if errors:
        db.session.rollback()  # the page shows the team as stored, not as half-changed
        return _team_page(team_id, errors)
    flash(message, "success")
    return redirect(url_for("accounts.team", team_id=team_id))


@bp.get("/admin/teams/<int:team_id>")
@login_required()
def team(team_id: int) -> Any:
    return _team_page(team_id)


@bp.post("/admin/teams/<int:team_id>/members")
@login_required()
def team_members(team_id: int) -> Any:
    def act(by: User, team: Any, seen: int | None) -> Errors:
        data, errors = load(TeamMemberSchema(), form_data(request.form))
        if not errors:
            try:
                services.add_team_member(by, team, data["user_id"], seen)
            except StaleEdit:
                raise
            except DomainError as error:
                errors = _field_errors(error, "user_id")
        return errors

    return _team_form_action(team_id, act, "Co-ordinator added to the team")


@bp.post("/admin/teams/<int:team_id>/members/<int:user_id>/remove")
@login_required()
def remove_team_member(team_id: int, user_id: int) -> Any:
    def act(by: User, team: Any, seen: int | None) -> Errors:
        services.remove_team_member(by, team, user_id, seen)
        return {}

    return _team_form_action(team_id, act, "Co-ordinator removed from the team")


# Outbox (capacity lead) ------------------------------------------------------------------


@bp.get("/admin/outbox")
@login_required()
def outbox() -> str:
    require(current_user, "list", OutboxMessage)
    page = page_number(request.args)
    total = db.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    # Email that has not gone (failed, stuck, or waiting) comes first, so it cannot be missed.
    undelivered = list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.status.in_(
                    [OutboxStatus.FAILED, OutboxStatus.SENDING, OutboxStatus.PENDING]
                )
            )
            .order_by(OutboxMessage.id)
            .limit(OUTBOX_PAGE_SIZE)
        )
    )
    messages = db.session.scalars(
        select(OutboxMessage)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(OUTBOX_PAGE_SIZE)
        .offset((page - 1) * OUTBOX_PAGE_SIZE)
    )
    return render_template(
        "accounts/outbox.html",
        messages=list(messages),
        undelivered=undelivered,
        backend=current_app.config["MAIL_BACKEND"],
        page=page,
        pages=max(ceil(total / OUTBOX_PAGE_SIZE), 1),
        page_url=lambda n: url_for("accounts.outbox", page=n),
    )


@bp.get("/admin/outbox/<int:message_id>")
@login_required()
def outbox_message(message_id: int) -> str:
    require(current_user, "view", OutboxMessage)
    message = db.get_or_404(OutboxMessage, message_id)
    audit.record("view", message)
    return render_template("accounts/outbox_message.html", message=message)


@bp.post("/admin/outbox/<int:message_id>/retry")
@login_required()
def outbox_retry(message_id: int) -> Response:
    require(current_user, "retry", OutboxMessage)
    message = db.get_or_404(OutboxMessage, message_id)
    mail.retry(message)
    audit.record("retry", message)
    flash(f"Email {message.id} will be sent again.", "success")
    return redirect(url_for("accounts.outbox"))


# Audit log (capacity lead) ----------------------------------------------------------------


def _audit_filter() -> tuple[audit.AuditFilter, int, Errors]:
    data, errors = load(AuditFilterSchema(), request.args.to_dict())
    if errors:
        return audit.AuditFilter(), 1, errors
    since = data["since"]
    until = data["until"]
    return (
        audit.AuditFilter(
            user_id=data["user_id"],
            action=data["action"],
            record_type=data["record_type"],
            record_id=data["record_id"],
            since=datetime.combine(since, time(), UTC) if since else None,
            # "To" a date includes the whole of that day.
            until=datetime.combine(until, time(), UTC) + timedelta(days=1) if until else None,
        ),
        data["page"],
        {},
    )


@bp.get("/admin/audit")
@login_required()
def audit_log() -> Any:
    require(current_user, "list", AuditEvent)
    filters, page, errors = _audit_filter()
    statement = audit.query(filters)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    events = db.session.scalars(
        statement.limit(AUDIT_PAGE_SIZE).offset((page - 1) * AUDIT_PAGE_SIZE)
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "accounts/audit.html",
        events=list(events),
        total=total,
        page=page,
        pages=max(ceil(total / AUDIT_PAGE_SIZE), 1),
        page_url=lambda n: url_for("accounts.audit_log", page=n, **args),
        csv_url=url_for("accounts.audit_csv", **args),
        values=request.args,
        errors=errors,
        action_options=[("", "Any")] + [(v, v) for v in audit.distinct_values(AuditEvent.action)],
        record_type_options=[("", "Any")]
        + [(v, v) for v in audit.distinct_values(AuditEvent.record_type)],
        record_link=lambda kind, record_id: audit.record_link(current_user, kind, record_id),
    ), (400 if errors else 200)


@bp.get("/admin/audit.csv")
@login_required()
def audit_csv() -> Response:
    require(current_user, "export", AuditEvent)
    filters, _, errors = _audit_filter()
    if errors:
        raise ValidationError(errors)
    body = audit.to_csv(db.session.scalars(audit.query(filters)))
    audit.record_event("export", "audit_event")
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="signpost-audit.csv"'},
    )
