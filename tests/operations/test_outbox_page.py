"""The capacity lead's retry of a failed email is a form: it needs the CSRF token."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accounts.models import Role
from core.extensions import db
from core.mail import send_email
from core.outbox import OutboxMessage, OutboxStatus
from tests.referrals.test_views import sign_in


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True}


def test_retry_needs_the_csrf_token(app, client, make_user) -> None:
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD])
        send_email("someone@example.org", "Your referral", "Body")
        message = db.session.scalars(db.select(OutboxMessage)).one()
        message.status = OutboxStatus.FAILED
        db.session.commit()
        lead_id, message_id = lead.get_id(), message.id
    sign_in(client, lead_id)
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 400
    with app.app_context():
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.FAILED
    page = client.get("/admin/outbox").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/admin/outbox/{message_id}/retry", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        # With the "outbox" backend nothing is delivered: the message is held again.
        assert db.session.get(OutboxMessage, message_id).status is OutboxStatus.HELD
