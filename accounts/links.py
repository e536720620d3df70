"""Signed, expiring, single-use links for invitations and password resets.

The link carries an itsdangerous signature (salted per purpose, timestamped) over the id
of an EmailLink row; the row records expiry and use, so a link works once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update

from accounts.models import EmailLink, LinkPurpose, User
from core.errors import DomainError
from core.extensions import db
from core.models import utcnow


class InvalidLink(DomainError):
    """The link is forged, expired or already used: all look the same to the visitor."""

    status_code = 400


EXPIRY_SETTINGS = {
    LinkPurpose.INVITATION: "INVITE_EXPIRY_HOURS",
    LinkPurpose.PASSWORD_RESET: "RESET_EXPIRY_HOURS",
}


def _serializer(purpose: LinkPurpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"signpost-{purpose}")


def lifetime(purpose: LinkPurpose) -> timedelta:
    return timedelta(hours=float(current_app.config[EXPIRY_SETTINGS[purpose]]))


def issue(user: User, purpose: LinkPurpose) -> str:
    """Create a link token for `user`, retiring their earlier unused ones; flushes only."""
    now = utcnow()
    db.session.execute(
        update(EmailLink)
        .where(
            EmailLink.user_id == user.id,
            EmailLink.purpose == purpose,
            EmailLink.used_at.is_(None),
        )
        .values(used_at=now)
    )
    link = EmailLink(user_id=user.id, purpose=purpose, expires_at=now + lifetime(purpose))
    db.session.add(link)
    db.session.flush()
    return _serializer(purpose).dumps(link.id)


def resolve(token: str, purpose: LinkPurpose) -> EmailLink:
    """Return the live link a token names, or raise InvalidLink."""
    try:
        link_id = _serializer(purpose).loads(token, max_age=int(lifetime(purpose).total_seconds()))
    except BadSignature as error:  # includes SignatureExpired
        raise InvalidLink(_INVALID_MESSAGE[purpose]) from error
    link = db.session.scalars(
        select(EmailLink).where(EmailLink.id == str(link_id), EmailLink.purpose == purpose)
    ).first()
    if (
        link is None
        or link.used_at is not None
        or link.expires_at <= utcnow()
        or not link.user.active
    ):
        raise InvalidLink(_INVALID_MESSAGE[purpose])
    return link


def use(link: EmailLink) -> None:
    """Mark a link used, along with every other open link of its user. Flushes only."""
    db.session.execute(
        update(EmailLink)
        .where(EmailLink.user_id == link.user_id, EmailLink.used_at.is_(None))
        .values(used_at=utcnow())
    )
    db.session.flush()
    db.session.refresh(link)


_INVALID_MESSAGE = {
    LinkPurpose.INVITATION: (
        "This invitation link has expired or has already been used. "
        "Ask whoever invited you to send a new one."
    ),
    LinkPurpose.PASSWORD_RESET: (
        "This password reset link has expired or has already been used. Ask for a new one."
    ),
}
