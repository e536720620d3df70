"""The person's circle of support, and whether they are an unpaid carer themselves."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import Model
from core.models import utcnow
from core.versioning import Versioned

if TYPE_CHECKING:
    from referrals.models import Client


class CirclePerson(Versioned, Model):
    """Someone in the person's circle of support, and whether we may contact them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_client: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    may_contact: Mapped[bool] = mapped_column(default=False)
    # This person looks after the client without pay.
    is_unpaid_carer: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()


class CarerStatus(Versioned, Model):
    """Whether the client is an unpaid carer for someone else (one row per client)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("client.id", ondelete="CASCADE"), unique=True)
    is_unpaid_carer: Mapped[bool] = mapped_column(default=False)
    cares_for: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    client: Mapped[Client] = relationship()
