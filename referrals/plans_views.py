"""Pages: a client's plan, its goals and reviews, and the printable, emailable "My plan"."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from accounts.auth import login_required
from accounts.models import Role
from core.errors import Conflict, Refused
from core.forms import domain_errors, load
from core.mail import send_email
from core.models import utcnow
from core.transaction import keep_changes
from core.versioning import EditState, StaleEdit
from referrals import plans
from referrals.models import ActionStatus
from referrals.plans_models import GoalProgress
from referrals.plans_pdf import render_my_plan
from referrals.plans_schemas import (
    GoalSchema,
    GoalUpdateSchema,
    PlanSchema,
    ReviewSchema,
    date_parts,
    review_input,
)
from referrals.schemas import form_dates

bp = Blueprint("plans", __name__)
# Co-ordinators, and the leaders of a client's team (who read; the policy refuses them changes).
caseworkers = login_required(Role.COORDINATOR, Role.TEAM_LEADER)

PROGRESS_OPTIONS = GoalProgress.choices()


def _action_options(client: Any) -> list[tuple[str, str]]:
    return [
        (str(action.id), action.description + ("" if action.status is ActionStatus.OPEN
                                               else f" ({action.status.label.lower()})"))
        for action in client.actions
    ]  # fmt: skip


@bp.route("/clients/<int:client_id>/plan", methods=["GET", "POST"])
@caseworkers
def plan(client_id: int) -> Any:
    """The plan; its form sets the review date and email consent (and starts the plan)."""
    client, found = plans.get_plan(current_user, client_id)
    errors: dict[str, Any] = {}
    edit = EditState.of(found, plans.plan_snapshot) if found else EditState(None, None, [])
    values: Any = {}
    if found:
        values = {**date_parts("review_on", found.review_on),
                  "email_consent": "true" if found.email_consent else ""}  # fmt: skip
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        data, errors = load(PlanSchema(exclude=("version",)), form_dates(request.form, "review_on"))
        if not errors:
            started = found is None
            try:
                plans.save_plan(current_user, client, data, seen_version=edit.version)
            except StaleEdit:
                edit = edit.refused(found, plans.plan_snapshot, plans.plan_changes)
                plans.get_plan(current_user, client_id)  # the refusal shows the plan again
            else:
                flash("Plan started" if started else "Plan saved", "success")
                return redirect(url_for("plans.plan", client_id=client.id))
    keep_changes()  # the audit of reading the plan stands when the form is refused
    return render_template(
        "plans/plan.html",
        client=client,
        plan=found,
        values=values,
        errors=errors,
        edit=edit,
        today=utcnow().date(),
    ), (409 if edit.stale else 400 if errors else 200)


@bp.route("/clients/<int:client_id>/plan/goals/new", methods=["GET", "POST"])
@caseworkers
def new_goal(client_id: int) -> Any:
    client, found = plans.get_plan(current_user, client_id, "edit")
    if found is None:
        raise Conflict("Set a review date to start the plan first.")
    errors: dict[str, Any] = {}
    values: Any = {}
    if request.method == "POST":
        values = request.form
        raw: dict[str, str | list[str]] = {**request.form.to_dict()}
        raw["action_ids"] = request.form.getlist("action_ids")
        data, errors = load(GoalSchema(exclude=("version",)), raw)
        if not errors:
            try:
                plans.add_goal(current_user, client, data["words"], data["action_ids"])
            except Refused as refusal:
                errors = domain_errors(refusal)
            else:
                flash("Goal added", "success")
                return redirect(url_for("plans.plan", client_id=client.id))
    keep_changes()  # the audit of reading the plan stands when the form is refused
    return render_template(
        "plans/goal_form.html",
        client=client,
        goal=None,
        values=values,
        errors=errors,
        edit=None,
        action_options=_action_options(client),
        progress_options=PROGRESS_OPTIONS,
    ), (400 if errors else 200)


@bp.route("/plan-goals/<int:goal_id>", methods=["GET", "POST"])
@caseworkers
def edit_goal(goal_id: int) -> Any:
    goal = plans.get_goal(current_user, goal_id, "edit")
    errors: dict[str, Any] = {}
    edit = EditState.of(goal, plans.goal_snapshot)
    values: Any = {"words": goal.words, "progress": goal.progress.value,
                   "progress_note": goal.progress_note}  # fmt: skip
    checked = [str(action.id) for action in goal.actions]
    values["action_ids"] = checked
    if request.method == "POST":
        values = request.form
        checked = request.form.getlist("action_ids")
        edit = EditState.from_form(request.form)
        raw: dict[str, str | list[str]] = {**request.form.to_dict()}
        raw["action_ids"] = checked
        data, errors = load(GoalUpdateSchema(exclude=("version",)), raw)
        if not errors:
            try:
                plans.update_goal(current_user, goal, data, seen_version=edit.version)
            except Refused as refusal:
                errors = domain_errors(refusal)
            except StaleEdit:
                edit = edit.refused(goal, plans.goal_snapshot, plans.goal_changes)
                plans.get_goal(current_user, goal_id, "edit")
            else:
                flash("Goal saved", "success")
                return redirect(url_for("plans.plan", client_id=goal.client_id))
    keep_changes()  # the audit of reading the goal stands when the form is refused
    return render_template(
        "plans/goal_form.html",
        client=goal.client,
        goal=goal,
        values=values,
        errors=errors,
        edit=edit,
        action_options=_action_options(goal.client),
        progress_options=PROGRESS_OPTIONS,
    ), (409 if edit.stale else 400 if errors else 200)


@bp.route("/clients/<int:client_id>/plan/review", methods=["GET", "POST"])
@caseworkers
def review(client_id: int) -> Any:
    client, found = plans.get_plan(current_user, client_id, "edit")
    if found is None or not found.goals:
        raise Conflict("Add a goal to the plan before reviewing it.")
    errors: dict[str, Any] = {}
    edit = EditState.of(found, plans.plan_snapshot)
    today = utcnow().date()
    values: Any = {**date_parts("reviewed_on", today)}
    for goal in found.goals:
        values[f"progress-{goal.id}"] = goal.progress.value
        values[f"note-{goal.id}"] = goal.progress_note
    if request.method == "POST":
        values = request.form
        edit = EditState.from_form(request.form)
        goal_ids = [goal.id for goal in found.goals]
        raw = review_input(form_dates(request.form, "reviewed_on", "next_review_on"), goal_ids)
        data, errors = load(ReviewSchema(exclude=("version",)), raw)
        if not errors:
            progress = {g["goal_id"]: (g["progress"], g["note"]) for g in data["goals"]}
            try:
                plans.record_review(
                    current_user, client, {**data, "progress": progress}, seen_version=edit.version
                )
            except Refused as refusal:
                errors = domain_errors(refusal)
            except StaleEdit:
                edit = edit.refused(found, plans.plan_snapshot, plans.plan_changes)
                plans.get_plan(current_user, client_id, "edit")
            else:
                flash("Review recorded", "success")
                return redirect(url_for("plans.plan", client_id=client.id))
        errors = _review_errors(errors, goal_ids)
    keep_changes()  # the audit of reading the plan stands when the form is refused
    return render_template(
        "plans/review.html",
        client=client,
        plan=found,
        values=values,
        errors=errors,
        edit=edit,
        progress_options=PROGRESS_OPTIONS,
    ), (409 if edit.stale else 400 if errors else 200)


def _review_errors(messages: Any, goal_ids: list[int]) -> dict[str, Any]:
    """Nested `goals` errors (by position) as the form's progress-ID and note-ID fields."""
    errors = {k: v for k, v in messages.items() if k != "goals"}
    nested = messages.get("goals", {})
    if isinstance(nested, dict):
        for index, fields_errors in nested.items():
            if isinstance(index, int) and index < len(goal_ids) and isinstance(fields_errors, dict):
                for name, message in fields_errors.items():
                    errors[f"{name}-{goal_ids[index]}"] = message
    elif nested:
        errors["goals"] = nested
    return errors


@bp.get("/clients/<int:client_id>/my-plan")
@caseworkers
def my_plan(client_id: int) -> str:
    client, found = plans.get_plan(current_user, client_id)
    return render_template("plans/my_plan.html", client=client, plan=found)


@bp.get("/clients/<int:client_id>/my-plan.pdf")
@caseworkers
def my_plan_pdf(client_id: int) -> Response:
    client, found = plans.get_plan(current_user, client_id)
    if found is None or not found.goals:
        raise Conflict("Write the plan's goals before making a PDF of it.")
    pdf = render_my_plan(client, found)
    # The file name says nothing about the person: downloads folders are not private.
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="my-plan.pdf"'},
    )


@bp.post("/clients/<int:client_id>/my-plan/email")
@caseworkers
def email_my_plan(client_id: int) -> Response:
    client, found = plans.get_plan(current_user, client_id, "edit")
    address = plans.email_plan(current_user, client, found)
    body = render_template("plans/email/my_plan.txt", client=client, plan=found)
    send_email(address, "Your plan", body)
    flash(f"My plan has been emailed to {client.first_name}", "success")
    return redirect(url_for("plans.my_plan", client_id=client.id))
