"""Verification, the reminder schedule, the signed confirm link, and pauses ending."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accounts.models import Role
from core.extensions import db
from core.outbox import OutboxMessage
from directory import freshness
from directory.change_models import ReviewReminder
from directory.models import CapacityStatus
from tests.listings.conftest import NOW


def outbox():
    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


@pytest.fixture
def due(app_ctx, make_service, make_organisation):
    organisation = make_organisation(name="Bridge Club", email="hello@bridge.example")
    return make_service(
        organisation=organisation, name="Beginners", last_verified_at=NOW - timedelta(days=200)
    )


def test_reminders_follow_the_schedule_then_the_listing_shows_stale(due):
    assert freshness.remind(NOW - timedelta(days=30)).sent == {1: 0, 2: 0, 3: 0}
    assert freshness.remind(NOW).sent[1] == 1
    assert [m.recipient for m in outbox()] == ["hello@bridge.example"]
    # Nothing more until two weeks have passed, however often cron runs.
    assert freshness.remind(NOW + timedelta(days=13)).sent == {1: 0, 2: 0, 3: 0}
    assert freshness.remind(NOW + timedelta(days=14)).sent[2] == 1
    assert freshness.remind(NOW + timedelta(days=27)).sent == {1: 0, 2: 0, 3: 0}
    assert freshness.stale_services(NOW + timedelta(days=27)) == []
    assert freshness.remind(NOW + timedelta(days=28)).sent[3] == 1
    assert freshness.remind(NOW + timedelta(days=90)).sent == {1: 0, 2: 0, 3: 0}
    assert len(outbox()) == 3
    assert "Final reminder" in outbox()[-1].subject
    assert [s.name for s, _ in freshness.stale_services(NOW + timedelta(days=29))] == ["Beginners"]


def test_members_are_emailed_rather_than_the_organisation(due, make_user):
    make_user("member@bridge.example", Role.PROVIDER, organisation=due.organisation)
    freshness.remind(NOW)
    assert [m.recipient for m in outbox()] == ["member@bridge.example"]


def test_confirm_link_verifies_once_and_restarts_the_cycle(due):
    freshness.remind(NOW)
    body = outbox()[0].text_body
    token = body.split("/manage/confirm/")[1].split()[0]
    assert freshness.check_confirm_token(token) is due
    later = NOW + timedelta(days=3)
    freshness.confirm_by_link(token, later)
    assert due.last_verified_at == later
    assert db.session.get(ReviewReminder, due.id) is None
    with pytest.raises(freshness.InvalidConfirmLink):
        freshness.check_confirm_token(token)
    with pytest.raises(freshness.InvalidConfirmLink):
        freshness.check_confirm_token(token[:-2] + "xx")
    # Next due six months after the confirmation, not before.
    assert freshness.remind(later + timedelta(days=100)).sent[1] == 0


def test_one_click_confirm_by_a_member(due, make_user):
    member = make_user("m@bridge.example", Role.PROVIDER, organisation=due.organisation, name="Mo")
    freshness.confirm_still_accurate(due, member, NOW)
    assert (due.last_verified_at, due.verified_by) == (NOW, "Mo")


def test_remind_ends_pauses_whose_date_has_come(app_ctx, make_service):
    paused = make_service(
        name="Choir", capacity_status=CapacityStatus.PAUSED, paused_until=date(2026, 3, 2)
    )
    still = make_service(
        name="Art", capacity_status=CapacityStatus.PAUSED, paused_until=date(2026, 3, 3)
    )
    report = freshness.remind(NOW)
    assert report.resumed == ["Choir"]
    assert paused.capacity_status is CapacityStatus.ACCEPTING
    assert paused.paused_until is None
    assert still.capacity_status is CapacityStatus.PAUSED


def test_remind_command(runner, app):
    with app.app_context():
        result = runner.invoke(args=["listings", "remind"])
    assert result.exit_code == 0, result.output
    assert "Reminders sent: 0 first" in result.output
