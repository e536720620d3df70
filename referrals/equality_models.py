"""Equality monitoring answers: one optional record per client, every answer optional."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import Model
from core.models import utcnow
from core.versioning import Versioned

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Client


class EqualityMonitoring(Versioned, Model):
    """What a person chose to tell us about themselves; None means not asked or not answered.

    Each answer is a code from referrals/equality.py, or "prefer_not_to_say".
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), unique=True)
    sex: Mapped[str | None] = mapped_column(String(40), index=True)
    gender_identity: Mapped[str | None] = mapped_column(String(40), index=True)
    ethnic_group: Mapped[str | None] = mapped_column(String(40), index=True)
    religion: Mapped[str | None] = mapped_column(String(40), index=True)
    disability: Mapped[str | None] = mapped_column(String(40), index=True)
    carer: Mapped[str | None] = mapped_column(String(40), index=True)
    first_language: Mapped[str | None] = mapped_column(String(40), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    client: Mapped[Client] = relationship()
    updated_by: Mapped[User | None] = relationship()
