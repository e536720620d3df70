"""`send_email`, used by every feature; the backend comes from MAIL_BACKEND."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from accounts.models import OutboxMessage
from core.extensions import db
from core.logs import one_line

logger = logging.getLogger("signpost.mail")


def send_email(to: str, subject: str, text_body: str, html_body: str | None = None) -> None:
    """Send (or, with the outbox backend, store) one email; flushes only."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "outbox":
        message = OutboxMessage(
            sender=config["MAIL_DEFAULT_SENDER"],
            recipient=to,
            subject=subject,
            text_body=text_body,
            html_body=html_body,
        )
        db.session.add(message)
        db.session.flush()
        # Never the address or the body: both may be personal, and the body may hold a link.
        logger.info("email queued to outbox id=%s subject=%s", message.id, subject)
    elif backend == "smtp":
        _send_smtp(_build_message(config["MAIL_DEFAULT_SENDER"], to, subject, text_body, html_body))
        logger.info("email sent by SMTP subject=%s", subject)
    else:
        raise ValueError(f"unknown MAIL_BACKEND {backend!r}: use 'outbox' or 'smtp'")


def _build_message(
    sender: str, to: str, subject: str, text_body: str, html_body: str | None
) -> EmailMessage:
    message = EmailMessage()
    # A header holds one line: a break in a name would forge a header (or fail the send).
    message["From"] = one_line(sender)
    message["To"] = one_line(to)
    message["Subject"] = one_line(subject)
    message.set_content(text_body)
    if html_body:
        message.add_alternative(html_body, subtype="html")
    return message


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
