"""The contact log on a client: recording, reading (audited), hostile input and overdue contacts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from accounts.models import AuditEvent, User
from core.extensions import db
from core.models import utcnow
from referrals.contact_models import ClientContact, ContactMode, ContactOutcome
from referrals.models import Client, ClientStatus
from tests.intake.test_intake import sign_in


def contact_form(day, **changes) -> dict[str, str]:
    form = {
        "contact_on-day": str(day.day),
        "contact_on-month": str(day.month),
        "contact_on-year": str(day.year),
        "contact_time": "14:30",
        "mode": "home_visit",
        "outcome": "made",
        "duration_minutes": "45",
        "note": "Talked about the allotment society.",
    }
    return {**form, **changes}


def next_on(day) -> dict[str, str]:
    return {
        "next_contact_on-day": str(day.day),
        "next_contact_on-month": str(day.month),
        "next_contact_on-year": str(day.year),
    }


def clients_of(app, people, make_client) -> tuple[int, int]:
    with app.app_context():
        cara = db.session.get(User, people.cara_id)
        olly = db.session.get(User, people.olly_id)
        ids = make_client(cara).id, make_client(olly, first_name="Otto").id
        db.session.commit()
        return ids


def test_a_coordinator_records_a_contact_and_reading_the_log_is_audited(
    app, client, people, make_client
):
    client_id, _ = clients_of(app, people, make_client)
    sign_in(client, people.cara)
    today = utcnow().date()
    response = client.post(
        f"/clients/{client_id}/contacts",
        data=contact_form(datetime(2026, 7, 1).date(), **next_on(today + timedelta(days=7))),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        contact = db.session.scalars(select(ClientContact)).one()
        assert (contact.mode, contact.outcome, contact.duration_minutes) == (
            ContactMode.HOME_VISIT,
            ContactOutcome.MADE,
            45,
        )
        # 14:30 British Summer Time is 13:30 UTC.
        assert contact.at == datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
        assert contact.recorded_by_id == people.cara_id
    page = client.get(f"/clients/{client_id}/contacts")
    assert "Talked about the allotment society." in page.get_data(as_text=True)
    assert "14:30" in page.get_data(as_text=True)
    with app.app_context():
        actions = db.session.execute(
            select(AuditEvent.action, AuditEvent.record_type).order_by(AuditEvent.id)
        ).all()
    assert ("create", "client_contact") in actions
    assert actions.count(("view", "client")) >= 2  # the POST's read and the GET


def test_hostile_contact_input_gets_a_clear_400(app, client, people, make_client):
    client_id, _ = clients_of(app, people, make_client)
    sign_in(client, people.cara)
    today = utcnow().date()
    for changes, message in [
        ({"mode": "telepathy"}, ""),
        ({"mode": ""}, "Choose how the contact happened"),
        ({"contact_time": "25:99"}, "Enter a time like 14:30"),
        ({"duration_minutes": "-5"}, "from 0 to 1440"),
        ({"duration_minutes": "99999999999999999999"}, ""),
        ({"contact_on-year": "2999"}, "today or in the past"),
        (next_on(today - timedelta(days=400)), "on or after this contact"),
    ]:
        response = client.post(
            f"/clients/{client_id}/contacts", data=contact_form(today, **changes)
        )
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
    with app.app_context():
        assert db.session.scalars(select(ClientContact)).first() is None


def test_another_teams_client_log_does_not_exist_for_them(app, client, people, make_client):
    _, ollys = clients_of(app, people, make_client)
    sign_in(client, people.cara)
    today = utcnow().date()
    assert client.get(f"/clients/{ollys}/contacts").status_code == 404
    assert client.post(f"/clients/{ollys}/contacts", data=contact_form(today)).status_code == 404
    assert client.get("/clients/999999/contacts").status_code == 404
    with app.app_context():
        assert db.session.scalars(select(ClientContact)).first() is None


def test_a_signed_off_client_takes_no_new_contacts(app, client, people, make_client):
    client_id, _ = clients_of(app, people, make_client)
    with app.app_context():
        db.session.get(Client, client_id).status = ClientStatus.SIGNED_OFF
        db.session.commit()
    sign_in(client, people.cara)
    response = client.post(f"/clients/{client_id}/contacts", data=contact_form(utcnow().date()))
    assert response.status_code == 409


def test_overdue_next_contacts_use_each_clients_latest_contact(app, client, people, make_client):
    client_id, ollys = clients_of(app, people, make_client)
    sign_in(client, people.cara)
    today = utcnow().date()
    past = today - timedelta(days=10)
    form = contact_form(past, **next_on(today - timedelta(days=1)))
    assert client.post(f"/clients/{client_id}/contacts", data=form).status_code == 302
    sign_in(client, people.olly)
    assert client.post(f"/clients/{ollys}/contacts", data=form).status_code == 302
    sign_in(client, people.cara)
    page = client.get("/caseload/next-contacts").get_data(as_text=True)
    assert "Maud Hargreaves" in page  # overdue, on Cara's caseload
    assert "Otto" not in page  # overdue, but on another team's
    # A later contact that sets a future date clears it.
    later = contact_form(today - timedelta(days=1), **next_on(today + timedelta(days=7)))
    assert client.post(f"/clients/{client_id}/contacts", data=later).status_code == 302
    assert "Maud Hargreaves" not in client.get("/caseload/next-contacts").get_data(as_text=True)
