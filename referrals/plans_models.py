"""A client's plan: goals in the person's own words, linked to actions, reviewed on a date."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model, db
from core.models import utcnow
from core.versioning import Versioned

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Action, Client


class GoalProgress(LabelledEnum):
    NOT_STARTED = "not_started"
    SOME_PROGRESS = "some_progress"
    ACHIEVED = "achieved"

    @property
    def colour(self) -> str:
        return {"not_started": "grey", "some_progress": "blue", "achieved": "green"}[self.value]


plan_goal_action = Table(
    "plan_goal_action",
    db.Model.metadata,
    Column("goal_id", ForeignKey("plan_goal.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", ForeignKey("action.id", ondelete="CASCADE"), primary_key=True),
)


class CarePlan(Versioned, Model):
    """One plan per client: its goals, when it is next reviewed, and the reviews so far."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), unique=True)
    review_on: Mapped[date] = mapped_column(index=True)
    # The person agreed to be sent "My plan" by email.
    email_consent: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    emailed_at: Mapped[datetime | None]

    client: Mapped[Client] = relationship()
    created_by: Mapped[User | None] = relationship()
    goals: Mapped[list[PlanGoal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanGoal.id"
    )
    reviews: Mapped[list[PlanReview]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(PlanReview.reviewed_on, PlanReview.id)",
    )

    def is_review_due(self, today: date) -> bool:
        return self.review_on <= today


class PlanGoal(Versioned, Model):
    """A goal as the person put it, the actions agreed towards it, and progress at review."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plan.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    words: Mapped[str] = mapped_column(Text)
    progress: Mapped[GoalProgress] = mapped_column(default=GoalProgress.NOT_STARTED)
    progress_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[CarePlan] = relationship(back_populates="goals")
    client: Mapped[Client] = relationship()
    actions: Mapped[list[Action]] = relationship(secondary=plan_goal_action, order_by="Action.id")


class PlanReview(Model):
    """A review held: when it was due, when it happened, and what was said. Kept as written."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plan.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date]
    reviewed_on: Mapped[date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[CarePlan] = relationship(back_populates="reviews")
    recorded_by: Mapped[User | None] = relationship()

    @property
    def on_time(self) -> bool:
        return self.reviewed_on <= self.due_on
