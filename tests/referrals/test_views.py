"""Pages: the co-ordinator's caseload, the organisation inbox and the emailed link."""

from __future__ import annotations

import re

from sqlalchemy import select

from accounts.auth import LAST_SEEN
from accounts.models import AuditEvent
from core.extensions import db
from core.models import utcnow
from core.outbox import OutboxMessage
from directory.themes import Theme
from referrals.models import Client, Referral
from referrals.states import ReferralState

CLIENT_FORM = {
    "first_name": "Edna",
    "last_name": "Pilling",
    "date_of_birth-day": "4",
    "date_of_birth-month": "11",
    "date_of_birth-year": "1939",
    "contact_preference": "phone",
    "phone": "01204 555 0199",
    "what_matters": "Seeing people again",
    "consent_given_on-day": "1",
    "consent_given_on-month": "2",
    "consent_given_on-year": "2026",
}


def sign_in(client, session_id: str) -> None:
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = session_id
        session["_fresh"] = True
        session[LAST_SEEN] = utcnow().timestamp()


def wheel_form(score: int = 4, low: dict | None = None) -> dict[str, str]:
    form = {f"score-{t.value}": str(score) for t in Theme}
    for theme, value in (low or {}).items():
        form[f"score-{theme.value}"] = str(value)
    return form


def read(app, statement):
    """Run a query in a fresh app context and return all rows as detached scalars."""
    with app.app_context():
        rows = db.session.scalars(statement).all()
        db.session.expunge_all()
        return rows


def test_anonymous_is_sent_to_sign_in(client, site) -> None:
    for path in ("/caseload", f"/clients/{site.client_id}", "/inbox"):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response.headers["Location"]


def test_client_form_reshows_what_was_typed_with_errors(client, site) -> None:
    sign_in(client, site.coordinator)
    response = client.post("/clients/new", data={**CLIENT_FORM, "phone": "", "last_name": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Enter the person&#39;s surname" in html
    assert "Enter a phone number to contact them by phone" in html
    assert 'value="Edna"' in html


def test_create_client_then_duplicate_warning(app, client, site) -> None:
    sign_in(client, site.coordinator)
    response = client.post("/clients/new", data={**CLIENT_FORM, "postcode": "bl1 1aa"})
    assert response.status_code == 302
    [created] = read(app, select(Client).where(Client.first_name == "Edna"))
    assert created.postcode == "BL1 1AA"
    assert created.outward_code == "BL1"
    assert created.owner_id == site.coordinator_id
    again = client.post("/clients/new", data=CLIENT_FORM)
    assert again.status_code == 200
    assert "This person may already be on a caseload" in again.get_data(as_text=True)
    assert len(read(app, select(Client).where(Client.first_name == "Edna"))) == 1
    confirmed = client.post("/clients/new", data={**CLIENT_FORM, "confirm_duplicate": "true"})
    assert confirmed.status_code == 302
    assert len(read(app, select(Client).where(Client.first_name == "Edna"))) == 2


CLIENT_JSON = {
    "first_name": "Edna",
    "last_name": "Pilling",
    "date_of_birth": "1939-11-04",
    "contact_preference": "phone",
    "phone": "01204 555 0199",
    "consent_given_on": "2026-02-01",
}


def test_duplicate_check_tells_only_what_the_asker_may_know_and_is_audited(
    app, client, site
) -> None:
    sign_in(client, site.coordinator)
    assert client.post("/clients/new", data=CLIENT_FORM).status_code == 302
    [edna] = read(app, select(Client.id).where(Client.first_name == "Edna"))
    # Another co-ordinator (no shared team) learns nothing, not even that a match exists.
    sign_in(client, site.other_coordinator)
    assert client.post("/api/v1/clients", json=CLIENT_JSON).status_code == 201
    # The owner's probe through the API names their own client only, and every probe is logged.
    sign_in(client, site.coordinator)
    mine = client.post("/api/v1/clients", json=CLIENT_JSON)
    assert mine.status_code == 409
    assert mine.get_json()["errors"] == {"client_ids": [edna]}
    probes = read(app, select(AuditEvent.user_id).where(AuditEvent.action == "duplicate_check"))
    assert sorted(probes) == sorted([site.coordinator_id] * 2 + [site.other_coordinator_id])
    shown = read(app, select(AuditEvent.record_id).where(AuditEvent.action == "duplicate_match"))
    assert shown == [str(edna)]


def test_client_page_is_private_and_audited(app, client, site) -> None:
    path = f"/clients/{site.client_id}"
    sign_in(client, site.other_coordinator)
    assert client.get(path).status_code == 404
    sign_in(client, site.provider)
    assert client.get(path).status_code == 403
    sign_in(client, site.capacity_lead)
    assert client.get(path).status_code == 403
    sign_in(client, site.coordinator)
    response = client.get(path)
    assert response.status_code == 200
    assert "Maud Hargreaves" in response.get_data(as_text=True)
    views = read(
        app,
        select(AuditEvent).where(
            AuditEvent.record_type == "client",
            AuditEvent.record_id == str(site.client_id),
            AuditEvent.action == "view",
        ),
    )
    assert [v.user_id for v in views] == [site.coordinator_id]


def test_wheel_flags_low_themes_with_search_links(client, site) -> None:
    sign_in(client, site.coordinator)
    path = f"/clients/{site.client_id}/wheel"
    bad = client.post(path, data={**wheel_form(), "score-money": "9"})
    assert bad.status_code == 200
    assert "Score money from 0 to 5" in bad.get_data(as_text=True)
    response = client.post(path, data={**wheel_form(low={Theme.MONEY: 1}), "stage": "start"})
    assert response.status_code == 302
    page = client.get(f"/clients/{site.client_id}").get_data(as_text=True)
    assert "Needs a conversation" in page
    assert "/search?theme=money" in page
    assert "<svg" in page


def test_referral_form_requires_consent_and_sends(app, client, site) -> None:
    sign_in(client, site.coordinator)
    path = f"/clients/{site.client_id}/referrals/new"
    form = {"service_id": site.service_id, "theme": "friends_and_family", "reason": "Lonely"}
    refused = client.post(path, data=form)
    assert refused.status_code == 200
    assert "Confirm the person agrees to share their details" in refused.get_data(as_text=True)
    sent = client.post(path, data={**form, "consent": "true"})
    assert sent.status_code == 302
    [referral] = read(app, select(Referral))
    assert referral.state is ReferralState.SENT


def _link_from_outbox(app) -> str:
    bodies = read(app, select(OutboxMessage.text_body).order_by(OutboxMessage.id))
    return re.search(r"http://\S+/r/\S+", bodies[0]).group(0).replace("http://localhost", "")


def _send(app, client, site) -> Referral:
    sign_in(client, site.coordinator)
    client.post(
        f"/clients/{site.client_id}/referrals/new",
        data={
            "service_id": site.service_id,
            "theme": "friends_and_family",
            "reason": "Lonely since her husband died",
            "consent": "true",
        },
    )
    with client.session_transaction() as session:
        session.clear()
    [referral] = read(app, select(Referral))
    return referral


def _state(app, referral_id: int) -> Referral:
    [referral] = read(app, select(Referral).where(Referral.id == referral_id))
    return referral


def test_email_link_shows_only_shared_details_and_accepts(app, client, site) -> None:
    referral = _send(app, client, site)
    link = _link_from_outbox(app)
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Maud" in html and "Lonely since her husband died" in html
    assert "Hargreaves" not in html and "1941" not in html and "Deane" not in html
    accepted = client.post(link, data={"move": "accepted", "version": referral.version})
    assert accepted.status_code == 200
    now = _state(app, referral.id)
    assert now.state is ReferralState.ACCEPTED
    # Declining is no longer possible; the same link records the outcome later.
    assert client.post(link, data={"move": "declined", "reason": "no_capacity"}).status_code == 409
    done = client.post(link, data={"move": "completed", "version": now.version})
    assert done.status_code == 200
    assert _state(app, referral.id).state is ReferralState.COMPLETED
    assert client.get(link).status_code == 400  # closed: the link stops working
    audits = read(app, select(AuditEvent).where(AuditEvent.action == "view_shared_by_link"))
    assert audits and all(a.user_id is None for a in audits)


def test_stale_page_cannot_overwrite(app, client, site) -> None:
    referral = _send(app, client, site)
    link = _link_from_outbox(app)
    seen = referral.version
    assert client.post(link, data={"move": "accepted", "version": seen}).status_code == 200
    stale = client.post(link, data={"move": "completed", "version": seen})
    assert stale.status_code == 409
    assert "Someone else has just updated" in stale.get_data(as_text=True)
    assert _state(app, referral.id).state is ReferralState.ACCEPTED


def test_decline_by_link_needs_a_reason(app, client, site) -> None:
    referral = _send(app, client, site)
    link = _link_from_outbox(app)
    response = client.post(link, data={"move": "declined"})
    assert response.status_code == 400
    assert "Choose a reason" in response.get_data(as_text=True)
    assert _state(app, referral.id).state is ReferralState.SENT


def test_tampered_link_is_refused(app, client, site) -> None:
    _send(app, client, site)
    link = _link_from_outbox(app)
    assert client.get(link[:-3] + "xyz").status_code == 400
    assert client.post(link[:-3] + "xyz", data={"move": "accepted"}).status_code == 400


def test_provider_inbox_and_response(app, client, site) -> None:
    referral = _send(app, client, site)
    sign_in(client, site.other_provider)
    assert client.get(f"/inbox/referrals/{referral.id}").status_code == 404
    assert referral.reference not in client.get("/inbox").get_data(as_text=True)
    sign_in(client, site.provider)
    assert client.get(f"/referrals/{referral.id}").status_code == 404  # never the full record
    inbox = client.get("/inbox").get_data(as_text=True)
    assert referral.reference in inbox
    response = client.post(
        f"/inbox/referrals/{referral.id}", data={"move": "declined", "reason": "not_eligible"}
    )
    assert response.status_code == 302
    now = _state(app, referral.id)
    assert now.state is ReferralState.DECLINED
    assert referral.reference in client.get("/inbox?tab=closed").get_data(as_text=True)


def test_coordinator_withdraws_and_sees_timeline(app, client, site) -> None:
    referral = _send(app, client, site)
    sign_in(client, site.coordinator)
    page = client.get(f"/referrals/{referral.id}").get_data(as_text=True)
    assert "Withdraw referral" in page and "Timeline" in page
    client.post(f"/referrals/{referral.id}/withdraw", data={"version": referral.version})
    assert _state(app, referral.id).state is ReferralState.WITHDRAWN


def test_dashboard_shows_waiting_referrals(app, client, site) -> None:
    referral = _send(app, client, site)
    sign_in(client, site.coordinator)
    html = client.get("/caseload").get_data(as_text=True)
    assert referral.reference in html
    assert "Telephone befriending" in html
