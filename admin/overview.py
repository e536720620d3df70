"""The capacity lead's overview: what needs attention now, counted, each with a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from core.extensions import db
from core.outbox import OutboxMessage, OutboxStatus
from directory import freshness, moderation
from directory.models import ListingSource
from frontdoors.models import SelfReferralRequest
from openreferral import sync


@dataclass(frozen=True)
class Overview:
    proposals: int
    failed_mail: int
    pending_mail: int
    stale_listings: int
    self_referrals: int
    sources: list[ListingSource]

    @property
    def failed_sources(self) -> list[ListingSource]:
        return [source for source in self.sources if source.last_status == "failed"]


def _outbox_count(*statuses: OutboxStatus) -> int:
    statement = select(func.count()).where(OutboxMessage.status.in_(statuses))
    return db.session.scalar(statement) or 0


def overview(now: datetime) -> Overview:
    """Counts only: no person's details, so the page needs no audit entry."""
    return Overview(
        proposals=moderation.pending_count(),
        failed_mail=_outbox_count(OutboxStatus.FAILED),
        pending_mail=_outbox_count(OutboxStatus.PENDING, OutboxStatus.SENDING),
        stale_listings=len(freshness.stale_services(now)),
        self_referrals=db.session.scalar(select(func.count(SelfReferralRequest.id))) or 0,
        sources=sync.all_sources(),
    )
