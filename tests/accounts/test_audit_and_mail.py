"""The audit log records identifiers only; the outbox keeps email and logs no addresses."""

from __future__ import annotations

import csv
import io
import logging

from accounts.models import AuditEvent, Role
from core.extensions import db
from core.mail import send_email
from core.outbox import OutboxMessage
from tests.accounts.conftest import sign_in_as


def _lead(app, client, make_user):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD], name="Lee Lead")
        target = make_user(
            roles=[Role.COORDINATOR], name="Private Person", email="private.person@example.org"
        )
        db.session.commit()
        sign_in_as(client, lead)
        return lead.id, target.id


def test_viewing_a_user_is_audited_with_ids_only(app, client, make_user):
    lead_id, target_id = _lead(app, client, make_user)
    client.get(
        f"/admin/users/{target_id}",
        headers={"User-Agent": "TestAgent/1.0"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    with app.app_context():
        event = db.session.scalars(db.select(AuditEvent)).one()
        assert (event.user_id, event.action, event.record_type, event.record_id) == (
            lead_id,
            "view",
            "user",
            str(target_id),
        )
        assert event.ip == "192.0.2.7"
        assert event.user_agent == "TestAgent/1.0"
        stored = " ".join(str(v) for v in vars(event).values())
        assert "Private" not in stored and "private.person" not in stored


def test_changes_are_audited(app, client, make_user):
    lead_id, target_id = _lead(app, client, make_user)
    client.post(f"/admin/users/{target_id}/active", data={"active": "false"})
    client.post("/admin/teams", data={"name": "North"})
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEvent))]
        assert "deactivate" in actions


def test_user_agent_is_truncated(app, client, make_user):
    _, target_id = _lead(app, client, make_user)
    client.get(f"/admin/users/{target_id}", headers={"User-Agent": "x" * 500})
    with app.app_context():
        assert len(db.session.scalars(db.select(AuditEvent)).one().user_agent) == 200


def test_audit_page_filters_and_csv_exports(app, client, make_user):
    lead_id, target_id = _lead(app, client, make_user)
    client.get(f"/admin/users/{target_id}")
    client.post(f"/admin/users/{target_id}/active", data={"active": "false"})
    page = client.get("/admin/audit?action=deactivate").get_data(as_text=True)
    assert "1 entry" in page
    response = client.get(f"/admin/audit.csv?user_id={lead_id}")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["action"] for r in rows} == {"view", "deactivate"}
    assert all(r["record_id"] == str(target_id) for r in rows)
    with app.app_context():
        assert db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "export")).one()


def test_bad_audit_filter_is_explained(app, client, make_user):
    _lead(app, client, make_user)
    response = client.get("/admin/audit?since=yesterday")
    assert response.status_code == 400
    assert b"Enter the from date as YYYY-MM-DD" in response.data
    assert client.get("/admin/audit.csv?since=yesterday").status_code == 400


def test_outbox_stores_the_message_and_logs_no_address(app, caplog):
    with app.app_context(), caplog.at_level(logging.INFO, logger="signpost.mail"):
        send_email("someone.private@example.org", "Your referral", "Body with secrets")
        db.session.commit()
        message = db.session.scalars(db.select(OutboxMessage)).one()
    assert message.recipient == "someone.private@example.org"
    assert caplog.messages == [f"email queued id={message.id} status=held subject=Your referral"]


def test_lead_reads_the_outbox_and_reading_is_audited(app, client, make_user):
    _lead(app, client, make_user)
    with app.app_context():
        send_email("x@example.org", "Hello there", "Line one\nhttp://localhost/x")
        db.session.commit()
        message_id = db.session.scalars(db.select(OutboxMessage.id)).one()
    assert b"Hello there" in client.get("/admin/outbox").data
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "Line one" in page
    with app.app_context():
        event = db.session.scalars(db.select(AuditEvent)).one()
        assert (event.record_type, event.record_id) == ("outbox_message", str(message_id))


def test_smtp_backend_sends_through_the_server(app, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"], message["Subject"]))

    monkeypatch.setattr("core.mail.smtplib.SMTP", FakeSMTP)
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="mail.example.org", MAIL_USERNAME="u")
    with app.app_context():
        send_email("a@example.org", "Hi", "Body")
        # Queued in the transaction; nothing leaves until it commits.
        [queued] = db.session.scalars(db.select(OutboxMessage)).all()
        assert queued.status.value == "pending" and sent == []
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(OutboxMessage, queued.id).status.value == "sent"
    assert sent == [
        ("connect", "mail.example.org", 587),
        ("starttls",),
        ("login", "u"),
        ("send", "a@example.org", "Hi"),
    ]
