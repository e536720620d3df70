"""Pages: a client's contact log, and the caseload's overdue next contacts."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts.auth import login_required
from accounts.models import Role
from core.forms import Errors, load
from core.models import utcnow
from core.transaction import keep_changes
from referrals import contacts
from referrals.contact_models import ContactMode, ContactOutcome
from referrals.intake_schemas import ContactSchema
from referrals.schemas import form_dates

bp = Blueprint("contacts", __name__)
coordinator_only = login_required(Role.COORDINATOR)


def _when(data: dict[str, Any]) -> datetime:
    """The contact's date and time, typed in local time (SEARCH_TIMEZONE), as UTC."""
    hours, minutes = (int(part) for part in data.pop("contact_time").split(":"))
    local = ZoneInfo(current_app.config["SEARCH_TIMEZONE"])
    typed = datetime.combine(data.pop("contact_on"), time(hours, minutes), tzinfo=local)
    return typed.astimezone(UTC)


@bp.route("/clients/<int:client_id>/contacts", methods=["GET", "POST"])
@coordinator_only
def contact_log(client_id: int) -> Any:
    client, log = contacts.log_for(current_user, client_id)
    errors: Errors = {}
    if request.method == "POST":
        data, errors = load(
            ContactSchema(), form_dates(request.form, "contact_on", "next_contact_on")
        )
        if not errors:
            at = _when(data)
            contacts.record_contact(current_user, client, {**data, "at": at})
            flash("Contact recorded", "success")
            return redirect(url_for("contacts.contact_log", client_id=client.id))
        keep_changes()  # the view's audit entry stands although the form is refused
    return render_template(
        "contacts/log.html",
        client=client,
        contacts=log,
        errors=errors,
        values=request.form if errors else {},
        mode_options=ContactMode.choices(),
        outcome_options=ContactOutcome.choices(),
        local=ZoneInfo(current_app.config["SEARCH_TIMEZONE"]),
    ), (400 if errors else 200)


@bp.get("/caseload/next-contacts")
@coordinator_only
def overdue() -> str:
    today = utcnow().date()
    return render_template(
        "contacts/overdue.html", overdue=contacts.overdue_next_contacts(current_user, today)
    )
