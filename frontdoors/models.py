"""The self-referral queue: requests people made online, with consent, to be contacted."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import new_uuid, utcnow, uuid_column_type
from directory.themes import Theme

if TYPE_CHECKING:
    from accounts.models import Team


class ContactRoute(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"


class PreferredTime(LabelledEnum):
    MORNING = "morning", "Morning (9am to 12 noon)"
    AFTERNOON = "afternoon", "Afternoon (12 noon to 5pm)"
    EVENING = "evening", "Early evening (5pm to 7pm)"
    ANY = "any", "Any time"


class SelfReferralRequest(Model):
    """ "Ask a co-ordinator to contact me": only what the person chose to give, with consent.

    The row is deleted when a co-ordinator takes it onto their caseload: the client record
    then holds the details, so they are never kept twice.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(uuid_column_type(), unique=True, default=new_uuid)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_route: Mapped[ContactRoute]
    # The phone number or email address the route needs.
    contact: Mapped[str] = mapped_column(String(254))
    preferred_time: Mapped[PreferredTime]
    themes: Mapped[list[str]] = mapped_column(default=list)
    consent_given_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    team: Mapped[Team] = relationship()

    def __repr__(self) -> str:
        return f"<SelfReferralRequest {self.id}>"


class ContactRequestAttempt(Model):
    """One submission of the contact form, kept for an hour to rate-limit by address.

    Only a keyed hash of the IP address is stored, never the address itself.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    source_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class SelfCheckDemand(Model):
    """How many people flagged a theme on the public self-check, by postcode district and month.

    A counter, not a record: no row per person, no time finer than the month, nothing that
    could lead back to whoever added one. Counts under frontdoors.demand.SMALL_COUNT are never
    shown or used.
    """

    outward: Mapped[str] = mapped_column(String(4), primary_key=True)  # e.g. "BL3"
    theme: Mapped[Theme] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)  # the first day of the month
    count: Mapped[int] = mapped_column(default=0)
