"""The contact log on a client: every call, visit or message, and when to be in touch next."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from referrals.models import Client


class ContactMode(LabelledEnum):
    FACE_TO_FACE = "face_to_face", "Face to face"
    HOME_VISIT = "home_visit", "Home visit"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    TEXT = "text", "Text message"
    LETTER = "letter", "Letter"


class ContactOutcome(LabelledEnum):
    MADE = "made", "Contact made"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    NO_ANSWER = "no_answer", "No answer"


class ClientContact(Model):
    """One contact with (or attempt to reach) a client. Entries are kept as written."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    mode: Mapped[ContactMode]
    outcome: Mapped[ContactOutcome] = mapped_column(default=ContactOutcome.MADE)
    duration_minutes: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    next_contact_on: Mapped[date | None] = mapped_column(index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()
    recorded_by: Mapped[User | None] = relationship()
