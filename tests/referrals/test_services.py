"""Referral services: sending, the state machine in use, expiry, reminders, links, emails."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from accounts.models import AuditEvent
from core.errors import Conflict, InvalidTransition, NotFound, PermissionDenied
from core.extensions import db
from core.models import utcnow
from directory.models import AccessMethod, CapacityStatus
from directory.themes import Theme
from referrals import links, services
from referrals.models import ActionStatus, EventChannel, Referral, SharedField
from referrals.states import ReferralReason, ReferralState

pytestmark = pytest.mark.usefixtures("app_ctx")


def send(world, **overrides):
    fields = {
        "theme": Theme.FRIENDS_AND_FAMILY,
        "reason": "Lonely since her husband died; would like a weekly call.",
        "consent_to_share_on": date(2026, 1, 5),
        "shared_fields": [],
    }
    fields.update(overrides)
    return services.send_referral(world.coordinator, world.client, world.service, **fields)


def test_send_creates_action_referral_event_and_email(world, outbox) -> None:
    referral = send(world)
    assert referral.state is ReferralState.SENT
    assert referral.organisation_id == world.organisation.id
    assert referral.referring_partner_organisation_id is None
    assert referral.action.kind.value == "referral"
    assert referral.action.status is ActionStatus.OPEN
    [event] = referral.events
    assert (event.from_state, event.to_state, event.by_user) == (
        None,
        ReferralState.SENT,
        world.coordinator,
    )
    [message] = outbox()
    assert message.recipient == "referrals@befrienders.example.org"
    assert "/r/" in message.text_body
    assert "Maud" in message.text_body


def test_only_minimum_is_shared_unless_chosen(world) -> None:
    referral = send(world)
    assert set(referral.shared_details) == {
        "first_name",
        "contact_preference",
        "contact",
        "safe_to_leave_message",
        "reason",
        "what_matters",
    }
    assert referral.shared_details["contact"] == "01204 555 0101"
    more = send(world, shared_fields=[SharedField.LAST_NAME, SharedField.GP_PRACTICE])
    assert more.shared_details["last_name"] == "Hargreaves"
    assert more.shared_details["gp_practice"] == "Deane Surgery"
    assert "date_of_birth" not in more.shared_details


def test_cannot_refer_to_a_service_outside_signpost_referrals(world) -> None:
    world.service.access_methods = [AccessMethod.SELF_REFERRAL.value]
    with pytest.raises(services.NotReferrable, match="does not accept"):
        send(world)


def test_cannot_refer_to_a_paused_service_but_waitlist_warns(world) -> None:
    world.service.capacity_status = CapacityStatus.PAUSED
    world.service.paused_until = utcnow().date() + timedelta(days=10)
    with pytest.raises(services.NotReferrable, match="paused"):
        send(world)
    world.service.paused_until = utcnow().date()  # the pause has ended by itself
    assert services.referral_block(world.service, utcnow().date()) is None
    world.service.capacity_status = CapacityStatus.WAITLIST
    world.service.waitlist_weeks = 6
    assert "6 weeks" in services.referral_warning(world.service, utcnow().date())
    assert send(world).state is ReferralState.SENT


def test_other_coordinator_cannot_refer_or_see(world) -> None:
    with pytest.raises(NotFound):
        services.send_referral(
            world.other_coordinator,
            world.client,
            world.service,
            theme=Theme.MONEY,
            reason="x",
            consent_to_share_on=date(2026, 1, 5),
        )
    referral = send(world)
    with pytest.raises(NotFound):
        services.get_referral(world.other_coordinator, referral.id)


def test_whole_loop_closes_the_action(world, outbox) -> None:
    referral = send(world)
    services.transition(referral, ReferralState.ACCEPTED, by=world.provider, note="Calling Tues")
    assert referral.responded_at is not None
    services.transition(referral, ReferralState.COMPLETED, by=world.provider)
    assert referral.state is ReferralState.COMPLETED
    assert referral.closed_at is not None
    assert referral.action.status is ActionStatus.DONE
    assert [(e.from_state, e.to_state) for e in referral.events] == [
        (None, ReferralState.SENT),
        (ReferralState.SENT, ReferralState.ACCEPTED),
        (ReferralState.ACCEPTED, ReferralState.COMPLETED),
    ]
    assert referral.events[1].note == "Calling Tues"
    assert referral.events[1].by_user == world.provider
    subjects = [m.subject for m in outbox()]
    assert any("accepted" in s for s in subjects)
    assert any("completed" in s for s in subjects)
    recipients = {m.recipient for m in outbox()}
    assert world.coordinator.email in recipients


def test_decline_records_reason_and_tells_coordinator(world, outbox) -> None:
    referral = send(world)
    services.transition(
        referral, ReferralState.DECLINED, by=world.provider, reason=ReferralReason.NO_CAPACITY
    )
    assert referral.reason is ReferralReason.NO_CAPACITY
    assert referral.action.status is ActionStatus.NOT_DONE
    last = outbox()[-1]
    assert last.recipient == world.coordinator.email
    assert "declined (no capacity)" in last.text_body


def test_invalid_transition_changes_nothing(world) -> None:
    referral = send(world)
    db.session.commit()
    with pytest.raises(InvalidTransition):
        services.transition(referral, ReferralState.COMPLETED, by=world.provider)
    db.session.rollback()
    fresh = db.session.get(Referral, referral.id)
    assert fresh.state is ReferralState.SENT
    assert len(fresh.events) == 1


def test_coordinator_cannot_accept_and_provider_cannot_withdraw(world) -> None:
    referral = send(world)
    with pytest.raises(PermissionDenied):
        services.transition(referral, ReferralState.ACCEPTED, by=world.coordinator)
    with pytest.raises(NotFound):
        services.transition(referral, ReferralState.WITHDRAWN, by=world.provider)
    services.transition(referral, ReferralState.WITHDRAWN, by=world.coordinator)
    assert referral.state is ReferralState.WITHDRAWN


@pytest.mark.parametrize("who", ["other_provider", "other_coordinator", "capacity_lead"])
def test_strangers_cannot_respond_or_see(world, who) -> None:
    referral = send(world)
    stranger = getattr(world, who)
    with pytest.raises(NotFound):
        services.transition(referral, ReferralState.ACCEPTED, by=stranger)
    with pytest.raises(NotFound):
        services.get_referral(stranger, referral.id, "view_shared")


def test_anonymous_cannot_respond(world) -> None:
    from flask_login import AnonymousUserMixin

    referral = send(world)
    with pytest.raises(NotFound):
        services.transition(referral, ReferralState.ACCEPTED, by=AnonymousUserMixin())


def test_provider_sees_shared_fields_only_and_is_audited(world) -> None:
    referral = send(world)
    services.get_referral(world.provider, referral.id, "view_shared")
    with pytest.raises(NotFound):
        services.get_referral(world.provider, referral.id, "view")
    audited = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "view_shared", AuditEvent.user_id == world.provider.id
        )
    ).all()
    assert len(audited) == 1


def test_stale_version_is_a_conflict(world) -> None:
    referral = send(world)
    db.session.commit()
    # Someone else's transaction has moved the referral on since we read it.
    db.session.execute(
        update(Referral).where(Referral.id == referral.id).values(version=Referral.version + 1),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(Conflict, match="Someone else has just updated"):
        services.transition(referral, ReferralState.ACCEPTED, by=world.provider)


def _age(referral, days: int) -> None:
    referral.sent_at = utcnow() - timedelta(days=days)
    db.session.flush()


def test_expire_overdue_expires_and_tells_coordinator(world, outbox, runner) -> None:
    fresh, old = send(world), send(world)
    _age(old, 15)
    assert services.expire_overdue() == 1
    assert old.state is ReferralState.EXPIRED
    assert old.events[-1].channel is EventChannel.SYSTEM
    assert old.events[-1].by_user is None
    assert old.action.status is ActionStatus.NOT_DONE
    assert fresh.state is ReferralState.SENT
    assert outbox()[-1].recipient == world.coordinator.email
    assert "expired" in outbox()[-1].subject


def test_expiry_is_evaluated_when_read(world) -> None:
    referral = send(world)
    _age(referral, 14)
    services.get_referral(world.coordinator, referral.id)
    assert referral.state is ReferralState.EXPIRED


def test_accepting_an_expired_referral_is_refused(world) -> None:
    referral = send(world)
    _age(referral, 20)
    with pytest.raises(InvalidTransition):
        services.transition(referral, ReferralState.ACCEPTED, by=world.provider)


def test_reminders_once_after_three_days(world, outbox) -> None:
    new, waiting = send(world), send(world)
    _age(waiting, 4)
    before = len(outbox())
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    reminders = outbox()[before:]
    assert [m.recipient for m in reminders] == ["referrals@befrienders.example.org"]
    assert waiting.reference in reminders[0].subject
    assert new.reminded_at is None


def test_emails_carry_no_personal_data_beyond_first_name(world, outbox) -> None:
    referral = send(world, shared_fields=list(SharedField))
    services.transition(referral, ReferralState.ACCEPTED, by=world.provider)
    services.transition(
        referral,
        ReferralState.NOT_COMPLETED,
        by=world.provider,
        reason=ReferralReason.DID_NOT_ATTEND,
        note="Maud Hargreaves was in hospital",
    )
    client = world.client
    private = [
        client.last_name,
        client.phone,
        client.email,
        "1941",
        client.what_matters,
        client.gp_practice,
        "Mill Lane",
        "Lonely",
        "hospital",
    ]
    messages = outbox()
    assert len(messages) >= 4
    for message in messages:
        for text in private:
            assert text not in message.text_body, (message.subject, text)
            assert text not in message.subject
    coordinator_mail = [m for m in messages if m.recipient == world.coordinator.email]
    assert coordinator_mail
    assert all("Maud" not in m.text_body for m in coordinator_mail)


def test_link_resolves_until_closed(world) -> None:
    referral = send(world)
    token = links.issue(referral)
    assert services.referral_from_link(token) is referral
    services.transition(
        referral,
        ReferralState.DECLINED,
        by=None,
        channel=EventChannel.EMAIL_LINK,
        reason=ReferralReason.NOT_ELIGIBLE,
    )
    assert referral.events[-1].actor_label == "Via email link"
    with pytest.raises(links.InvalidReferralLink):
        services.referral_from_link(token)


def test_tampered_and_expired_links_are_refused(world, app) -> None:
    referral = send(world)
    token = links.issue(referral)
    with pytest.raises(links.InvalidReferralLink):
        services.referral_from_link(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    app.config["REFERRAL_LINK_EXPIRY_DAYS"] = -1
    with pytest.raises(links.InvalidReferralLink):
        services.referral_from_link(token)


def test_link_for_an_overdue_referral_expires_it(world) -> None:
    referral = send(world)
    token = links.issue(referral)
    _age(referral, 15)
    with pytest.raises(links.InvalidReferralLink):
        services.referral_from_link(token)
    assert referral.state is ReferralState.EXPIRED


def test_response_stats_need_five_referrals(world) -> None:
    sent = [send(world) for _ in range(4)]
    assert services.response_stats(world.service) is None
    sent.append(send(world))
    for referral, days in zip(sent[:4], (1, 2, 3, 9), strict=True):
        referral.sent_at = utcnow() - timedelta(days=days, hours=1)
    db.session.flush()
    services.transition(sent[0], ReferralState.ACCEPTED, by=world.provider)
    services.transition(sent[1], ReferralState.ACCEPTED, by=world.provider)
    services.transition(
        sent[2], ReferralState.DECLINED, by=world.provider, reason=ReferralReason.NO_CAPACITY
    )
    sent[3].sent_at = utcnow() - timedelta(days=20)
    services.expire_overdue()
    stats = services.response_stats(world.service)
    assert stats.referrals == 5
    assert stats.usual_response_days == 3  # median of 1.04, 2.04, 3.04 days, rounded up
    assert stats.percent_accepted == 50  # 2 accepted of 4 answered or expired
