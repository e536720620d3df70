"""Outcome measure results: one sitting of one measure (such as SWEMWBS) for a client."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import Model
from core.models import utcnow
from core.versioning import Versioned
from referrals.models import AssessmentStage

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Client


class MeasureResult(Versioned, Model):
    """The answers to a measure's items at one stage, their raw total and the scored result."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    measure_key: Mapped[str] = mapped_column(String(40), index=True)
    stage: Mapped[AssessmentStage]
    taken_on: Mapped[date]
    answers: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # item key -> scale value
    raw_score: Mapped[int]
    score: Mapped[float]  # after the measure's conversion table, if it has one
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()
    recorded_by: Mapped[User | None] = relationship()
