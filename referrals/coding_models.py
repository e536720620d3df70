"""Coded entries: each counted event in a person's social prescribing, with its SNOMED concept."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import Model
from core.models import utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Client, Referral


class CodedEntry(Model):
    """One coded event, as it should reach the GP record: never edited, only added.

    The concept and term are copied from the code table in force when the event happened, and
    the practice is the client's practice at that moment, so a later change of either does not
    rewrite what was sent to the GP.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(60))
    concept_id: Mapped[str] = mapped_column(String(18))
    term: Mapped[str] = mapped_column(String(255))
    recorded_on: Mapped[date] = mapped_column(index=True)
    practice_ods: Mapped[str | None] = mapped_column(String(8), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()
    referral: Mapped[Referral | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<CodedEntry {self.id} {self.event}>"
