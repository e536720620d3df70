"""Keeping listings checked: verification, review reminders, signed confirm links, pauses ending.

`last_verified_at` moves only when a person confirms a listing (by editing it or saying it is
still accurate); imports and unchanged saves leave it alone. A listing is due for review
REVIEW_INTERVAL_DAYS after it was last verified; `remind` emails its organisation then, again
REVIEW_SECOND_REMINDER_DAYS after the first email and a final time REVIEW_FINAL_REMINDER_DAYS
after it. A listing whose final reminder went unanswered shows as stale to the capacity lead.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from accounts import audit
from accounts.models import Membership, User
from core.errors import DomainError
from core.extensions import db
from core.mail import send_email
from core.permissions import require
from core.site import site_url
from directory.change_models import ReviewReminder
from directory.models import CapacityStatus, Organisation, Service
from directory.services import listed_services_query

FINAL_STAGE = 3
LINK_SALT = "signpost-listing-confirm"


class InvalidConfirmLink(DomainError):
    """Forged, expired, used or replaced: all look the same to the visitor."""

    status_code = 400


def settings() -> tuple[timedelta, timedelta, timedelta]:
    config = current_app.config
    return (
        timedelta(days=int(config["REVIEW_INTERVAL_DAYS"])),
        timedelta(days=int(config["REVIEW_SECOND_REMINDER_DAYS"])),
        timedelta(days=int(config["REVIEW_FINAL_REMINDER_DAYS"])),
    )


def mark_verified(service: Service, by_name: str, now: datetime) -> None:
    """Record that a person confirmed the listing now; the reminder cycle starts again."""
    service.last_verified_at = now
    service.verified_by = by_name[:200]
    reminder = db.session.get(ReviewReminder, service.id)
    if reminder is not None:
        db.session.delete(reminder)
    db.session.flush()


def confirm_still_accurate(service: Service, by: Any, now: datetime) -> None:
    """A provider member (or the lead) confirms, in one click, that the listing is right."""
    require(by, "edit", service)
    mark_verified(service, by.display_name, now)
    audit.record("verify", service, user=by)


def review_due_at(service: Service) -> datetime:
    interval, _, _ = settings()
    return (service.last_verified_at or service.created_at) + interval


# Signed links in reminder emails -----------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def confirm_token(reminder: ReviewReminder) -> str:
    """Sign a fresh single-use token for the reminder's service; earlier tokens stop working."""
    reminder.link_nonce = secrets.token_urlsafe(16)
    return _serializer().dumps({"service": reminder.service_id, "nonce": reminder.link_nonce})


def check_confirm_token(token: str) -> Service:
    """Return the service a live confirm link names, or raise InvalidConfirmLink."""
    days = int(current_app.config["REVIEW_LINK_EXPIRY_DAYS"])
    message = (
        "This link has expired or has already been used. Sign in to Signpost to check "
        "your listing, or ask the capacity lead for help."
    )
    try:
        payload = _serializer().loads(token, max_age=days * 24 * 60 * 60)
    except BadSignature as error:  # includes SignatureExpired
        raise InvalidConfirmLink(message) from error
    reminder = db.session.get(ReviewReminder, payload.get("service"))
    if reminder is None or not reminder.link_nonce:
        raise InvalidConfirmLink(message)
    if not secrets.compare_digest(reminder.link_nonce, str(payload.get("nonce", ""))):
        raise InvalidConfirmLink(message)
    service = db.session.get(Service, reminder.service_id)
    if service is None:
        raise InvalidConfirmLink(message)
    return service


def confirm_by_link(token: str, now: datetime) -> Service:
    """Verify the listing a reminder's link names; the link then stops working."""
    service = check_confirm_token(token)
    mark_verified(service, f"{service.organisation.name} (emailed link)", now)
    audit.record_event("verify_by_link", "service", service.id)
    return service


# The daily run -----------------------------------------------------------------------------


@dataclass
class RemindReport:
    resumed: list[str] = field(default_factory=list)
    sent: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0})
    no_address: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Resumed {len(self.resumed)} paused service(s). Reminders sent: "
            f"{self.sent[1]} first, {self.sent[2]} second, {self.sent[3]} final. "
            f"{len(self.no_address)} listing(s) have nobody to email."
        )


def resume_ended_pauses(now: datetime) -> list[Service]:
    """Store the end of every pause whose date has come, so reports and search agree."""
    ended = list(
        db.session.scalars(
            select(Service).where(
                Service.capacity_status == CapacityStatus.PAUSED,
                Service.paused_until.is_not(None),
                Service.paused_until <= now.date(),
            )
        )
    )
    for service in ended:
        service.capacity_status = CapacityStatus.ACCEPTING
        service.paused_until = None
    db.session.flush()
    return ended


def remind(now: datetime) -> RemindReport:
    """Send every reminder that is due now and end pauses; flushes only (run daily)."""
    report = RemindReport(resumed=[s.name for s in resume_ended_pauses(now)])
    interval, second, final = settings()
    services = db.session.scalars(
        listed_services_query().options(selectinload(Service.organisation))
    ).all()
    reminders = {r.service_id: r for r in db.session.scalars(select(ReviewReminder))}
    for service in services:
        reminder = reminders.get(service.id)
        stage = reminder.stage if reminder else 0
        if stage == 0:
            if now < review_due_at(service):
                continue
        elif stage == 1:
            if now < reminder.first_sent_at + second:
                continue
        elif stage == 2:
            if now < reminder.first_sent_at + final:
                continue
        else:
            continue
        if reminder is None:
            reminder = ReviewReminder(service_id=service.id, stage=0)
            db.session.add(reminder)
        reminder.stage = stage + 1
        if reminder.stage == 1:
            reminder.first_sent_at = now
        reminder.last_sent_at = now
        recipients = recipients_for(service.organisation)
        if not recipients:
            report.no_address.append(service.name)
        else:
            _send_reminder(service, reminder, recipients)
        report.sent[reminder.stage] += 1
    db.session.flush()
    return report


def recipients_for(organisation: Organisation) -> list[str]:
    """The organisation's members, or its own address when nobody has an account."""
    emails = list(
        db.session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id, User.active.is_(True))
            .order_by(User.email)
        )
    )
    if not emails and organisation.email:
        emails = [organisation.email]
    return emails


def _send_reminder(service: Service, reminder: ReviewReminder, recipients: list[str]) -> None:
    token = confirm_token(reminder)
    confirm = site_url("manage.confirm_by_link", token=token)
    edit = site_url("manage.edit_service", service_uuid=service.uuid)
    days = int(current_app.config["REVIEW_LINK_EXPIRY_DAYS"])
    opening = {
        1: f"It is time to check that your listing for {service.name} on Signpost is right.",
        2: f"A reminder: please check your listing for {service.name} on Signpost.",
        3: (
            f"Last reminder: your listing for {service.name} on Signpost has not been checked. "
            "Listings nobody checks are shown lower in search results."
        ),
    }[reminder.stage]
    subject = {
        1: f"Is your listing for {service.name} still right?",
        2: f"Reminder: is your listing for {service.name} still right?",
        3: f"Final reminder: please check your listing for {service.name}",
    }[reminder.stage]
    body = (
        f"Hello,\n\n{opening}\n\n"
        f"If everything is still accurate, open this link and press the button:\n\n{confirm}\n\n"
        f"The link works once and for {days} days.\n\n"
        f"If something has changed, sign in and edit the listing:\n\n{edit}\n\n"
        "Co-ordinators and the public rely on these details to find your service. Thank you.\n"
    )
    for email in recipients:
        send_email(email, subject, body)


# The capacity lead's view ------------------------------------------------------------------


def stale_services(now: datetime) -> list[tuple[Service, ReviewReminder | None]]:
    """Listed services nobody confirmed after the final reminder, or not checked for too long."""
    stale_before = now - timedelta(days=int(current_app.config["STALE_AFTER_DAYS"]))
    rows = db.session.execute(
        listed_services_query()
        .add_columns(ReviewReminder)
        .outerjoin(ReviewReminder, ReviewReminder.service_id == Service.id)
        .where(
            or_(
                ReviewReminder.stage >= FINAL_STAGE,
                Service.last_verified_at.is_(None),
                Service.last_verified_at < stale_before,
            )
        )
        .order_by(Service.last_verified_at.asc().nulls_first(), Service.name)
    ).all()
    return [(row[0], row[1]) for row in rows]
