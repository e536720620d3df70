"""Organisation membership pages: an organisation's members invite colleagues, the invited
accept or decline, and the capacity lead adds and removes people on a user's page.

The addresses are the ones accounts once served (/account/..., /admin/users/...): people have
them in emails and bookmarks.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import User
from accounts.views import user_form_action
from core.forms import Errors, find, form_data, load
from core.permissions import require
from directory import membership
from directory.models import Organisation
from directory.schemas import MemberInviteSchema, MembershipSchema

bp = Blueprint("membership", __name__)


# For the organisation's own members ------------------------------------------------------


@bp.route("/account/organisations/<organisation_uuid>/members", methods=["GET", "POST"])
@login_required()
def organisation_members(organisation_uuid: str) -> Any:
    user = current_user._get_current_object()
    organisation = find(Organisation, organisation_uuid)
    require(user, "invite_member", organisation)
    errors: Errors = {}
    status = 200
    if request.method == "POST":
        data, errors = load(MemberInviteSchema(), form_data(request.form))
        if not errors:
            membership.invite_member(user, organisation, email=data["email"], name=data["name"])
            flash(f"We have emailed {data['email']} about joining {organisation.name}")
            return redirect(request.path)
        status = 400
    members, invited = membership.organisation_members(user, organisation)
    return render_template(
        "directory/organisation_members.html",
        organisation=organisation,
        members=members,
        invited=invited,
        values=request.form if errors else {},
        errors=errors,
    ), status


# For the invited person, on their account page -------------------------------------------


@bp.post("/account/invitations/<int:invitation_id>/accept")
@login_required()
def accept_membership(invitation_id: int) -> Any:
    organisation = membership.accept_membership(current_user._get_current_object(), invitation_id)
    flash(f"You have joined {organisation.name}", "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/invitations/<int:invitation_id>/decline")
@login_required()
def decline_membership(invitation_id: int) -> Any:
    organisation = membership.decline_membership(current_user._get_current_object(), invitation_id)
    flash(f"You have declined the invitation to join {organisation.name}")
    return redirect(url_for("accounts.account"))


# For the capacity lead, on a user's page -------------------------------------------------


@bp.post("/admin/users/<int:user_id>/memberships")
@login_required()
def add_membership(user_id: int) -> Any:
    def act(by: User, found: User, seen: int | None) -> Errors:
        data, errors = load(MembershipSchema(), form_data(request.form))
        if not errors:
            membership.add_membership(
                by, found, data["organisation_id"], data["is_referring_partner"], seen
            )
            flash("Organisation added", "success")
        return errors

    return user_form_action(user_id, act)


@bp.post("/admin/users/<int:user_id>/memberships/<int:membership_id>/remove")
@login_required()
def remove_membership(user_id: int, membership_id: int) -> Any:
    def act(by: User, found: User, seen: int | None) -> Errors:
        membership.remove_membership(by, found, membership_id, seen)
        flash("Organisation removed", "success")
        return {}

    return user_form_action(user_id, act)
