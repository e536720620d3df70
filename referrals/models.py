"""The caseload: clients, wellbeing assessments, actions, referrals and their timelines."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import new_uuid, utcnow, uuid_column_type
from core.versioning import Versioned
from directory.themes import Theme
from referrals.nhs_number import format_nhs_number
from referrals.states import ReferralReason, ReferralState

if TYPE_CHECKING:
    from accounts.models import Team, User
    from directory.gazetteer import Neighbourhood
    from directory.models import Organisation, Service
    from directory.practices import Practice


class ClientStatus(LabelledEnum):
    OPEN = "open"
    SIGNED_OFF = "signed_off"


class ContactPreference(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    POST = "post"


class AgeBand(LabelledEnum):
    UNDER_18 = "under_18", "Under 18"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_49 = "25_49", "25 to 49"
    AGE_50_64 = "50_64", "50 to 64"
    AGE_65_74 = "65_74", "65 to 74"
    AGE_75_84 = "75_84", "75 to 84"
    AGE_85_PLUS = "85_plus", "85 or over"

    @classmethod
    def for_age(cls, age: int) -> AgeBand:
        """The band an age in whole years falls in."""
        limits = (18, 25, 50, 65, 75, 85)
        bands = (cls.UNDER_18, cls.AGE_18_24, cls.AGE_25_49, cls.AGE_50_64, cls.AGE_65_74)
        for limit, band in zip(limits, (*bands, cls.AGE_75_84), strict=True):
            if age < limit:
                return band
        return cls.AGE_85_PLUS

    @classmethod
    def on(cls, date_of_birth: date, day: date) -> AgeBand:
        """The band of someone born on `date_of_birth`, on `day`."""
        before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
        return cls.for_age(day.year - date_of_birth.year - before_birthday)


class Client(Versioned, Model):
    """A person a co-ordinator supports; visible only to their co-ordinator and team."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None]
    age_band: Mapped[AgeBand | None]
    postcode: Mapped[str | None] = mapped_column(String(8))
    # Kept apart from the postcode so reports and the gap map can group without it.
    outward_code: Mapped[str | None] = mapped_column(String(4), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    contact_preference: Mapped[ContactPreference] = mapped_column(default=ContactPreference.PHONE)
    safe_to_leave_message: Mapped[bool] = mapped_column(default=False)
    # Free text from before practices were chosen by ODS code, now a note beside the choice.
    gp_practice: Mapped[str | None] = mapped_column(String(200))
    practice_id: Mapped[int | None] = mapped_column(
        ForeignKey("practice.id", ondelete="SET NULL"), index=True
    )
    # Stored as 10 digits (see referrals/nhs_number.py); not unique, as two teams may each
    # support the same person.
    nhs_number: Mapped[str | None] = mapped_column(String(10), index=True)
    what_matters: Mapped[str] = mapped_column(Text, default="")
    consent_given_on: Mapped[date]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    status: Mapped[ClientStatus] = mapped_column(default=ClientStatus.OPEN, index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    signed_off_at: Mapped[datetime | None]
    closing_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Set when the record's personal details were removed (retention or erasure, see
    # referrals/privacy.py); what is left counts in reports but names no one.
    anonymised_at: Mapped[datetime | None] = mapped_column(index=True)
    anonymised_reason: Mapped[str | None] = mapped_column(String(20))

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    consent_recorded_by: Mapped[User | None] = relationship(foreign_keys=[consent_recorded_by_id])
    team: Mapped[Team | None] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    practice: Mapped[Practice | None] = relationship()
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="client",
        cascade="all, delete-orphan",
        order_by="(Assessment.taken_on, Assessment.id)",
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="Action.id"
    )

    def __repr__(self) -> str:
        return f"<Client {self.id}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status is ClientStatus.OPEN

    @property
    def practice_code(self) -> str | None:
        return self.practice.ods_code if self.practice else None

    @property
    def nhs_number_shown(self) -> str:
        return format_nhs_number(self.nhs_number)


class AssessmentStage(LabelledEnum):
    START = "start", "Start"
    REVIEW = "review", "Review"
    SIGN_OFF = "sign_off", "Sign-off"


class Assessment(Versioned, Model):
    """One sitting: the 12-theme wheel and, optionally, the four ONS wellbeing questions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    stage: Mapped[AssessmentStage]
    taken_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # ONS4, each 0-10. For anxiety a higher score is worse; `ons4_anxiety` keeps it as asked.
    ons4_life_satisfaction: Mapped[int | None]
    ons4_worthwhile: Mapped[int | None]
    ons4_happiness: Mapped[int | None]
    ons4_anxiety: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship(back_populates="assessments")
    recorded_by: Mapped[User | None] = relationship()
    scores: Mapped[list[WheelScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="WheelScore.id"
    )

    @property
    def score_by_theme(self) -> dict[Theme, WheelScore]:
        return {score.theme: score for score in self.scores}

    @hybrid_property
    def has_ons4(self) -> bool:
        """Recorded with the ONS4 questions (a report reads it as a column too)."""
        return self.ons4_life_satisfaction is not None

    @has_ons4.inplace.expression
    @classmethod
    def _has_ons4_expression(cls) -> ColumnElement[bool]:
        return cls.ons4_life_satisfaction.is_not(None)


class WheelScore(Model):
    __table_args__ = (UniqueConstraint("assessment_id", "theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[Theme] = mapped_column(index=True)
    score: Mapped[int]  # 0 (worst) to 5 (best)
    note: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="scores")


class ActionKind(LabelledEnum):
    REFERRAL = "referral", "Referral through Signpost"
    SERVICE_RECOMMENDATION = "service_recommendation", "Service recommendation"
    INFORMATION_GIVEN = "information_given", "Information given"
    CLIENT_ACTION = "client_action", "The person's own action"
    COORDINATOR_TASK = "coordinator_task", "Co-ordinator task"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"
    NOT_DONE = "not_done"


class Action(Versioned, Model):
    """Something agreed with the person; a referral action carries a Referral."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActionKind] = mapped_column(index=True)
    theme: Mapped[Theme]
    description: Mapped[str] = mapped_column(Text)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(default=ActionStatus.OPEN, index=True)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    shortlist_id: Mapped[int | None] = mapped_column(
        ForeignKey("shortlist.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    closed_at: Mapped[datetime | None]

    client: Mapped[Client] = relationship(back_populates="actions")
    service: Mapped[Service | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    referral: Mapped[Referral | None] = relationship(back_populates="action")
    shortlist: Mapped[Shortlist | None] = relationship(back_populates="actions")

    def is_overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due_on is not None and self.due_on < today


class Shortlist(Versioned, Model):
    """Services picked for a person to take away, printed or emailed to them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    emailed_at: Mapped[datetime | None]

    client: Mapped[Client] = relationship()
    created_by: Mapped[User | None] = relationship()
    actions: Mapped[list[Action]] = relationship(back_populates="shortlist", order_by="Action.id")


class SharedField(LabelledEnum):
    """Client details a co-ordinator may choose to share with the receiving organisation.

    First name, the contact route, the reason and "what matters" are always shared.
    """

    LAST_NAME = "last_name", "Surname"
    AGE = "age", "Date of birth or age band"
    POSTCODE = "postcode", "Postcode"
    ADDRESS = "address", "Postal address"
    GP_PRACTICE = "gp_practice", "GP practice"


class Referral(Model):
    """A request to an organisation to support a client, and its place in the state machine."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # The partner organisation a referral came in through (partner checklist), if any.
    referring_partner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[ReferralState] = mapped_column(default=ReferralState.SENT, index=True)
    reason: Mapped[ReferralReason | None]
    referral_reason: Mapped[str] = mapped_column(Text)
    consent_to_share_on: Mapped[date]
    shared_fields: Mapped[list[str]] = mapped_column(default=list)
    # Exactly what left the caseload, captured when sent: the provider sees only this.
    shared_details: Mapped[dict] = mapped_column(default=dict)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    responded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: two people acting at once cannot both change the referral.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    action: Mapped[Action] = relationship(back_populates="referral")
    client: Mapped[Client] = relationship()
    service: Mapped[Service] = relationship()
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    referring_partner_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[referring_partner_organisation_id]
    )
    sent_by: Mapped[User | None] = relationship()
    events: Mapped[list[ReferralEvent]] = relationship(
        back_populates="referral",
        cascade="all, delete-orphan",
        order_by="(ReferralEvent.at, ReferralEvent.id)",
    )

    @property
    def reference(self) -> str:
        """A short reference safe to put in an email subject."""
        return f"R-{self.id:05d}"

    @property
    def is_closed(self) -> bool:
        return self.state.is_closed


class EventChannel(LabelledEnum):
    """How a referral event came about."""

    # A signed-in person, on a page or through the API.
    SIGNPOST = "signpost", "Signpost"
    # A provider without an account, through an emailed link.
    EMAIL_LINK = "email_link", "Via email link"
    # The clock: expiry.
    SYSTEM = "system", "Signpost"


class ReferralEvent(Model):
    """One step on a referral's timeline: who moved it, when, from what to what, and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # None for responses through an emailed link and for the system clock; see `channel`.
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    channel: Mapped[EventChannel] = mapped_column(default=EventChannel.SIGNPOST)
    from_state: Mapped[ReferralState | None]
    to_state: Mapped[ReferralState] = mapped_column(index=True)
    reason: Mapped[ReferralReason | None]
    note: Mapped[str] = mapped_column(Text, default="")

    referral: Mapped[Referral] = relationship(back_populates="events")
    by_user: Mapped[User | None] = relationship()

    @property
    def actor_label(self) -> str:
        if self.by_user is not None:
            return self.by_user.display_name
        return self.channel.label
