"""The referral pages end at the request's one transaction: what a refused form keeps."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent
from core.extensions import db
from referrals.models import Client
from tests.referrals.test_views import CLIENT_FORM, _link_from_outbox, _send, read, sign_in


def _audit_count(app, user_id: int | None = None, action: str | None = None) -> int:
    statement = select(func.count()).select_from(AuditEvent)
    if user_id is not None:
        statement = statement.where(AuditEvent.user_id == user_id)
    if action is not None:
        statement = statement.where(AuditEvent.action == action)
    with app.app_context():
        return db.session.scalar(statement)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/clients/{id}/contacts", {}),
        ("/clients/{id}/circle", {}),
        ("/clients/{id}/safeguarding", {}),
        ("/clients/{id}/erase", {"confirm_name": "Someone else"}),
    ],
)
def test_a_refused_form_keeps_the_audit_of_reading_the_client(
    app, client, site, path, form
) -> None:
    sign_in(client, site.coordinator)
    before = _audit_count(app, site.coordinator_id)
    response = client.post(path.format(id=site.client_id), data=form)
    assert response.status_code == 400
    assert _audit_count(app, site.coordinator_id) > before


def test_a_refused_search_carrying_a_client_keeps_the_audit_of_loading_them(
    app, client, site
) -> None:
    sign_in(client, site.coordinator)
    before = _audit_count(app, site.coordinator_id)
    response = client.get(f"/search?q=lunch&radius=far&for_client={site.client_id}")
    assert response.status_code == 400
    assert _audit_count(app, site.coordinator_id) > before


def test_a_refused_answer_by_emailed_link_keeps_nothing(app, client, site) -> None:
    _send(app, client, site)
    link = _link_from_outbox(app)
    before = _audit_count(app, action="view_shared_by_link")
    response = client.post(link, data={"move": "declined"})  # no reason chosen
    assert response.status_code == 400
    assert _audit_count(app, action="view_shared_by_link") == before
    assert client.get(link).status_code == 200  # the page, now read, is audited
    assert _audit_count(app, action="view_shared_by_link") == before + 1


def test_a_refused_new_client_adds_nobody_but_keeps_the_duplicate_probe(app, client, site) -> None:
    sign_in(client, site.coordinator)
    before = _audit_count(app, site.coordinator_id, "duplicate_check")
    response = client.post("/clients/new", data={**CLIENT_FORM, "practice_code": "Y99999"})
    assert response.status_code == 200
    assert "Choose a GP practice from the list" in response.get_data(as_text=True)
    assert read(app, select(Client).where(Client.first_name == "Edna")) == []
    assert _audit_count(app, site.coordinator_id, "duplicate_check") == before + 1
