"""Emails that tell the other side of a referral what happened.

No email carries personal data beyond the person's first name (to the receiving
organisation only): co-ordinators get the referral's reference and a link that needs signing in.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from accounts.models import Membership, User
from core.extensions import db
from core.mail import send_email
from core.site import site_url
from referrals import links
from referrals.models import Referral
from referrals.states import ReferralState


def render_email(template: str, **context: Any) -> str:
    """Render an email body; works outside a request (the CLI's reminders and expiry)."""
    template_file = current_app.jinja_env.get_template(f"referrals/email/{template}.txt")
    return template_file.render(config=current_app.config, **context)


def organisation_recipients(referral: Referral) -> list[str]:
    """The organisation's referral address, else its general one, else its members'."""
    organisation = referral.organisation
    if organisation.referral_email:
        return [organisation.referral_email]
    if organisation.email:
        return [organisation.email]
    return list(
        db.session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id, User.active.is_(True))
            .order_by(User.email)
        )
    )


def _to_organisation(referral: Referral, template: str, subject: str) -> None:
    body = render_email(
        template,
        referral=referral,
        first_name=referral.shared_details.get("first_name", ""),
        link=links.url(referral) if not referral.is_closed else None,
        inbox_url=site_url("referrals.inbox"),
    )
    for address in organisation_recipients(referral):
        send_email(address, subject, body)


def _to_coordinator(referral: Referral, template: str, subject: str) -> None:
    sender = referral.sent_by
    if sender is None or not sender.active:
        return
    if referral.referring_partner_organisation_id is not None:
        # A partner follows their referrals on the partner page, not a co-ordinator's caseload.
        url = site_url("frontdoors.partner_referrals")
    else:
        url = site_url("referrals.referral", referral_id=referral.id)
    body = render_email(template, referral=referral, referral_url=url)
    send_email(sender.email, subject, body)


def referral_sent(referral: Referral) -> None:
    _to_organisation(
        referral, "new_referral", f"New referral {referral.reference} for {referral.service.name}"
    )


def response_reminder(referral: Referral) -> None:
    _to_organisation(
        referral,
        "reminder",
        f"Reminder: referral {referral.reference} for {referral.service.name} is waiting",
    )


def state_changed(referral: Referral) -> None:
    """Tell the side that did not make the move."""
    state = referral.state
    if state is ReferralState.WITHDRAWN:
        _to_organisation(referral, "withdrawn", f"Referral {referral.reference} has been withdrawn")
        return
    if state is ReferralState.ACCEPTED:
        # The organisation gets a fresh link to record the outcome later.
        _to_organisation(
            referral,
            "accepted_confirmation",
            f"You accepted referral {referral.reference}: record the outcome here",
        )
    _to_coordinator(
        referral,
        "state_changed",
        f"Referral {referral.reference} to {referral.service.name}: {state.label.lower()}",
    )
