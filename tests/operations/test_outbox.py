"""Item 1 of issue 14: email is written in the change's transaction and delivered after commit,
at most once, with retries; failures are visible to the capacity lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core.extensions import db
from core.mail import send_email
from core.models import utcnow
from core.outbox import OutboxMessage, OutboxStatus
from tests.operations.conftest import command_env, send_one, send_referrals, start_command
from tests.referrals.test_views import sign_in

REMINDED = 8


@pytest.mark.committed  # two processes and an SMTP server read the database
def test_two_overlapping_remind_runs_send_each_reminder_once(app, request, smtp, tmp_path):
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        send_referrals(app, world, REMINDED, days_ago=4)
    assert len(smtp.recorder.subjects()) == REMINDED  # "new referral", sent after each commit
    smtp.recorder.messages.clear()

    env = command_env(app, tmp_path)
    runs = [start_command(env, "referrals", "remind") for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]

    for run, (_out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err and "StaleDataError" not in err, err
    reminders = [s for s in smtp.recorder.subjects() if s.startswith("Reminder")]
    assert len(reminders) == REMINDED
    assert len(set(reminders)) == REMINDED  # one per referral, none twice
    with app.app_context():
        statuses = db.session.scalars(select(OutboxMessage.status)).all()
        assert set(statuses) == {OutboxStatus.SENT}
        assert len(statuses) == 2 * REMINDED


@pytest.mark.committed  # the SMTP server and the sender use their own connections
def test_a_change_that_rolls_back_sends_nothing(app, request, smtp, runner):
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        send_one(world)
        # The commit fails (here: is abandoned) after the email was queued.
        db.session.rollback()
        assert db.session.scalars(select(OutboxMessage)).all() == []
        assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0 emails")
        assert smtp.recorder.subjects() == []

        # The same change, committed, sends its email once.
        send_one(world)
        db.session.commit()
        assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0 emails")
    assert [s.split(" for ")[0][:12] for s in smtp.recorder.subjects()] == ["New referral"]


@pytest.fixture
def app_config(smtp):
    return {**smtp.config(), "MAIL_MAX_ATTEMPTS": 2, "MAIL_RETRY_SECONDS": 60}


@pytest.mark.committed
def test_smtp_failure_is_retried_with_backoff_then_failed_and_the_lead_can_retry(
    app, request, smtp, runner, client
):
    smtp.recorder.refuse_next = 100
    with app.app_context():
        world = request.getfixturevalue("world")
        db.session.commit()
        [referral_id] = send_referrals(app, world, 1, days_ago=0)
        message = db.session.scalars(select(OutboxMessage)).one()
        # The after-commit attempt failed: waiting for the next, MAIL_RETRY_SECONDS away.
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
        assert message.next_attempt_at > utcnow() + timedelta(seconds=50)
        assert "451" in message.last_error
        message_id = message.id
        lead, coordinator = world.capacity_lead.get_id(), world.coordinator.get_id()

    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0 emails; 0 attempt")
    with app.app_context():  # the wait is over
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
    assert "1 attempt(s) failed" in runner.invoke(args=["mail", "send"]).output
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert (message.status, message.attempts) == (OutboxStatus.FAILED, 2)
    assert runner.invoke(args=["mail", "send"]).output.startswith("Sent 0 emails; 0 attempt")
    assert smtp.recorder.subjects() == []

    # Nobody but the capacity lead sees or retries it.
    sign_in(client, coordinator)
    assert client.get("/admin/outbox").status_code in (403, 404)
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code in (403, 404)
    sign_in(client, lead)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Not delivered yet" in page and "Failed" in page and "451" in page
    assert f"/admin/outbox/{message_id}/retry" in page

    smtp.recorder.refuse_next = 0
    response = client.post(f"/admin/outbox/{message_id}/retry")
    assert response.status_code == 302
    assert len(smtp.recorder.subjects()) == 1  # delivered after the retry's commit
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.SENT
    # Retrying a sent message is refused: it went once and only once.
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 409
    assert referral_id


@pytest.mark.committed  # three sender processes claim from the same outbox
def test_three_senders_at_once_deliver_each_message_exactly_once(app, smtp, tmp_path):
    app.config["MAIL_SEND_AFTER_COMMIT"] = False  # leave every message to the senders
    with app.app_context():
        for number in range(30):
            send_email(f"person{number}@example.org", f"Message {number}", "Hello.")
        db.session.commit()
    assert smtp.recorder.subjects() == []
    env = command_env(app, tmp_path)
    senders = [start_command(env, "mail", "send", "--limit", "30") for _ in range(3)]
    outputs = [sender.communicate(timeout=120) for sender in senders]
    for sender, (_out, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, err
    assert sorted(smtp.recorder.subjects()) == sorted(f"Message {n}" for n in range(30))
    with app.app_context():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {OutboxStatus.SENT}
