"""Referrals into the service: the three ways in, the triage queue, links and the outcome email."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from accounts.auth import LAST_SEEN
from accounts.models import AuditEvent, User
from core.extensions import db
from core.logs import redact_path
from core.models import utcnow
from core.outbox import OutboxMessage
from referrals.intake_models import (
    DeclineReason,
    IntakeInvitation,
    IntakeReferral,
    IntakeSource,
    IntakeStatus,
)
from referrals.models import Client
from tests.intake.conftest import REFERRAL_FORM

PHONED_IN = {
    **REFERRAL_FORM,
    "source": "phone",
    "referrer_name": "Dr Asha Patel",
    "referrer_organisation": "Deane Surgery",
    "referrer_email": "asha.patel@nhs.example",
}


def sign_in(client, session_id: str | None) -> None:
    with client.session_transaction() as session:
        session.clear()
        if session_id is not None:
            session["_user_id"] = session_id
            session["_fresh"] = True
            session[LAST_SEEN] = utcnow().timestamp()


def log_phoned_in(app, client, people, **changes) -> int:
    sign_in(client, people.cara)
    response = client.post("/intake/new", data={**PHONED_IN, "team_id": people.north_id, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def referral(app, referral_id: int) -> IntakeReferral:
    with app.app_context():
        found = db.session.get(IntakeReferral, referral_id)
        db.session.expunge(found)
        return found


def version_of(app, referral_id: int) -> int:
    return referral(app, referral_id).version


def move(app, client, referral_id: int, **form):
    form.setdefault("version", str(version_of(app, referral_id)))
    return client.post(f"/intake/{referral_id}", data=form)


def audit_actions(app, referral_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(
                    AuditEvent.record_type == "intake_referral",
                    AuditEvent.record_id == str(referral_id),
                )
                .order_by(AuditEvent.id)
            )
        )


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        for message in messages:
            db.session.expunge(message)
        return messages


# -- Ways in ----------------------------------------------------------------------------------


def test_a_coordinator_logs_a_phoned_in_referral_due_by_its_urgency(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    found = referral(app, referral_id)
    assert found.status is IntakeStatus.NEW
    assert found.source is IntakeSource.PHONE
    assert found.team_id == people.north_id
    assert found.due_on == found.received_at.date() + timedelta(days=5)  # "soon"
    assert found.consent_given
    assert audit_actions(app, referral_id) == ["create"]
    page = client.get("/intake")
    assert "Edna Pilling" in page.get_data(as_text=True)


def test_due_days_come_from_configuration(app, client, people):
    app.config["INTAKE_DUE_DAYS"] = {"routine": 20, "soon": 9, "urgent": 2}
    try:
        referral_id = log_phoned_in(app, client, people, urgency="urgent")
    finally:
        app.config["INTAKE_DUE_DAYS"] = {"routine": 14, "soon": 5, "urgent": 1}
    found = referral(app, referral_id)
    assert found.due_on == found.received_at.date() + timedelta(days=2)


def test_a_referral_without_the_persons_consent_is_refused(app, client, people):
    sign_in(client, people.cara)
    form = {**PHONED_IN, "team_id": people.north_id}
    del form["consent_given"]
    response = client.post("/intake/new", data=form)
    assert response.status_code == 400
    assert "Confirm the person has agreed to be referred" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(IntakeReferral.id))) == 0


def test_hostile_form_input_gets_a_clear_error_never_a_500(app, client, people):
    sign_in(client, people.cara)
    for changes, message in [
        ({"team_id": "abc"}, "Not a valid integer"),
        ({"team_id": str(10**12)}, ""),
        ({"urgency": "yesterday"}, ""),
        ({"source": "invitation"}, "Choose phone or letter"),
        ({"date_of_birth-year": "2999"}, "today or in the past"),
        ({"referrer_name": "Dr\nEvil"}, ""),
        ({"phone": "", "email": "", "address": ""}, "Enter a phone number, email or address"),
    ]:
        response = client.post(
            "/intake/new", data={**PHONED_IN, "team_id": people.north_id, **changes}
        )
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes


def test_a_coordinator_cannot_log_into_another_team(app, client, people):
    sign_in(client, people.cara)
    response = client.post("/intake/new", data={**PHONED_IN, "team_id": people.south_id})
    assert response.status_code == 404


def test_a_referring_partner_refers_and_cannot_read_it_back(app, client, people):
    sign_in(client, people.partner)
    form_page = client.get("/intake/refer")
    assert form_page.status_code == 200
    assert 'href="/intake/refer"' in form_page.get_data(as_text=True)  # in the navigation
    form = {**REFERRAL_FORM, "referrer_name": "Nurse Jo", "team_id": people.north_id,
            "referrer_organisation": "Forged Org",
            "referrer_email": "spam@target.example"}  # fmt: skip
    response = client.post("/intake/refer", data=form)
    assert response.status_code == 200
    reference = re.search(r"IR-\d{5}", response.get_data(as_text=True)).group()
    with app.app_context():
        found = db.session.scalars(select(IntakeReferral)).one()
        assert found.reference == reference
        assert found.source is IntakeSource.PARTNER
        # The organisation is the partner's own, whatever the form said.
        assert found.referrer_organisation == people.partner_org_name
        # Outcomes go to the member's own address, not one typed into the form.
        assert found.referrer_email == db.session.get(User, people.partner_id).email
        referral_id = found.id
    assert client.get(f"/intake/{referral_id}").status_code == 403
    assert client.get("/intake").status_code == 403


def test_only_referring_partners_use_the_partner_form(app, client, people):
    for who in ("provider", "lead", "cara"):
        sign_in(client, getattr(people, who))
        assert client.get("/intake/refer").status_code == 403, who


# -- Invitation links -------------------------------------------------------------------------


def make_link(client, people, **headers) -> str:
    sign_in(client, people.cara)
    response = client.post(
        "/intake/invitations",
        data={
            "team_id": people.north_id,
            "referrer_name": "Dr Asha Patel",
            "referrer_organisation": "Deane Surgery",
            "referrer_email": "asha.patel@nhs.example",
        },
        headers=headers,
    )
    assert response.status_code == 200
    return re.search(r'<code id="new-link">([^<]+)</code>', response.get_data(as_text=True))[1]


def test_an_invitation_link_is_built_from_base_url_and_only_its_hash_is_stored(app, client, people):
    link = make_link(client, people, **{"X-Forwarded-Host": "evil.example"})
    assert link.startswith(app.config["BASE_URL"] + "/refer/")
    token = link.rsplit("/", 1)[1]
    with app.app_context():
        invitation = db.session.scalars(select(IntakeInvitation)).one()
        assert token not in {invitation.token_hash, *map(str, vars(invitation).values())}
    assert redact_path(f"/refer/{token}") == "/refer/[redacted]"
    # The list shows who has a link, never the link again.
    assert token not in client.get("/intake/invitations").get_data(as_text=True)


def test_a_referrer_without_an_account_refers_through_the_link(app, client, people):
    link = make_link(client, people)
    path = link.removeprefix(app.config["BASE_URL"])
    sign_in(client, None)
    assert client.get(path).status_code == 200
    response = client.post(path, data={**REFERRAL_FORM, "referrer_name": "Someone Else"})
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        found = db.session.scalars(select(IntakeReferral)).one()
        assert found.source is IntakeSource.INVITATION
        assert found.team_id == people.north_id
        # Who refers is whoever the team invited, not what the form claims.
        assert (found.referrer_name, found.referrer_email) == (
            "Dr Asha Patel",
            "asha.patel@nhs.example",
        )


def test_tampered_expired_and_revoked_links_do_not_work(app, client, people):
    link = make_link(client, people)
    path = link.removeprefix(app.config["BASE_URL"])
    sign_in(client, None)
    assert client.get(path[:-2] + "xx").status_code == 400
    assert client.get("/refer/").status_code == 404
    with app.app_context():
        invitation = db.session.scalars(select(IntakeInvitation)).one()
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        invitation_id = invitation.id
    assert client.get(path).status_code == 400
    assert client.post(path, data=REFERRAL_FORM).status_code == 400
    with app.app_context():
        db.session.get(IntakeInvitation, invitation_id).expires_at = utcnow() + timedelta(days=1)
        db.session.commit()
    assert client.get(path).status_code == 200
    # Another team cannot withdraw it; its own team can, and then it stops working.
    sign_in(client, people.olly)
    assert client.post(f"/intake/invitations/{invitation_id}/revoke").status_code == 404
    sign_in(client, people.colin)
    assert client.post(f"/intake/invitations/{invitation_id}/revoke").status_code == 302
    sign_in(client, None)
    response = client.post(path, data=REFERRAL_FORM)
    assert response.status_code == 400
    assert "expired or been withdrawn" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(IntakeReferral.id))) == 0


# -- Triage -----------------------------------------------------------------------------------


def test_triage_from_allocation_through_contact_to_the_caseload(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    assert client.get(f"/intake/{referral_id}").status_code == 200
    assert (
        move(app, client, referral_id, move="allocate", coordinator_id=people.colin_id).status_code
        == 302
    )
    assert move(app, client, referral_id, move="no_answer").status_code == 302
    assert referral(app, referral_id).status is IntakeStatus.NEW
    assert move(app, client, referral_id, move="reached").status_code == 302
    found = referral(app, referral_id)
    assert found.status is IntakeStatus.CONTACTED
    assert found.contact_attempts == 2 and found.first_contact_at is not None
    response = move(app, client, referral_id, move="accept")
    assert response.status_code == 302
    with app.app_context():
        found = db.session.get(IntakeReferral, referral_id)
        assert found.status is IntakeStatus.ACCEPTED
        new_client = db.session.get(Client, found.client_id)
        assert (new_client.owner_id, new_client.team_id) == (people.colin_id, people.north_id)
        assert (new_client.first_name, new_client.phone) == ("Edna", "01204 555 0199")
    assert response.headers["Location"].endswith(f"/clients/{found.client_id}")
    assert audit_actions(app, referral_id) == [
        "create", "view", "view", "allocate", "view", "contact_attempt", "view", "contact",
        "view", "accept",
    ]  # fmt: skip
    [email] = outbox(app)
    assert email.recipient == "asha.patel@nhs.example"
    assert found.reference in email.subject
    for personal in ("Edna", "Pilling", "1939", "0199", "Lonely", "Seeing people"):
        assert personal not in email.text_body + email.subject


def test_accepting_links_an_existing_client_the_coordinator_sees(app, client, people, make_client):
    with app.app_context():
        from accounts.models import User

        olly_client = make_client(db.session.get(User, people.olly_id)).id
        cara_client = make_client(db.session.get(User, people.cara_id), first_name="Known").id
        db.session.commit()
    referral_id = log_phoned_in(app, client, people)
    assert move(app, client, referral_id, move="accept", client_id=olly_client).status_code == 404
    assert referral(app, referral_id).status is IntakeStatus.NEW
    assert move(app, client, referral_id, move="accept", client_id=cara_client).status_code == 302
    assert referral(app, referral_id).client_id == cara_client


def test_declining_as_unable_to_contact_needs_the_configured_attempts(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    response = move(app, client, referral_id, move="decline", decline_reason="unable_to_contact")
    assert response.status_code == 409
    assert "at least 3 times" in response.get_data(as_text=True)
    for _ in range(3):
        assert move(app, client, referral_id, move="no_answer").status_code == 302
    response = move(
        app, client, referral_id, move="decline", decline_reason="unable_to_contact",
        note="Edna's daughter says she moved",
    )  # fmt: skip
    assert response.status_code == 302
    found = referral(app, referral_id)
    assert (found.status, found.decline_reason) == (
        IntakeStatus.DECLINED,
        DeclineReason.UNABLE_TO_CONTACT,
    )
    [email] = outbox(app)
    assert DeclineReason.UNABLE_TO_CONTACT.label in email.text_body
    assert "Edna" not in email.text_body
    # Closed is closed.
    assert move(app, client, referral_id, move="reached").status_code == 409
    assert len(outbox(app)) == 1


def test_a_declined_move_without_a_reason_or_with_bad_ids_is_a_clear_400(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    assert move(app, client, referral_id, move="decline").status_code == 400
    assert move(app, client, referral_id, move="decline", decline_reason="bored").status_code == 400
    assert move(app, client, referral_id, move="launch").status_code == 400
    assert move(app, client, referral_id, move="allocate", coordinator_id="x").status_code == 400
    # A co-ordinator outside the team cannot be given the referral.
    response = move(app, client, referral_id, move="allocate", coordinator_id=people.olly_id)
    assert response.status_code == 404
    # Nor a deactivated member of the team.
    with app.app_context():
        db.session.get(User, people.colin_id).active = False
        db.session.commit()
    response = move(app, client, referral_id, move="allocate", coordinator_id=people.colin_id)
    assert response.status_code == 404
    assert referral(app, referral_id).allocated_to_id is None


def test_a_refused_triage_form_still_records_that_the_referral_was_opened(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    opened = audit_actions(app, referral_id).count("view")
    assert move(app, client, referral_id, move="launch").status_code == 400
    assert audit_actions(app, referral_id).count("view") == opened + 1
    assert referral(app, referral_id).status is IntakeStatus.NEW


def test_a_stale_form_is_refused(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    old = version_of(app, referral_id)
    assert move(app, client, referral_id, move="reached").status_code == 302
    response = move(app, client, referral_id, move="decline", decline_reason="not_eligible",
                    version=str(old))  # fmt: skip
    assert response.status_code == 409
    assert referral(app, referral_id).status is IntakeStatus.CONTACTED
    assert outbox(app) == []


def test_another_teams_referral_does_not_exist_for_them(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    for who in ("olly", "loner"):
        sign_in(client, getattr(people, who))
        assert client.get(f"/intake/{referral_id}").status_code == 404, who
        assert move(app, client, referral_id, move="reached").status_code == 404, who
        assert "Edna" not in client.get("/intake").get_data(as_text=True), who
    assert client.get("/intake/999999").status_code == 404
    assert referral(app, referral_id).contact_attempts == 0


def test_overdue_referrals_are_flagged_in_the_queue(app, client, people):
    referral_id = log_phoned_in(app, client, people)
    assert "Overdue" not in client.get("/intake").get_data(as_text=True)
    with app.app_context():
        found = db.session.get(IntakeReferral, referral_id)
        found.due_on = utcnow().date() - timedelta(days=1)
        db.session.commit()
    assert "Overdue" in client.get("/intake").get_data(as_text=True)


def test_the_queue_is_paged_soonest_due_first(app, client, people, monkeypatch):
    monkeypatch.setattr("referrals.intake.QUEUE_PAGE", 2)
    for urgency, name in (("routine", "Rita"), ("urgent", "Uma"), ("soon", "Sam")):
        log_phoned_in(app, client, people, urgency=urgency, first_name=name)
    first = client.get("/intake").get_data(as_text=True)
    assert first.index("Uma") < first.index("Sam") and "Rita" not in first
    assert "Showing 1 to 2 of 3" in first
    second = client.get("/intake?page=2").get_data(as_text=True)
    assert "Rita" in second and "Uma" not in second
    assert client.get("/intake?page=abc").status_code == 400
    assert client.get("/intake?page=99999999999").status_code == 400


def test_a_person_already_on_the_caseload_is_shown_for_linking(app, client, people, make_client):
    with app.app_context():
        known = make_client(
            db.session.get(User, people.cara_id),
            first_name="Edna",
            last_name="Pilling",
            date_of_birth=datetime(1939, 11, 4).date(),
        ).id
        db.session.commit()
    referral_id = log_phoned_in(app, client, people, phone="", email="edna@example.net")
    page = client.get(f"/intake/{referral_id}").get_data(as_text=True)
    assert f"client number {known}" in page
    # Someone else's team sees no match (and no hint the person is supported elsewhere).
    with app.app_context():
        db.session.get(IntakeReferral, referral_id).team_id = people.south_id
        db.session.commit()
    sign_in(client, people.olly)
    assert f"client number {known}" not in client.get(f"/intake/{referral_id}").get_data(
        as_text=True
    )
    assert move(app, client, referral_id, move="accept").status_code == 302
    with app.app_context():
        new_client = db.session.get(Client, referral(app, referral_id).client_id)
        assert new_client.id != known
        assert new_client.contact_preference.value == "email"


@pytest.mark.committed  # the probe's audit is written as the page renders, after the view's reads
def test_the_triage_page_audits_its_look_for_the_person_on_the_caseload(
    app, client, people, make_client
):
    with app.app_context():
        known = make_client(
            db.session.get(User, people.cara_id),
            first_name="Edna",
            last_name="Pilling",
            date_of_birth=datetime(1939, 11, 4).date(),
        ).id
        db.session.commit()
    referral_id = log_phoned_in(app, client, people, phone="", email="edna@example.net")
    assert f"client number {known}" in client.get(f"/intake/{referral_id}").get_data(as_text=True)
    with app.app_context():
        probed = db.session.execute(
            select(AuditEvent.action, AuditEvent.record_id)
            .where(AuditEvent.action.in_(["duplicate_check", "duplicate_match"]))
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(row) for row in probed] == [
        ("duplicate_check", None),
        ("duplicate_match", str(known)),
    ]
