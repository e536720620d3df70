"""Safeguarding concerns on a client: what was seen, the risk, who was told, the outcome."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import utcnow
from core.versioning import Versioned

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Client


class RiskLevel(LabelledEnum):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    IMMEDIATE = "immediate", "Immediate danger"

    @property
    def colour(self) -> str:
        return {"low": "yellow", "medium": "orange", "high": "red", "immediate": "red"}[self.value]


class SafeguardingConcern(Versioned, Model):
    """A concern raised about a person's safety; open until its outcome is recorded."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    seen: Mapped[str] = mapped_column(Text)
    risk: Mapped[RiskLevel]
    raised_with: Mapped[str] = mapped_column(String(200))
    raised_on: Mapped[date]
    outcome: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
