"""Safeguarding concerns: raise one on a client, record its outcome, list those one may see.

Flushes only; the view commits. Every concern read or written is audited. Who sees a concern
is decided once, in safeguarding_policies.can_see_safeguarding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accounts import audit
from accounts.models import User
from core import versioning
from core.errors import Conflict
from core.extensions import db
from core.permissions import PermissionAction, find_permitted, require
from referrals import caseload
from referrals.models import Client
from referrals.safeguarding_models import SafeguardingConcern
from referrals.safeguarding_policies import can_see_safeguarding


def concerns_on(client: Client) -> list[SafeguardingConcern]:
    return list(
        db.session.scalars(
            select(SafeguardingConcern)
            .where(SafeguardingConcern.client_id == client.id)
            .order_by(SafeguardingConcern.raised_on.desc(), SafeguardingConcern.id.desc())
        )
    )


def for_client(user: User, client_id: int) -> tuple[Client, list[SafeguardingConcern]]:
    """A client on `user`'s caseload and their concerns; each concern shown is audited."""
    client = caseload.get_client(user, client_id)
    concerns = concerns_on(client)
    for concern in concerns:
        audit.record("view", concern, user=user)
    return client, concerns


def raise_concern(user: User, client: Client, data: Mapping[str, Any]) -> SafeguardingConcern:
    """Record a concern on a client on `user`'s caseload (open or signed off)."""
    require(user, "edit", client, hide=True)
    concern = SafeguardingConcern(client=client, recorded_by=user, **data)
    db.session.add(concern)
    db.session.flush()
    audit.record("create", concern, user=user)
    return concern


def get_concern(
    user: User, concern_id: int, action: PermissionAction = "view"
) -> SafeguardingConcern:
    concern = find_permitted(user, action, SafeguardingConcern, concern_id)
    audit.record(action, concern, user=user)
    return concern


CONCERN_LABELS = {
    "seen": "What was seen",
    "risk": "Risk",
    "raised_with": "Raised with",
    "raised_on": "Raised on",
    "outcome": "Outcome",
    "closed_on": "Closed on",
}


def concern_snapshot(concern: SafeguardingConcern) -> dict[str, Any]:
    return versioning.plain_snapshot(concern, CONCERN_LABELS)


def concern_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Any]:
    return versioning.field_diff(CONCERN_LABELS, before, after)


def update_concern(
    user: User,
    concern: SafeguardingConcern,
    data: Mapping[str, Any],
    seen_version: int | None = None,
) -> SafeguardingConcern:
    """Correct a concern or record its outcome (with a closing date it is closed)."""
    require(user, "edit", concern, hide=True)
    closed_on = data.get("closed_on", concern.closed_on)
    outcome = data.get("outcome", concern.outcome)
    if closed_on is not None and not outcome:
        raise Conflict("Record the outcome before closing the concern.")
    versioning.check_version(concern, seen_version)
    for name, value in data.items():
        setattr(concern, name, value)
    db.session.flush()
    audit.record("edit", concern, user=user)
    return concern


def open_concerns(user: User) -> list[SafeguardingConcern]:
    """Open concerns `user` may see (can_see_safeguarding decides, concern by concern).

    Listing names the people concerned, so each concern listed is audited as a view. Open
    concerns are few, so every one is read and the rule applied to each.
    """
    require(user, "list", SafeguardingConcern)
    statement = (
        select(SafeguardingConcern)
        .where(SafeguardingConcern.closed_on.is_(None))
        .options(joinedload(SafeguardingConcern.client).joinedload(Client.owner))
        .order_by(SafeguardingConcern.raised_on, SafeguardingConcern.id)
    )
    found = [c for c in db.session.scalars(statement) if can_see_safeguarding(user, c.client)]
    for concern in found:
        audit.record("list", concern, user=user)
    return found


def caseload_concerns(user: User) -> list[SafeguardingConcern]:
    """Open concerns on `user`'s own caseload (the caseload flags), without an audit entry.

    The caseload shows only the client's name beside the flag; opening a concern audits it.
    """
    visible = caseload.visible_clients(user).with_only_columns(Client.id)
    return list(
        db.session.scalars(
            select(SafeguardingConcern)
            .where(
                SafeguardingConcern.client_id.in_(visible),
                SafeguardingConcern.closed_on.is_(None),
            )
            .options(joinedload(SafeguardingConcern.client))
            .order_by(SafeguardingConcern.raised_on, SafeguardingConcern.id)
        )
    )
