"""The audit log links the records it names, only for a reader allowed to open them."""

from __future__ import annotations

from sqlalchemy import func, select

from accounts import audit
from accounts.models import AuditEvent, Role
from core.extensions import db
from tests.accounts.conftest import sign_in_as


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_audit_log_links_clients_the_reader_may_open_and_names_the_rest(
    app, client, make_user, make_client
):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD, Role.COORDINATOR], name="Lee Lead")
        other = make_user(roles=[Role.COORDINATOR], name="Other Coordinator")
        own = make_client(lead, first_name="Own")
        theirs = make_client(other, first_name="Theirs")
        db.session.commit()
        own_id, theirs_id = own.id, theirs.id
        sign_in_as(client, lead)
        before = _events()
    page = client.get("/admin/audit?record_type=client").get_data(as_text=True)
    assert f'href="/clients/{own_id}">client {own_id}</a>' in page
    assert f"client {theirs_id}" in page
    assert f'href="/clients/{theirs_id}"' not in page  # not on the reader's caseload
    # Offering a link is not a view of the client: only the audit page's own reading is logged.
    with app.app_context():
        assert _events() == before


def test_a_lead_who_is_not_a_coordinator_sees_no_client_links(app, client, make_user, make_client):
    with app.app_context():
        lead = make_user(roles=[Role.CAPACITY_LEAD], name="Lee Lead")
        coordinator = make_user(roles=[Role.COORDINATOR], name="Cora Coordinator")
        made = make_client(coordinator)
        db.session.commit()
        made_id = made.id
        sign_in_as(client, lead)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert f"client {made_id}" in page and f'href="/clients/{made_id}"' not in page
    # Hostile ids never reach a lookup that could fail.
    with app.test_request_context():
        assert audit.record_link(None, "client", "1 OR 1=1") is None
        assert audit.record_link(None, "client", None) is None
        assert audit.record_link(None, "nonsense", "1") is None
