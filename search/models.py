"""The search log: what co-ordinators and the public looked for, for the capacity lead."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import Model, db
from core.models import utcnow


class SearchLog(Model):
    """One search. Never a full postcode: only its outward code (e.g. "BL3")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    query_text: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[dict[str, Any]] = mapped_column(db.JSON, default=dict)
    outward_code: Mapped[str | None] = mapped_column(String(4), index=True)
    # The ward the place resolved to, when it resolved to one (a ward is not personal data),
    # so the gap map can place searches that found nothing.
    neighbourhood_code: Mapped[str | None] = mapped_column(String(20), index=True)
    result_count: Mapped[int] = mapped_column(index=True)
    # "page" or "api".
    channel: Mapped[str] = mapped_column(String(10), default="page")
    # The signed-in user, when there is one (no foreign key: accounts may be absent).
    user_id: Mapped[int | None]


class SearchChange(Model):
    """One listing whose index document may have changed, numbered in commit order.

    Written in the same transaction as the change itself (search.sync), so an index holder
    that applies these in `seq` order, re-reading each service's current row, converges on the
    database whatever order requests finished in and whatever process died in between.
    """

    __table_args__ = {"sqlite_autoincrement": True}  # a seq is never reused

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    # No foreign key: the change of a deleted service must outlive it.
    service_id: Mapped[int]
    committed_at: Mapped[datetime] = mapped_column(default=utcnow)
