"""Closing a case: the reason, the team leader's approval, and the exit questionnaire."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import utcnow
from core.versioning import Versioned

if TYPE_CHECKING:
    from accounts.models import Team, User
    from referrals.models import Assessment, Client


class ClosingReason(LabelledEnum):
    GOALS_MET = "goals_met", "Goals met"
    MOVED_AWAY = "moved_away", "Moved away"
    DECLINED_SUPPORT = "declined_support", "Declined further support"
    DIED = "died", "Died"
    STATUTORY_SERVICES = "statutory_services", "Referred to statutory services"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"


class ClosureState(LabelledEnum):
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    # The case is closed (directly, or by a team leader's approval).
    APPROVED = "approved", "Signed off"
    # A team leader sent it back with a note; the case stays open.
    RETURNED = "returned", "Returned"


class TeamClosingSettings(Versioned, Model):
    """A team's sign-off rules and exit questionnaire, kept by the capacity lead."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), unique=True)
    signoffs_need_approval: Mapped[bool] = mapped_column(default=False)
    # Statements the person rates from "strongly disagree" (1) to "strongly agree" (5).
    exit_statements: Mapped[list[str]] = mapped_column(default=list)
    # Whether the questionnaire ends with "how would you rate the service" from 0 to 10.
    ask_service_rating: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    team: Mapped[Team] = relationship()

    @property
    def has_questionnaire(self) -> bool:
        return bool(self.exit_statements) or self.ask_service_rating


class Closure(Versioned, Model):
    """One sign-off of a client: why, the final wheel, and where the approval stands."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[ClosingReason] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[ClosureState] = mapped_column(index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL")
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    # Why a team leader returned the sign-off; shown to the co-ordinator.
    decision_note: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship()
    team: Mapped[Team | None] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    answers: Mapped[list[ExitAnswer]] = relationship(
        back_populates="closure", cascade="all, delete-orphan", order_by="ExitAnswer.position"
    )


class ExitAnswer(Model):
    """One answer to the exit questionnaire, with the question as it was asked."""

    id: Mapped[int] = mapped_column(primary_key=True)
    closure_id: Mapped[int] = mapped_column(
        ForeignKey("closure.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int]
    # The statement's text, or "" for the 0-10 rating of the service.
    statement: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[int]

    closure: Mapped[Closure] = relationship(back_populates="answers")
    team: Mapped[Team | None] = relationship()

    @property
    def is_rating(self) -> bool:
        return self.statement == ""


class WeeklySummarySent(Model):
    """That a team leader has had a team's weekly summary for a week (sent at most once)."""

    __table_args__ = (UniqueConstraint("user_id", "team_id", "week_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    week_of: Mapped[date]  # the Monday
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
