"""Signed, expiring links that let a provider without an account answer one referral.

The token signs the referral's UUID and the link's purpose, timestamped; it stops working
after REFERRAL_LINK_EXPIRY_DAYS and as soon as the referral is closed. A link is not
single-use: the same organisation accepts and later completes through it.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from core.errors import DomainError
from core.extensions import db
from core.site import site_url
from referrals.models import Referral

PURPOSE = "respond"
SALT = "signpost-referral-link"


class InvalidReferralLink(DomainError):
    """Forged, expired, or for a closed referral: all look the same to the visitor."""

    status_code = 400


INVALID_MESSAGE = (
    "This link has expired or the referral is closed. Sign in to Signpost, or contact the "
    "co-ordinator who sent the referral."
)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def lifetime() -> timedelta:
    return timedelta(days=float(current_app.config["REFERRAL_LINK_EXPIRY_DAYS"]))


def issue(referral: Referral) -> str:
    """Return a token for answering `referral`."""
    return _serializer().dumps({"referral": referral.uuid, "purpose": PURPOSE})


def url(referral: Referral) -> str:
    """Return the absolute link to put in an email."""
    return site_url("referral_links.respond_by_link", token=issue(referral))


def resolve(token: str) -> Referral:
    """Return the open referral a token names, or raise InvalidReferralLink."""
    try:
        payload = _serializer().loads(token, max_age=int(lifetime().total_seconds()))
    except BadSignature as error:  # includes SignatureExpired
        raise InvalidReferralLink(INVALID_MESSAGE) from error
    if not isinstance(payload, dict) or payload.get("purpose") != PURPOSE:
        raise InvalidReferralLink(INVALID_MESSAGE)
    referral = db.session.scalars(
        select(Referral).where(Referral.uuid == str(payload.get("referral")))
    ).first()
    if referral is None or referral.is_closed:
        raise InvalidReferralLink(INVALID_MESSAGE)
    return referral
