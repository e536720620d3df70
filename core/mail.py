"""Email through a transactional outbox: `send_email` writes a row, a sender delivers it later.

`send_email` only adds an `OutboxMessage` to the session, so the message commits (or rolls
back) with the change it reports. Delivery happens after commit, in a transaction of its own:

- `deliver()` (the `signpost mail send` command, run from cron or as a worker) claims due
  messages and sends them;
- the after-commit nudge delivers the messages a transaction has just committed, in-process,
  so email goes out at once when SMTP is up (MAIL_SEND_AFTER_COMMIT turns it off).

A message is claimed by moving it from pending to sending in one conditional UPDATE (after
SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL), so two senders never both claim it: each
message is delivered at most once. A message left in "sending" by a sender that died is
not retried automatically (it may have gone); the capacity lead sees it and may retry it.
With MAIL_BACKEND "outbox" messages are held: stored for the capacity lead, never delivered.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from core.errors import Conflict
from core.extensions import db
from core.jobs import add_daily_job
from core.logs import one_line
from core.models import utcnow
from core.outbox import OutboxMessage, OutboxStatus

logger = logging.getLogger("signpost.mail")

BACKENDS = ("outbox", "smtp")
# Messages a session flushed that should be nudged out once it commits.
_NUDGE_KEY = "outbox_nudge"


def send_email(to: str, subject: str, text_body: str, html_body: str | None = None) -> None:
    """Queue one email in the current transaction; flushes only."""
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend not in BACKENDS:
        raise ValueError(f"unknown MAIL_BACKEND {backend!r}: use 'outbox' or 'smtp'")
    message = OutboxMessage(
        sender=config["MAIL_DEFAULT_SENDER"],
        recipient=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        status=OutboxStatus.HELD if backend == "outbox" else OutboxStatus.PENDING,
        next_attempt_at=None if backend == "outbox" else utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    if message.status is OutboxStatus.PENDING:
        db.session.info.setdefault(_NUDGE_KEY, []).append(message.id)
    # Never the address or the body: both may be personal, and the body may hold a link.
    logger.info("email queued id=%s status=%s subject=%s", message.id, message.status, subject)


# Delivery ------------------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next attempt after `attempts` failed ones (doubling)."""
    base = int(current_app.config["MAIL_RETRY_SECONDS"])
    return timedelta(seconds=base * 2 ** max(attempts - 1, 0))


def _claim(session: Session, ids: Iterable[int]) -> list[int]:
    """Move each pending message to sending, if no other sender got there first."""
    claimed = []
    for message_id in ids:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENDING, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(message_id)
    session.commit()
    return claimed


def _due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    query = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Rows another sender is claiming are skipped, not waited for.
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def _deliver(session: Session, message_id: int) -> bool:
    """Send one claimed message and record how it went; True when sent."""
    message = session.get_one(OutboxMessage, message_id)
    session.commit()  # no transaction stays open while the SMTP server takes its time
    try:
        _send_smtp(
            _build_message(
                message.sender,
                message.recipient,
                message.subject,
                message.text_body,
                message.html_body,
            )
        )
    except (OSError, smtplib.SMTPException) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        if message.attempts >= int(current_app.config["MAIL_MAX_ATTEMPTS"]):
            message.status = OutboxStatus.FAILED
            message.next_attempt_at = None
        else:
            message.status = OutboxStatus.PENDING
            message.next_attempt_at = utcnow() + backoff(message.attempts)
        session.commit()
        logger.warning(
            "email id=%s attempt %s failed (%s): %s",
            message.id,
            message.attempts,
            message.status,
            type(error).__name__,
        )
        return False
    message.status = OutboxStatus.SENT
    message.sent_at = utcnow()
    message.last_error = None
    session.commit()
    logger.info("email id=%s sent", message.id)
    return True


def deliver(ids: Iterable[int] | None = None, limit: int = 500) -> tuple[int, int]:
    """Claim and send due messages (or just `ids`); return (sent, failed attempts)."""
    if current_app.config["MAIL_BACKEND"] != "smtp":
        return 0, 0  # the "outbox" backend holds every message: nothing is delivered
    now = utcnow()
    with Session(db.engine, expire_on_commit=False) as session:
        if ids is None:
            ids = _due_ids(session, now, limit)
        claimed = _claim(session, list(ids))
        results = [_deliver(session, message_id) for message_id in claimed]
    return sum(results), len(results) - sum(results)


def retry(message: OutboxMessage) -> None:
    """Put a failed (or stuck sending) message back in the queue with fresh attempts; flushes."""
    if message.status not in (OutboxStatus.FAILED, OutboxStatus.SENDING):
        raise Conflict("Only a failed or stuck message can be retried.")
    message.attempts = 0
    if current_app.config["MAIL_BACKEND"] != "smtp":
        message.status = OutboxStatus.HELD  # nothing is delivered with the "outbox" backend
        db.session.flush()
        return
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = utcnow()
    db.session.flush()
    db.session.info.setdefault(_NUDGE_KEY, []).append(message.id)


def _nudge_after_commit(session: Session) -> None:
    ids = session.info.pop(_NUDGE_KEY, None)
    if not ids or not current_app.config["MAIL_SEND_AFTER_COMMIT"]:
        return
    try:
        deliver(ids)
    except Exception:  # the change has committed: a sender will pick the message up later
        logger.exception("after-commit email delivery failed; `signpost mail send` will retry")


def _forget_nudge(session: Session, *args: Any) -> None:
    session.info.pop(_NUDGE_KEY, None)


def register_outbox_nudge() -> None:
    """Deliver what a transaction queued right after it commits; forget it if it rolls back.

    The listeners are on the session class every app shares, so they are added once.
    """
    if not event.contains(db.session, "after_commit", _nudge_after_commit):
        event.listen(db.session, "after_commit", _nudge_after_commit)
        event.listen(db.session, "after_soft_rollback", _forget_nudge)


# The sender command ---------------------------------------------------------------------------

mail_cli = AppGroup("mail", help="Deliver the email outbox.")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Most messages to send in one run.")
def send_mail_command(limit: int) -> None:
    """Send every email waiting in the outbox whose time has come (run it every minute)."""
    sent, failed = deliver(limit=limit)
    click.echo(f"Sent {sent} email{'s' if sent != 1 else ''}; {failed} attempt(s) failed.")


def register_mail(app: Flask) -> None:
    """Add `signpost mail send` (also a daily job) and the after-commit delivery nudge."""
    app.cli.add_command(mail_cli)
    add_daily_job(app, "mail send", send_mail_command, order=90)
    register_outbox_nudge()


# SMTP ----------------------------------------------------------------------------------------


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
    timeout = float(config["MAIL_TIMEOUT_SECONDS"])
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=timeout) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
