"""The email outbox: one row per email, written in the transaction of the change it reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import utcnow


class OutboxStatus(LabelledEnum):
    """Where one email stands; it moves only forward, except a lead's retry of a failed one."""

    # The "outbox" backend: kept for the capacity lead to read, never delivered.
    HELD = "held", "Held (not sent)"
    # Waiting for delivery (again, after a failed attempt, at next_attempt_at).
    PENDING = "pending", "Waiting to send"
    # Claimed by one sender; never claimed again, so sent at most once.
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    # Gave up after MAIL_MAX_ATTEMPTS; the capacity lead may retry it.
    FAILED = "failed", "Failed"


class OutboxMessage(Model):
    """An email, written in the same transaction as the change it reports (the outbox).

    A sender delivers it after that transaction commits, so nothing is sent about a change
    that rolled back; see core/mail.py.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    sender: Mapped[str] = mapped_column(String(300))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[OutboxStatus] = mapped_column(default=OutboxStatus.HELD, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # The SMTP server's answer to the last failed attempt (never the message or its address).
    last_error: Mapped[str | None] = mapped_column(String(500))
