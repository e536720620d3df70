"""Records that keep listings true: versions, proposed changes, claims and review reminders.

Kept apart from directory/models.py, which describes the listings themselves. Every record here
names a listing by its type and uuid, not a foreign key, so history outlives the listing.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import LabelledEnum
from core.extensions import Model
from core.models import utcnow, uuid_column_type

if TYPE_CHECKING:
    from accounts.models import User
    from directory.models import Organisation


class RecordType(LabelledEnum):
    SERVICE = "service"
    ORGANISATION = "organisation"
    LOCATION = "location"


class ChangeKind(LabelledEnum):
    # A change to an existing record, or a new location of an organisation.
    EDIT = "edit", "Proposed edit"
    # "List your group": a new organisation and its first service.
    NEW_LISTING = "new_listing", "New listing"
    # "Suggest an edit / report a problem" from the public.
    SUGGESTION = "suggestion", "Suggestion or problem report"


class ChangeStatus(LabelledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ClaimStatus(LabelledEnum):
    UNREVIEWED = "unreviewed"
    CONFIRMED = "confirmed"
    DENIED = "denied"
    REVOKED = "revoked"


class ListingVersion(Model):
    """One saved state of a listing record, with who changed it, when and why."""

    __table_args__ = (UniqueConstraint("record_type", "record_uuid", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[RecordType]
    record_uuid: Mapped[str] = mapped_column(uuid_column_type(), index=True)
    number: Mapped[int]
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    summary: Mapped[str] = mapped_column(String(300))
    # The name is kept as well as the id: it must still read right after an account goes.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProposedChange(Model):
    """A change waiting for the capacity lead, or one they decided."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ChangeKind]
    status: Mapped[ChangeStatus] = mapped_column(default=ChangeStatus.PENDING, index=True)
    record_type: Mapped[RecordType]
    # None for a record the change would create (a new listing or location).
    record_uuid: Mapped[str | None] = mapped_column(uuid_column_type(), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    # The version the proposer saw: a later version means the listing changed since.
    base_version: Mapped[int | None]
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    proposed: Mapped[dict[str, Any]] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text, default="")
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    proposer_name: Mapped[str] = mapped_column(String(200), default="")
    proposer_email: Mapped[str | None] = mapped_column(String(254))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    organisation: Mapped[Organisation | None] = relationship()
    proposer: Mapped[User | None] = relationship(foreign_keys=[proposer_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class OrganisationClaim(Model):
    """Someone who works at an organisation asking to manage its listings."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ClaimStatus] = mapped_column(default=ClaimStatus.UNREVIEWED, index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    # The account given membership when the claim was confirmed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    organisation: Mapped[Organisation] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ReviewReminder(Model):
    """Where a service is in its review-reminder cycle; reset whenever a person verifies it."""

    service_id: Mapped[int] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    # 1 = first reminder sent, 2 = second, 3 = final; after the final one it shows as stale.
    stage: Mapped[int] = mapped_column(default=0)
    first_sent_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]
    # Makes the emailed confirm link single-use: confirming clears it, a new reminder replaces it.
    link_nonce: Mapped[str | None] = mapped_column(String(64))
