"""Referrals into the service: what a professional sent, and its place in the team's triage.

An `IntakeReferral` is a request *to* the team to support someone, kept apart from the
caseload until a co-ordinator accepts it (which creates or links the `Client`). It arrives by
one of three routes (`IntakeSource`): a partner organisation's signed-in member, a known
referrer through an `IntakeInvitation` link, or a co-ordinator logging a phone call or letter.
"""

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
    from accounts.models import Team, User
    from directory.models import Organisation
    from referrals.models import Client


class IntakeSource(LabelledEnum):
    PARTNER = "partner", "Partner organisation (signed in)"
    INVITATION = "invitation", "Referrer's invitation link"
    PHONE = "phone", "Phone call"
    LETTER = "letter", "Letter or email"


class Urgency(LabelledEnum):
    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"


class IntakeStatus(LabelledEnum):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    ACCEPTED = "accepted", "Accepted onto caseload"
    DECLINED = "declined", "Declined"

    @property
    def is_closed(self) -> bool:
        return self in {IntakeStatus.ACCEPTED, IntakeStatus.DECLINED}


class DeclineReason(LabelledEnum):
    NOT_ELIGIBLE = "not_eligible", "Not eligible for the service"
    DECLINED_BY_PERSON = "declined_by_person", "The person declined support"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact the person"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to another service"


class IntakeInvitation(Model):
    """A standing link a team gives a known referrer: only a hash of its token is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    referrer_name: Mapped[str] = mapped_column(String(200))
    referrer_organisation: Mapped[str] = mapped_column(String(200))
    referrer_email: Mapped[str] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    team: Mapped[Team] = relationship()
    created_by: Mapped[User | None] = relationship()

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class IntakeReferral(Versioned, Model):
    """A referral into a team, from arrival through triage to the caseload or a decline."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    source: Mapped[IntakeSource] = mapped_column(index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("intake_invitation.id", ondelete="SET NULL")
    )
    partner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The referrer, as they gave themselves.
    referrer_name: Mapped[str] = mapped_column(String(200))
    referrer_role: Mapped[str] = mapped_column(String(200), default="")
    referrer_organisation: Mapped[str] = mapped_column(String(200))
    referrer_email: Mapped[str | None] = mapped_column(String(254))
    referrer_phone: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    urgency: Mapped[Urgency] = mapped_column(default=Urgency.ROUTINE)
    # The person referred.
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None]
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(Text, default="")
    what_matters: Mapped[str] = mapped_column(Text, default="")
    consent_given: Mapped[bool] = mapped_column(default=False)
    # Triage.
    status: Mapped[IntakeStatus] = mapped_column(default=IntakeStatus.NEW, index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    allocated_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    contact_attempts: Mapped[int] = mapped_column(default=0)
    first_contact_at: Mapped[datetime | None]
    decline_reason: Mapped[DeclineReason | None]
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    client_id: Mapped[int | None] = mapped_column(ForeignKey("client.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None]
    # Set when retention removed the person's details from a referral that never became a client.
    anonymised_at: Mapped[datetime | None]

    team: Mapped[Team] = relationship()
    invitation: Mapped[IntakeInvitation | None] = relationship()
    partner_organisation: Mapped[Organisation | None] = relationship()
    logged_by: Mapped[User | None] = relationship(foreign_keys=[logged_by_id])
    allocated_to: Mapped[User | None] = relationship(foreign_keys=[allocated_to_id])
    client: Mapped[Client | None] = relationship()

    @property
    def reference(self) -> str:
        """A short reference safe to put in an email to the referrer."""
        return f"IR-{self.id:05d}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def is_overdue(self, today: date) -> bool:
        return not self.status.is_closed and self.first_contact_at is None and self.due_on < today
