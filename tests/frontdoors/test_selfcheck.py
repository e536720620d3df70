"""The public self-check: questions, report, consent-only contact request, and the queue."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from accounts.models import AuditEvent, Role, Team, TeamMembership
from core.extensions import db
from directory.themes import Theme
from frontdoors import selfcheck
from frontdoors.models import ContactRequestAttempt, SelfReferralRequest
from referrals.models import Client
from search.models import SearchLog
from tests.frontdoors.conftest import row_counts

POSTCODE = "BL1 1BQ"
FLAGGED = {Theme.MONEY: "yes", Theme.FRIENDS_AND_FAMILY: "sometimes"}


def answer_all(client: FlaskClient, flagged: dict[Theme, str] = FLAGGED) -> None:
    for theme in Theme:
        response = client.post(
            f"/self-check/questions/{theme.value}", data={"answer": flagged.get(theme, "no")}
        )
        assert response.status_code == 302
    response = client.post("/self-check/postcode", data={"postcode": POSTCODE.lower()})
    assert response.headers["Location"].endswith("/self-check/report")


def contact_form(**overrides: Any) -> dict[str, str]:
    form = {
        "name": "Edna Crabtree",
        "contact_route": "phone",
        "phone": "01204 555 0142",
        "preferred_time": "morning",
        "consent": "yes",
    }
    form.update(overrides)
    return form


def test_self_check_report_lists_services_for_flagged_themes_and_stores_nothing(
    demo: Flask,
) -> None:
    client = demo.test_client()
    with demo.app_context():
        before = row_counts()
    assert "Question 1 of 12" in client.get("/self-check/questions/health").get_data(as_text=True)
    answer_all(client)
    html = client.get("/self-check/report").get_data(as_text=True)

    assert "Money" in html and "Friends and family" in html
    assert 'id="theme-health"' not in html  # answered "No"
    with demo.app_context():
        for theme in FLAGGED:
            found = selfcheck.services_for_need(theme, "", POSTCODE, 3)
            assert found, f"the demo borough has {theme.label} services near {POSTCODE}"
            for suggestion in found:
                service = suggestion.service
                assert theme in service.themes and service.is_listed
                assert service.name in html
            # Ranked on the need, not nearest first: tests/frontdoors/test_need_ranking.py.
        phone = found[0].service.contact_phone or found[0].service.organisation.phone
        if phone:
            assert phone in html
        after = row_counts()
    # Nothing about the person is kept: only the anonymous counters (test_selfcheck_demand.py).
    assert after.pop("self_check_demand") == before.pop("self_check_demand") + len(FLAGGED)
    assert after == before, "the self-check stored something without consent"
    # The session cookie, not the server, carries the answers and postcode.
    with client.session_transaction() as session:
        assert session["self_check"]["postcode"] == POSTCODE
        assert session["self_check"]["answers"]["money"] == "yes"
    assert "Staying Well North" not in html  # nothing about the queue until they ask


def test_contact_request_lands_in_the_team_queue_with_only_the_minimum(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    with demo.app_context():
        before = row_counts()
    response = client.post("/self-check/contact", data=contact_form())
    assert response.headers["Location"].endswith("/self-check/contact/sent")
    sent = client.get("/self-check/contact/sent").get_data(as_text=True)
    assert "What happens next" in sent
    assert "Staying Well North will contact you by phone within 2 working days" in sent

    with demo.app_context():
        after = row_counts()
        changed = {name for name in after if after[name] != before[name]}
        assert changed == {
            "self_referral_request",
            "contact_request_attempt",
            "audit_event",
            "outbox_message",  # the team's alert (test_selfcheck_alert.py)
        }
        request = db.session.scalars(db.select(SelfReferralRequest)).one()
        assert request.team.name == "Staying Well North"
        assert request.name == "Edna Crabtree" and request.contact == "01204 555 0142"
        assert sorted(request.themes) == ["friends_and_family", "money"]
        assert db.session.scalar(db.select(db.func.count()).select_from(SearchLog)) == 0
        stored = " ".join(
            str(v)
            for v in db.session.execute(db.select(ContactRequestAttempt.source_key)).scalars()
        )
        assert "127.0.0.1" not in stored
        audit = db.session.scalars(db.select(AuditEvent)).all()
        assert all("Edna" not in (e.record_id or "") for e in audit)


def test_contact_request_needs_consent_and_a_contact_detail(demo: Flask) -> None:
    client = demo.test_client()
    answer_all(client)
    response = client.post(
        "/self-check/contact", data=contact_form(consent="", phone="", contact_route="phone")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tick the box to say we can keep your details" in html
    assert "Enter your phone number" in html
    with demo.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SelfReferralRequest)) == 0


def test_honeypot_and_rate_limit(demo: Flask) -> None:
    demo.config["SELF_REFERRAL_RATE_LIMIT"] = 2
    client = demo.test_client()
    answer_all(client)
    bot = client.post("/self-check/contact", data=contact_form(leave_blank="http://spam"))
    assert bot.headers["Location"].endswith("/self-check/contact/sent")
    assert client.post("/self-check/contact", data=contact_form()).status_code == 302
    refused = client.post("/self-check/contact", data=contact_form())
    assert refused.status_code == 429
    with demo.app_context():
        names = db.session.scalars(db.select(SelfReferralRequest.name)).all()
        assert names == ["Edna Crabtree"]  # the bot's was not kept, the third was refused


def signed(user: Any) -> SimpleNamespace:
    """A stand-in the login helper can use after the app context (and session) has gone."""
    key = user.get_id()
    return SimpleNamespace(get_id=lambda: key)


def test_coordinator_takes_a_request_onto_their_caseload(demo: Flask, make_user, login) -> None:
    client = demo.test_client()
    answer_all(client)
    client.post(
        "/self-check/contact",
        data=contact_form(contact_route="email", email="edna@example.net", phone=""),
    )
    with demo.app_context():
        team = db.session.scalars(db.select(Team).where(Team.name == "Staying Well North")).one()
        member = make_user(roles=[Role.COORDINATOR])
        team.memberships.append(TeamMembership(user=member))
        outsider = make_user(roles=[Role.COORDINATOR])
        db.session.commit()
        request_uuid = db.session.scalars(db.select(SelfReferralRequest.uuid)).one()
        member_id, team_id = member.id, team.id
        member, outsider = signed(member), signed(outsider)
    staff = demo.test_client()
    login(staff, outsider)
    assert staff.get("/self-referrals").status_code == 403
    assert staff.post(f"/self-referrals/{request_uuid}/take").status_code == 404
    login(staff, member)
    queue = staff.get("/self-referrals").get_data(as_text=True)
    assert "Edna Crabtree" in queue and "Money" in queue and "edna@example.net" in queue
    taken = staff.post(f"/self-referrals/{request_uuid}/take")
    assert taken.status_code == 302 and "/clients/" in taken.headers["Location"]
    with demo.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SelfReferralRequest)) == 0
        client_record = db.session.scalars(
            db.select(Client).where(Client.first_name == "Edna")
        ).one()
        assert client_record.last_name == "Crabtree"
        assert client_record.email == "edna@example.net"
        assert client_record.owner_id == member_id and client_record.team_id == team_id
        assert client_record.consent_recorded_by_id is None
        assert "Money" in client_record.what_matters
        actions = set(
            db.session.scalars(
                db.select(AuditEvent.action).where(
                    AuditEvent.record_type == "self_referral_request"
                )
            )
        )
        assert {"create", "list", "take"} <= actions
    assert "There are no requests waiting" in staff.get("/self-referrals").get_data(as_text=True)
    assert staff.post(f"/self-referrals/{request_uuid}/take").status_code == 404
