"""Referrals: sending, every state change (through referrals.states), expiry, reminders,
the organisation inbox, the co-ordinator dashboard and public response figures.

Functions check permissions and state, raise domain exceptions and only flush; the view or
command commits once.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm.exc import StaleDataError

from accounts import audit
from accounts.models import User
from core.errors import Conflict, PermissionDenied
from core.extensions import db
from core.models import utcnow
from core.permissions import PermissionAction, can, find_permitted, require
from core.templating import format_date
from directory.models import CapacityStatus, Service
from directory.themes import Theme
from referrals import caseload, links, notifications, policies
from referrals.coded_activity import record_event
from referrals.models import (
    Action,
    ActionKind,
    ActionStatus,
    Client,
    ClientStatus,
    EventChannel,
    Referral,
    ReferralEvent,
    SharedField,
)
from referrals.states import (
    OPEN_STATES,
    ReferralReason,
    ReferralState,
    Side,
    check_transition,
)

STALE_MESSAGE = "Someone else has just updated this referral. Reload the page to see what changed."


class NotReferrable(Conflict):
    """The service cannot take a referral through Signpost right now."""


# -- Sending -----------------------------------------------------------------------------------


def referral_block(service: Service, today: date) -> str | None:
    """Why `service` cannot take a Signpost referral today, or None when it can."""
    if not service.accepts_signpost_referrals:
        return "This service does not accept referrals through Signpost."
    if not service.is_listed:
        return "This service is not listed in the directory."
    if service.capacity_on(today) is CapacityStatus.PAUSED:
        until = f" until {format_date(service.paused_until)}" if service.paused_until else ""
        return f"This service has paused new referrals{until}."
    return None


def referral_warning(service: Service, today: date) -> str | None:
    """A waiting list to tell the co-ordinator (and the person) about before sending."""
    if service.capacity_on(today) is CapacityStatus.WAITLIST:
        weeks = f" of about {service.waitlist_weeks} weeks" if service.waitlist_weeks else ""
        return f"This service has a waiting list{weeks}."
    return None


def shared_details(client: Client, reason: str, fields: Iterable[SharedField]) -> dict[str, Any]:
    """Build exactly what leaves the caseload: the minimum plus the fields chosen."""
    chosen = set(fields)
    contact = {
        "phone": client.phone,
        "email": client.email,
        "post": "\n".join(p for p in (client.address, client.postcode) if p),
    }[client.contact_preference.value]
    details: dict[str, Any] = {
        "first_name": client.first_name,
        "contact_preference": client.contact_preference.value,
        "contact": contact or "",
        "safe_to_leave_message": client.safe_to_leave_message,
        "reason": reason,
        "what_matters": client.what_matters,
    }
    if SharedField.LAST_NAME in chosen:
        details["last_name"] = client.last_name
    if SharedField.AGE in chosen:
        if client.date_of_birth:
            details["date_of_birth"] = client.date_of_birth.isoformat()
        if client.age_band:
            details["age_band"] = client.age_band.label
    if SharedField.POSTCODE in chosen and client.postcode:
        details["postcode"] = client.postcode
    if SharedField.ADDRESS in chosen and client.address:
        details["address"] = client.address
    if SharedField.GP_PRACTICE in chosen and client.gp_practice:
        details["gp_practice"] = client.gp_practice
    return details


def send_referral(
    user: User,
    client: Client,
    service: Service,
    *,
    theme: Theme,
    reason: str,
    consent_to_share_on: date,
    shared_fields: Sequence[SharedField] = (),
    due_on: date | None = None,
    referring_partner_organisation_id: int | None = None,
) -> Referral:
    """Refer `client` to `service`: a referral action, the referral, its first event, an email."""
    require(user, "refer", client, hide=True)
    if not policies.may_share(user, client, shared_fields):
        raise PermissionDenied("You may not share those details.")
    if not client.is_open:
        raise Conflict("Reopen the client before sending a referral.")
    blocked = referral_block(service, utcnow().date())
    if blocked:
        raise NotReferrable(blocked)
    action = Action(
        client=client,
        kind=ActionKind.REFERRAL,
        theme=theme,
        description=f"Referral to {service.name}",
        service=service,
        due_on=due_on,
        created_by=user,
    )
    referral = Referral(
        action=action,
        client=client,
        service=service,
        organisation_id=service.organisation_id,
        referring_partner_organisation_id=referring_partner_organisation_id,
        sent_by=user,
        state=ReferralState.SENT,
        referral_reason=reason,
        consent_to_share_on=consent_to_share_on,
        shared_fields=sorted(f.value for f in shared_fields),
        shared_details=shared_details(client, reason, shared_fields),
        sent_at=utcnow(),
    )
    db.session.add_all([action, referral])
    referral.events.append(
        ReferralEvent(
            by_user=user, from_state=None, to_state=ReferralState.SENT, at=referral.sent_at
        )
    )
    db.session.flush()
    audit.record("create", referral, user=user)
    record_event(client, "onward_referral", referral.sent_at.date(), by=user, referral=referral)
    notifications.referral_sent(referral)
    return referral


# -- The state machine in use ------------------------------------------------------------------

# When a referral closes, its action closes with it, so completion rates by action kind count it.
ACTION_OUTCOME = {
    ReferralState.COMPLETED: ActionStatus.DONE,
    ReferralState.DECLINED: ActionStatus.NOT_DONE,
    ReferralState.NOT_COMPLETED: ActionStatus.NOT_DONE,
    ReferralState.WITHDRAWN: ActionStatus.NOT_DONE,
    ReferralState.EXPIRED: ActionStatus.NOT_DONE,
}


def close_with_action(
    referral: Referral, target: ReferralState, reason: ReferralReason | None, at: datetime
) -> None:
    """Close a referral and the action it answers, with the outcome its final state implies."""
    referral.closed_at = at
    action = referral.action
    action.status = ACTION_OUTCOME[target]
    action.closed_at = at
    action.outcome_note = f"Referral {target.label.lower()}" + (
        f": {reason.label.lower()}" if reason else ""
    )


def transition(
    referral: Referral,
    target: ReferralState,
    *,
    by: User | None,
    channel: EventChannel = EventChannel.SIGNPOST,
    reason: ReferralReason | None = None,
    note: str = "",
    seen_version: int | None = None,
) -> ReferralEvent:
    """Move `referral` to `target` if the state machine and the actor's rights allow it.

    `seen_version` is the version the actor's page showed: if the referral has moved on
    since, the move is refused rather than made on out-of-date information.
    """
    if channel is not EventChannel.SYSTEM:
        expire_if_due(referral)
    if seen_version is not None and seen_version != referral.version:
        raise Conflict(STALE_MESSAGE)
    side = _side_of(referral, target, by, channel)
    source = referral.state
    check_transition(source, target, side, reason)
    now = utcnow()
    # No autoflush until the one flush below: loading the action (close_with_action) must
    # not write the referral early, where a version conflict would escape as a 500.
    with db.session.no_autoflush:
        referral.state = target
        referral.reason = reason
        if source is ReferralState.SENT and side is Side.PROVIDER:
            referral.responded_at = now
        if target.is_closed:
            close_with_action(referral, target, reason, now)
        event = ReferralEvent(
            referral=referral,
            at=now,
            by_user=by,
            channel=channel,
            from_state=source,
            to_state=target,
            reason=reason,
            note=note,
        )
        db.session.add(event)
    try:
        db.session.flush()
    except StaleDataError as error:
        raise Conflict(STALE_MESSAGE) from error
    if channel is not EventChannel.SYSTEM:
        audit.record_event(f"referral_{target.value}", "referral", referral.id, user=by)
    notifications.state_changed(referral)
    return event


def _side_of(
    referral: Referral, target: ReferralState, by: User | None, channel: EventChannel
) -> Side:
    """Work out which side the actor is on for this move, refusing anyone on neither."""
    if channel is EventChannel.SYSTEM:
        return Side.SYSTEM
    if channel is EventChannel.EMAIL_LINK:
        # The signed link is the authority: it names this referral and only answers for the
        # receiving organisation.
        return Side.PROVIDER
    if target is ReferralState.WITHDRAWN:
        require(by, "withdraw", referral, hide=True)
        return Side.COORDINATOR
    require(by, "respond", referral, hide=not can(by, "view", referral))
    return Side.PROVIDER


def expiry_cutoff(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=int(current_app.config["REFERRAL_EXPIRY_DAYS"]))


def expires_at(referral: Referral) -> datetime:
    return referral.sent_at + timedelta(days=int(current_app.config["REFERRAL_EXPIRY_DAYS"]))


def expire_if_due(referral: Referral, now: datetime | None = None) -> bool:
    """Expire an unanswered referral past its time (evaluated whenever one is read)."""
    if referral.state is not ReferralState.SENT or referral.sent_at > expiry_cutoff(now):
        return False
    transition(referral, ReferralState.EXPIRED, by=None, channel=EventChannel.SYSTEM)
    return True


def expire_overdue(now: datetime | None = None) -> int:
    """Expire every unanswered referral past its time; return how many."""
    overdue = db.session.scalars(
        select(Referral)
        .where(Referral.state == ReferralState.SENT, Referral.sent_at <= expiry_cutoff(now))
        .order_by(Referral.id)
    )
    return sum(1 for referral in overdue if expire_if_due(referral, now))


def send_reminders(now: datetime | None = None) -> int:
    """Remind organisations, once, of referrals unanswered for REFERRAL_REMINDER_DAYS."""
    now = now or utcnow()
    expire_overdue(now)
    cutoff = now - timedelta(days=int(current_app.config["REFERRAL_REMINDER_DAYS"]))
    waiting = list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.state == ReferralState.SENT,
                Referral.sent_at <= cutoff,
                Referral.reminded_at.is_(None),
            )
            .order_by(Referral.id)
        )
    )
    for referral in waiting:
        notifications.response_reminder(referral)
        referral.reminded_at = now
    db.session.flush()
    return len(waiting)


# -- Reading -----------------------------------------------------------------------------------


def get_referral(user: User, referral_id: int, action: PermissionAction = "view") -> Referral:
    """Return a referral `user` may see (co-ordinator: whole; provider: shared fields)."""
    referral = find_permitted(user, action, Referral, referral_id)
    expire_if_due(referral)
    audit.record(action, referral, user=user)
    return referral


def referral_from_link(token: str) -> Referral:
    """Return the open referral an emailed link names, auditing the view of shared details."""
    referral = links.resolve(token)
    if expire_if_due(referral):
        raise links.InvalidReferralLink(links.INVALID_MESSAGE)
    audit.record_event("view_shared_by_link", "referral", referral.id)
    return referral


INBOX_TABS = {
    "new": (ReferralState.SENT,),
    "in_progress": (ReferralState.ACCEPTED,),
    "closed": tuple(s for s in ReferralState if s not in OPEN_STATES),
}


def inbox(user: User, tab: str) -> list[Referral]:
    """Referrals to the organisations `user` belongs to, by tab: new, in progress, closed."""
    require(user, "inbox", Referral)
    organisations = user.organisation_ids
    if not organisations:
        return []
    expire_overdue()
    statement = (
        select(Referral)
        .where(
            Referral.organisation_id.in_(organisations),
            Referral.state.in_(INBOX_TABS[tab]),
        )
        .order_by(Referral.sent_at.desc(), Referral.id.desc())
    )
    if tab == "closed":
        statement = statement.limit(200)
    return list(db.session.scalars(statement))


def inbox_counts(user: User) -> dict[str, int]:
    organisations = user.organisation_ids
    counts = dict.fromkeys(INBOX_TABS, 0)
    if not organisations:
        return counts
    rows = db.session.execute(
        select(Referral.state, func.count())
        .where(Referral.organisation_id.in_(organisations))
        .group_by(Referral.state)
    )
    for state, number in rows:
        for tab, states in INBOX_TABS.items():
            if state in states:
                counts[tab] += number
    return counts


def days_between(start: datetime, end: datetime) -> int:
    return max(0, (end - start).days)


# -- Co-ordinator dashboard --------------------------------------------------------------------

RECENT_DAYS = 14
DUE_SOON_DAYS = 7


@dataclass
class Dashboard:
    open_clients: int = 0
    overdue_actions: list[Action] = field(default_factory=list)
    due_actions: list[Action] = field(default_factory=list)
    waiting: list[Referral] = field(default_factory=list)
    recent: list[Referral] = field(default_factory=list)
    recent_counts: dict[ReferralState, int] = field(default_factory=dict)


def dashboard(user: User, today: date | None = None) -> Dashboard:
    """What needs the co-ordinator's attention across their caseload."""
    today = today or utcnow().date()
    expire_overdue()
    caseload_ids = caseload.visible_clients(user).with_only_columns(Client.id)
    result = Dashboard()
    result.open_clients = db.session.scalar(
        select(func.count()).select_from(
            caseload.visible_clients(user).where(Client.status == ClientStatus.OPEN).subquery()
        )
    )
    open_actions = _open_actions(caseload_ids, today + timedelta(days=DUE_SOON_DAYS))
    result.overdue_actions = [a for a in open_actions if a.due_on < today]
    result.due_actions = [a for a in open_actions if a.due_on >= today]
    result.waiting = list(
        db.session.scalars(
            select(Referral)
            .where(Referral.client_id.in_(caseload_ids), Referral.state == ReferralState.SENT)
            .order_by(Referral.sent_at)
        )
    )
    since = utcnow() - timedelta(days=RECENT_DAYS)
    result.recent = list(
        db.session.scalars(
            select(Referral)
            .where(
                Referral.client_id.in_(caseload_ids),
                Referral.state.in_(
                    [
                        ReferralState.ACCEPTED,
                        ReferralState.DECLINED,
                        ReferralState.COMPLETED,
                        ReferralState.NOT_COMPLETED,
                        ReferralState.EXPIRED,
                    ]
                ),
                Referral.updated_at >= since,
            )
            .order_by(Referral.updated_at.desc())
        )
    )
    for referral in result.recent:
        result.recent_counts[referral.state] = result.recent_counts.get(referral.state, 0) + 1
    return result


def _open_actions(client_ids: Select[Any], due_by: date) -> list[Action]:
    return list(
        db.session.scalars(
            select(Action)
            .where(
                Action.client_id.in_(client_ids),
                Action.status == ActionStatus.OPEN,
                Action.kind != ActionKind.REFERRAL,
                Action.due_on.is_not(None),
                Action.due_on <= due_by,
            )
            .order_by(Action.due_on, Action.id)
        )
    )


# -- Public response figures -------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseStats:
    referrals: int
    usual_response_days: int | None
    share_accepted: float | None

    @property
    def percent_accepted(self) -> int | None:
        return None if self.share_accepted is None else round(self.share_accepted * 100)


def response_stats(service: Service) -> ResponseStats | None:
    """How quickly and how often `service` takes referrals, computed from their events.

    None until the service has RESPONSE_STATS_MIN_REFERRALS referrals. The "usual" response
    time is the median whole days from sending to the first answer; the share accepted is
    of referrals that were answered or expired.
    """
    total = db.session.scalar(
        select(func.count()).select_from(Referral).where(Referral.service_id == service.id)
    )
    if total < int(current_app.config["RESPONSE_STATS_MIN_REFERRALS"]):
        return None
    rows = db.session.execute(
        select(
            ReferralEvent.referral_id, Referral.sent_at, ReferralEvent.at, ReferralEvent.to_state
        )
        .join(Referral)
        .where(
            Referral.service_id == service.id,
            ReferralEvent.to_state.in_(
                [ReferralState.ACCEPTED, ReferralState.DECLINED, ReferralState.EXPIRED]
            ),
        )
        .order_by(ReferralEvent.referral_id, ReferralEvent.at, ReferralEvent.id)
    )
    first_answer: dict[int, tuple[datetime, datetime, ReferralState]] = {}
    for referral_id, sent_at, at, state in rows:
        first_answer.setdefault(referral_id, (sent_at, at, state))
    answered = [
        (at - sent).total_seconds() / 86400
        for sent, at, state in first_answer.values()
        if state is not ReferralState.EXPIRED
    ]
    accepted = sum(1 for _, _, state in first_answer.values() if state is ReferralState.ACCEPTED)
    return ResponseStats(
        referrals=total,
        usual_response_days=max(1, math.ceil(statistics.median(answered))) if answered else None,
        share_accepted=accepted / len(first_answer) if first_answer else None,
    )
